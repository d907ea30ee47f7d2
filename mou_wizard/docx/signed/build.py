"""The signed revision as a whole: every change made, a comment on each, the header, the file."""

from __future__ import annotations

import datetime as _dt
from collections import Counter

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml.etree import SubElement as _sub

from mou_wizard.docx import render as dr
from mou_wizard.docx.parts import default_reason, document_parts, located_changes, merge_parts
from mou_wizard.docx.revision import (
    COMMENT_STYLES, _anchor_comment, _ease_libreoffice, add_styles, initials_of, render_part,
)
from mou_wizard.docx.tracked import (
    CR_END, CR_START, CREF, DATE, ID, P, R, RPR, RSTYLE, VAL, W_NS, TrackedWriter, _similarity, element_key,
    sequence_ops,
)
from mou_wizard.domain.draft import Draft
from mou_wizard.errors import UserError
from mou_wizard.docx.signed.blocks import _Place, _Reviser
from mou_wizard.docx.signed.lineup import _block_paragraphs, _key, _line_up, _signed_names, _unit
from mou_wizard.docx.signed.notes import Note, SignedRevision, _Record
from mou_wizard.docx.signed.reading import open_signed
from mou_wizard.docx.signed.text import BODY, _quote, _Text

_HEADER_THRESHOLD = 0.5
_SAME_DOCUMENT = 0.25      # the share of OLD's paragraphs SIGNED must have for it to be that MOU at all


# --- comments ------------------------------------------------------------------------------------


def _point_comment(p, comment_id: int) -> None:
    """A comment on a point at the end of paragraph ``p`` (no text is covered)."""
    _sub(p, CR_START).set(ID, str(comment_id))
    _sub(p, CR_END).set(ID, str(comment_id))
    r = _sub(p, R)
    _sub(_sub(r, RPR), RSTYLE).set(VAL, "CommentReference")
    _sub(r, CREF).set(ID, str(comment_id))


def _max_id(document: Document) -> int:
    highest = -1
    for part in document.part.package.iter_parts():
        if not str(part.partname).endswith(".xml") or not str(part.partname).startswith("/word/"):
            continue
        root = part.element if hasattr(part, "element") else None
        if root is None:
            continue
        for e in root.iter():
            value = e.get(ID) if isinstance(e.tag, str) else None
            if value is not None and value.lstrip("-").isdigit():
                highest = max(highest, int(value))
    return highest


# --- public API ----------------------------------------------------------------------------------


def signed_revision(old: Draft, new: Draft, signed: bytes, reasons: dict[str, str] | None = None, *,
                    author: str = "mou-wizard", date: _dt.date, name: str = "the signed document") -> SignedRevision:
    """SIGNED (``.docx`` bytes) with the changes from draft ``old`` to draft ``new`` as tracked
    changes, one comment per change (``reasons[clause_id]``, else a default naming what changed and
    the SEC ids, then any conflict or change not applied). Raises :class:`UserError` (naming ``name``)
    for a SIGNED that is no usable .docx; see :func:`open_signed`. The same inputs give the same bytes.
    """
    reasons = reasons or {}
    dr.check_numbers(old)
    dr.check_numbers(new)
    document = open_signed(signed, name)
    when = f"{date.isoformat()[:10]}T00:00:00Z"
    body = document.element.body
    styles = {s.get(qn("w:styleId")) for s in document.styles.element.findall(qn("w:style"))}

    merged = merge_parts(document_parts(old), document_parts(new))
    changes = located_changes(merged)
    def holder():
        return body.makeelement(BODY, {}, nsmap={"w": W_NS})

    rendered = [(render_part(o, holder) if o is not None else [], render_part(n, holder) if n is not None else [])
                for o, n in merged]

    old_units = [_unit(p, kind, draft=True) for olds, _ in rendered for p, kind in _block_paragraphs(olds)]
    signed_units = [_unit(p, kind, draft=False) for p, kind in _block_paragraphs(body)]
    located = _line_up(old_units, signed_units)
    worded = [u for u in old_units if u.key]
    found = sum(u.p in located for u in worded)
    if worded and found < _SAME_DOCUMENT * len(worded):
        raise UserError(f"{name}: does not read like the draft made from the old answers (only {found} of its "
                        f"{len(worded)} paragraphs found); expected the signed version of that MOU")

    records: dict[int, _Record] = {}
    by_key: dict[str, _Record] = {}
    for index, change, sec in changes:
        record = _Record(change, reasons.get(change.clause_id) or default_reason(change, sec))
        records[index] = by_key[change.clause_id] = record
    for index, (o, n) in enumerate(merged):  # a clause that moved: struck where it stood, one comment
        if n is None and index not in records and o.key in by_key:
            records[index] = by_key[o.key]
    # An article heading added or removed goes with the first clause after it (compare reports clauses).
    following = None
    for index in range(len(merged) - 1, -1, -1):
        o, n = merged[index]
        if index in records:
            following = records[index]
        elif (o is None or n is None) and following is not None:
            records[index] = following

    # Comments take the ids 0.. (python-docx numbers them after SIGNED's own); tracked changes after those.
    writer = TrackedWriter(author, when, _max_id(document) + len(changes) + 2)
    reviser = _Reviser(document, writer, located, styles, _signed_names(old, new, located))
    place = _Place(body)
    for index, (o, n) in enumerate(merged):
        olds, news = rendered[index]
        record = records.get(index)
        if record is None:
            for element in olds:
                reviser._pass(place, element)
            continue
        if record.where is None:
            record.where = reviser.last_signed
        if o is not None and n is not None:
            if not any(p in located for p, _ in _block_paragraphs(olds)):
                record.note("not applied", "the signed document has no text of it (struck or rewritten after the "
                                           "draft), so the new answers' wording is not added")
                continue
            ops = sequence_ops(olds, news)
        elif o is not None:
            ops = [("del", e, None) for e in olds]
            if not any(p in located for p, _ in _block_paragraphs(olds)):
                record.note("not applied", "it is to be removed, but the signed document has no text of it any more")
                continue
        else:
            ops = [("ins", None, e) for e in news]
        reviser.blocks(place, ops, record)

    title = next((r for r in records.values() if r.change.clause_id == "title"), None)
    if title is not None:
        _revise_header(document, reviser, old, new, title)

    add_styles(document, only=COMMENT_STYLES)
    initials = initials_of(author)
    ordered = {p: k for k, p in enumerate(body.iter(P))}
    seen: set[int] = set()
    notes: list[Note] = []
    for index in sorted(records):
        record = records[index]
        if id(record) in seen:
            continue
        seen.add(id(record))
        for draft_name, signed_name in record.renamed:
            record.note("name", f"the new text here calls {_quote(draft_name)} {_quote(signed_name)}, as the "
                                "signed document does")
        notes += record.notes
        text = "\n".join([record.reason] + [note.comment() for note in record.notes])
        comment = document.comments.add_comment(text, author=author, initials=initials)
        comment._comment_elm.set(DATE, when)
        touched = sorted({p for p in record.touched if p in ordered}, key=ordered.get)
        if touched:
            kind = record.change.kind
            whole = "ins" if kind == "added" else ("del" if kind == "removed" else None)
            _anchor_comment(writer, touched, comment.comment_id, whole)
        else:
            where = record.where if record.where is not None else next(body.iter(P), None)
            if where is None:
                where = _sub(body, P)
            _point_comment(where, comment.comment_id)

    _ease_libreoffice(body)
    return SignedRevision(dr.document_bytes(document), len(changes), tuple(notes))


def _revise_header(document: Document, reviser: _Reviser, old: Draft, new: Draft, record: _Record) -> None:
    """The running header (version, date) changes in SIGNED's header, when it still reads like the draft's."""
    old_p, new_p = parse_xml(f"<w:p {nsdecls('w')}/>"), parse_xml(f"<w:p {nsdecls('w')}/>")
    dr.fill_header(old_p, old)
    dr.fill_header(new_p, new)
    if element_key(old_p) == element_key(new_p):
        return
    key = _key(_Text(old_p).text)
    bag = Counter(key.split())
    best, best_score, seen = None, 0.0, set()
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            if header.is_linked_to_previous:
                continue
            root = header._element
            if id(root) in seen:
                continue
            seen.add(id(root))
            for p, _ in _block_paragraphs(root):
                score = _similarity(bag, Counter(_key(_Text(p).text).split()))
                if score > best_score:
                    best, best_score = p, score
    if best is None or best_score < _HEADER_THRESHOLD:
        record.note("not applied", f"the running header {_quote(_Text(old_p).text)} is not in the signed document, "
                                   f"so it is not changed to {_quote(_Text(new_p).text)}")
        return
    reviser.revise_paragraph(best, old_p, new_p, record, comment_here=False)

"""A draft's parts in document order, written once (:func:`document_parts`): the clean document is
built from them (:func:`build_document`), and the revision compares two drafts part by part
(:func:`compare`) and writes the tracked changes in the same order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from difflib import SequenceMatcher
from typing import Callable

from docx.document import Document
from docx.oxml.ns import qn

from mou_wizard.docx import render as dr
from mou_wizard.docx import xref
from mou_wizard.docx.appendix import add_appendix, draft_date_note
from mou_wizard.docx.counsel import add_comment, add_open_decisions
from mou_wizard.domain.draft import Draft, Run

# Pseudo clause ids for the parts of the document that are not numbered sections.
PSEUDO_LABELS = {
    "title": "Title",  # the title block and the running header
    "open_decisions": "Open decisions",  # the list at the front of a draft with open answers
    "preamble": "Preamble",
    "recitals": "Recitals",
    "signatures": "Signatures",  # the IN WITNESS WHEREOF line and the signature table
    "disclaimer": "Disclaimer",
    "appendix": "Appendix A",
}
HEAD = ("title", "open_decisions", "preamble", "recitals")
TAIL = ("signatures", "disclaimer", "appendix")
ARTICLE_PREFIX = "article:"  # key of an article heading: "article:" + the library section id

@dataclass(frozen=True)
class ClauseChange:
    clause_id: str          # a clause id, or a pseudo id: "title", "preamble", "recitals", "signatures", ...
    kind: str               # "added" | "removed" | "changed"
    old_number: str | None  # e.g. "8.1" in the old draft (None if added, or for a pseudo id)
    new_number: str | None  # in the new draft (None if removed, or for a pseudo id)
    title: str


@dataclass(frozen=True)
class Part:
    """One piece of a draft as the document shows it, with what decides whether it changed."""

    key: str
    kind: str                    # "fixed" | "article" | "clause"
    number: str | None
    title: str
    sec_ids: tuple[str, ...]
    value_of: Callable[[], object]  # equal values render identically (worked out only when compared)
    render: Callable                # render(body): append this part's elements to ``body``
    notes: tuple[tuple[int, str], ...] = ()  # margin comments: (index of the paragraph it renders, text)

    @cached_property
    def value(self) -> object:
        return self.value_of()


def norm_runs(runs: Iterable[Run]) -> tuple[tuple[str, bool, bool], ...]:
    """Runs as the renderer prints them: cleaned text, empty runs dropped, like runs merged."""
    out: list[list] = []
    for run in runs:
        text = dr.clean_text(run.text)
        if not text:
            continue
        if out and out[-1][1] == run.bold and out[-1][2] == run.placeholder:
            out[-1][0] += text
        else:
            out.append([text, run.bold, run.placeholder])
    return tuple(tuple(r) for r in out)


def _section_notes(section) -> tuple[tuple[int, str], ...]:
    """A section's notes by the paragraph they sit on: its first block shares the heading paragraph
    when it is a plain paragraph, and has a paragraph of its own otherwise."""
    shares = bool(section.blocks) and section.blocks[0].kind == "para"
    return tuple((i if shares else i + 1, note) for i, b in enumerate(section.blocks) for note in b.notes)


def document_parts(draft: Draft) -> list[Part]:
    """The draft's parts in the order the document shows them. A signing copy (``draft.final``) has
    no list of open decisions, disclaimer, appendix or margin notes."""
    parts = [
        Part("title", "fixed", None, PSEUDO_LABELS["title"], (),
             lambda: (dr.title_lines(draft), dr.clean_text(draft.core_title), dr.clean_text(draft.header)),
             lambda body: dr.add_title(body, draft)),
        Part("open_decisions", "fixed", None, PSEUDO_LABELS["open_decisions"], (),
             lambda: tuple(draft.open_decisions), lambda body: add_open_decisions(body, draft)),
        Part("preamble", "fixed", None, PSEUDO_LABELS["preamble"], (), lambda: norm_runs(draft.preamble),
             lambda body: dr.add_preamble(body, draft)),
        Part("recitals", "fixed", None, PSEUDO_LABELS["recitals"], (),
             lambda: tuple(norm_runs(b.runs) for b in draft.recitals), lambda body: dr.add_recitals(body, draft),
             tuple((i, note) for i, b in enumerate(draft.recitals) for note in b.notes)),
    ]
    for article in draft.articles:
        parts.append(Part(ARTICLE_PREFIX + article.section_id, "article", str(article.number), article.title, (),
                          lambda a=article: dr.clean_text(a.title),
                          lambda body, a=article: dr.add_article_heading(body, a)))
        for s in article.sections:
            parts.append(Part(s.clause_id, "clause", s.number, s.title, tuple(s.sec_ids),
                              lambda s=s: (dr.clean_text(s.title), tuple((b.kind, norm_runs(b.runs)) for b in s.blocks)),
                              lambda body, s=s: dr.add_section(body, s), _section_notes(s)))
    if draft.final:
        parts = [p for p in parts if p.key != "open_decisions"]
        parts.append(Part("signatures", "fixed", None, PSEUDO_LABELS["signatures"], (), lambda: None,
                          lambda body: dr.add_signatures(body, draft.witness, draft.signatories)))
        return parts
    parts += [
        Part("signatures", "fixed", None, PSEUDO_LABELS["signatures"], (),
             lambda: (dr.clean_text(draft.witness),
                      tuple((g.role,) + tuple(norm_runs(part) for part in (g.name, g.title, g.organization))
                            for g in draft.signatories)),
             lambda body: dr.add_signatures(body, draft.witness, draft.signatories)),
        Part("disclaimer", "fixed", None, PSEUDO_LABELS["disclaimer"], (), lambda: draft.disclaimer.strip(),
             lambda body: dr.add_disclaimer(body, draft.disclaimer)),
        Part("appendix", "fixed", None, PSEUDO_LABELS["appendix"], (),
             lambda: (tuple(draft.coverage), draft.state_alignment, draft_date_note(draft)),
             lambda body: add_appendix(body, draft)),
    ]
    return parts


def build_document(draft: Draft, base_docx: bytes) -> Document:
    """Return the python-docx Document for ``draft`` (not saved), on the base document ``base_docx``.

    Raises ``ValueError`` when the draft's computed numbers disagree with the order Word numbers
    in, or a block has an unknown kind.
    """
    dr.check_numbers(draft)
    document = dr.open_base(base_docx)
    body = document.element.body
    # Built in place: the final w:sectPr is taken out, every part appended to the body, and the
    # w:sectPr put back at the end (moving each element in from a staging body took time growing with
    # the square of the document's length). A part's paragraphs are those after the body's last
    # element before it was rendered (len() and slices of an lxml element walk every child).
    sectPr = body.find(qn("w:sectPr"))
    if sectPr is not None:
        body.remove(sectPr)
    when = f"{dr.draft_datetime(draft).date().isoformat()}T00:00:00Z"
    paragraph = qn("w:p")
    for part in document_parts(draft):
        last = _last_child(body)
        part.render(body)
        if not part.notes:
            continue
        made = [e for e in (last.itersiblings() if last is not None else body.iterchildren()) if e.tag == paragraph]
        for index, note in part.notes:
            if index < len(made):
                add_comment(document, [made[index]], note, when)
    if sectPr is not None:
        body.append(sectPr)
    if xref.has_references(body):  # Word brings the cross-references up to date when it opens the file
        xref.set_update_fields(document.settings.element)
    dr.add_header_footer(document, draft)
    dr.set_core_properties(document, draft)
    return document


def _last_child(element):
    try:
        return element[-1]  # found from the end, without counting the children
    except IndexError:
        return None


def docx_bytes(draft: Draft, base_docx: bytes) -> bytes:
    """The rendered ``.docx`` file: the same Draft always gives byte-identical output."""
    return dr.document_bytes(build_document(draft, base_docx))


def merge_parts(old: list[Part], new: list[Part]) -> list[tuple[Part | None, Part | None]]:
    """The parts of both drafts in the order the revision shows them: the new draft's order, with
    each removed part where it stood (removals before additions at the same place)."""
    by_key_old = {p.key: p for p in old if p.kind == "fixed"}
    by_key_new = {p.key: p for p in new if p.kind == "fixed"}
    mid_old = [p for p in old if p.kind != "fixed"]
    mid_new = [p for p in new if p.kind != "fixed"]
    out: list[tuple[Part | None, Part | None]] = [(by_key_old[k], by_key_new[k]) for k in HEAD]
    sm = SequenceMatcher(None, [p.key for p in mid_old], [p.key for p in mid_new], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out += list(zip(mid_old[i1:i2], mid_new[j1:j2]))
        else:
            out += [(p, None) for p in mid_old[i1:i2]]
            out += [(None, p) for p in mid_new[j1:j2]]
    out += [(by_key_old[k], by_key_new[k]) for k in TAIL]
    return out


def located_changes(merged: list[tuple[Part | None, Part | None]]) -> list[tuple[int, ClauseChange, tuple[str, ...]]]:
    """(index in ``merged`` where the change is shown, the change, its SEC ids)."""
    removed = {o.key for o, n in merged if n is None and o.kind == "clause"}
    added = {n.key for o, n in merged if o is None and n.kind == "clause"}
    moved = removed & added  # a clause that changed place: one change, shown where it now stands
    out = []
    for index, (o, n) in enumerate(merged):
        part = n or o
        if part.kind == "article":  # added / removed articles are told by their clauses
            if o is not None and n is not None and o.value != n.value:
                out.append((index, ClauseChange(n.key, "changed", o.number, n.number, n.title), ()))
            continue
        if o is not None and n is not None:
            if o.value != n.value:
                out.append((index, ClauseChange(n.key, "changed", o.number, n.number, n.title), n.sec_ids))
        elif n is not None:
            if n.key in moved:
                old_part = next(p for p, q in merged if q is None and p is not None and p.key == n.key)
                out.append((index, ClauseChange(n.key, "changed", old_part.number, n.number, n.title), n.sec_ids))
            else:
                out.append((index, ClauseChange(n.key, "added", None, n.number, n.title), n.sec_ids))
        elif o.key not in moved:
            out.append((index, ClauseChange(o.key, "removed", o.number, None, o.title), o.sec_ids))
    return out


def compare(old: Draft, new: Draft) -> list[ClauseChange]:
    """What changed from ``old`` to ``new``, one entry per changed clause or fixed part.

    Clauses are matched by ``clause_id`` (not by number: numbers shift when clauses come and go);
    a clause changed when its title or any block's text, kind or formatting did (a mere renumbering
    is no change). The fixed parts have pseudo ids ("title" — with the running header —,
    "preamble", "recitals", "signatures", "disclaimer", "appendix"). In the new draft's document
    order, each removed clause placed where it stood.
    """
    return [c for _, c, _ in located_changes(merge_parts(document_parts(old), document_parts(new)))]


def describe(change: ClauseChange) -> str:
    """The "What changed" cell of the summary, e.g. "Clause added: Citations and summonses"."""
    if change.clause_id in PSEUDO_LABELS:
        return "Wording changed"
    if change.clause_id.startswith(ARTICLE_PREFIX):
        return f"Article heading changed: {change.title}"
    if change.kind == "added":
        return f"Clause added: {change.title}"
    if change.kind == "removed":
        return f"Clause removed: {change.title}"
    return "Wording changed"


def section_label(change: ClauseChange) -> str:
    """The "Section" cell of the summary: the new number, "old 8.2 (removed)", or the part's name."""
    if change.clause_id in PSEUDO_LABELS:
        return PSEUDO_LABELS[change.clause_id]
    prefix = "Article " if change.clause_id.startswith(ARTICLE_PREFIX) else ""
    if change.kind == "removed":
        return f"old {prefix}{change.old_number} (removed)"
    return f"{prefix}{change.new_number}"


def default_reason(change: ClauseChange, sec_ids: tuple[str, ...] = ()) -> str:
    """The comment for a change the caller gave no reason for: what happened and the SEC ids."""
    if change.clause_id == "appendix":
        return "Appendix A updated to match the sections of this draft."
    if change.clause_id == "title":
        return "Title or running header changed."
    if change.clause_id in PSEUDO_LABELS:
        return f"{PSEUDO_LABELS[change.clause_id]} changed."
    what = {"added": "Clause added", "removed": "Clause removed", "changed": "Clause changed"}[change.kind]
    if sec_ids:
        return f"{what}. SECURe rubric items: {', '.join(sec_ids)}."
    return f"{what}."



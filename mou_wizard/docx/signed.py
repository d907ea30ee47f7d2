"""A revision measured against the signed document (``mou-wizard revise OLD NEW --against SIGNED.docx``).

The parties never sign the generated draft as it came out: counsel edits it in Word (reworded
sentences, clauses added or struck, a renamed party, a signature block changed) and the document as
executed is what next year's review must be measured against. So this revision is SIGNED's own
text, with only the changes that the new answers make (the difference between OLD's and NEW's
drafts, worked out part by part and paragraph by paragraph as :mod:`mou_wizard.docx.revision` does)
written into it as native tracked changes, a comment on each naming the answers behind it. People's
edits in SIGNED are kept as they are and never shown as changes; SIGNED's XML is edited in place, so
the styles, numbering and runs of every untouched paragraph stay exactly as they were:

* rejecting every change gives SIGNED's paragraphs, text and properties, unchanged;
* accepting every change gives SIGNED with the new answers' changes made.

Where each change goes: OLD's draft paragraphs (body and table cells, in document order) are lined
up with SIGNED's, first those whose text is the same (headings and untouched clauses anchor the
rest), then, between those anchors, by word similarity or by the same section title (counsel's
numbering typed in front of a paragraph is ignored). A paragraph the new answers rewrite is changed
word by word inside SIGNED's paragraph: each changed passage of OLD's text is found in SIGNED's by
its words. When the sentence around it reads in SIGNED as it did in OLD's draft, the change is made
there; when counsel changed that sentence too, the change is still proposed (in place when the
passage itself survived, otherwise as the new draft's sentence instead of the signed one) and the
comment says so: "Conflict: the signed text says ...". A paragraph, row or clause the new answers
add goes after the signed text of what precedes it in the new draft; one they remove is struck in
SIGNED. Where the old text cannot be found at all (a clause struck by counsel), nothing is added
there and the comment lists it as "Not applied: ...". Paragraphs inserted take the properties that
SIGNED gives paragraphs of the same kind (its styles, its numbering), runs SIGNED's run properties.

SIGNED must be a .docx without pending tracked changes: :func:`open_signed` refuses anything else
with one line saying what to do. Public API: :func:`open_signed`, :func:`signed_revision`,
:class:`SignedRevision`, :class:`Note`.
"""

from __future__ import annotations

import copy
import datetime as _dt
import io
import os
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree
from lxml.etree import SubElement as _sub

from mou_wizard.docx import render as dr
from mou_wizard.docx.parts import (
    ARTICLE_PREFIX, PSEUDO_LABELS, ClauseChange, default_reason, document_parts, located_changes, merge_parts,
    section_label,
)
from mou_wizard.docx.revision import _EXTRA_STYLES, _anchor_comment, _ease_libreoffice, initials_of
from mou_wizard.docx.tracked import (
    _DELTEXT, _PPRCHANGE, _SPACE, _T, _TAB, _TC, _TCPR, _TOKEN, CR_END, CR_START, CREF, DATE, DEL, ID, INS, P,
    PPR, PSTYLE, R, RPR, RSTYLE, SECTPR, TBL, TBLPR, TR, TRPR, VAL, W_NS, TrackedWriter, _runs_of, _similarity,
    _tokens, _word_ops, _align, element_key, row_ops, sequence_ops,
)
from mou_wizard.domain.draft import Draft
from mou_wizard.errors import UserError

__all__ = ["Note", "SignedRevision", "open_signed", "signed_revision"]

# --- XML names -----------------------------------------------------------------------------------

_BODY, _SDT, _SDTCONTENT, _CUSTOMXML = qn("w:body"), qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_BR, _CR, _NBHYPHEN = qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_INSTR, _DELINSTR = qn("w:instrText"), qn("w:delInstrText")
_B = qn("w:b")
_TBLSTYLE = qn("w:tblStyle")
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Every kind of revision mark: a signed document must have none left.
_REVISION_MARKS = frozenset(qn(f"w:{tag}") for tag in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
    "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge"))
_STORY_PART = re.compile(r"/word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_LOCATE_THRESHOLD = 0.45   # word similarity at which a signed paragraph is taken for an old one
_HEADER_THRESHOLD = 0.5
_SAME_DOCUMENT = 0.25      # the share of OLD's paragraphs SIGNED must have for it to be that MOU at all
_SNIPPET = 160             # characters of a quoted passage in a note


# --- reading SIGNED ------------------------------------------------------------------------------


def open_signed(data: bytes, name: str) -> Document:
    """SIGNED's bytes as a python-docx Document, or a :class:`UserError` naming ``name`` and saying
    what to do: not a .docx (or not even a zip), a password-protected (encrypted OLE) file, an old
    binary .doc, a damaged package, or tracked changes not yet accepted or rejected."""
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            raise UserError(f"{name}: is password-protected; open it in Word, remove the password (File > Info > "
                            "Protect Document > Encrypt with Password, clear it), save it and run revise again")
        raise UserError(f"{name}: is an old Word 97-2003 document (.doc), not a .docx; open it in Word or "
                        "LibreOffice, save it as a Word Document (.docx) and run revise again")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UserError(f"{name}: is not a Word document (.docx); expected the signed MOU as Word or LibreOffice "
                        "saves it")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            bad = z.testzip()
        if bad is not None:
            raise zipfile.BadZipFile(f"damaged entry {bad}")
        document = docx.Document(io.BytesIO(data))
        stories = [document.part.element] + [
            etree.fromstring(part.blob) if not hasattr(part, "element") else part.element
            for part in document.part.package.iter_parts()
            if _STORY_PART.search(str(part.partname)) and part is not document.part]
    except Exception as e:  # python-docx and zipfile raise many kinds for a package that is no Word document
        reason = str(e).splitlines()[0][:120] if str(e) else type(e).__name__
        raise UserError(f"{name}: is not a Word document (.docx) that can be read ({reason}); open it in Word, "
                        "save it as a Word Document (.docx) and run revise again") from None
    pending = sum(1 for root in stories for e in root.iter() if e.tag in _REVISION_MARKS)
    if pending:
        raise UserError(f"{name}: has {pending} tracked change{'s' if pending != 1 else ''} not yet accepted or "
                        "rejected; in Word choose Review > Accept All Changes (or reject them), save, and run "
                        "revise again")
    return document


# --- a paragraph's text, character by character --------------------------------------------------


def _text_runs(p) -> list:
    """The runs of paragraph ``p`` whose text shows, in order: also inside hyperlinks, fields and
    content controls; not inside tracked changes (only this module's own), text boxes or
    markup-compatibility alternatives."""
    out: list = []

    def walk(element):
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag == R:
                out.append(child)
            elif tag in (PPR, INS, DEL, P, TBL, RPR) or tag.startswith(f"{{{_MC}}}"):
                continue
            else:
                walk(child)

    walk(p)
    return out


def _atom_text(child) -> str | None:
    tag = child.tag
    if tag == _T:
        return child.text or ""
    if tag == _TAB:
        return "\t"
    if tag in (_BR, _CR):
        return "\n"
    if tag == _NBHYPHEN:
        return "\u2011"
    return None


class _Text:
    """The text of a paragraph as shown, with each character's run: ``atoms`` are (run, element,
    start, end) for every w:t / w:tab / w:br that shows characters."""

    def __init__(self, p) -> None:
        self.atoms: list[tuple[object, object, int, int]] = []
        parts, pos = [], 0
        for r in _text_runs(p):
            for child in r:
                text = _atom_text(child)
                if text:
                    self.atoms.append((r, child, pos, pos + len(text)))
                    parts.append(text)
                    pos += len(text)
        self.text = "".join(parts)

    def runs_within(self, a: int, b: int) -> list:
        out: list = []
        for r, _, s, e in self.atoms:
            if s >= a and e <= b and (not out or out[-1] is not r):
                out.append(r)
        return out

    def run_ending_at(self, x: int):
        found = None
        for r, _, s, e in self.atoms:
            if e == x:
                found = r
            if s >= x:
                break
        return found

    def run_starting_at(self, x: int):
        return next((r for r, _, s, _ in self.atoms if s == x), None)


def _split_run_after(r, child) -> None:
    """Move everything after ``child`` in run ``r`` into a new run just after it (same properties)."""
    rest = list(child.itersiblings())
    if not rest:
        return
    r2 = r.makeelement(R, dict(r.attrib))
    rpr = r.find(RPR)
    if rpr is not None:
        r2.append(copy.deepcopy(rpr))
    for c in rest:
        r2.append(c)
    r.addnext(r2)


def _split_at(p, x: int) -> None:
    """Make character offset ``x`` of paragraph ``p`` fall between two runs."""
    atoms = _Text(p).atoms
    for k, (r, child, s, e) in enumerate(atoms):
        if s < x < e:  # inside a w:t: cut it in two, then the run after the first half
            text, cut = child.text, x - s
            child.text = text[:cut]
            child.set(_SPACE, "preserve")
            second = child.makeelement(child.tag, {_SPACE: "preserve"})
            second.text = text[cut:]
            child.addnext(second)
            _split_run_after(r, child)
            return
        if e == x:
            if k + 1 < len(atoms) and atoms[k + 1][0] is r:
                _split_run_after(r, child)
            return
        if s >= x:
            return


def _norm_token(tok: str) -> str:
    if not tok.strip():
        return " "
    return tok.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')


_SENTENCE_END = re.compile(r"[.!?][\"')\]\u201d\u2019]*$")
_ABBREVIATION = re.compile(r"^(?:[A-Za-z]\.)+$|^(?:Dr|Mr|Mrs|Ms|No|Nos|St|Lt|Sgt|Capt|Jr|Sr|Inc|Co|v|vs|etc|Sec|Art)\.$")


def _sentence_ids(tokens: list[str]) -> list[int]:
    """The sentence of each word / whitespace token; the spaces after a sentence belong to it."""
    out, k, ended = [], 0, False
    for tok in tokens:
        if tok.strip():
            if ended:
                k, ended = k + 1, False
            if _SENTENCE_END.search(tok) and not _ABBREVIATION.match(tok):
                ended = True
        out.append(k)
    return out


def _spans(ids: list[int]) -> dict[int, tuple[int, int]]:
    out: dict[int, tuple[int, int]] = {}
    for index, k in enumerate(ids):
        start, _ = out.get(k, (index, index))
        out[k] = (start, index + 1)
    return out


def _starts(tokens: list[str]) -> list[int]:
    out, pos = [], 0
    for tok in tokens:
        out.append(pos)
        pos += len(tok)
    return out


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1].rstrip() + "\u2026"


def _quote(text: str) -> str:
    return f"\u201c{_snippet(text)}\u201d"


def _focus(text: str, other: str, room: int = 50) -> str:
    """``text`` quoted where it differs from ``other``, with a few words either side."""
    text, other = " ".join(text.split()), " ".join(other.split())
    prefix = len(os.path.commonprefix([text, other]))
    suffix = 0
    while suffix < min(len(text), len(other)) - prefix and text[-1 - suffix] == other[-1 - suffix]:
        suffix += 1
    start, end = max(0, prefix - room), min(len(text), len(text) - suffix + room)
    if start > 0:
        start = text.find(" ", start) + 1 if text.find(" ", start) != -1 else start
    if end < len(text):
        cut = text.rfind(" ", 0, end)
        end = cut if cut > start else end
    piece = text[start:end].strip()
    if len(piece) > 2 * _SNIPPET:
        piece = piece[: 2 * _SNIPPET - 1].rstrip() + "\u2026"
    return ("\u201c" + ("\u2026" if start > 0 else "") + piece
            + ("\u2026" if end < len(text) and not piece.endswith("\u2026") else "") + "\u201d")


# --- lining up OLD's draft with SIGNED -----------------------------------------------------------

_NUMBERING = re.compile(r"^(?:(?:article|section|\u00a7)\s*)?(?:\d+(?:\.\d+)*\.?|\([a-z0-9]{1,4}\)|[a-z]\)|[ivxlc]+\.)\s+",
                        re.IGNORECASE)


def _key(text: str) -> str:
    """Text as compared when lining paragraphs up: spaces collapsed, typed numbering dropped, quotes
    straightened, case folded."""
    text = " ".join(text.split())
    stripped = _NUMBERING.sub("", text, count=1)
    text = stripped or text
    return "".join(_norm_token(c) if c in "\u2018\u2019\u201c\u201d" else c for c in text).casefold()


@dataclass
class _Unit:
    p: object
    kind: str          # "body" | "cell"
    text: str
    key: str
    bag: Counter
    lead: str | None = None  # a draft section heading's bold title ("Periodic review.")


def _unit(p, kind: str, draft: bool) -> _Unit:
    text = _Text(p).text
    lead = None
    if draft:
        runs = _runs_of(p)
        if runs and runs[0][1] is not None and runs[0][1].find(_B) is not None and runs[0][2].strip():
            lead = _key(runs[0][2])
    key = _key(text)
    return _Unit(p, kind, text, key, Counter(key.split()), lead)


def _block_paragraphs(container, kind: str = "body") -> Iterable[tuple[object, str]]:
    """(paragraph, "body" | "cell") for the paragraphs of a body, a cell or a table, in order."""
    for child in container:
        tag = child.tag
        if tag == P:
            yield child, kind
        elif tag == TBL:
            for tr in child.findall(TR):
                for tc in tr.findall(_TC):
                    yield from _block_paragraphs(tc, "cell")
        elif tag == TR:
            for tc in child.findall(_TC):
                yield from _block_paragraphs(tc, "cell")
        elif tag == _TC:
            yield from _block_paragraphs(child, "cell")
        elif tag in (_SDT, _CUSTOMXML):
            inner = child.find(_SDTCONTENT) if tag == _SDT else child
            if inner is not None:
                yield from _block_paragraphs(inner, kind)


def _line_up(old: list[_Unit], signed: list[_Unit]) -> dict:
    """Old draft paragraph -> signed paragraph, order kept: equal texts first, then in each gap
    between them by the same section title or by word similarity."""
    sm = SequenceMatcher(None, [(u.kind, u.key) for u in old], [(u.kind, u.key) for u in signed], autojunk=False)
    anchors = [(i + k, j + k) for i, j, size in sm.get_matching_blocks() for k in range(size)]
    pairs = list(anchors)
    previous = (-1, -1)
    for i, j in anchors + [(len(old), len(signed))]:
        gap_old, gap_signed = old[previous[0] + 1: i], signed[previous[1] + 1: j]
        if gap_old and gap_signed:

            def score(a, b, gap_old=gap_old, gap_signed=gap_signed):
                u, v = gap_old[a], gap_signed[b]
                if u.kind != v.kind:
                    return None
                s = _similarity(u.bag, v.bag)
                if u.lead and v.key.startswith(u.lead):
                    return 1.0 + s
                return s if s >= _LOCATE_THRESHOLD else None

            for a, b in _align(len(gap_old), len(gap_signed), score):
                if a is not None and b is not None:
                    pairs.append((previous[0] + 1 + a, previous[1] + 1 + b))
        previous = (i, j)
    return {old[i].p: signed[j].p for i, j in pairs}


_FINE = re.compile(r"\s+|\w+|[^\w\s]")


def _counterpart(old_text: str, signed_text: str, c0: int, c1: int) -> str | None:
    """What SIGNED's paragraph has for characters [c0, c1) of the old one (words added right
    before or after them, or put in their place, included), or None when it cannot tell."""
    old_tokens, signed_tokens = _FINE.findall(old_text), _FINE.findall(signed_text)
    o_starts, s_starts = _starts(old_tokens) + [len(old_text)], _starts(signed_tokens) + [len(signed_text)]
    if c0 not in o_starts or c1 not in o_starts:
        return None
    k0, k1 = o_starts.index(c0), o_starts.index(c1)
    lo, hi = k0, k1  # the spaces around the passage: an addition may sit on either side of them
    while lo > 0 and not old_tokens[lo - 1].strip():
        lo -= 1
    while hi < len(old_tokens) and not old_tokens[hi].strip():
        hi += 1
    ops = SequenceMatcher(None, [_norm_token(t) for t in old_tokens], [_norm_token(t) for t in signed_tokens],
                          autojunk=False).get_opcodes()
    starts, ends = [], []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            if i1 <= k0 <= i2:
                starts.append(j1 + k0 - i1)
            if i1 <= k1 <= i2:
                ends.append(j1 + k1 - i1)
            continue
        if lo <= i1 <= k0 or i1 < k0 < i2:
            starts.append(j1)
        if k1 <= i2 <= hi or i1 < k1 < i2:
            ends.append(j2)
    if not starts or not ends:
        return None
    return signed_text[s_starts[min(starts)]:s_starts[max(ends)]].strip()


def _signed_names(old: Draft, new: Draft, located: dict) -> dict[str, str]:
    """The parties' names as SIGNED writes them, where counsel renamed a party the same way in every
    place (at least twice): {draft name: signed name}. Text the new answers add uses them too."""
    drafts_names = {old.metadata.get("district") or "", old.metadata.get("agency") or ""}
    still = {new.metadata.get("district") or "", new.metadata.get("agency") or ""}
    out: dict[str, str] = {}
    for name in sorted(n for n in drafts_names & still if n.strip()):
        seen: Counter = Counter()
        for old_p, signed_p in located.items():
            old_text = _Text(old_p).text
            if name not in old_text:
                continue
            signed_text = _Text(signed_p).text
            for found in re.finditer(re.escape(name), old_text):
                seen[_counterpart(old_text, signed_text, found.start(), found.end())] += 1
        if len(seen) == 1 and sum(seen.values()) >= 2:
            signed_name = next(iter(seen))
            if signed_name and signed_name != name:
                out[name] = signed_name
    return out


# --- the result ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """Something the reviewer must look at: a change made where counsel had changed the text too
    ("conflict"), or one that could not be made ("not applied")."""

    kind: str    # "conflict" | "not applied" | "name" (a party's name written as SIGNED has it)
    where: str   # the clause or part, e.g. "Periodic review (21.3)"
    detail: str

    def comment(self) -> str:
        return f"{'Name as signed' if self.kind == 'name' else self.kind.capitalize()}: {self.detail}"

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.detail}"


@dataclass(frozen=True)
class SignedRevision:
    data: bytes                 # the revision .docx
    changes: int                # changes of the new answers (one comment each)
    notes: tuple[Note, ...]     # conflicts and changes not applied, in document order


@dataclass
class _Record:
    """One change of the new answers, as it lands in SIGNED."""

    change: ClauseChange
    reason: str
    touched: list = field(default_factory=list)   # SIGNED paragraphs changed, inserted or struck
    notes: list[Note] = field(default_factory=list)
    where: object = None                          # a signed paragraph near the change, for a comment
    renamed: list[tuple[str, str]] = field(default_factory=list)  # party names written as SIGNED has them

    @property
    def label(self) -> str:
        c = self.change
        if c.clause_id in PSEUDO_LABELS:
            return PSEUDO_LABELS[c.clause_id]
        if c.clause_id.startswith(ARTICLE_PREFIX):
            return f"Article heading {c.title!r}"
        return f"{c.title} ({section_label(c)})"

    def note(self, kind: str, detail: str) -> None:
        self.notes.append(Note(kind, self.label, detail))


@dataclass
class _Place:
    """Where insertions go in one container (the body or a cell): after ``cursor``, one of its
    block-level children (None: at its start)."""

    container: object
    cursor: object = None


def _top(element, container):
    """The child of ``container`` that holds ``element``, or None when it is elsewhere."""
    while element is not None and element.getparent() is not container:
        element = element.getparent()
    return element


def _is_last_block(element) -> bool:
    return not any(s.tag in (P, TBL, _SDT) for s in element.itersiblings())


def _ppr_rpr(p):
    """The paragraph mark's run properties of ``p`` (made, in their schema place, if missing)."""
    ppr = p.find(PPR)
    if ppr is None:
        ppr = p.makeelement(PPR, {})
        p.insert(0, ppr)
    rpr = ppr.find(RPR)
    if rpr is None:
        rpr = ppr.makeelement(RPR, {})
        later = next((c for c in ppr if c.tag in (SECTPR, _PPRCHANGE)), None)
        if later is not None:
            later.addprevious(rpr)
        else:
            ppr.append(rpr)
    return rpr


class _Reviser:
    def __init__(self, document: Document, writer: TrackedWriter, located: dict, styles: set[str],
                 names: dict[str, str] | None = None) -> None:
        self.document, self.writer, self.located, self.styles = document, writer, located, styles
        self.names = names or {}  # a party's name in the drafts -> what the signed document calls it
        self.body = document.element.body
        self.ppr_map: dict[bytes, object] = {}
        self.rpr_map: dict[bytes, object] = {}
        self.last_signed = None  # the last signed paragraph passed, for comments on changes with nowhere else
        self._learn()

    # -- what SIGNED makes of the draft's paragraph and run properties --

    def _learn(self) -> None:
        for old_p, signed_p in self.located.items():
            text = _Text(signed_p)
            runs = _runs_of(old_p)
            if "".join(t for _, _, t in runs) != text.text:
                continue
            ppr = signed_p.find(PPR)
            key = element_key(old_p.find(PPR)) if old_p.find(PPR) is not None else b""
            if key not in self.ppr_map:
                self.ppr_map[key] = ppr
            offset = 0
            for fmt, _, t in runs:
                if fmt not in self.rpr_map:
                    run = next((r for r, _, s, e in text.atoms if s <= offset < e), None)
                    if run is not None:
                        self.rpr_map[fmt] = run.find(RPR)
                offset += len(t)

    def renamed(self, text: str, record: _Record) -> str:
        """``text`` (new words going into SIGNED) with the parties' names as SIGNED has them."""
        for name, signed_name in self.names.items():
            if name in text:
                text = text.replace(name, signed_name)
                if (name, signed_name) not in record.renamed:
                    record.renamed.append((name, signed_name))
        return text

    def _signed_ppr(self, draft_p):
        ppr = draft_p.find(PPR)
        key = element_key(ppr) if ppr is not None else b""
        if key in self.ppr_map:
            mapped = self.ppr_map[key]
            ppr = copy.deepcopy(mapped) if mapped is not None else None
        else:
            ppr = copy.deepcopy(ppr) if ppr is not None else None
            style = ppr.find(PSTYLE) if ppr is not None else None
            if style is not None and style.get(VAL) not in self.styles:
                ppr.remove(style)
        if ppr is not None:
            for child in list(ppr):
                if child.tag in (SECTPR, _PPRCHANGE):
                    ppr.remove(child)
            rpr = ppr.find(RPR)
            for mark in list(rpr) if rpr is not None else ():
                if mark.tag in (INS, DEL):
                    rpr.remove(mark)
        return ppr

    def _signed_rpr(self, fmt: bytes, draft_rpr):
        if fmt in self.rpr_map:
            return self.rpr_map[fmt]
        if draft_rpr is None:
            return None
        rpr = copy.deepcopy(draft_rpr)
        style = rpr.find(RSTYLE)
        if style is not None and style.get(VAL) not in self.styles:
            rpr.remove(style)
        return rpr

    def _localize(self, element, record: _Record):
        """A copy of a draft element with SIGNED's paragraph and run properties and party names."""
        out = copy.deepcopy(element)
        for t in out.iter(_T):
            if t.text:
                t.text = self.renamed(t.text, record)
        for src, p in zip(list(element.iter(P)), list(out.iter(P))):
            old_ppr = p.find(PPR)
            if old_ppr is not None:
                p.remove(old_ppr)
            ppr = self._signed_ppr(src)
            if ppr is not None:
                p.insert(0, ppr)
            for r in p.findall(R):
                rpr = r.find(RPR)
                fmt = element_key(rpr) if rpr is not None else b""
                if rpr is not None:
                    r.remove(rpr)
                mapped = self._signed_rpr(fmt, rpr)
                if mapped is not None:
                    r.insert(0, copy.deepcopy(mapped))
        for tbl in [out] if out.tag == TBL else []:
            style = tbl.find(f"{TBLPR}/{_TBLSTYLE}")
            if style is not None and style.get(VAL) not in self.styles:
                style.getparent().remove(style)
        return out

    # -- finding things --

    def _signed_paragraphs_of(self, element) -> list:
        return [self.located[p] for p, _ in _block_paragraphs([element]) if p in self.located]

    def _majority_ancestor(self, element, tag, within=None):
        found = Counter()
        for signed_p in self._signed_paragraphs_of(element):
            ancestor = next((a for a in signed_p.iterancestors(tag)), None)
            if ancestor is not None and (within is None or ancestor.getparent() is within):
                found[ancestor] += 1
        return found.most_common(1)[0][0] if found else None

    def _advance(self, place: _Place, signed_element) -> None:
        top = _top(signed_element, place.container)
        if top is None:
            return
        if place.cursor is None or place.container.index(top) > place.container.index(place.cursor):
            place.cursor = top

    def _pass(self, place: _Place, old_element) -> None:
        """Move the place past ``old_element``'s signed text (an unchanged or changed element)."""
        found = self._signed_paragraphs_of(old_element)
        if found:
            self._advance(place, found[-1])
            self.last_signed = found[-1]

    def _put(self, place: _Place, element) -> None:
        container = place.container
        if place.cursor is None:
            first = next((c for c in container if c.tag in (P, TBL, _SDT)), None)
            if first is not None:
                first.addprevious(element)
            else:
                container.append(element)
            place.cursor = element
        elif container.tag == _TC and _is_last_block(place.cursor):
            place.cursor.addprevious(element)  # a cell's last paragraph mark stays last
        else:
            place.cursor.addnext(element)
            place.cursor = element

    # -- changes to blocks --

    def blocks(self, place: _Place, ops, record: _Record) -> None:
        for op, o, n in ops:
            if op == "equal":
                self._pass(place, o)
            elif op == "pair" and o.tag == P and n.tag == P:
                self._pair_paragraph(place, o, n, record)
            elif op == "pair" and o.tag == TBL and n.tag == TBL:
                self._pair_table(place, o, n, record)
            elif op == "pair":
                self._strike(place, o, record)
                self._insert(place, n, record)
            elif op == "del":
                self._strike(place, o, record)
            else:
                self._insert(place, n, record)

    def _pair_paragraph(self, place: _Place, o, n, record: _Record) -> None:
        signed_p = self.located.get(o)
        if element_key(o) == element_key(n):
            if signed_p is not None:
                self._advance(place, signed_p)
            return
        if signed_p is None:
            old_text, new_text = _Text(o).text, _Text(n).text
            record.note("not applied", f"the signed document has no text like {_quote(old_text)}, so it is not "
                                       f"changed to {_quote(new_text)}" if old_text.strip() else
                        f"the signed document has no place for {_quote(new_text)}")
            return
        self.revise_paragraph(signed_p, o, n, record)
        self._advance(place, signed_p)
        self.last_signed = signed_p

    def _insert(self, place: _Place, new_element, record: _Record) -> None:
        holder = self.body.makeelement(_BODY, {}, nsmap={"w": W_NS})
        self.writer.whole(holder, self._localize(new_element, record), "ins")
        element = holder[0]
        self._put(place, element)
        record.touched += [p for p, _ in _block_paragraphs([element])]

    def _strike(self, place: _Place, old_element, record: _Record) -> None:
        if old_element.tag == TBL:
            for tr in old_element.findall(TR):
                self._strike_row(tr, record)
            return
        signed_p = self.located.get(old_element)
        if signed_p is None:
            if _Text(old_element).text.strip():
                record.note("not applied", f"{_quote(_Text(old_element).text)} is to go, but the signed document "
                                           "has no such text any more")
            return
        if _key(_Text(signed_p).text) != _key(_Text(old_element).text):
            says, said = _Text(signed_p).text, _Text(old_element).text
            record.note("conflict", f"the signed text says {_focus(says, said)}, where the previous draft said "
                                    f"{_focus(said, says)}; the new answers remove the paragraph")
        self._strike_paragraph(signed_p, mark=not (signed_p.getparent().tag == _TC and _is_last_block(signed_p)))
        record.touched.append(signed_p)
        self._advance(place, signed_p)
        self.last_signed = signed_p

    def _strike_paragraph(self, p, mark: bool = True) -> None:
        runs = [r for r in _text_runs(p) if r.find(CREF) is None]
        self._wrap(runs, DEL)
        if mark:
            rpr = _ppr_rpr(p)
            self.writer._mark(rpr, DEL)
            rpr.insert(0, rpr[-1])  # w:ins / w:del come first in a paragraph mark's rPr

    def _wrap(self, runs: list, tag) -> list:
        wrappers: list = []
        for r in runs:
            if wrappers and wrappers[-1].getnext() is r:
                wrappers[-1].append(r)
                continue
            wrapper = self.writer._mark(r.getparent(), tag)
            r.addprevious(wrapper)
            wrapper.append(r)
            wrappers.append(wrapper)
        if tag == DEL:
            for wrapper in wrappers:
                for t in list(wrapper.iter(_T, _INSTR)):
                    t.tag = _DELTEXT if t.tag == _T else _DELINSTR
                    t.set(_SPACE, "preserve")
        return wrappers

    # -- tables --

    def _pair_table(self, place: _Place, o, n, record: _Record) -> None:
        signed_tbl = self._majority_ancestor(o, TBL)
        if signed_tbl is None:
            record.note("not applied", "the signed document has no such table (it starts "
                                       f"{_quote(' '.join(_Text(p).text for p, _ in _block_paragraphs([o]))[:80])})")
            return
        self._advance(place, signed_tbl)
        row_cursor = None
        for op, otr, ntr in row_ops(o, n):
            if op in ("equal", "pair"):
                signed_tr = self._majority_ancestor(otr, TR, within=signed_tbl)
                if op == "pair":
                    self._pair_row(otr, ntr, record)
                if signed_tr is not None and (row_cursor is None
                                              or signed_tbl.index(signed_tr) > signed_tbl.index(row_cursor)):
                    row_cursor = signed_tr
            elif op == "del":
                self._strike_row(otr, record)
            else:
                holder = signed_tbl.makeelement(TBL, {})
                self.writer.whole_row(holder, self._localize(ntr, record), "ins")
                tr = holder[0]
                if row_cursor is not None:
                    row_cursor.addnext(tr)
                else:
                    first = signed_tbl.find(TR)
                    if first is not None:
                        first.addprevious(tr)
                    else:
                        signed_tbl.append(tr)
                row_cursor = tr
                record.touched += [p for p, _ in _block_paragraphs([tr])]

    def _pair_row(self, otr, ntr, record: _Record) -> None:
        for otc, ntc in zip(otr.findall(_TC), ntr.findall(_TC)):
            olds = [c for c in otc if c.tag != _TCPR]
            news = [c for c in ntc if c.tag != _TCPR]
            if [element_key(e) for e in olds] == [element_key(e) for e in news]:
                continue
            signed_tc = self._majority_ancestor(otc, _TC)
            if signed_tc is None:
                old_text = " ".join(_Text(p).text for p in olds if p.tag == P).strip()
                new_text = " ".join(_Text(p).text for p in news if p.tag == P).strip()
                record.note("not applied", "the signed document has no table cell like "
                                           f"{_quote(old_text or '(empty)')}, so it is not changed to {_quote(new_text)}")
                continue
            self.blocks(_Place(signed_tc), sequence_ops(olds, news, in_cell=True), record)

    def _strike_row(self, otr, record: _Record) -> None:
        signed_tr = self._majority_ancestor(otr, TR)
        old_text = " ".join(_Text(p).text for p, _ in _block_paragraphs([otr]))
        if signed_tr is None:
            if old_text.strip():
                record.note("not applied", f"the table row {_quote(old_text)} is to go, but the signed document has "
                                           "no such row any more")
            return
        signed_text = " ".join(_Text(p).text for p, _ in _block_paragraphs([signed_tr]))
        if _key(signed_text) != _key(old_text):
            record.note("conflict", f"the signed table row says {_focus(signed_text, old_text)}, where the previous "
                                    f"draft said {_focus(old_text, signed_text)}; the new answers remove the row")
        trpr = signed_tr.find(TRPR)
        if trpr is None:
            trpr = signed_tr.makeelement(TRPR, {})
            after = signed_tr.find(qn("w:tblPrEx"))
            if after is not None:
                after.addnext(trpr)
            else:
                signed_tr.insert(0, trpr)
        mark = self.writer._mark(trpr, DEL)
        change = trpr.find(qn("w:trPrChange"))
        if change is not None:
            change.addprevious(mark)
        for tc in signed_tr.findall(_TC):
            paragraphs = [c for c in tc if c.tag == P]
            for k, p in enumerate(paragraphs):
                self._strike_paragraph(p, mark=k < len(paragraphs) - 1)
                record.touched.append(p)
        self.last_signed = next(iter(p for p, _ in _block_paragraphs([signed_tr])), self.last_signed)

    # -- changes inside a paragraph --

    def revise_paragraph(self, signed_p, o, n, record: _Record, comment_here: bool = True) -> None:
        """Make in ``signed_p`` the word-level changes from draft paragraph ``o`` to ``n``."""
        runs_old, runs_new = _runs_of(o), _runs_of(n)
        a, b = _tokens(runs_old), _tokens(runs_new)
        rprs = {fmt: rpr for fmt, rpr, _ in runs_old + runs_new}
        ops = _word_ops(a, b)
        changed = [op for op in ops if op[0] != "equal"]
        if changed:
            self._revise_words(signed_p, a, b, rprs, ops, changed, record)
        self._restyle(signed_p, o, n)
        if comment_here:
            record.touched.append(signed_p)

    def _restyle(self, signed_p, o, n) -> None:
        def style(p):
            s = p.find(f"{PPR}/{PSTYLE}")
            return s.get(VAL) if s is not None else None

        old_style, new_style = style(o), style(n)
        if old_style == new_style or style(signed_p) != old_style or (new_style and new_style not in self.styles):
            return
        ppr = signed_p.find(PPR)
        if ppr is None:
            ppr = signed_p.makeelement(PPR, {})
            signed_p.insert(0, ppr)
        change = self.writer._mark(ppr, _PPRCHANGE)
        base = _sub(change, PPR)
        for child in ppr:
            if child.tag not in (RPR, SECTPR, _PPRCHANGE):
                base.append(copy.deepcopy(child))
        current = ppr.find(PSTYLE)
        if new_style is None:
            ppr.remove(current)
        elif current is not None:
            current.set(VAL, new_style)
        else:
            ppr.insert(0, ppr.makeelement(PSTYLE, {VAL: new_style}))

    def _revise_words(self, signed_p, a, b, rprs, ops, changed, record: _Record) -> None:
        """The word-level changes ``ops`` (from old draft tokens ``a`` to new ``b``) made in ``signed_p``.

        Each change is grouped with the others in the same sentence of the old draft. When that
        sentence reads the same in SIGNED, or at least every passage a change touches is still there,
        the changes are made on SIGNED's words (the latter noted as a conflict); otherwise SIGNED's
        sentence is struck and the new draft's inserted in its place (a conflict too)."""
        old_text = "".join(tok for _, tok in a)
        offsets = [0]  # character offset of each of a's tokens, and of the end
        for _, tok in a:
            offsets.append(offsets[-1] + len(tok))
        text = _Text(signed_p).text
        old_tokens, signed_tokens = _TOKEN.findall(old_text), _TOKEN.findall(text)
        o_starts, s_starts = _starts(old_tokens), _starts(signed_tokens)
        matcher = SequenceMatcher(None, [_norm_token(t) for t in old_tokens], [_norm_token(t) for t in signed_tokens],
                                  autojunk=False)
        m = {i + k: j + k for i, j, size in matcher.get_matching_blocks() for k in range(size)}
        old_sentences, signed_sentences = _sentence_ids(old_tokens), _sentence_ids(signed_tokens)
        old_spans, signed_spans = _spans(old_sentences), _spans(signed_sentences)

        def token_at(c: int) -> int:
            """The old token holding character ``c`` (the last one for the end of the text)."""
            k = 0
            while k + 1 < len(old_tokens) and o_starts[k + 1] <= c:
                k += 1
            return k

        def to_signed(c: int, side: str) -> int | None:
            """Old character boundary ``c`` in SIGNED's text, through the word matched around it."""
            if not old_tokens:
                return 0
            k = token_at(c)
            if c == o_starts[k] and side == "end" and k > 0 and (k - 1) in m:
                return s_starts[m[k - 1]] + len(old_tokens[k - 1])
            if c >= o_starts[k] + len(old_tokens[k]) and k in m:  # the very end
                return s_starts[m[k]] + len(signed_tokens[m[k]])
            if k in m:
                return s_starts[m[k]] + (c - o_starts[k])
            if c == o_starts[k] and k > 0 and (k - 1) in m:
                return s_starts[m[k - 1]] + len(signed_tokens[m[k - 1]])
            return None

        def tokens_of(c0: int, c1: int) -> range:
            """The old tokens a change at characters [c0, c1) touches (for an insertion, the one before)."""
            if not old_tokens:
                return range(0, 0)
            if c1 > c0:
                return range(token_at(c0), token_at(c1 - 1) + 1)
            k = token_at(max(c0 - 1, 0))
            return range(k, k + 1)

        def span(op):
            _, i1, i2, _, _ = op
            c0, c1 = offsets[i1], offsets[i2]
            if not old_tokens:
                return (len(text), len(text)) if not text.strip() else None
            touched = tokens_of(c0, c1)
            if c1 > c0:
                js = [m.get(k) for k in touched]
                if None in js or any(y != x + 1 for x, y in zip(js, js[1:])):
                    return None
                x, y = to_signed(c0, "start"), to_signed(c1, "end")
            else:
                x = y = to_signed(c0, "end")
            return None if x is None or y is None else (x, y)

        def sentence_range(op):
            _, i1, i2, _, _ = op
            touched = tokens_of(offsets[i1], offsets[i2])
            if not touched:
                return 0, 0
            return old_spans[old_sentences[touched[0]]][0], old_spans[old_sentences[touched[-1]]][1]

        groups: list[list] = []  # [first old token, end old token, ops]
        for op in changed:
            t0, t1 = sentence_range(op)
            if groups and (t0 < groups[-1][1] or (t0, t1) == (groups[-1][0], groups[-1][1])):
                groups[-1][1] = max(groups[-1][1], t1)
                groups[-1][2].append(op)
            else:
                groups.append([t0, t1, [op]])

        def intact(t0: int, t1: int) -> bool:
            words = [t for t in range(t0, t1) if old_tokens[t].strip()]
            if not old_tokens:
                return not text.strip()
            if any(t not in m for t in words):
                return False
            return all(not tok.strip() for x, y in zip(words, words[1:]) for tok in signed_tokens[m[x] + 1: m[y]])

        def a_index(c: int) -> int:
            """The index in ``a`` of the token starting at character ``c``."""
            return next((x for x, off in enumerate(offsets) if off >= c), len(a))

        def new_index(x: int, at_end: bool) -> int:
            for tag, i1, i2, j1, j2 in ops:
                if tag == "equal" and i1 <= x <= i2 and not (at_end and x == i2 and x < len(a)):
                    return j1 + (x - i1)
            for tag, i1, i2, j1, j2 in ops:
                if x == i1:
                    return j1
                if x == i2:
                    return j2
            return len(b) if at_end else 0

        def segments(j1: int, j2: int):
            return [(fmt, rprs[fmt], tok) for fmt, tok in b[j1:j2]]

        def hint(i1: int):
            return a[min(i1, len(a) - 1)][0] if a else None

        def signed_sentences_of(t0: int, t1: int) -> tuple[int, int] | None:
            js = [m[t] for t in range(t0, t1) if t in m]
            if not js:
                return None
            first = signed_spans[signed_sentences[min(js)]][0]
            last = signed_spans[signed_sentences[max(js)]][1]
            return s_starts[first], s_starts[last - 1] + len(signed_tokens[last - 1])

        edits = []
        for t0, t1, gops in groups:
            c0 = o_starts[t0] if old_tokens else 0
            c1 = o_starts[t1 - 1] + len(old_tokens[t1 - 1]) if old_tokens and t1 > t0 else c0
            i0, i1 = a_index(c0), a_index(c1)
            new_of = (min([new_index(i0, False)] + [op[3] for op in gops]),
                      max([new_index(i1, True)] + [op[4] for op in gops]))
            said_old = old_text[c0:c1]
            said_new = "".join(tok for _, tok in b[new_of[0]:new_of[1]])
            spans = [span(op) for op in gops]
            around = signed_sentences_of(t0, t1)
            if all(s is not None for s in spans):
                for op, (x, y) in zip(gops, spans):
                    edits.append((x, y, segments(op[3], op[4]), hint(op[1])))
                if not intact(t0, t1):
                    says = text[around[0]:around[1]] if around else text
                    made = "; ".join(
                        f"{_quote(old_text[offsets[op[1]]:offsets[op[2]]].strip() or '(nothing)')} \u2192 "
                        f"{_quote(''.join(tok for _, tok in b[op[3]:op[4]]).strip() or '(nothing)')}" for op in gops)
                    record.note("conflict", f"the signed text says {_focus(says, said_old)}, where the previous draft "
                                            f"said {_focus(said_old, says)}; the new answers' change ({made}) is made "
                                            "on the signed wording")
                continue
            if around is None:
                record.note("not applied", f"the signed text has nothing left of {_quote(said_old)}, so it is not "
                                           f"changed to {_quote(said_new)}")
                continue
            edits.append((around[0], around[1], segments(*new_of), hint(i0)))
            says = text[around[0]:around[1]]
            record.note("conflict", f"the signed text says {_focus(says, said_old)}, where the previous draft said "
                                    f"{_focus(said_old, says)}; the new answers' wording is proposed in its place: "
                                    f"{_focus(self.renamed(said_new, record), said_old)}")
        # Later edits first: the offsets of earlier ones stay true.
        for x, y, segs, hint_fmt in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            self._edit(signed_p, x, y, segs, hint_fmt, record)

    def _edit(self, p, x: int, y: int, segs, hint_fmt, record: _Record) -> None:
        """Strike characters [x, y) of ``p`` and insert ``segs`` (fmt, draft rPr, text) there."""
        _split_at(p, x)
        _split_at(p, y)
        text = _Text(p)
        doomed = text.runs_within(x, y) if y > x else []
        before = text.run_ending_at(x) if x > 0 else None
        after = text.run_starting_at(y)
        hint_run = doomed[0] if doomed else (before if before is not None else after)
        wrappers = self._wrap(doomed, DEL) if doomed else []
        if not segs:
            return
        ins = self.writer._mark(p, INS)
        merged: list[list] = []
        for fmt, rpr, tok in segs:
            if merged and merged[-1][0] == fmt:
                merged[-1][2] += tok
            else:
                merged.append([fmt, rpr, tok])
        for fmt, rpr, tok in merged:
            tok = self.renamed(tok, record)
            if hint_run is not None and fmt == hint_fmt:
                signed_rpr = hint_run.find(RPR)
            else:
                signed_rpr = self._signed_rpr(fmt, rpr)
            r = _sub(ins, R)
            if signed_rpr is not None:
                r.append(copy.deepcopy(signed_rpr))
            dr.add_text(r, tok)
        if wrappers:
            wrappers[-1].addnext(ins)
        elif before is not None:
            before.addnext(ins)
        elif after is not None:
            after.addprevious(ins)
        else:
            refs = [c for c in p if c.tag == R and c.find(CREF) is not None]
            if refs:
                refs[0].addprevious(ins)
            # else: it is already the last child of p


# --- comments ------------------------------------------------------------------------------------

_COMMENT_STYLES = ("CommentText", "CommentReference")


def _add_comment_styles(document: Document) -> None:
    styles = document.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
    for style in parse_xml(_EXTRA_STYLES.replace("\n", "")):
        if style.get(qn("w:styleId")) in _COMMENT_STYLES and style.get(qn("w:styleId")) not in have:
            styles.append(copy.deepcopy(style))


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


def _holder(body):
    return body.makeelement(_BODY, {}, nsmap={"w": W_NS})


def _render(part, body) -> list:
    holder = _holder(body)
    part.render(holder)
    return list(holder)


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
    rendered = [(_render(o, body) if o is not None else [], _render(n, body) if n is not None else [])
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

    _add_comment_styles(document)
    initials = initials_of(author)
    ordered = {p: k for k, p in enumerate(body.iter(P))}
    seen: set[int] = set()
    notes: list[Note] = []
    for index in sorted(records):
        record = records[index]
        if id(record) in seen:
            continue
        seen.add(id(record))
        for name, signed_name in record.renamed:
            record.note("name", f"the new text here calls {_quote(name)} {_quote(signed_name)}, as the signed "
                                "document does")
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
    buffer = io.BytesIO()
    document.save(buffer)
    return SignedRevision(dr.deterministic_zip(buffer.getvalue()), len(changes), tuple(notes))


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

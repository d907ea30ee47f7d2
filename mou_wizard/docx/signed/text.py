"""A paragraph's text character by character (which run holds each), cut between runs where a change
starts or ends; words, sentences and the quotations in the notes."""

from __future__ import annotations

import copy
import os
import re

from docx.oxml.ns import qn

from mou_wizard.docx.tracked import _SPACE, _T, _TAB, DEL, INS, P, PPR, R, RPR, TBL

BODY, SDT, SDTCONTENT, CUSTOMXML = qn("w:body"), qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
_BR, _CR, _NBHYPHEN = qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_SNIPPET = 160             # characters of a quoted passage in a note


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

"""The signature table of a revision, compared by signatory.

The draft sets the signatures two to a row. When a signatory is removed, added or moved, every later
block moves by a cell, so comparing the table cell by cell would strike each block and insert its
neighbour in its place: removing the first signatory would read as if the Parties' blocks had been
swapped. So when that would happen (a person who signs both drafts set against another), the revision sets the table one block to a row,
in the order of both drafts merged: a removed signatory's row is a deleted row, an added signatory's an
inserted row, and a signatory in both drafts is kept, with any change to their block (a new title)
tracked inside it. Accepting every change gives the new draft's blocks in reading order (left to right,
then down) and rejecting every change the old draft's; only the layout differs (one column instead of
two). When the same people sign in the same places, the table is compared cell by cell as before.
"""

from __future__ import annotations

import copy
import re
from difflib import SequenceMatcher

from docx.oxml.ns import qn
from lxml import etree
from lxml.etree import SubElement as _sub

from mou_wizard.docx import render as dr

_TBLPR, _TBLSTYLE, _TBLGRID, _GRIDCOL = qn("w:tblPr"), qn("w:tblStyle"), qn("w:tblGrid"), qn("w:gridCol")
_TR, _TRPR, _TC, _TCPR, _TCW = qn("w:tr"), qn("w:trPr"), qn("w:tc"), qn("w:tcPr"), qn("w:tcW")
_P, _PPR, _PSTYLE, _T, _VAL, _W, _TYPE = (
    qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:t"), qn("w:val"), qn("w:w"), qn("w:type"))
_KEEPNEXT = qn("w:keepNext")
_SPACES = re.compile(r"\s+")


def is_signature_table(tbl) -> bool:
    style = tbl.find(f"{_TBLPR}/{_TBLSTYLE}")
    return style is not None and style.get(_VAL) == dr.STYLE_SIGNATURE_TABLE


def _cells(tbl) -> list[tuple[object, object]]:
    """(row, cell) for every cell, in reading order."""
    return [(tr, tc) for tr in tbl.findall(_TR) for tc in tr.findall(_TC)]


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(_T))


def _even(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def signatory_key(tc) -> str:
    """Who a signature cell is for: their "Name:" line, and the role of a countersignature (the
    cell's first run, "Attest for "), spaces and case evened out; "" for an empty cell. The party's
    name is not part of it: a renamed party keeps its signatories."""
    paragraphs = tc.findall(_P)
    name = next((_even(_text(p)) for p in paragraphs if _even(_text(p)).startswith("name:")), "")
    first_run = next(iter(paragraphs[0].iter(_T)), None) if paragraphs else None
    role = _even(first_run.text or "") if first_run is not None and (first_run.text or "").endswith(" for ") else ""
    return f"{role}\n{name}" if (role or name) else ""


def by_signatory(old, new, row_pairs) -> bool:
    """Whether two signature tables must be compared by signatory: comparing them row by row
    (``row_pairs``: the (old row, new row) pairs of the row comparison) would set one person's block
    against another's while both sign in both drafts, which is what a removed or added signatory
    does to every block after it. Filling an empty cell, emptying one, or a new person in a cell is
    compared cell by cell."""
    keys_old = {signatory_key(tc) for _, tc in _cells(old)} - {""}
    keys_new = {signatory_key(tc) for _, tc in _cells(new)} - {""}
    for o, n in row_pairs:
        for a, b in zip((signatory_key(tc) for tc in o.findall(_TC)), (signatory_key(tc) for tc in n.findall(_TC))):
            if a and b and a != b and (a in keys_new or b in keys_old):
                return True
    return False


def _width(tbl) -> int:
    return sum(int(col.get(_W, "0")) for col in tbl.findall(f"{_TBLGRID}/{_GRIDCOL}")) or sum(dr.SIGNATURE_WIDTHS)


def _row_for(tr, tc, width: int, content: bool = True):
    """A one-cell row holding a copy of ``tc`` (as wide as the table), with ``tr``'s row properties;
    ``content`` False: the cell's properties only."""
    row = etree.Element(_TR)
    if tr.find(_TRPR) is not None:
        row.append(copy.deepcopy(tr.find(_TRPR)))
    cell = copy.deepcopy(tc) if content else etree.Element(_TC)
    if not content and tc.find(_TCPR) is not None:
        cell.append(copy.deepcopy(tc.find(_TCPR)))
    _set_width(cell, width)
    row.append(cell)
    return row


def _set_width(tc, width: int) -> None:
    tcpr = tc.find(_TCPR)
    if tcpr is None:
        tcpr = etree.Element(_TCPR)
        tc.insert(0, tcpr)
    tcw = tcpr.find(_TCW)
    if tcw is None:
        tcw = _sub(tcpr, _TCW)
    tcw.set(_W, str(width))
    tcw.set(_TYPE, "dxa")


def write(tracked, parent, old, new) -> None:
    """Append to ``parent`` the signature table with tracked changes from ``old`` to ``new``, one
    signatory to a row (``tracked``: the revision's tracked-change writer)."""
    width = _width(new)
    tbl = _sub(parent, qn("w:tbl"))
    tbl.append(copy.deepcopy(new.find(_TBLPR)))
    _sub(_sub(tbl, _TBLGRID), _GRIDCOL).set(_W, str(width))
    olds, news = _cells(old), _cells(new)
    matcher = SequenceMatcher(None, [signatory_key(tc) for _, tc in olds], [signatory_key(tc) for _, tc in news],
                              autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for (_, o), (tr, n) in zip(olds[i1:i2], news[j1:j2]):
                if etree.tostring(o) == etree.tostring(n):
                    tbl.append(_row_for(tr, n, width))
                else:  # the same person, their block edited (a new title): tracked inside the cell
                    row = _row_for(tr, n, width, content=False)
                    tbl.append(row)
                    tracked.sequence(row.find(_TC), [c for c in o if c.tag != _TCPR],
                                     [c for c in n if c.tag != _TCPR], in_cell=True)
            continue
        for tr, tc in olds[i1:i2]:
            tracked.whole_row(tbl, _row_for(tr, tc, width), "del")
        for tr, tc in news[j1:j2]:
            tracked.whole_row(tbl, _row_for(tr, tc, width), "ins")
    for cell in tbl.iter(_TC):
        _may_break_after(cell)


def _may_break_after(tc) -> None:
    """Let the page break after this block: its last paragraph does not keep with the next (the
    signature styles keep each block together, which would chain a column of blocks into one
    unbreakable run and push the whole table to a new page)."""
    paragraphs = tc.findall(_P)
    if not paragraphs:
        return
    ppr = paragraphs[-1].find(_PPR)
    if ppr is None:
        ppr = etree.Element(_PPR)
        paragraphs[-1].insert(0, ppr)
    keep = etree.Element(_KEEPNEXT)
    keep.set(_VAL, "0")
    style = ppr.find(_PSTYLE)
    ppr.insert(0 if style is None else list(ppr).index(style) + 1, keep)

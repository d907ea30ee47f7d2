"""The new answers' changes to SIGNED's paragraphs, tables and rows: struck, inserted or paired."""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from mou_wizard.docx.tracked import (
    _PPRCHANGE, _T, _TC, _TCPR, CREF, DEL, INS, P, PPR, PSTYLE, R, RPR, RSTYLE, SECTPR, TBL, TBLPR, TR, TRPR,
    VAL, W_NS, TrackedWriter, _runs_of, element_key, row_ops, sequence_ops,
)
from mou_wizard.docx import signature_table
from mou_wizard.docx.signed.lineup import _block_paragraphs, _key
from mou_wizard.docx.signed.notes import _Record
from mou_wizard.docx.signed.text import SDT, BODY, _focus, _quote, _Text, _text_runs
from mou_wizard.docx.signed.words import _WordEdits

_TBLSTYLE = qn("w:tblStyle")


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
    return not any(s.tag in (P, TBL, SDT) for s in element.itersiblings())


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


class _Reviser(_WordEdits):
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
        """For each paragraph and run formatting of the draft, the one SIGNED most often gives the
        same text (its styles, its numbering): what paragraphs and words inserted into SIGNED take."""
        paragraphs: dict[bytes, Counter] = {}
        runs: dict[bytes, Counter] = {}
        shapes: dict[bytes, object] = {}

        def count(table, key, element):
            shape = etree.tostring(element) if element is not None else b""
            shapes.setdefault(shape, element)
            table.setdefault(key, Counter())[shape] += 1

        for old_p, signed_p in self.located.items():
            text = _Text(signed_p)
            old_runs = _runs_of(old_p)
            if "".join(t for _, _, t in old_runs) != text.text:
                continue
            count(paragraphs, element_key(old_p.find(PPR)) if old_p.find(PPR) is not None else b"",
                  signed_p.find(PPR))
            offset = 0
            for fmt, _, t in old_runs:
                run = next((r for r, _, s, e in text.atoms if s <= offset < e), None)
                if run is not None:
                    count(runs, fmt, run.find(RPR))
                offset += len(t)
        for table, out in ((paragraphs, self.ppr_map), (runs, self.rpr_map)):
            for key, seen in table.items():
                element = shapes[seen.most_common(1)[0][0]]
                out[key] = copy.deepcopy(element) if element is not None else None

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
            first = next((c for c in container if c.tag in (P, TBL, SDT)), None)
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
        holder = self.body.makeelement(BODY, {}, nsmap={"w": W_NS})
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

    # -- tables --

    def _pair_table(self, place: _Place, o, n, record: _Record) -> None:
        signed_tbl = self._majority_ancestor(o, TBL)
        if signed_tbl is None:
            record.note("not applied", "the signed document has no such table (it starts "
                                       f"{_quote(' '.join(_Text(p).text for p, _ in _block_paragraphs([o]))[:80])})")
            return
        self._advance(place, signed_tbl)
        ops = row_ops(o, n)
        if signature_table.is_signature_table(n) and signature_table.by_signatory(
                o, n, [(a, b) for op, a, b in ops if op == "pair"]):
            self._signatures_by_signatory(signed_tbl, o, n, record)
            return
        row_cursor = None
        for op, otr, ntr in ops:
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
                row_cursor = self._insert_row(signed_tbl, ntr, row_cursor, record)

    def _insert_row(self, signed_tbl, ntr, after, record: _Record):
        """Insert draft row ``ntr`` (localized, as an inserted row) into ``signed_tbl`` after row
        ``after`` (None: first); returns the row inserted."""
        holder = signed_tbl.makeelement(TBL, {})
        self.writer.whole_row(holder, self._localize(ntr, record), "ins")
        tr = holder[0]
        if after is not None:
            after.addnext(tr)
        else:
            first = signed_tbl.find(TR)
            if first is not None:
                first.addprevious(tr)
            else:
                signed_tbl.append(tr)
        record.touched += [p for p, _ in _block_paragraphs([tr])]
        return tr

    def _pair_row(self, otr, ntr, record: _Record) -> None:
        for otc, ntc in zip(otr.findall(_TC), ntr.findall(_TC)):
            self._pair_cell(otc, [c for c in ntc if c.tag != _TCPR], record)

    def _pair_cell(self, otc, news: list, record: _Record) -> None:
        olds = [c for c in otc if c.tag != _TCPR]
        if [element_key(e) for e in olds] == [element_key(e) for e in news]:
            return
        signed_tc = self._majority_ancestor(otc, _TC)
        if signed_tc is None:
            old_text = " ".join(_Text(p).text for p in olds if p.tag == P).strip()
            new_text = " ".join(_Text(p).text for p in news if p.tag == P).strip()
            record.note("not applied", "the signed document has no table cell like "
                                       f"{_quote(old_text or '(empty)')}, so it is not changed to {_quote(new_text)}")
            return
        self.blocks(_Place(signed_tc), sequence_ops(olds, news, in_cell=True), record)

    def _signatures_by_signatory(self, signed_tbl, o, n, record: _Record) -> None:
        """The signature table when signatories were added or removed (see
        :mod:`mou_wizard.docx.signature_table`), in counsel's table as it stands: a removed
        signatory's block is struck in its cell, a kept one's edited in its cell, and an added one's
        is a new row after the block of the signatory before them (never a block moved cell by cell)."""
        def keyed(tbl) -> list[tuple[str, object, object]]:
            # Two blank countersignatures of one kind ("Approved as to form", no name yet) are told
            # apart by their order (the District's first).
            seen: Counter = Counter()
            out = []
            for tr in tbl.findall(TR):
                for tc in tr.findall(_TC):
                    k = signature_table.signatory_key(tc)
                    if k:
                        seen[k] += 1
                        out.append((f"{k}\n{seen[k]}", tr, tc))
            return out

        old_cells = {k: tc for k, _, tc in keyed(o)}
        new_rows = keyed(n)
        new_keys = {k for k, _, _ in new_rows}
        for k, otc in old_cells.items():
            if k not in new_keys:  # removed: the block struck, its cell left empty
                olds = [c for c in otc if c.tag != _TCPR]
                blank = copy.deepcopy(olds[-1])
                for child in [c for c in blank if c.tag != PPR]:
                    blank.remove(child)
                self._pair_cell(otc, [blank], record)
        cursor = None
        for k, ntr, ntc in new_rows:
            if k in old_cells:
                self._pair_cell(old_cells[k], [c for c in ntc if c.tag != _TCPR], record)
                found = self._majority_ancestor(old_cells[k], TR, within=signed_tbl)
                cursor = found if found is not None else cursor
                continue
            row = copy.deepcopy(ntr)  # the new block, and an empty cell beside it
            for tc, src in zip(row.findall(_TC), ntr.findall(_TC)):
                if src is not ntc:
                    for child in [c for c in tc if c.tag not in (_TCPR, P)]:
                        tc.remove(child)
                    for p in tc.findall(P)[:-1]:
                        tc.remove(p)
                    last = tc.find(P)
                    for child in [c for c in last if c.tag != PPR] if last is not None else []:
                        last.remove(child)
            cursor = self._insert_row(signed_tbl, row, cursor, record)

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

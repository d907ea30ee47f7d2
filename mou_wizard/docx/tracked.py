"""Native Word tracked changes (w:ins / w:del) between two renderings of the same part: word-level
changes inside a paragraph, whole paragraphs and table rows added or removed, paragraphs paired by
similarity. Used by :mod:`mou_wizard.docx.revision`."""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable, Iterable
from difflib import SequenceMatcher

from docx.oxml.ns import qn
from lxml import etree
from lxml.etree import SubElement as _sub

from mou_wizard.docx import render as dr
from mou_wizard.docx import signature_table

# --- XML names -----------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
P, PPR, R, RPR, _T, _TAB = qn("w:p"), qn("w:pPr"), qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:tab")
_DELTEXT, INS, DEL, _PPRCHANGE = qn("w:delText"), qn("w:ins"), qn("w:del"), qn("w:pPrChange")
TBL, TBLPR, _TBLGRID, TR, TRPR, _TC, _TCPR = (
    qn("w:tbl"), qn("w:tblPr"), qn("w:tblGrid"), qn("w:tr"), qn("w:trPr"), qn("w:tc"), qn("w:tcPr"))
ID, _AUTHOR, DATE, NAME, VAL = qn("w:id"), qn("w:author"), qn("w:date"), qn("w:name"), qn("w:val")
PSTYLE, RSTYLE = qn("w:pStyle"), qn("w:rStyle")
BM_START, BM_END = qn("w:bookmarkStart"), qn("w:bookmarkEnd")
CR_START, CR_END, CREF = qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
SECTPR = qn("w:sectPr")


# --- tracked-change writer -----------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|\S+")


def element_key(element) -> bytes:
    return etree.tostring(element)


def _runs_of(p) -> list[tuple[bytes, object, str]]:
    """A rendered paragraph's runs as (formatting key, rPr element or None, text); like runs merged."""
    out: list[list] = []
    for child in p:
        if child.tag == PPR:
            continue
        if child.tag != R:
            raise ValueError(f"unexpected element {child.tag} in a rendered paragraph")
        rpr, text = None, []
        for c in child:
            if c.tag == RPR:
                rpr = c
            elif c.tag == _T:
                text.append(c.text or "")
            elif c.tag == _TAB:
                text.append("\t")
            else:
                raise ValueError(f"unexpected element {c.tag} in a rendered run")
        fmt = element_key(rpr) if rpr is not None else b""
        if out and out[-1][0] == fmt:
            out[-1][2] += "".join(text)
        else:
            out.append([fmt, rpr, "".join(text)])
    return [tuple(r) for r in out if r[2]]


def _text_of(p) -> str:
    return "".join(text for _, _, text in _runs_of(p))


def _ppr_key(p) -> bytes:
    ppr = p.find(PPR)
    return element_key(ppr) if ppr is not None else b""


def _trimmed_opcodes(a: list, b: list) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes, with the tokens both ends share matched first: an edited paragraph
    usually changes a few words, and the matcher's work grows with the product of the lengths."""
    lim = min(len(a), len(b))
    head = 0
    while head < lim and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < lim - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    core = SequenceMatcher(None, a[head:len(a) - tail], b[head:len(b) - tail], autojunk=False).get_opcodes()
    ops = [("equal", 0, head, 0, head)]
    ops += [(tag, i1 + head, i2 + head, j1 + head, j2 + head) for tag, i1, i2, j1, j2 in core]
    ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    out: list[tuple[str, int, int, int, int]] = []
    for op in ops:
        if op[0] == "equal" and op[1] == op[2]:
            continue  # nothing shared at that end
        if out and op[0] == "equal" and out[-1][0] == "equal":
            out[-1] = ("equal", out[-1][1], op[2], out[-1][3], op[4])
        else:
            out.append(op)
    return out


def _word_ops(a: list, b: list) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher opcodes over word / whitespace tokens, with the bare spaces left between two
    changes folded into one change ("twelve (12)" -> "twenty-four (24)", not word by word)."""
    ops = _trimmed_opcodes(a, b)
    marked = []
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if (tag == "equal" and 0 < k < len(ops) - 1
                and all(not tok.strip() for _, tok in a[i1:i2])):
            tag = "replace"
        marked.append((tag, i1, i2, j1, j2))
    out: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in marked:
        if out and tag != "equal" and out[-1][0] != "equal":
            _, a1, _, b1, _ = out[-1]
            out[-1] = ("replace", a1, i2, b1, j2)
        else:
            out.append((tag, i1, i2, j1, j2))
    return out


def _tokens(runs) -> list[tuple[bytes, str]]:
    return [(fmt, tok) for fmt, _, text in runs for tok in _TOKEN.findall(text)]


def _bag(text: str) -> Counter:
    return Counter(tok for tok in _TOKEN.findall(text) if tok.strip())


def _similarity(a: Counter, b: Counter) -> float:
    """Dice coefficient of two bags of words (1.0 for two empty texts): cheap enough to score every
    old paragraph or row against every new one when lining them up."""
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    return 2 * sum((a & b).values()) / total


def _align(n: int, m: int, score: Callable[[int, int], float | None]) -> list[tuple[int | None, int | None]]:
    """Best order-keeping pairing of n old and m new items (``score`` None: may not pair); in each
    gap between pairs, the unpaired old items come before the unpaired new ones."""
    scores = {(i, j): score(i, j) for i in range(n) for j in range(m)}
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            value = max(best[i + 1][j], best[i][j + 1])
            s = scores[i, j]
            if s is not None:
                value = max(value, s + best[i + 1][j + 1])
            best[i][j] = value
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        s = scores[i, j]
        if s is not None and best[i][j] == s + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    out: list[tuple[int | None, int | None]] = []
    i = j = 0
    for pi, pj in pairs + [(n, m)]:
        out += [(k, None) for k in range(i, pi)]
        out += [(None, k) for k in range(j, pj)]
        if pi < n:
            out.append((pi, pj))
        i, j = pi + 1, pj + 1
    return out


_PAIR_THRESHOLD = 0.3  # below this word similarity two paragraphs are shown as removed + added


def _lead(p) -> tuple[bytes, str] | None:
    """A paragraph's first word with its formatting, e.g. (plain, "Name:")."""
    for fmt, _, text in _runs_of(p):
        words = text.split()
        if words:
            return fmt, words[0]
    return None


_SENTENCE_THRESHOLD = 0.5  # a sentence sharing fewer of its words than this is replaced whole
_SENTENCE_END = re.compile(r"[.!?;][\"'\u201d\u2019)\]]*$")


def _sentences(tokens: list) -> list[list]:
    """Word / whitespace tokens cut into sentences, each with the whitespace that follows it."""
    out: list[list] = [[]]
    for k, token in enumerate(tokens):
        if (not token[1].strip() and out[-1] and _SENTENCE_END.search(out[-1][-1][1])
                and (k + 1 == len(tokens) or tokens[k + 1][1].strip())):
            out[-1].append(token)
            out.append([])
        else:
            out[-1].append(token)
    return [s for s in out if s]


def _sentence_regions(a: list, b: list) -> list[tuple[list, list]]:
    """The two token lists as aligned runs of whole sentences: (old tokens, new tokens), equal ones
    as identical lists."""
    sa, sb = _sentences(a), _sentences(b)
    sm = SequenceMatcher(None, [tuple(s) for s in sa], [tuple(s) for s in sb], autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out += [(s, s) for s in sb[j1:j2]]
        else:
            out.append(([t for s in sa[i1:i2] for t in s], [t for s in sb[j1:j2] for t in s]))
    return out


class TrackedWriter:
    """Writes tracked changes; every change gets the next w:id, this author and this date."""

    def __init__(self, author: str, date: str, first_id: int) -> None:
        self.author, self.date, self.next_id = author, date, first_id

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    def _mark(self, parent, tag):
        element = _sub(parent, tag)
        element.set(ID, self.new_id())
        element.set(_AUTHOR, self.author)
        element.set(DATE, self.date)
        return element

    # -- runs and paragraphs --

    @staticmethod
    def _run(parent, rpr, text: str, deleted: bool) -> None:
        r = _sub(parent, R)
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        dr.add_text(r, text, _DELTEXT if deleted else _T)

    def runs(self, p, segments: Iterable[tuple[str, bytes, object, str]]) -> None:
        """Append runs to ``p``: segments (op, formatting key, rPr, text) with op "eq", "ins" or
        "del"; like segments merge into one run, and neighbouring changed runs share one w:ins / w:del."""
        merged: list[list] = []
        for op, fmt, rpr, text in segments:
            if not text:
                continue
            if merged and merged[-1][0] == op and merged[-1][1] == fmt:
                merged[-1][3] += text
            else:
                merged.append([op, fmt, rpr, text])
        wrapper, wrapper_op = None, None
        for op, _, rpr, text in merged:
            if op == "eq":
                parent, wrapper_op = p, None
            else:
                if wrapper_op != op:
                    wrapper, wrapper_op = self._mark(p, INS if op == "ins" else DEL), op
                parent = wrapper
            self._run(parent, rpr, text, op == "del")

    def paragraph(self, parent, src, mark: str | None = None, old_src=None):
        """A new ``w:p`` with ``src``'s properties; ``mark`` "ins" / "del" marks its paragraph mark;
        ``old_src`` (a paragraph with other properties) records them in ``w:pPrChange``."""
        p = _sub(parent, P)
        ppr = src.find(PPR)
        ppr = copy.deepcopy(ppr) if ppr is not None else None
        if ppr is None and (mark or old_src is not None):
            ppr = p.makeelement(PPR, {})
        if ppr is not None:
            p.insert(0, ppr)
        if mark:
            rpr = ppr.find(RPR)
            if rpr is None:
                rpr = _sub(ppr, RPR)
            self._mark(rpr, INS if mark == "ins" else DEL)
            rpr.insert(0, rpr[-1])  # w:ins / w:del come first in a paragraph mark's rPr
        if old_src is not None:
            change = self._mark(ppr, _PPRCHANGE)
            base = _sub(change, PPR)
            old_ppr = old_src.find(PPR)
            for child in old_ppr if old_ppr is not None else ():
                if child.tag not in (RPR, SECTPR, _PPRCHANGE):
                    base.append(copy.deepcopy(child))
        return p

    def whole_paragraph(self, parent, src, op: str, mark: bool = True):
        p = self.paragraph(parent, src, op if mark else None)
        self.runs(p, ((op, fmt, rpr, text) for fmt, rpr, text in _runs_of(src)))
        return p

    def word_diff(self, p, old, new) -> None:
        """Append to ``p`` the runs of ``new`` with changes against ``old``: sentence by sentence, a
        sentence rewritten so that its old and new versions share under half their words is
        replaced whole (struck, then the new one), else changed word by word."""
        runs_old, runs_new = _runs_of(old), _runs_of(new)
        a, b = _tokens(runs_old), _tokens(runs_new)
        rprs = {fmt: rpr for fmt, rpr, _ in runs_old + runs_new}
        segments = []
        for ta, tb in _sentence_regions(a, b):
            if ta == tb:
                segments += [("eq", fmt, rprs[fmt], tok) for fmt, tok in tb]
                continue
            whole = not ta or not tb or _similarity(_bag("".join(t for _, t in ta)),
                                                    _bag("".join(t for _, t in tb))) < _SENTENCE_THRESHOLD
            for tag, i1, i2, j1, j2 in [("replace", 0, len(ta), 0, len(tb))] if whole else _word_ops(ta, tb):
                if tag == "equal":
                    segments += [("eq", fmt, rprs[fmt], tok) for fmt, tok in tb[j1:j2]]
                else:
                    segments += [("del", fmt, rprs[fmt], tok) for fmt, tok in ta[i1:i2]]
                    segments += [("ins", fmt, rprs[fmt], tok) for fmt, tok in tb[j1:j2]]
        self.runs(p, segments)

    def pair_paragraph(self, parent, old, new):
        if element_key(old) == element_key(new):
            parent.append(copy.deepcopy(new))
            return parent[-1]
        p = self.paragraph(parent, new, old_src=old if _ppr_key(old) != _ppr_key(new) else None)
        self.word_diff(p, old, new)
        return p

    # -- sequences of block-level elements (a body's or a cell's) --

    def whole(self, parent, element, op: str, last_in_cell: bool = False) -> None:
        if element.tag == P:
            self.whole_paragraph(parent, element, op, mark=not last_in_cell)
        elif element.tag == TBL:
            tbl = self._table_shell(parent, element)
            for tr in element.findall(TR):
                self.whole_row(tbl, tr, op)
        else:
            raise ValueError(f"unexpected block element {element.tag}")

    def sequence(self, parent, old: list, new: list, in_cell: bool = False) -> None:
        """Append ``new``'s elements to ``parent`` with tracked changes against ``old`` (paired as
        :func:`sequence_ops` pairs them)."""
        for op, o, n in sequence_ops(old, new, in_cell):
            if op == "equal":
                parent.append(copy.deepcopy(n))
            elif op == "pair":
                self.pair(parent, o, n)
            elif op == "del":
                self.whole(parent, o, "del")
            else:
                self.whole(parent, n, "ins")

    def pair(self, parent, old, new) -> None:
        if old.tag == P and new.tag == P:
            self.pair_paragraph(parent, old, new)
        elif old.tag == TBL and new.tag == TBL:
            self.pair_table(parent, old, new)
        else:
            self.whole(parent, old, "del")
            self.whole(parent, new, "ins")

    # -- tables --

    @staticmethod
    def _table_shell(parent, src):
        tbl = _sub(parent, TBL)
        for tag in (TBLPR, _TBLGRID):
            child = src.find(tag)
            if child is not None:
                tbl.append(copy.deepcopy(child))
        return tbl

    def whole_row(self, tbl, src_tr, op: str) -> None:
        tr = _sub(tbl, TR)
        trpr = src_tr.find(TRPR)
        if trpr is not None:
            tr.append(copy.deepcopy(trpr))
        else:
            trpr = _sub(tr, TRPR)
        trpr = tr[0]
        self._mark(trpr, INS if op == "ins" else DEL)
        for src_tc in src_tr.findall(_TC):
            tc = _sub(tr, _TC)
            blocks = [c for c in src_tc if c.tag != _TCPR]
            if src_tc.find(_TCPR) is not None:
                tc.append(copy.deepcopy(src_tc.find(_TCPR)))
            for k, element in enumerate(blocks):
                self.whole(tc, element, op, last_in_cell=k == len(blocks) - 1)

    def pair_row(self, tbl, old_tr, new_tr) -> None:
        tr = _sub(tbl, TR)
        if new_tr.find(TRPR) is not None:
            tr.append(copy.deepcopy(new_tr.find(TRPR)))
        for old_tc, new_tc in zip(old_tr.findall(_TC), new_tr.findall(_TC)):
            tc = _sub(tr, _TC)
            if new_tc.find(_TCPR) is not None:
                tc.append(copy.deepcopy(new_tc.find(_TCPR)))
            olds, news = [c for c in old_tc if c.tag != _TCPR], [c for c in new_tc if c.tag != _TCPR]
            if _other_signatory(olds, news):
                self.replace_cell(tc, olds, news)
            else:
                self.sequence(tc, olds, news, in_cell=True)

    def replace_cell(self, tc, olds: list, news: list) -> None:
        """A cell whose content is replaced whole (another signatory's block): the old paragraphs
        struck, the new ones inserted, the last paragraph (a cell's last mark cannot go) changed in place."""
        for element in olds[:-1]:
            self.whole(tc, element, "del")
        for element in news[:-1]:
            self.whole(tc, element, "ins")
        if olds[-1].tag == P and news[-1].tag == P:
            self.pair_paragraph(tc, olds[-1], news[-1])
        else:
            self.sequence(tc, olds[-1:], news[-1:], in_cell=True)

    def pair_table(self, parent, old, new) -> None:
        ops = row_ops(old, new)
        if signature_table.is_signature_table(new) and signature_table.by_signatory(
                old, new, [(o, n) for op, o, n in ops if op == "pair"]):
            signature_table.write(self, parent, old, new)  # signatories added or removed: one to a row
            return
        tbl = self._table_shell(parent, new)
        for op, o, n in ops:
            if op == "equal":
                tbl.append(copy.deepcopy(n))
            elif op == "pair":
                self.pair_row(tbl, o, n)
            elif op == "del":
                self.whole_row(tbl, o, "del")
            else:
                self.whole_row(tbl, n, "ins")


# --- how two sequences line up -------------------------------------------------------------------


def _signatory(blocks: list) -> str | None:
    """The person a signature cell is for (its "Name:" line); "" for an empty cell; None when the
    cell is not a signature cell."""
    styles = [b.find(f"{PPR}/{PSTYLE}") for b in blocks if b.tag == P]
    styles = {st.get(VAL) for st in styles if st is not None}
    if dr.STYLE_SIGNATURE not in styles:
        return None
    names = [_text_of(b) for b in blocks if b.tag == P and _text_of(b).startswith("Name: ")]
    return names[0].removeprefix("Name: ").strip() if names else ""


def _other_signatory(olds: list, news: list) -> bool:
    """Whether two signature cells are for different people (their names share under half their
    words, or one cell is empty): compared by signatory, never word by word across two people."""
    a, b = _signatory(olds), _signatory(news)
    if a is None or b is None or a == b or not olds or not news:
        return False
    return not a or not b or _similarity(_bag(a), _bag(b)) < _SENTENCE_THRESHOLD


def sequence_ops(old: list, new: list, in_cell: bool = False) -> list[tuple[str, object, object]]:
    """How the block-level elements of ``old`` and ``new`` (a body's or a cell's) line up, in the
    order they are written: ("equal", o, n) for identical elements, ("pair", o, n) for one element
    rewritten, ("del", o, None) and ("ins", None, n). Identical elements are matched first; in each
    gap between them, paragraphs of the same properties are paired by word similarity (or the same
    opening word) and tables with tables. In a table cell the last paragraphs are always paired: a
    cell's last paragraph mark cannot go."""
    if in_cell and old and new:
        return sequence_ops(old[:-1], new[:-1]) + [("pair", old[-1], new[-1])]
    out: list[tuple[str, object, object]] = []
    keys_old, keys_new = [element_key(e) for e in old], [element_key(e) for e in new]
    sm = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out += [("equal", o, n) for o, n in zip(old[i1:i2], new[j1:j2])]
            continue
        olds, news = old[i1:i2], new[j1:j2]
        texts_old = [_bag(_text_of(e)) if e.tag == P else None for e in olds]
        texts_new = [_bag(_text_of(e)) if e.tag == P else None for e in news]
        leads_old = [_lead(e) if e.tag == P else None for e in olds]
        leads_new = [_lead(e) if e.tag == P else None for e in news]
        props_old = [_ppr_key(e) if e.tag == P else None for e in olds]
        props_new = [_ppr_key(e) if e.tag == P else None for e in news]

        def score(i, j):
            a, b = olds[i], news[j]
            if a.tag != b.tag:
                return None
            if a.tag == TBL:
                return 1.0
            if props_old[i] != props_new[j]:
                return None
            s = _similarity(texts_old[i], texts_new[j])
            if s >= _PAIR_THRESHOLD:
                return s
            # Same opening word ("Name:", "Title:"): one line rewritten, not a line replaced.
            return _PAIR_THRESHOLD / 2 if leads_old[i] and leads_old[i] == leads_new[j] else None

        out += _gap_ops(olds, news, score)
    return out


def _gap_ops(olds: list, news: list, score) -> list[tuple[str, object, object]]:
    """The ops for a gap between identical elements: pairs where ``score`` allows, the rest removed
    and added (see :func:`_align`)."""
    out: list[tuple[str, object, object]] = []
    for i, j in _align(len(olds), len(news), score):
        if i is not None and j is not None:
            out.append(("pair", olds[i], news[j]))
        elif i is not None:
            out.append(("del", olds[i], None))
        else:
            out.append(("ins", None, news[j]))
    return out


def row_ops(old, new) -> list[tuple[str, object, object]]:
    """How the rows of two tables line up: ("equal", o, n), ("pair", o, n) for a row whose cells
    changed (same number of cells, similar text), ("del", o, None), ("ins", None, n)."""
    out: list[tuple[str, object, object]] = []
    rows_old, rows_new = old.findall(TR), new.findall(TR)
    sm = SequenceMatcher(None, [element_key(r) for r in rows_old], [element_key(r) for r in rows_new], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out += [("equal", o, n) for o, n in zip(rows_old[i1:i2], rows_new[j1:j2])]
            continue
        olds, news = rows_old[i1:i2], rows_new[j1:j2]
        texts_old = [_bag("\n".join(_text_of(p) for p in r.iter(P))) for r in olds]
        texts_new = [_bag("\n".join(_text_of(p) for p in r.iter(P))) for r in news]

        def score(i, j):
            if len(olds[i].findall(_TC)) != len(news[j].findall(_TC)):
                return None
            s = _similarity(texts_old[i], texts_new[j])
            return s if s >= _PAIR_THRESHOLD else None

        out += _gap_ops(olds, news, score)
    return out

"""A revision draft: the new draft as a Word document with native tracked changes against the old one.

Both drafts are laid out by :mod:`mou_wizard.docx.render`'s own builders, one part at a time (title
block, preamble, recitals, each article heading, each section, signatures, disclaimer, appendix),
into detached elements. The parts are matched by identity, never by number (a section's number
shifts when a clause before it comes or goes): sections by ``clause_id``, articles by their library
section id, the fixed parts by name. Matched parts are compared paragraph by paragraph, and inside a
paragraph word by word, so the result is made of the two clean renderings' own paragraphs:

* accepting every change gives exactly ``docx_bytes(new)``'s paragraphs (text and style),
* rejecting every change gives exactly ``docx_bytes(old)``'s.

Markup used (ECMA-376 Part 1, 17.13.5): ``w:ins`` / ``w:del`` around runs (deleted text in
``w:delText``); a paragraph wholly added or removed also has its paragraph mark marked
(``w:pPr/w:rPr/w:ins|w:del``), so accepting a removal or rejecting an addition removes the paragraph
itself; a table row wholly added or removed is marked in ``w:trPr``; a paragraph that keeps its
place but changes style carries ``w:pPrChange``.

Each change that :func:`compare` reports gets one Word comment (made with python-docx's comments
part, anchored here with ``commentRangeStart`` / ``commentRangeEnd`` around the part's paragraphs)
and one row in a "Summary of changes" table after the title block. That summary is front matter of
the revision, not text of the MOU: it sits inside the bookmark :data:`SUMMARY_MARK` and uses its
own styles; :func:`strip_summary` removes it.

Public API: :class:`ClauseChange`, :func:`compare`, :func:`revision_document`, :func:`revision_bytes`,
:func:`strip_summary`, :data:`SUMMARY_MARK`; the summary's wording: :func:`section_label`,
:func:`describe`, :func:`default_reason`.
"""

from __future__ import annotations

import copy
import datetime as _dt
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree
from lxml.etree import SubElement as _sub

from mou_wizard.docx import render as dr
from mou_wizard.domain.draft import Draft, Run

__all__ = [
    "ClauseChange",
    "SUMMARY_MARK",
    "compare",
    "default_reason",
    "describe",
    "revision_bytes",
    "revision_document",
    "section_label",
    "strip_summary",
]

SUMMARY_MARK = "mou_revision_summary"  # bookmark name around the summary (heading to table)
STYLE_SUMMARY_HEADING = "MOURevisionSummaryHeading"
STYLE_SUMMARY_TEXT = "MOURevisionSummaryText"
STYLE_SUMMARY_TABLE_HEADING = "MOURevisionSummaryTableHeading"
STYLE_SUMMARY_TABLE = "MOURevisionSummaryTable"
SUMMARY_STYLES = (STYLE_SUMMARY_HEADING, STYLE_SUMMARY_TEXT, STYLE_SUMMARY_TABLE_HEADING, STYLE_SUMMARY_TABLE)
SUMMARY_TITLE = "Summary of changes"
SUMMARY_COLUMNS = ("Section", "What changed", "Why")
SUMMARY_WIDTHS = (1584, 3456, 4320)  # twips; 9360 = the 6.5-inch text width
NO_CHANGES = "No changes"
COMMENT_INITIALS = "MW"

# Pseudo clause ids for the parts of the document that are not numbered sections.
PSEUDO_LABELS = {
    "title": "Title",  # the title block and the running header
    "preamble": "Preamble",
    "recitals": "Recitals",
    "signatures": "Signatures",  # the IN WITNESS WHEREOF line and the signature table
    "disclaimer": "Disclaimer",
    "appendix": "Appendix A",
}
_HEAD = ("title", "preamble", "recitals")
_TAIL = ("signatures", "disclaimer", "appendix")
ARTICLE_PREFIX = "article:"  # key of an article heading: "article:" + the library section id

# --- XML names -----------------------------------------------------------------------------------

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _PPR, _R, _RPR, _T, _TAB = qn("w:p"), qn("w:pPr"), qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:tab")
_DELTEXT, _INS, _DEL, _PPRCHANGE = qn("w:delText"), qn("w:ins"), qn("w:del"), qn("w:pPrChange")
_TBL, _TBLPR, _TBLGRID, _TR, _TRPR, _TC, _TCPR = (
    qn("w:tbl"), qn("w:tblPr"), qn("w:tblGrid"), qn("w:tr"), qn("w:trPr"), qn("w:tc"), qn("w:tcPr"))
_ID, _AUTHOR, _DATE, _NAME, _VAL = qn("w:id"), qn("w:author"), qn("w:date"), qn("w:name"), qn("w:val")
_PSTYLE, _RSTYLE = qn("w:pStyle"), qn("w:rStyle")
_BM_START, _BM_END = qn("w:bookmarkStart"), qn("w:bookmarkEnd")
_CR_START, _CR_END, _CREF = qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_SECTPR = qn("w:sectPr")


# --- what changed --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClauseChange:
    clause_id: str          # a clause id, or a pseudo id: "title", "preamble", "recitals", "signatures", ...
    kind: str               # "added" | "removed" | "changed"
    old_number: str | None  # e.g. "8.1" in the old draft (None if added, or for a pseudo id)
    new_number: str | None  # in the new draft (None if removed, or for a pseudo id)
    title: str


@dataclass(frozen=True)
class _Part:
    """One piece of a draft as the document shows it, with what decides whether it changed."""

    key: str
    kind: str                    # "fixed" | "article" | "clause"
    number: str | None
    title: str
    sec_ids: tuple[str, ...]
    value: object                # equal values render identically
    render: Callable             # render(body): append this part's elements to ``body``


def _norm_runs(runs: Iterable[Run]) -> tuple[tuple[str, bool, bool], ...]:
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


def _parts(draft: Draft) -> list[_Part]:
    parts = [
        _Part("title", "fixed", None, PSEUDO_LABELS["title"], (),
              (dr._titles(draft), dr.clean_text(draft.core_title), dr.clean_text(draft.header)),
              lambda body: dr._add_title(body, draft)),
        _Part("preamble", "fixed", None, PSEUDO_LABELS["preamble"], (), _norm_runs(draft.preamble),
              lambda body: dr._add_preamble(body, draft)),
        _Part("recitals", "fixed", None, PSEUDO_LABELS["recitals"], (),
              tuple(_norm_runs(b.runs) for b in draft.recitals), lambda body: dr._add_recitals(body, draft)),
    ]
    for article in draft.articles:
        parts.append(_Part(ARTICLE_PREFIX + article.section_id, "article", str(article.number), article.title, (),
                           dr.clean_text(article.title), lambda body, a=article: dr._add_article_heading(body, a)))
        for s in article.sections:
            value = (dr.clean_text(s.title), tuple((b.kind, _norm_runs(b.runs)) for b in s.blocks))
            parts.append(_Part(s.clause_id, "clause", s.number, s.title, tuple(s.sec_ids), value,
                               lambda body, s=s: dr._add_section(body, s)))
    signatures = (dr.clean_text(draft.witness),
                  tuple(tuple(_norm_runs(part) for part in (g.name, g.title, g.organization))
                        for g in draft.signatories))
    parts += [
        _Part("signatures", "fixed", None, PSEUDO_LABELS["signatures"], (), signatures,
              lambda body: dr._add_signatures(body, draft.witness, draft.signatories)),
        _Part("disclaimer", "fixed", None, PSEUDO_LABELS["disclaimer"], (), draft.disclaimer.strip(),
              lambda body: dr._add_disclaimer(body, draft.disclaimer)),
        _Part("appendix", "fixed", None, PSEUDO_LABELS["appendix"], (), (tuple(draft.coverage), draft.state_alignment),
              lambda body: dr._add_appendix(body, draft)),
    ]
    return parts


def _merge(old: list[_Part], new: list[_Part]) -> list[tuple[_Part | None, _Part | None]]:
    """The parts of both drafts in the order the revision shows them: the new draft's order, with
    each removed part where it stood (removals before additions at the same place)."""
    by_key_old = {p.key: p for p in old if p.kind == "fixed"}
    by_key_new = {p.key: p for p in new if p.kind == "fixed"}
    mid_old = [p for p in old if p.kind != "fixed"]
    mid_new = [p for p in new if p.kind != "fixed"]
    out: list[tuple[_Part | None, _Part | None]] = [(by_key_old[k], by_key_new[k]) for k in _HEAD]
    sm = SequenceMatcher(None, [p.key for p in mid_old], [p.key for p in mid_new], autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out += list(zip(mid_old[i1:i2], mid_new[j1:j2]))
        else:
            out += [(p, None) for p in mid_old[i1:i2]]
            out += [(None, p) for p in mid_new[j1:j2]]
    out += [(by_key_old[k], by_key_new[k]) for k in _TAIL]
    return out


def _changes(merged: list[tuple[_Part | None, _Part | None]]) -> list[tuple[int, ClauseChange, tuple[str, ...]]]:
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
    return [c for _, c, _ in _changes(_merge(_parts(old), _parts(new)))]


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


# --- tracked-change writer -----------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|\S+")


def _key(element) -> bytes:
    return etree.tostring(element)


def _runs_of(p) -> list[tuple[bytes, object, str]]:
    """A rendered paragraph's runs as (formatting key, rPr element or None, text); like runs merged."""
    out: list[list] = []
    for child in p:
        if child.tag == _PPR:
            continue
        if child.tag != _R:
            raise ValueError(f"unexpected element {child.tag} in a rendered paragraph")
        rpr, text = None, []
        for c in child:
            if c.tag == _RPR:
                rpr = c
            elif c.tag == _T:
                text.append(c.text or "")
            elif c.tag == _TAB:
                text.append("\t")
            else:
                raise ValueError(f"unexpected element {c.tag} in a rendered run")
        fmt = _key(rpr) if rpr is not None else b""
        if out and out[-1][0] == fmt:
            out[-1][2] += "".join(text)
        else:
            out.append([fmt, rpr, "".join(text)])
    return [tuple(r) for r in out if r[2]]


def _text_of(p) -> str:
    return "".join(text for _, _, text in _runs_of(p))


def _ppr_key(p) -> bytes:
    ppr = p.find(_PPR)
    return _key(ppr) if ppr is not None else b""


def _word_ops(a: list, b: list) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher opcodes over word / whitespace tokens, with the bare spaces left between two
    changes folded into one change ("twelve (12)" -> "twenty-four (24)", not word by word)."""
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
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


class _Writer:
    """Writes tracked changes; every change gets the next w:id, this author and this date."""

    def __init__(self, author: str, date: str, first_id: int) -> None:
        self.author, self.date, self.next_id = author, date, first_id

    def new_id(self) -> str:
        self.next_id += 1
        return str(self.next_id - 1)

    def _mark(self, parent, tag):
        element = _sub(parent, tag)
        element.set(_ID, self.new_id())
        element.set(_AUTHOR, self.author)
        element.set(_DATE, self.date)
        return element

    # -- runs and paragraphs --

    @staticmethod
    def _run(parent, rpr, text: str, deleted: bool) -> None:
        r = _sub(parent, _R)
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        dr._add_text(r, text, _DELTEXT if deleted else _T)

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
                    wrapper, wrapper_op = self._mark(p, _INS if op == "ins" else _DEL), op
                parent = wrapper
            self._run(parent, rpr, text, op == "del")

    def paragraph(self, parent, src, mark: str | None = None, old_src=None):
        """A new ``w:p`` with ``src``'s properties; ``mark`` "ins" / "del" marks its paragraph mark;
        ``old_src`` (a paragraph with other properties) records them in ``w:pPrChange``."""
        p = _sub(parent, _P)
        ppr = src.find(_PPR)
        ppr = copy.deepcopy(ppr) if ppr is not None else None
        if ppr is None and (mark or old_src is not None):
            ppr = p.makeelement(_PPR, {})
        if ppr is not None:
            p.insert(0, ppr)
        if mark:
            rpr = ppr.find(_RPR)
            if rpr is None:
                rpr = _sub(ppr, _RPR)
            self._mark(rpr, _INS if mark == "ins" else _DEL)
            rpr.insert(0, rpr[-1])  # w:ins / w:del come first in a paragraph mark's rPr
        if old_src is not None:
            change = self._mark(ppr, _PPRCHANGE)
            base = _sub(change, _PPR)
            old_ppr = old_src.find(_PPR)
            for child in old_ppr if old_ppr is not None else ():
                if child.tag not in (_RPR, _SECTPR, _PPRCHANGE):
                    base.append(copy.deepcopy(child))
        return p

    def whole_paragraph(self, parent, src, op: str, mark: bool = True):
        p = self.paragraph(parent, src, op if mark else None)
        self.runs(p, ((op, fmt, rpr, text) for fmt, rpr, text in _runs_of(src)))
        return p

    def word_diff(self, p, old, new) -> None:
        """Append to ``p`` the runs of ``new`` with word-level changes against ``old``."""
        runs_old, runs_new = _runs_of(old), _runs_of(new)
        a, b = _tokens(runs_old), _tokens(runs_new)
        rprs = {fmt: rpr for fmt, rpr, _ in runs_old + runs_new}
        segments = []
        for tag, i1, i2, j1, j2 in _word_ops(a, b):
            if tag == "equal":
                segments += [("eq", fmt, rprs[fmt], tok) for fmt, tok in b[j1:j2]]
            else:
                segments += [("del", fmt, rprs[fmt], tok) for fmt, tok in a[i1:i2]]
                segments += [("ins", fmt, rprs[fmt], tok) for fmt, tok in b[j1:j2]]
        self.runs(p, segments)

    def pair_paragraph(self, parent, old, new):
        if _key(old) == _key(new):
            parent.append(copy.deepcopy(new))
            return parent[-1]
        p = self.paragraph(parent, new, old_src=old if _ppr_key(old) != _ppr_key(new) else None)
        self.word_diff(p, old, new)
        return p

    # -- sequences of block-level elements (a body's or a cell's) --

    def whole(self, parent, element, op: str, last_in_cell: bool = False) -> None:
        if element.tag == _P:
            self.whole_paragraph(parent, element, op, mark=not last_in_cell)
        elif element.tag == _TBL:
            tbl = self._table_shell(parent, element)
            for tr in element.findall(_TR):
                self.whole_row(tbl, tr, op)
        else:
            raise ValueError(f"unexpected block element {element.tag}")

    def sequence(self, parent, old: list, new: list, in_cell: bool = False) -> None:
        """Append ``new``'s elements to ``parent`` with tracked changes against ``old``. In a table
        cell the last paragraphs are always paired: a cell's last paragraph mark cannot go."""
        if in_cell and old and new:
            self.sequence(parent, old[:-1], new[:-1])
            self.pair(parent, old[-1], new[-1])
            return
        keys_old, keys_new = [_key(e) for e in old], [_key(e) for e in new]
        sm = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                for e in new[j1:j2]:
                    parent.append(copy.deepcopy(e))
                continue
            olds, news = old[i1:i2], new[j1:j2]
            texts_old = [_bag(_text_of(e)) if e.tag == _P else None for e in olds]
            texts_new = [_bag(_text_of(e)) if e.tag == _P else None for e in news]
            leads_old = [_lead(e) if e.tag == _P else None for e in olds]
            leads_new = [_lead(e) if e.tag == _P else None for e in news]
            props_old = [_ppr_key(e) if e.tag == _P else None for e in olds]
            props_new = [_ppr_key(e) if e.tag == _P else None for e in news]

            def score(i, j):
                a, b = olds[i], news[j]
                if a.tag != b.tag:
                    return None
                if a.tag == _TBL:
                    return 1.0
                if props_old[i] != props_new[j]:
                    return None
                s = _similarity(texts_old[i], texts_new[j])
                if s >= _PAIR_THRESHOLD:
                    return s
                # Same opening word ("Name:", "Title:"): one line rewritten, not a line replaced.
                return _PAIR_THRESHOLD / 2 if leads_old[i] and leads_old[i] == leads_new[j] else None

            for i, j in _align(len(olds), len(news), score):
                if i is not None and j is not None:
                    self.pair(parent, olds[i], news[j])
                elif i is not None:
                    self.whole(parent, olds[i], "del")
                else:
                    self.whole(parent, news[j], "ins")

    def pair(self, parent, old, new) -> None:
        if old.tag == _P and new.tag == _P:
            self.pair_paragraph(parent, old, new)
        elif old.tag == _TBL and new.tag == _TBL:
            self.pair_table(parent, old, new)
        else:
            self.whole(parent, old, "del")
            self.whole(parent, new, "ins")

    # -- tables --

    @staticmethod
    def _table_shell(parent, src):
        tbl = _sub(parent, _TBL)
        for tag in (_TBLPR, _TBLGRID):
            child = src.find(tag)
            if child is not None:
                tbl.append(copy.deepcopy(child))
        return tbl

    def whole_row(self, tbl, src_tr, op: str) -> None:
        tr = _sub(tbl, _TR)
        trpr = src_tr.find(_TRPR)
        if trpr is not None:
            tr.append(copy.deepcopy(trpr))
        else:
            trpr = _sub(tr, _TRPR)
        trpr = tr[0]
        self._mark(trpr, _INS if op == "ins" else _DEL)
        for src_tc in src_tr.findall(_TC):
            tc = _sub(tr, _TC)
            blocks = [c for c in src_tc if c.tag != _TCPR]
            if src_tc.find(_TCPR) is not None:
                tc.append(copy.deepcopy(src_tc.find(_TCPR)))
            for k, element in enumerate(blocks):
                self.whole(tc, element, op, last_in_cell=k == len(blocks) - 1)

    def pair_row(self, tbl, old_tr, new_tr) -> None:
        tr = _sub(tbl, _TR)
        if new_tr.find(_TRPR) is not None:
            tr.append(copy.deepcopy(new_tr.find(_TRPR)))
        for old_tc, new_tc in zip(old_tr.findall(_TC), new_tr.findall(_TC)):
            tc = _sub(tr, _TC)
            if new_tc.find(_TCPR) is not None:
                tc.append(copy.deepcopy(new_tc.find(_TCPR)))
            self.sequence(tc, [c for c in old_tc if c.tag != _TCPR], [c for c in new_tc if c.tag != _TCPR],
                          in_cell=True)

    def pair_table(self, parent, old, new) -> None:
        tbl = self._table_shell(parent, new)
        rows_old, rows_new = old.findall(_TR), new.findall(_TR)
        sm = SequenceMatcher(None, [_key(r) for r in rows_old], [_key(r) for r in rows_new], autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                for r in rows_new[j1:j2]:
                    tbl.append(copy.deepcopy(r))
                continue
            olds, news = rows_old[i1:i2], rows_new[j1:j2]
            texts_old = [_bag("\n".join(_text_of(p) for p in r.iter(_P))) for r in olds]
            texts_new = [_bag("\n".join(_text_of(p) for p in r.iter(_P))) for r in news]

            def score(i, j):
                if len(olds[i].findall(_TC)) != len(news[j].findall(_TC)):
                    return None
                s = _similarity(texts_old[i], texts_new[j])
                return s if s >= _PAIR_THRESHOLD else None

            for i, j in _align(len(olds), len(news), score):
                if i is not None and j is not None:
                    self.pair_row(tbl, olds[i], news[j])
                elif i is not None:
                    self.whole_row(tbl, olds[i], "del")
                else:
                    self.whole_row(tbl, news[j], "ins")


# --- comments ------------------------------------------------------------------------------------


def _mark_of(p) -> str | None:
    """"ins" / "del" when the paragraph mark of ``p`` is itself a tracked insertion / deletion."""
    rpr = p.find(f"{_PPR}/{_RPR}")
    if rpr is not None:
        if rpr.find(_INS) is not None:
            return "ins"
        if rpr.find(_DEL) is not None:
            return "del"
    return None


def _stays_on_accept(p) -> bool:
    """Whether paragraph ``p`` is still there once every change is accepted."""
    if _mark_of(p) == "del":
        return False
    return not any(tr.tag == _TR and tr.find(f"{_TRPR}/{_DEL}") is not None for tr in p.iterancestors())


def _anchor_comment(writer: _Writer, paragraphs: list, comment_id: int, whole: str | None) -> None:
    """Anchor comment ``comment_id`` on a part's output ``paragraphs``: commentRangeStart at the
    start of the first, commentRangeEnd and the reference mark at the end of the last paragraph that
    stays when the changes are accepted (so the range covers the new text, and the comment outlives
    "Accept All"). For a part wholly added / removed (``whole`` "ins" / "del") the range is the
    whole part and the reference is part of that insertion / deletion: rejecting the addition or
    accepting the removal takes the comment with it."""
    first = paragraphs[0]
    last = paragraphs[-1]
    if whole is None:
        last = next((p for p in reversed(paragraphs) if _stays_on_accept(p)), last)
    start = first.makeelement(_CR_START, {_ID: str(comment_id)})
    first.insert(1 if first.find(_PPR) is not None else 0, start)
    _sub(last, _CR_END).set(_ID, str(comment_id))
    parent = writer._mark(last, _INS if whole == "ins" else _DEL) if whole else last
    r = _sub(parent, _R)
    _sub(_sub(r, _RPR), _RSTYLE).set(_VAL, "CommentReference")
    _sub(r, _CREF).set(_ID, str(comment_id))


def _content(p) -> list:
    """A paragraph's runs and run wrappers, without properties, range marks and comment references."""
    return [c for c in p if c.tag not in (_PPR, _CR_START, _CR_END, _BM_START, _BM_END)
            and not (c.tag == _R and c.find(_CREF) is not None)]


def _ease_libreoffice(root) -> None:
    """Where a paragraph ends with "deleted, then inserted" words and the next paragraph starts
    with an insertion (or is inserted), write the insertion first. Word does not mind the order;
    LibreOffice (7.4) merges an insertion at the end of a paragraph with one at the start of the
    next, across the paragraph mark, and "Reject All" then joins the two paragraphs."""
    for p in root.iter(_P):
        following = p.getnext()
        if following is None or following.tag != _P:
            continue
        mine = _content(p)
        if len(mine) < 2 or mine[-1].tag != _INS or mine[-2].tag != _DEL or mine[-1].getprevious() is not mine[-2]:
            continue
        theirs = _content(following)
        if _mark_of(following) == "ins" or (theirs and theirs[0].tag == _INS):
            mine[-2].addprevious(mine[-1])


# --- styles --------------------------------------------------------------------------------------

_EXTRA_STYLES = f"""<w:styles {nsdecls("w")}>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE_SUMMARY_HEADING}"><w:name w:val="MOU Revision Summary Heading"/><w:basedOn w:val="MOUSubtitle"/><w:next w:val="{STYLE_SUMMARY_TEXT}"/><w:qFormat/><w:pPr><w:pBdr><w:top w:val="single" w:sz="4" w:space="6" w:color="1F4E79"/></w:pBdr><w:spacing w:before="240" w:after="120"/></w:pPr><w:rPr><w:color w:val="1F4E79"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE_SUMMARY_TEXT}"><w:name w:val="MOU Revision Summary Text"/><w:basedOn w:val="MOUTableText"/><w:qFormat/><w:pPr><w:spacing w:before="20" w:after="120"/></w:pPr><w:rPr><w:color w:val="1F4E79"/></w:rPr></w:style>
<w:style w:type="paragraph" w:customStyle="1" w:styleId="{STYLE_SUMMARY_TABLE_HEADING}"><w:name w:val="MOU Revision Summary Table Heading"/><w:basedOn w:val="MOUTableHeading"/><w:qFormat/><w:rPr><w:color w:val="1F4E79"/></w:rPr></w:style>
<w:style w:type="table" w:customStyle="1" w:styleId="{STYLE_SUMMARY_TABLE}"><w:name w:val="MOU Revision Summary Table"/><w:basedOn w:val="MOUTable"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="1F4E79"/><w:left w:val="single" w:sz="4" w:space="0" w:color="1F4E79"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="1F4E79"/><w:right w:val="single" w:sz="4" w:space="0" w:color="1F4E79"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="1F4E79"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="1F4E79"/></w:tblBorders><w:tblCellMar><w:top w:w="29" w:type="dxa"/><w:left w:w="86" w:type="dxa"/><w:bottom w:w="29" w:type="dxa"/><w:right w:w="86" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:trPr><w:tblHeader/></w:trPr><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="DEEAF6"/></w:tcPr></w:tblStylePr></w:style>
<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>
<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>
</w:styles>"""


def _add_styles(document: Document) -> None:
    styles = document.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.findall(qn("w:style"))}
    for style in parse_xml(_EXTRA_STYLES.replace("\n", "")):
        if style.get(qn("w:styleId")) not in have:
            styles.append(copy.deepcopy(style))


# --- the summary ---------------------------------------------------------------------------------


def _add_summary(body, writer: _Writer, old: Draft, new: Draft,
                 rows: list[tuple[ClauseChange, str]]) -> None:
    heading = dr._new_p(body, STYLE_SUMMARY_HEADING, keep_next=True)
    bookmark = writer.new_id()
    _sub(heading, _BM_START, {_ID: bookmark, _NAME: SUMMARY_MARK})
    dr._add_run(heading, SUMMARY_TITLE)
    if not rows:
        p = dr._new_p(body, STYLE_SUMMARY_TEXT)
        dr._add_run(p, f"{NO_CHANGES} from the previous draft.")
        _sub(p, _BM_END, {_ID: bookmark})
        return
    previous = dr.clean_text(old.header).strip()
    intro = (
        "This revision shows, as tracked changes, what changed from the previous draft"
        + (f" ({previous})" if previous and previous != dr.clean_text(new.header).strip() else "")
        + ". Each change carries a comment saying why. This summary is not part of the Memorandum of"
        " Understanding."
    )
    dr._add_run(dr._new_p(body, STYLE_SUMMARY_TEXT, keep_next=True), intro)
    tbl = dr._new_table(body, STYLE_SUMMARY_TABLE, SUMMARY_WIDTHS)
    for p, label in zip(dr._add_row(tbl, SUMMARY_WIDTHS, header=True), SUMMARY_COLUMNS):
        dr._add_run(dr._style_p(p, STYLE_SUMMARY_TABLE_HEADING), label)
    for change, reason in rows:
        cells = dr._add_row(tbl, SUMMARY_WIDTHS)
        for p, text in zip(cells, (section_label(change), describe(change), reason)):
            dr._add_run(dr._style_p(p, STYLE_SUMMARY_TEXT), text)
    _sub(dr._new_p(body, STYLE_SUMMARY_TEXT), _BM_END, {_ID: bookmark})  # also a space after the table


def strip_summary(document) -> None:
    """Remove the revision summary (from the paragraph holding the :data:`SUMMARY_MARK` bookmark to
    that bookmark's end, and anything in the summary styles) from ``document``: a python-docx
    Document, or an lxml ``w:document`` / ``w:body`` element."""
    root = getattr(document, "element", document)
    body = root if root.tag == qn("w:body") else root.find(qn("w:body"))

    def top(element):
        while element.getparent() is not body:
            element = element.getparent()
        return element

    for start in body.iter(_BM_START):
        if start.get(_NAME) != SUMMARY_MARK:
            continue
        ends = [e for e in body.iter(_BM_END) if e.get(_ID) == start.get(_ID)]
        first = top(start)
        last = top(ends[0]) if ends else first
        doomed, on = [], False
        for child in body:
            on = on or child is first
            if on:
                doomed.append(child)
            if child is last:
                break
        for child in doomed:
            body.remove(child)
        break
    for p in list(body.iter(_P)):
        style = p.find(f"{_PPR}/{_PSTYLE}")
        if style is not None and style.get(_VAL) in SUMMARY_STYLES and p.getparent() is body:
            body.remove(p)
    for tbl in list(body.findall(_TBL)):
        style = tbl.find(f"{_TBLPR}/{qn('w:tblStyle')}")
        if style is not None and style.get(_VAL) == STYLE_SUMMARY_TABLE:
            body.remove(tbl)


# --- public API ----------------------------------------------------------------------------------


def _render(part: _Part, staging_factory) -> list:
    holder = staging_factory()
    part.render(holder)
    return list(holder)


def revision_document(old: Draft, new: Draft, reasons: dict[str, str] | None = None, *,
                      author: str = "mou-wizard", date: _dt.date, base_docx: bytes) -> Document:
    """The python-docx Document for the revision (not saved); see :func:`revision_bytes`."""
    reasons = reasons or {}
    dr._check_numbers(old)
    dr._check_numbers(new)
    when = f"{date.isoformat()[:10]}T00:00:00Z"
    document = dr.open_base(base_docx)
    body = document.element.body

    merged = _merge(_parts(old), _parts(new))
    changes = _changes(merged)
    rows = [(c, reasons.get(c.clause_id) or default_reason(c, sec)) for _, c, sec in changes]

    # Comments first (python-docx numbers them 0, 1, ...); tracked changes take the ids after them.
    comment_at: dict[int, int] = {}
    _add_styles(document)
    if changes:
        for (index, _, _), (_, text) in zip(changes, rows):
            comment = document.comments.add_comment(text, author=author, initials=COMMENT_INITIALS)
            comment._comment_elm.set(_DATE, when)  # python-docx stamps "now": keep the bytes stable
            comment_at[index] = comment.comment_id
    writer = _Writer(author, when, max(comment_at.values(), default=-1) + 1)

    staging = body.makeelement(qn("w:body"), {})

    def holder():  # a detached w:body with the w prefix declared: serializations compare equal
        return body.makeelement(qn("w:body"), {}, nsmap={"w": _W_NS})

    for index, (o, n) in enumerate(merged):
        start = len(staging)
        if o is not None and n is not None:
            old_elems, new_elems = _render(o, holder), _render(n, holder)
            if o.value == n.value and [_key(e) for e in old_elems] == [_key(e) for e in new_elems]:
                staging.extend(new_elems)
            else:
                writer.sequence(staging, old_elems, new_elems)
        elif o is not None:
            for element in _render(o, holder):
                writer.whole(staging, element, "del")
        else:
            for element in _render(n, holder):
                writer.whole(staging, element, "ins")
        if index in comment_at:
            paragraphs = [p for e in staging[start:] for p in e.iter(_P)]
            if paragraphs:
                whole = None if o is not None and n is not None else ("del" if n is None else "ins")
                _anchor_comment(writer, paragraphs, comment_at[index], whole)
        if n is not None and n.key == "title":
            _add_summary(staging, writer, old, new, rows)

    _ease_libreoffice(staging)
    sectPr = body.find(_SECTPR)
    for child in list(staging):
        sectPr.addprevious(child)

    dr._add_header_footer(document, new)
    header_p = document.sections[0].header.paragraphs[0]._p
    old_header, new_header = parse_xml(f"<w:p {nsdecls('w')}/>"), parse_xml(f"<w:p {nsdecls('w')}/>")
    dr._fill_header(old_header, old)
    dr._fill_header(new_header, new)
    if _key(old_header) != _key(new_header):
        for child in list(header_p):
            if child.tag != _PPR:
                header_p.remove(child)
        writer.word_diff(header_p, old_header, new_header)
    dr._set_core_properties(document, new)
    return document


def revision_bytes(old: Draft, new: Draft, reasons: dict[str, str], *, author: str = "mou-wizard",
                   date: _dt.date, base_docx: bytes) -> bytes:
    """The new draft with tracked changes against the old one, as ``.docx`` bytes.

    ``reasons[clause_id]`` is the comment text for that change (see :func:`compare` for the ids);
    a change with no reason gets a comment naming what changed and the clause's SEC ids. Every
    ``w:ins`` / ``w:del`` carries ``w:author`` = ``author`` and ``w:date`` = ``date`` at midnight
    UTC; the same inputs always give the same bytes.
    """
    buffer = io.BytesIO()
    revision_document(old, new, reasons, author=author, date=date, base_docx=base_docx).save(buffer)
    return dr.deterministic_zip(buffer.getvalue())

"""Lining up OLD's draft with SIGNED: which signed paragraph is which old one, and the names counsel
gave the parties."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from docx.oxml.ns import qn

from mou_wizard.docx.tracked import _TC, P, TBL, TR, _runs_of, _similarity, _align
from mou_wizard.domain.draft import Draft
from mou_wizard.docx.signed.text import CUSTOMXML, SDT, SDTCONTENT, _norm_token, _starts, _Text

_B = qn("w:b")
_LOCATE_THRESHOLD = 0.45   # word similarity at which a signed paragraph is taken for an old one


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
        elif tag in (SDT, CUSTOMXML):
            inner = child.find(SDTCONTENT) if tag == SDT else child
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

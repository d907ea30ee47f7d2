"""An open decision in the text: the versions a clause takes for each way an open answer may be
settled, shown side by side so that none of them reads as agreed.

    [Open decision — choose one: (A) The District shall publish each report ... OR (B) The
    District is not required to publish ...]

What every version says alike stays outside the brackets: whole paragraphs and list items first, then
whole sentences, so each alternative inside is complete. A version that leaves the text out is
"leave this out" ("omit this Section" for a whole Section). When a version runs to several paragraphs, each paragraph keeps its own line and its list
items are marked with a dash (Word's automatic letters would run on across the versions).
"""

from __future__ import annotations

import re
from dataclasses import replace
from string import ascii_uppercase
from typing import Any

from mou_wizard.domain.draft import Block, Run

OPEN = "[Open decision — choose one: "
CLOSE = "]"
OMIT_SECTION = "omit this Section"
OMIT = "leave this out"
_SENTENCE_END = re.compile(r"(?<=[.])\s+(?=[A-Z\[(\"“])")


def frame(text: str) -> Run:
    """A piece of the decision's frame, marked like a placeholder so a reader cannot miss it."""
    return Run(text, bold=True, placeholder=True)


def _letter(i: int) -> str:
    return f"({ascii_uppercase[i]}) "


def _common(seqs: list[tuple], *, reverse: bool = False, limit: int | None = None) -> int:
    n = min(len(s) for s in seqs)
    if limit is not None:
        n = min(n, limit)
    count = 0
    while count < n:
        i = -1 - count if reverse else count
        if any(s[i] != seqs[0][i] for s in seqs[1:]):
            break
        count += 1
    return count


def _slice(runs: tuple[Run, ...], start: int, end: int) -> tuple[Run, ...]:
    out, pos = [], 0
    for r in runs:
        a, b = max(start, pos), min(end, pos + len(r.text))
        if a < b:
            whole = (a, b) == (pos, pos + len(r.text))  # a cross-reference cut in two is plain text
            out.append(Run(r.text[a - pos:b - pos], r.bold, r.placeholder, r.ref if whole else "", r.field))
        pos += len(r.text)
    return tuple(out)


def _strip(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    runs = list(runs)
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if runs:
        runs[0] = replace(runs[0], text=runs[0].text.lstrip())
        runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
    return tuple(runs)


def sentences(runs: tuple[Run, ...]) -> tuple[tuple[Run, ...], ...]:
    """A paragraph's runs cut into sentences (never inside a placeholder), spaces trimmed."""
    text = "".join(r.text for r in runs)
    inside, pos = [], 0
    for r in runs:
        if r.placeholder:
            inside.append((pos, pos + len(r.text)))
        pos += len(r.text)
    cuts = [0]
    for m in _SENTENCE_END.finditer(text):
        if not any(a <= m.start() < b for a, b in inside):
            cuts.append(m.end())
    cuts.append(len(text))
    return tuple(_strip(_slice(runs, a, b)) for a, b in zip(cuts, cuts[1:]) if text[a:b].strip())


def _joined(parts) -> tuple[Run, ...]:
    out: list[Run] = []
    for i, part in enumerate(parts):
        if i:
            out.append(Run(" "))
        out += part
    return tuple(out)


def _inline(pre, middles: list[tuple[tuple[Run, ...], str]], post) -> tuple[Run, ...]:
    """``pre [Open decision — choose one: (A) ...; or (B) ...] post`` as runs."""
    runs: list[Run] = list(pre)
    if runs:
        runs.append(Run(" "))
    for i, (mid, omit) in enumerate(middles):
        runs.append(frame((OPEN if i == 0 else " OR ") + _letter(i)))
        runs += mid if mid else [frame(omit)]
    runs.append(frame(CLOSE))
    if post:
        runs.append(Run(" "))
        runs += post
    return tuple(runs)


def decision_blocks(versions: list[tuple[Block, ...] | None]) -> tuple[Block, ...]:
    """The blocks showing ``versions`` (in order, the recommended way first) as one open decision.
    ``None`` is a version that leaves the whole Section out."""
    seqs = [v or () for v in versions]
    omit = [OMIT_SECTION if v is None else OMIT for v in versions]
    head = _common(seqs)
    tail = _common(seqs, reverse=True, limit=min(len(s) for s in seqs) - head)
    middles = [s[head:len(s) - tail] for s in seqs]
    before, after = seqs[0][:head], seqs[0][len(seqs[0]) - tail:]
    if all(len(m) <= 1 for m in middles):
        kinds = {m[0].kind for m in middles if m}
        kind = kinds.pop() if len(kinds) == 1 else "para"
        if all(len(m) == 1 for m in middles):
            cut = [sentences(m[0].runs) for m in middles]
            lead = _common(cut)
            trail = _common(cut, reverse=True, limit=min(len(c) for c in cut) - lead)
            pre, post = _joined(cut[0][:lead]), _joined(cut[0][len(cut[0]) - trail:])
            mids = [(_joined(c[lead:len(c) - trail]), o) for c, o in zip(cut, omit)]
        else:
            pre, post = (), ()
            mids = [(m[0].runs if m else (), o) for m, o in zip(middles, omit)]
        return before + (Block(kind, _inline(pre, mids, post)),) + after
    blocks: list[Block] = []
    for i, (mid, o) in enumerate(zip(middles, omit)):
        lead = frame((OPEN if i == 0 else "OR ") + _letter(i))
        if not mid:
            blocks.append(Block("para", (lead, frame(o))))
            continue
        for j, block in enumerate(mid):
            runs = block.runs
            if block.kind == "item":
                runs = (Run("– "),) + runs
            blocks.append(Block("para", ((lead,) if j == 0 else ()) + runs))
    last = blocks[-1]
    blocks[-1] = Block(last.kind, last.runs + (frame(CLOSE),))
    return before + tuple(blocks) + after


def _span(base: tuple[Block, ...], other: tuple[Block, ...]) -> tuple[int, int] | None:
    """The stretch of ``base`` (start, end) outside which ``other`` reads the same; None if equal."""
    if base == other:
        return None
    head = _common([base, other])
    tail = _common([base, other], reverse=True, limit=min(len(base), len(other)) - head)
    return head, len(base) - tail


def separate(outcomes: list[tuple[dict, tuple[Block, ...] | None]]) -> tuple[Block, ...] | None:
    """One open decision for each answer, when the answers change separate parts of the text.

    ``outcomes``: (the open answers as settled, the text) for every way of settling them, the
    recommended way first (a settled value is the same object in every outcome that has it). When each
    answer, changed on its own, changes its own stretch of the text, and every combination reads as
    those changes put together, each stretch becomes its own decision (two list items each in or out,
    rather than four versions of the list). Otherwise None."""
    base_values, base = outcomes[0]
    fields = list(base_values)
    if len(fields) < 2 or base is None or any(blocks is None for _, blocks in outcomes):
        return None

    def find(values: dict) -> tuple[Block, ...] | None:
        return next((blocks for v, blocks in outcomes if all(v[f] is values[f] for f in fields)), None)

    spans: dict[str, tuple[int, int]] = {}
    variants: dict[str, list[tuple[Any, tuple[Block, ...]]]] = {}
    for f in fields:
        seen: list[Any] = []
        for values, _ in outcomes:
            if not any(values[f] is v for v in seen):
                seen.append(values[f])
        for v in seen:
            other = find({**base_values, f: v})
            if other is None:
                return None
            variants.setdefault(f, []).append((v, other))
            span = _span(base, other)
            if span is not None:
                a, b = spans.get(f, span)
                spans[f] = (min(a, span[0]), max(b, span[1]))
    ordered = sorted(spans.items(), key=lambda item: item[1])
    if len(ordered) < 2:
        return None
    for (_, (a1, b1)), (_, (a2, b2)) in zip(ordered, ordered[1:]):
        if b1 > a2 or (b1 == a2 and (a1 == b1 or a2 == b2)):  # overlapping, or an insertion where they meet
            return None

    def piece(f: str, v: Any) -> tuple[Block, ...]:
        a, b = spans[f]
        other = next(o for w, o in variants[f] if w is v)
        return other[a:len(other) - (len(base) - b)]

    def assembled(values: dict) -> tuple[Block, ...]:
        out: list[Block] = []
        pos = 0
        for f, (a, b) in ordered:
            out += base[pos:a] + piece(f, values[f])
            pos = b
        return tuple(out) + base[pos:]

    if any(assembled(values) != blocks for values, blocks in outcomes):
        return None
    out: list[Block] = []
    pos = 0
    for f, (a, b) in ordered:
        out += base[pos:a]
        versions: list[tuple[Block, ...]] = []
        for v, _ in variants[f]:
            if piece(f, v) not in versions:
                versions.append(piece(f, v))
        out += decision_blocks(list(versions))
        pos = b
    return tuple(out) + base[pos:]

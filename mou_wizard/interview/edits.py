"""Edits of a saved answer: "change it to X" (a new value) and "add X" / "remove X" on a list answer.

A list answer is edited against what is saved: in the review, "add Oak Street Intermediate School"
under last cycle's three schools gives four schools, never one school named "add Oak ...". Raises
:class:`~mou_wizard.language.text.ParseError` with one sentence when the edit cannot be made.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from mou_wizard.content.questions import Question
from mou_wizard.language.text import ParseError, join_and, quote


def parse_new_value(q: Question, text: str, *, today: dt.date | None = None) -> Any:
    """The value ``text`` gives for ``q``; for a value with a remark after a comma ("40 hours, the state
    minimum"), the part before the comma when the whole does not read. ``today``: for relative dates."""
    try:
        return q.parse(text, today=today)
    except ParseError:
        head = text.split(",", 1)[0].strip()
        if q.type in ("text", "title", "list", "people", "multichoice") or head == text.strip() or not head:
            raise
        return q.parse(head, today=today)


def _token(v: Any) -> Any:
    return getattr(v, "value", v)


def edit_list(q: Question, current: Any, op: str, text: str) -> Any:
    """``current`` (a list answer, or None) with the items ``text`` names added (``op`` "add") or removed
    (``op`` "remove")."""
    items = list(current or [])
    if q.type == "multichoice":
        named = [_token(v) for v in q.parse(text)]
        have = [_token(v) for v in items]
        if op == "add":
            wanted = set(have) | set(named)
        else:
            missing = [t for t in named if t not in have]
            if missing and len(missing) == len(named):
                raise ParseError(f"{quote(text)} is not among the options picked now: {q.say(items)}.")
            wanted = set(have) - set(named)
        return [t for t, _ in (q.choices or []) if t in wanted]
    if q.type == "people":
        people = [p.model_dump(mode="json") if hasattr(p, "model_dump") else dict(p) for p in items]
        if op == "add":
            return people + q.parse(text)
        names = [str(p.get("name", "")) for p in people]
        gone = {_find(names, part) for part in re.split(r"\s*(?:;|\band\b)\s*", text) if part.strip()}
        return [p for i, p in enumerate(people) if i not in gone]
    # a list of names
    names = [str(v) for v in items]
    if op == "add":
        new = q.parse(text)
        seen = {n.lower() for n in names}
        return names + [n for n in new if n.lower() not in seen and not seen.add(n.lower())]
    gone = {_find(names, part) for part in q.parse(text)}
    return [n for i, n in enumerate(names) if i not in gone]


def _find(names: list[str], part: str) -> int:
    """The index of the one item ``part`` names: exactly, by a word-bounded part ("Oak Street"), or by a
    close spelling; a ParseError that lists the items otherwise."""
    want = part.strip().strip(".").lower()
    lowered = [n.lower() for n in names]
    if want in lowered:
        return lowered.index(want)
    within = [i for i, n in enumerate(lowered) if re.search(rf"\b{re.escape(want)}\b", n)]
    if len(within) == 1:
        return within[0]
    close = difflib.get_close_matches(want, lowered, n=2, cutoff=0.8)
    if len(close) == 1:
        return lowered.index(close[0])
    shown = join_and([f"\u201c{n}\u201d" for n in names]) if names else "nothing yet"
    if len(within) > 1:
        raise ParseError(f"{quote(part)} could be {join_and([names[i] for i in within], 'or')}; please give the "
                         "whole name to remove.")
    raise ParseError(f"{quote(part)} is not in the list; the answer now holds {shown}.")

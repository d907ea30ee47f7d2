"""Remembering what a condition said for the answers it reads.

A ``when`` condition reads a handful of answers (``parties.state``, ``hiring.substitutes``), yet the flow asks
every question's condition after every answer, and drafting asks every clause's: the same condition is
evaluated again and again on the same few values. :class:`ConditionMemo` keys a condition's result by
the values it reads, so that only a change to one of those values runs the template again.

A value that cannot be keyed exactly (a list of signatories, a whole section) turns the memo off for
that call: the condition is simply run. Errors are never remembered.
"""

from __future__ import annotations

import datetime as _dt
from enum import Enum
from typing import Any, Callable

from jinja2 import nodes
from jinja2.parser import Parser

from mou_wizard.templating.sandbox import ENV, SectionView

_MISSING = object()
_UNKNOWN: Any = object()  # what a condition reads could not be worked out: never keyed
_MAX_ENTRIES = 512  # per condition; the memo is emptied when it is full (answers move on)
_SCALARS = (str, int, float, bool, type(None), _dt.date, Enum)


class _Unkeyable(Exception):
    pass


def _freeze(value: Any) -> Any:
    """A hashable stand-in equal only for equal values of the same type, or :class:`_Unkeyable`."""
    if isinstance(value, _SCALARS):
        return (type(value), value)
    if isinstance(value, (list, tuple)):
        return (type(value), tuple(_freeze(v) for v in value))
    raise _Unkeyable


def reads(expr: str) -> tuple[tuple[str, str | None], ...]:
    """The names ``expr`` reads: ``(section, field)`` for ``section.field``, ``(name, None)`` for a
    name used whole."""
    found: set[tuple[str, str | None]] = set()

    def walk(node: nodes.Node) -> None:
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            found.add((node.node.name, node.attr))
            return
        if isinstance(node, nodes.Name):
            found.add((node.name, None))
            return
        for child in node.iter_child_nodes():
            walk(child)

    walk(Parser(ENV, expr, state="variable").parse_expression())
    return tuple(sorted(found, key=lambda r: (r[0], r[1] or "")))


class ConditionMemo:
    """Results of one compiled condition, keyed by the values it reads (see the module's notes)."""

    __slots__ = ("_expr", "_reads", "_results")

    def __init__(self, expr: str, known_reads: tuple | None = None) -> None:
        self._expr = expr
        # What the condition reads (see :func:`reads`): given, or worked out at its first call.
        self._reads: Any = tuple(tuple(r) for r in known_reads) if known_reads is not None else None
        self._results: dict[tuple, bool] = {}

    def key(self, context: dict[str, Any]) -> tuple | None:
        """The key for ``context``, or None when a value read cannot be keyed."""
        if self._reads is None:
            try:
                self._reads = reads(self._expr)
            except Exception:  # noqa: BLE001 - the condition itself will report what is wrong
                self._reads = _UNKNOWN
        if self._reads is _UNKNOWN:
            return None
        parts = []
        try:
            for name, attr in self._reads:
                obj = context.get(name, _MISSING)
                if attr is None:
                    parts.append(_MISSING if obj is _MISSING else _freeze(obj))
                elif isinstance(obj, SectionView):
                    overrides = obj._overrides
                    raw = overrides[attr] if attr in overrides else getattr(obj._model, attr, _MISSING)
                    parts.append((obj._labels is None, attr in overrides,
                                  _MISSING if raw is _MISSING else _freeze(raw)))
                elif obj is _MISSING:
                    parts.append(_MISSING)
                else:
                    raise _Unkeyable
        except _Unkeyable:
            return None
        return tuple(parts)

    def call(self, run: Callable[..., bool], context: dict[str, Any]) -> bool:
        key = self.key(context)
        if key is None:
            return run(**context)
        found = self._results.get(key)
        if found is None:
            found = run(**context)
            if len(self._results) >= _MAX_ENTRIES:
                self._results.clear()
            self._results[key] = found
        return found

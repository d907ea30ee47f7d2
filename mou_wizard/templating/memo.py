"""Remembering what a condition said, and what a clause's text rendered to, for the answers they read.

A ``when`` condition reads a handful of answers (``parties.state``, ``hiring.substitutes``), yet the flow asks
every question's condition after every answer, and drafting asks every clause's: the same condition is
evaluated again and again on the same few values. :class:`ConditionMemo` keys a condition's result by
the values it reads, so that only a change to one of those values runs the template again.
:class:`TextMemo` does the same for a clause's text (its rendered blocks), keyed also by the section
numbers of the clauses it cites with ``ref('...')``: `clauses lint` drafts the agreement once per
alternative answer, and each draft changes only the few clauses that read the answer it varies.

A value that cannot be keyed exactly (a whole section, a mapping, a citation worked out while the
text renders) turns the memo off for that call: the template is simply run. A record inside an answer
(a signatory) is keyed by its fields. Errors are never remembered.
"""

from __future__ import annotations

import datetime as _dt
from enum import Enum
from typing import Any, Callable

from jinja2 import nodes
from jinja2.parser import Parser
from pydantic import BaseModel

from mou_wizard.templating.fields import parse_tree
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
    if isinstance(value, BaseModel):  # a record inside an answer (a signatory): its fields in order
        return (type(value), tuple(_freeze(getattr(value, name)) for name in type(value).model_fields))
    raise _Unkeyable


def _view_key(view: SectionView, attr: str) -> Any:
    """The key part for ``view.attr``, worked out once per view (a view is made for one context)."""
    part = view._keys.get(attr, _MISSING)
    if part is _MISSING:
        overrides = view._overrides
        raw = overrides[attr] if attr in overrides else getattr(view._model, attr, _MISSING)
        try:
            part = (view._labels is None, attr in overrides, _MISSING if raw is _MISSING else _freeze(raw))
        except _Unkeyable:
            part = _UNKNOWN
        view._keys[attr] = part
    if part is _UNKNOWN:
        raise _Unkeyable
    return part


REF = "ref"  # the function clause text calls to cite another clause's section


def _reads_of(tree: nodes.Node) -> tuple[tuple[str, str | None], ...]:
    found: set[tuple[str, str | None]] = set()

    def walk(node: nodes.Node) -> None:
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name):
            found.add((node.node.name, node.attr))
            return
        if (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == REF
                and len(node.args) == 1 and isinstance(node.args[0], nodes.Const)
                and isinstance(node.args[0].value, str) and not (node.kwargs or node.dyn_args or node.dyn_kwargs)):
            found.add((REF, node.args[0].value))  # ref('clause.id'): reads that clause's section number
            return
        if isinstance(node, nodes.Name):
            found.add((node.name, None))
            return
        for child in node.iter_child_nodes():
            walk(child)

    walk(tree)
    return tuple(sorted(found, key=lambda r: (r[0], r[1] or "")))


def reads(expr: str) -> tuple[tuple[str, str | None], ...]:
    """The names ``expr`` reads: ``(section, field)`` for ``section.field``, ``(name, None)`` for a
    name used whole, ``("ref", clause_id)`` for ``ref('clause_id')``."""
    return _reads_of(Parser(ENV, expr, state="variable").parse_expression())


def template_reads(source: str) -> tuple[tuple[str, str | None], ...]:
    """What the template ``source`` reads, as :func:`reads` says it. A name the template sets itself
    (a loop variable, ``{% set %}``) is listed too; it is not in the context, so it keys as absent."""
    return _reads_of(parse_tree(source))


class ConditionMemo:
    """Results of one compiled condition, keyed by the values it reads (see the module's notes)."""

    __slots__ = ("_expr", "_reads", "_results")
    _find_reads = staticmethod(reads)  # what the source reads, when not given

    def __init__(self, expr: str, known_reads: tuple | None = None) -> None:
        self._expr = expr
        # What the condition reads (see :func:`reads`): given, or worked out at its first call.
        self._reads: Any = tuple(tuple(r) for r in known_reads) if known_reads is not None else None
        self._results: dict[tuple, bool] = {}

    def key(self, context: dict[str, Any], refs: Any = None) -> tuple | None:
        """The key for ``context``, or None when a value read cannot be keyed. ``refs``: clause id ->
        the section citing it prints (for ``ref('...')``); without it, a template that cites is not keyed."""
        if self._reads is None:
            try:
                self._reads = self._find_reads(self._expr)
            except Exception:  # noqa: BLE001 - running the template will report what is wrong
                self._reads = _UNKNOWN
        if self._reads is _UNKNOWN:
            return None
        parts = []
        try:
            for name, attr in self._reads:
                if name == REF:  # cites a section: keyed by the number it prints, when the citation is fixed text
                    if attr is None or refs is None:
                        raise _Unkeyable
                    ref = refs.get(attr)
                    parts.append(_MISSING if ref is None else (type(ref), str(ref), getattr(ref, "target", None)))
                    continue
                obj = context.get(name, _MISSING)
                if attr is None:
                    parts.append(_MISSING if obj is _MISSING else _freeze(obj))
                elif isinstance(obj, SectionView):
                    parts.append(_view_key(obj, attr))
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


class TextMemo(ConditionMemo):
    """What one compiled clause text rendered to (its blocks), keyed by the values it reads and the
    sections it cites (see the module's notes)."""

    __slots__ = ()
    _find_reads = staticmethod(template_reads)  # a whole template, not one expression

    def render(self, run: Callable[[], Any], context: dict[str, Any], refs: Any) -> Any:
        """``run()``'s result for ``context`` and ``refs``: remembered, or run now."""
        key = self.key(context, refs)
        if key is None:
            return run()
        found = self._results.get(key, _MISSING)
        if found is _MISSING:
            found = run()
            if len(self._results) >= _MAX_ENTRIES:
                self._results.clear()
            self._results[key] = found
        return found


class ClauseText:
    """A compiled clause text with its memo. The template may be shared by every content loaded
    through one cache; the memo belongs to this clause of this content (its choice labels).
    ``make``: instead of ``template``, how to make it at its first use (a template the cache already
    holds compiled, so that a command that renders no text never loads the code)."""

    __slots__ = ("_template", "_make", "memo")

    def __init__(self, template: Any, memo: TextMemo, make: Callable[[], Any] | None = None) -> None:
        self._template, self._make, self.memo = template, make, memo

    @property
    def template(self) -> Any:
        if self._template is None and self._make is not None:
            self._template = self._make()  # made twice at worst (two threads at once): the same template
        return self._template

    def render(self, *args: Any, **kwargs: Any) -> str:
        return self.template.render(*args, **kwargs)

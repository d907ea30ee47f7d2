"""Time and size limits on every template render: a clause that loops or grows without end stops with
one clear error instead of hanging the command or filling the memory.

Clause text is written by people (counsel editing ``clause_library/``), so a slip such as two nested
``range`` loops, a macro that calls itself, ``'a' * 10**10`` or ``1/0`` must not hang or crash a
command. No tracing is used (``sys.settrace`` would slow every render several times); instead:

* **A render deadline** (:data:`RENDER_SECONDS` per template render). Every loop iteration (each
  ``{% for %}`` iterable is wrapped when the template is parsed), every call (macros, ``range``,
  methods) and every filter ticks a per-thread budget that checks the clock, and the rendered output
  is read chunk by chunk (``Template.generate``), the budget checked after each chunk.
* **An output limit** (:data:`MAX_OUTPUT` characters per render), checked on the output as it is
  produced, and on every value a call, a filter, ``*``, ``+`` or a ``namespace`` assignment makes, so
  text cannot double its way to gigabytes inside one expression or loop.
* **Bounded single steps**: the operations that allocate in one go are checked *before* they run:
  ``*`` and ``+`` on text and lists, ``**`` and ``*`` on whole numbers (:data:`MAX_INT_BITS`), the
  sizes given to filters (``center``, ``batch``... at most :data:`MAX_ARGUMENT`), ``range`` (at most 100,000 items, Jinja's
  sandbox limit), the size a ``join``, ``replace``, ``indent``, ``center``, ``format`` or
  ``wordwrap`` would make. ``lipsum`` is removed, and the text methods that pad or repeat
  (``ljust``, ``center``, ``zfill``, ``expandtabs``, ``format``...) are not allowed.
* Errors a template can raise while running (division by zero, recursion too deep, a number too
  large) become :class:`RenderLimitError`, a template error every caller already reports with the
  file and clause.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from typing import Any, Callable, Iterable

from jinja2 import nodes
from jinja2.exceptions import TemplateRuntimeError
from jinja2.runtime import Namespace
from jinja2.sandbox import MAX_RANGE

RENDER_SECONDS = 2.0      # the longest one template render may run
MAX_OUTPUT = 1_000_000    # characters one render (and any one value in it) may hold
MAX_ARGUMENT = 1_000_000  # the largest size (a width, a count) given to a filter
MAX_INT_BITS = 10_000     # the largest whole number a template may compute (about 3,000 digits)
_CHECK_EVERY = 16         # ticks between two looks at the clock


class RenderLimitError(TemplateRuntimeError):
    """A render went over a limit, or failed in a way Python words for programmers (the message is
    the plain one)."""


class TimeLimitError(RenderLimitError):
    """A render ran past its deadline."""


_local = threading.local()


class _Budget:
    __slots__ = ("deadline", "ticks")

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.ticks = 0

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise TimeLimitError(f"it ran for more than {RENDER_SECONDS:g} seconds (a loop or a macro that "
                                 "does not end?)")

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks % _CHECK_EVERY == 0:
            self.check()


def tick() -> None:
    """One step of the render running on this thread (nothing outside a render)."""
    budget = getattr(_local, "budget", None)
    if budget is not None:
        budget.tick()


class SizeLimitError(RenderLimitError):
    """A render made (or was about to make) a value or an output over the size limit."""


def too_long(what: str) -> RenderLimitError:
    return SizeLimitError(f"{what} would be longer than {MAX_OUTPUT:,} characters")


def check_size(value: Any, what: str = "a value it makes") -> Any:
    if isinstance(value, (str, list, tuple, dict)) and len(value) > MAX_OUTPUT:
        raise too_long(what)
    return value


def check_number(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
        raise RenderLimitError(f"the number {value if value.bit_length() < 64 else 'given'} is too large "
                               f"(at most {MAX_ARGUMENT:,})")


def _plain_failure(e: BaseException) -> RenderLimitError | None:
    """A failure of the running template, in plain words (None: not one of these)."""
    if isinstance(e, ZeroDivisionError):
        return RenderLimitError("it divides by zero")
    if isinstance(e, RecursionError):
        return RenderLimitError("it calls itself too deeply (a macro or a recursive loop that does not end?)")
    if isinstance(e, MemoryError):
        return RenderLimitError("it needs more memory than there is (a value repeated too many times?)")
    if isinstance(e, OverflowError):
        return RenderLimitError("a number in it is too large")
    return None


def render_limited(template: Any, args: tuple, kwargs: dict) -> str:
    """``template`` rendered within the limits (a render inside a render shares the outer budget)."""
    # A template that went over the time or size limit once is not run again in this process: the next
    # render fails at once with the same error (lint renders each clause for a hundred answer sets).
    stuck = getattr(template, "_mou_wizard_over_limit", None)
    if stuck is not None:
        raise type(stuck)(str(stuck))
    outer = getattr(_local, "budget", None)
    budget = outer or _Budget(RENDER_SECONDS)
    _local.budget = budget
    try:
        parts: list[str] = []
        total = 0
        for chunk in template.generate(*args, **kwargs):
            total += len(chunk)
            if total > MAX_OUTPUT:
                raise too_long("the text")
            parts.append(chunk)
            budget.tick()
        budget.check()
        return "".join(parts)
    except (ZeroDivisionError, RecursionError, MemoryError, OverflowError) as e:
        raise _plain_failure(e) from None
    except (TimeLimitError, SizeLimitError) as e:
        if outer is None:
            template._mou_wizard_over_limit = type(e)(str(e))
        raise
    finally:
        _local.budget = outer


# --- loops, ranges, namespaces ---------------------------------------------------------------


class _GuardedIterable:
    """What a ``{% for %}`` loops over: the same items (and length), each one a tick."""

    __slots__ = ("_items",)

    def __init__(self, items: Iterable) -> None:
        self._items = items

    def __iter__(self):
        for item in self._items:
            tick()
            yield item

    def __len__(self) -> int:
        return len(self._items)  # type: ignore[arg-type]


GUARD_FILTER = "mou_wizard_loop_guard"


def guard_loops(tree: nodes.Template) -> nodes.Template:
    """Wrap the iterable of every ``{% for %}`` in the loop guard (done on the parsed template, so the
    compiled code checks the budget on each iteration)."""
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Filter(loop.iter, GUARD_FILTER, [], [], None, None, lineno=loop.iter.lineno)
    return tree


def safe_range(*args: int) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise RenderLimitError(f"range() would make {len(rng):,} numbers (at most {MAX_RANGE:,})")
    return rng


class LimitedNamespace(Namespace):
    """``namespace()``: a value assigned to it is held to the output limit (so a loop cannot double a
    text on each pass)."""

    def __init__(*args: Any, **kwargs: Any) -> None:  # noqa: N805 - Namespace's own signature
        for value in (*args[1:], *kwargs.values()):
            check_size(value, "a namespace value")
        Namespace.__init__(*args, **kwargs)

    def __setitem__(self, name: str, value: Any) -> None:
        check_size(value, f"the namespace value '{name}'")
        super().__setitem__(name, value)


# --- operators -------------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_seq(value: Any) -> bool:
    return isinstance(value, (str, list, tuple))


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left OPERATOR right`` before it runs when its result would be too large."""
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if _is_seq(seq) and _is_int(n) and len(seq) * max(n, 0) > MAX_OUTPUT:
                raise too_long("a repeated value")
        if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise RenderLimitError("a number in it is too large")
    elif operator == "**":
        if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1 \
                and right * left.bit_length() > MAX_INT_BITS:
            raise RenderLimitError("a number in it is too large")
    elif operator == "+":
        if _is_seq(left) and _is_seq(right) and len(left) + len(right) > MAX_OUTPUT:
            raise too_long("a joined value")
    elif operator == "%" and isinstance(left, str):
        _check_format(left, right if isinstance(right, tuple) else (right,))


_NUMBERS = re.compile(r"\d+")


def _check_format(fmt: str, args: Iterable) -> None:
    """A printf-style text: the widths it asks for, added up, stay within the limit (and a width
    given as an argument, ``%*d``, is a bounded number)."""
    widths = sum(int(n) for n in _NUMBERS.findall(fmt) if len(n) < 10) + len(fmt)
    if any(len(n) >= 10 for n in _NUMBERS.findall(fmt)) or widths > MAX_OUTPUT:
        raise too_long("the formatted text")
    if "*" in fmt:
        for a in args:
            check_number(a)


# --- calls and filters -----------------------------------------------------------------------

# Text methods that pad, repeat or reformat to a size the template chooses.
UNSAFE_STR_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs", "format", "format_map",
                                "translate", "maketrans", "encode"})


def estimate(name: str, value: Any, args: tuple, kwargs: dict) -> int | None:
    """The size a text-growing filter or method would make (None: not one of those)."""
    if name == "join":
        items = value if isinstance(value, (list, tuple)) else None
        sep = args[0] if args else kwargs.get("d", "")
        if items is None or not isinstance(sep, str):
            return None
        return sum(len(str(i)) for i in items) + len(sep) * max(len(items) - 1, 0)
    if name == "replace" and isinstance(value, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        count = value.count(old) if old else len(value) + 1
        return len(value) + count * len(new)
    if name == "indent" and isinstance(value, str):
        width = args[0] if args else kwargs.get("width", 4)
        per_line = len(width) if isinstance(width, str) else width if _is_int(width) else 0
        return len(value) + (value.count("\n") + 1) * per_line
    if name == "center":
        width = args[0] if args else kwargs.get("width", 80)
        return width if _is_int(width) else None
    if name == "wordwrap" and isinstance(value, str):
        wrap = kwargs.get("wrapstring") or (args[2] if len(args) > 2 else None) or "\n"
        return len(value) * (1 + len(str(wrap)))
    return None


# Filters whose number arguments are sizes (a width, a count of items or of characters).
SIZE_ARGUMENTS = frozenset({"center", "indent", "batch", "slice", "truncate", "wordwrap", "tojson"})


def checked_call(name: str, fn: Callable, value: Any, args: tuple, kwargs: dict) -> Any:
    tick()
    if name in SIZE_ARGUMENTS:
        for a in (*args, *kwargs.values()):
            check_number(a)
    if name == "format" and isinstance(value, str):
        _check_format(value, args)
    size = estimate(name, value, args, kwargs)
    if size is not None and size > MAX_OUTPUT:
        raise too_long(f"the result of '{name}'")
    return check_size(fn(value, *args, **kwargs), f"the result of '{name}'")


def limited_filter(name: str, fn: Callable) -> Callable:
    """``fn`` (a filter) with a tick, its number arguments bounded and its result's size checked."""
    from jinja2.utils import _PassArg

    pass_arg = _PassArg.from_obj(fn)
    if pass_arg is None:
        @functools.wraps(fn)
        def plain(value: Any, *args: Any, **kwargs: Any) -> Any:
            return checked_call(name, fn, value, args, kwargs)
        return plain

    @functools.wraps(fn)
    def passing(first: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        return checked_call(name, lambda v, *a, **k: fn(first, v, *a, **k), value, args, kwargs)
    return passing


def loop_guard(items: Any) -> _GuardedIterable:
    return _GuardedIterable(items)

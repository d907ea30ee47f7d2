"""The sandboxed Jinja environment that clause text and conditions run in, and the answers view.

Two rules shape this module:

* A legal draft must never silently print a blank. Undefined names are errors (``StrictUndefined``)
  and an unanswered field is a :class:`Placeholder`, which prints as a visible
  ``[To be agreed: ...]`` marker and is falsy, equal to nothing and contains nothing in conditions.
* A choice prints its label and compares as its token. The answers hold tokens only; the words come
  from content, handed to :func:`answers_context` as a plain mapping (choice set -> token -> label),
  and each choice value is wrapped in a :class:`ChoiceValue`.
* User text is data. Values reach the output only through ``finalize``, which strips characters XML
  cannot hold and escapes the few characters the layout markup uses (``*``, ``-``, ``\\``), so an
  answer can never become bold text, a list item or template code.

The rendered text uses a tiny layout markup (see clause_library/README.md) that :func:`to_blocks`
turns into :class:`~mou_wizard.domain.draft.Block` objects.
"""

from __future__ import annotations

import datetime as _dt
import re
from enum import Enum
from typing import Any, Mapping

from pydantic import BaseModel

from jinja2 import StrictUndefined, Template, TemplateRuntimeError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from mou_wizard.domain.draft import Block, Run
from mou_wizard.templating import limits
from mou_wizard.domain.answers import Answers
from mou_wizard.domain.choices import ChoiceSet
from mou_wizard.language.dates import format_date
from mou_wizard.language.names import jurisdiction_name
from mou_wizard.language.numbers import number_words

# Private-use characters delimit placeholders inside rendered text; user text can never contain them.
PH_OPEN, PH_CLOSE = "\ue000", "\ue001"
# ... with, before PH_CLOSE, PH_FIELD and the answer field the placeholder stands for.
PH_FIELD = "\ue005"
# ... and a cross-reference: REF_OPEN target clause id REF_MID the number shown REF_CLOSE.
REF_OPEN, REF_MID, REF_CLOSE = "\ue002", "\ue003", "\ue004"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ue000-\ue005]")
SECTIONS = ("document", "parties", "partnership", "civil_rights", "hiring", "training", "evaluation")


def clean_text(s: str) -> str:
    """Remove characters that cannot appear in a Word document (and our placeholder sentinels)."""
    return _XML_INVALID.sub("", s)


class SectionRef(str):
    """What ``ref('clause.id')`` returns: reads "Section 7.2"; in the document the number is a Word
    cross-reference (a REF field) to the bookmark on section 7.2's heading. ``target``: the id of the
    clause that section holds."""

    def __new__(cls, target: str, number: str) -> "SectionRef":
        obj = str.__new__(cls, f"Section {number}")
        obj.target, obj.number = target, number
        return obj


class Placeholder:
    """An unanswered field: prints as a bracketed marker, behaves as 'nothing' in conditions.
    ``field`` is the ``section.field`` it stands for, when it stands for one."""

    __slots__ = ("what", "field")

    def __init__(self, what: str, field: str | None = None) -> None:
        self.what = what
        self.field = field

    def __str__(self) -> str:
        return f"[To be agreed: {self.what}]"

    def __repr__(self) -> str:
        return f"Placeholder({self.what!r})"

    def __bool__(self) -> bool:
        return False

    def __eq__(self, other: object) -> bool:
        return False

    def __ne__(self, other: object) -> bool:
        return True

    __hash__ = None  # type: ignore[assignment]

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0

    def __contains__(self, item: object) -> bool:
        return False


class OpenList(Placeholder):
    """An unanswered list, in one of the worlds an open decision is worked out in: it still prints as a
    placeholder and is still not answered, but whether it holds each word a clause asks about is
    assumed (``members``: the words it holds; any other word it does not)."""

    __slots__ = ("members",)

    def __init__(self, what: str, field: str | None, members: frozenset[str]) -> None:
        super().__init__(what, field)
        self.members = members

    def __contains__(self, item: object) -> bool:
        return item in self.members


class NamedToken(str):
    """A stored token (``'VA'``) that conditions compare as itself and the text prints as its name."""

    def __new__(cls, token: str, name: str) -> "NamedToken":
        obj = str.__new__(cls, token)
        obj.name = name
        return obj

    def __str__(self) -> str:
        return self.name


def sentence_start(text: str) -> str:
    """``text`` as it reads inside a sentence: the first letter lowered, unless the first word is an
    acronym or a name in capitals ("SROs", "FERPA")."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def placeholder_for(description: str | None, name: str, field: str | None = None) -> Placeholder:
    what = (description or name.replace("_", " ")).rstrip(".")
    return Placeholder(sentence_start(what), field)


Labels = Mapping[str, Mapping[str, str]]  # choice set name -> token -> label


class ChoiceValue:
    """One choice in the answers view: ``str()`` is its label (what clause text prints), while it compares
    equal to its token, so ``parties.agency_kind == 'county_sheriff'`` and ``'ferpa' in civil_rights.laws``
    hold as they read."""

    __slots__ = ("token", "label", "choice_set")

    def __init__(self, token: str, label: str | None, choice_set: str) -> None:
        self.token = token
        self.label = label
        self.choice_set = choice_set

    def __str__(self) -> str:
        if self.label is None:  # a view built for conditions only was asked to print
            raise TypeError(f"a condition cannot use the wording of a choice ({self.choice_set}.{self.token}); "
                            f"compare the choice with its token, e.g. == '{self.token}'")
        return self.label

    def __repr__(self) -> str:  # filters name a wrong value by its repr: say it in words
        return f"the choice '{self.token}'"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ChoiceValue):
            return self.token == other.token
        if isinstance(other, str):
            return self.token == other
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        return hash(self.token)


def _view(value: Any, labels: Labels | None) -> Any:
    """``value`` as templates see it: choices wrapped, lists and nested records (signatories) viewed too."""
    if isinstance(value, ChoiceSet):
        name = type(value).__name__
        label = labels.get(name, {}).get(value.value, value.value) if labels is not None else None
        return ChoiceValue(value.value, label, name)
    if isinstance(value, list):
        return [_view(v, labels) for v in value]
    if isinstance(value, BaseModel):
        return RecordView(value, labels)
    return value


class RecordView:
    """Read-only view of a record inside an answer (a signatory): its fields as stored, choices wrapped."""

    __slots__ = ("_model", "_labels")

    def __init__(self, model, labels: Labels | None) -> None:
        self._model = model
        self._labels = labels

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in type(self._model).model_fields:
            raise AttributeError(name)
        return _view(getattr(self._model, name), self._labels)


class SectionView:
    """Read-only view of one answers section; unanswered fields come back as placeholders.

    ``overrides`` (``name -> value``) stand in for fields of this section: an open decision worked out
    one way (a value, viewed like an answer), or a value printed differently from its stored token."""

    __slots__ = ("_model", "_labels", "_section", "_overrides", "_keys")

    def __init__(self, model, labels: Labels | None = None, section: str = "",
                 overrides: Mapping[str, Any] | None = None) -> None:
        self._model = model
        self._labels = labels
        self._section = section
        self._overrides = overrides or {}
        self._keys: dict[str, Any] = {}  # field -> its key in a memo (templating.memo), worked out once

    def __getattr__(self, name: str) -> Any:
        fields = type(self._model).model_fields
        if name.startswith("_") or name not in fields:
            raise AttributeError(name)
        if name in self._overrides:
            return _view(self._overrides[name], self._labels)
        value = getattr(self._model, name)
        if value is None:
            return placeholder_for(fields[name].description, name, f"{self._section}.{name}")
        return _view(value, self._labels)


def answers_context(answers: Answers, labels: Labels | None = None,
                    overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The names templates and conditions read: one view per answers section.

    ``labels`` (choice set -> token -> label, from the content) gives each choice its wording. Without
    it the view is for conditions only: comparing a choice works, printing one is an error.
    ``overrides`` (``section.field -> value``) stand in for answers: an open decision worked out one way.
    """
    by_section: dict[str, dict[str, Any]] = {}
    for path, value in (overrides or {}).items():
        section, name = path.split(".")
        by_section.setdefault(section, {})[name] = value
    return {name: SectionView(getattr(answers, name), labels, name, by_section.get(name)) for name in SECTIONS}


# --- filters -------------------------------------------------------------------------------------


def _join(items: Any, conj: str) -> Any:
    if isinstance(items, Placeholder):
        return items
    if isinstance(items, (str, bytes)) or not hasattr(items, "__iter__"):
        raise TypeError(f"{conj}_list needs a list, got {type(items).__name__}")
    parts = [str(i) for i in items]
    if not parts:
        return "none"
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{parts[0]} {conj} {parts[1]}"
    return ", ".join(parts[:-1]) + f", {conj} {parts[-1]}"


def f_and_list(items: Any) -> Any:
    return _join(items, "and")


def f_or_list(items: Any) -> Any:
    return _join(items, "or")


def _need_int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"the '{name}' filter needs a whole number, got {value!r}")
    return value


def f_words(value: Any) -> Any:
    if isinstance(value, Placeholder):
        return value
    n = _need_int(value, "words")
    return f"{number_words(n)} ({n})"


def f_months(value: Any) -> Any:
    if isinstance(value, Placeholder):
        return value
    n = _need_int(value, "months")
    return f"{number_words(n)} ({n}) month{'s' if n != 1 else ''}"


def f_percent(value: Any) -> Any:
    if isinstance(value, Placeholder):
        return value
    n = _need_int(value, "percent")
    return f"{number_words(n)} percent ({n}%)"


def f_dollars(value: Any) -> Any:
    """95000 -> "ninety-five thousand dollars ($95,000)"; an open amount stays a placeholder, never a number."""
    if isinstance(value, Placeholder):
        return value
    n = _need_int(value, "dollars")
    return f"{number_words(n)} dollar{'s' if n != 1 else ''} (${n:,})"


def f_jurisdiction(value: Any) -> Any:
    """A state code as the agreement names the state: "VA" -> "the Commonwealth of Virginia"."""
    if isinstance(value, Placeholder):
        return Placeholder("the state whose law governs this MOU")
    if not isinstance(value, str):
        raise TypeError(f"the 'jurisdiction' filter needs a state code, got {value!r}")
    return jurisdiction_name(value)


def f_date(value: Any) -> Any:
    if isinstance(value, Placeholder):
        return value
    if not isinstance(value, _dt.date):
        raise TypeError(f"the 'date' filter needs a date, got {value!r}")
    return format_date(value)


def t_answered(value: Any) -> bool:
    return not isinstance(value, Placeholder)


# --- output --------------------------------------------------------------------------------------


def _escape_user(s: str) -> str:
    s = clean_text(s).replace("\r", " ").replace("\n", " ")
    return s.replace("\\", "\\\\").replace("*", "\\*").replace("-", "\\-")


def finalize(value: Any) -> str:
    """Every ``{{ ... }}`` result passes through here on its way into the document."""
    if isinstance(value, Placeholder):
        field = PH_FIELD + clean_text(value.field) if value.field else ""
        return PH_OPEN + _escape_user(value.what) + field + PH_CLOSE
    if isinstance(value, SectionRef):
        return "Section " + REF_OPEN + clean_text(value.target) + REF_MID + clean_text(value.number) + REF_CLOSE
    if isinstance(value, bool):
        raise TypeError("a yes/no answer cannot be printed directly; use {% if ... %}")
    if isinstance(value, (list, tuple, set, dict)):
        raise TypeError("a list cannot be printed directly; use the 'and_list' or 'or_list' filter")
    if isinstance(value, Enum):  # a choice outside the answers view: its wording is not known here
        raise TypeError(f"the choice {value.value!r} cannot be printed without its wording")
    if isinstance(value, _dt.date):
        return _escape_user(format_date(value))
    if value is None:
        raise TypeError("None cannot be printed")
    return _escape_user(str(value))


class LimitedTemplate(Template):
    """A template whose every render runs within the time and size limits (:mod:`.limits`)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        return limits.render_limited(self, args, kwargs)


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with the limits of :mod:`.limits` on loops, calls, operators and
    filters."""

    template_class = LimitedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def _parse(self, source, name, filename):  # every {% for %} ticks the render budget
        return limits.guard_loops(super()._parse(source, name, filename))

    def call_binop(self, context, operator, left, right):
        limits.tick()
        limits.check_binop(operator, left, right)
        return limits.check_size(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        limits.tick()
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str) and name == "join" and len(args) == 1:
            args = (list(args[0]),)  # 'SEP'.join(items): sized before it is made
            size = limits.estimate("join", args[0], (owner,), {})
        elif isinstance(owner, str) and name == "replace":
            size = limits.estimate("replace", owner, args, {})
        else:
            size = None
        if size is not None and size > limits.MAX_OUTPUT:
            raise limits.too_long(f"the result of '{name}'")
        return limits.check_size(super().call(__context, __obj, *args, **kwargs))

    def is_safe_attribute(self, obj, attr, value):
        if isinstance(obj, str) and attr in limits.UNSAFE_STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def unsafe_undefined(self, obj, attribute):
        if isinstance(obj, str) and attribute in limits.UNSAFE_STR_METHODS:
            return self.undefined(f"'{attribute}' is not allowed in clause text (it pads, repeats or reformats text "
                                  "to any length)", obj=obj, name=attribute, exc=SecurityError)
        return super().unsafe_undefined(obj, attribute)

    def wrap_str_format(self, value):
        return None  # str.format is not allowed at all (is_safe_attribute)


def make_environment() -> LimitedSandbox:
    env = LimitedSandbox(
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        finalize=finalize,
    )
    env.filters.update(
        and_list=f_and_list, or_list=f_or_list, words=f_words, months=f_months, percent=f_percent, date=f_date,
        dollars=f_dollars, jurisdiction=f_jurisdiction,
    )
    env.filters = {name: limits.limited_filter(name, fn) for name, fn in env.filters.items()}
    env.filters[limits.GUARD_FILTER] = limits.loop_guard
    env.globals.pop("lipsum", None)
    env.globals.update(range=limits.safe_range, namespace=limits.LimitedNamespace)
    env.tests["answered"] = t_answered
    return env


ENV = make_environment()

# Everything a template (or compiling one) may raise for a reason in its text; callers turn it into an
# error naming the file and the clause. RenderLimitError is a TemplateRuntimeError.
TemplateErrors = (TemplateSyntaxError, UndefinedError, SecurityError, TemplateRuntimeError, TypeError, ValueError,
                  AttributeError, ArithmeticError, LookupError, RecursionError)


# --- layout markup -------------------------------------------------------------------------------

_INLINE = re.compile(r"\\(.)|\*\*|" + PH_OPEN + "(.*?)" + PH_CLOSE + "|" + REF_OPEN + "(.*?)" + REF_MID + "(.*?)" + REF_CLOSE,
                     re.S)


def _runs(text: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = False
    buf: list[str] = []

    def flush() -> None:
        if buf:
            runs.append(Run("".join(buf), bold=bold))
            buf.clear()

    pos = 0
    for m in _INLINE.finditer(text):
        buf.append(text[pos : m.start()])
        pos = m.end()
        if m.group(1) is not None:
            buf.append(m.group(1))
        elif m.group(0) == "**":
            flush()
            bold = not bold
        elif m.group(3) is not None:
            flush()
            runs.append(Run(m.group(4), bold=bold, ref=m.group(3)))
        else:
            flush()
            inner, _, field = m.group(2).partition(PH_FIELD)
            inner = re.sub(r"\\(.)", r"\1", inner)
            if _unit_follows(inner, text[pos:]):
                inner = "number"  # "[To be agreed: number] hours", never "[... hours of training] hours"
            runs.append(Run(f"[To be agreed: {inner}]", bold=True, placeholder=True, field=field))
    buf.append(text[pos:])
    flush()
    return tuple(r for r in runs if r.text)


def _unit_follows(what: str, after: str) -> bool:
    """Whether the word after a placeholder is the unit its description starts with: "[To be agreed:
    hours of initial SRO training] hours" (the number's own unit, so the placeholder asks for the number)."""
    m = re.match(r"\s+([A-Za-z]+)", after)
    if not m:
        return False
    unit = m.group(1).lower().rstrip("s")
    return unit in _UNITS and unit in {w.rstrip("s") for w in re.findall(r"[a-z]+", what.lower())[:5]}


_UNITS = frozenset({"hour", "day", "working", "calendar", "week", "month", "year", "minute", "student", "sro",
                    "officer", "percent", "dollar"})


_DOUBLED_THE = re.compile(r"\b(the)\s+the\b", re.IGNORECASE)


def tidy(text: str) -> str:
    """Wording a value can make awkward, put right: "every one (1) month" -> "every month", and "the" doubled
    where clause text puts it before an answer that starts with it ("the the building principal")."""
    text = re.sub(r"\bevery one \(1\) month\b", "every month", text)
    return _DOUBLED_THE.sub(lambda m: m.group(1), text)


def to_blocks(rendered: str) -> tuple[Block, ...]:
    """Split rendered clause text into paragraphs and lettered items."""
    blocks: list[Block] = []
    kind: str | None = None
    lines: list[str] = []

    def flush() -> None:
        nonlocal kind
        if kind is not None:
            text = " ".join(line.strip() for line in lines).strip()
            if text:
                blocks.append(Block(kind, _runs(tidy(re.sub(r" {2,}", " ", text)))))
        kind = None
        lines.clear()

    for line in rendered.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("- "):
            flush()
            kind = "item"
            lines.append(stripped[2:])
        else:
            if kind is None:
                kind = "para"
            lines.append(stripped)
    flush()
    return tuple(blocks)


def inline_runs(rendered: str) -> tuple[Run, ...]:
    """Runs for a one-line template result (preamble, signature fields)."""
    return _runs(tidy(" ".join(rendered.split())))


def value_runs(value: Any) -> tuple[Run, ...]:
    """Runs for a single value (a name, a title): escaped like any other answer."""
    return _runs(finalize(value))

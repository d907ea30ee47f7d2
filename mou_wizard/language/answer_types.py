"""One object per kind of answer: how to read it from text, say it back, show an example and offer a
picker.

Each question's answer type is built once, by :func:`answer_type`, the only place a type name
("yesno", "integer", ...) is interpreted; callers then use the object and never pass a type name and
a bag of options around. Parsing raises :class:`~mou_wizard.language.text.ParseError` with one
friendly sentence; everything :meth:`AnswerType.say` says parses back to the same value.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Sequence

from mou_wizard.language import choices as _choices
from mou_wizard.language import dates, intents, names, numbers
from mou_wizard.language.text import Choice, ParseError, join_and

__all__ = ["KINDS", "AnswerType", "ParseError", "Picker", "answer_type"]


@dataclass(frozen=True)
class Picker:
    """What a UI can offer instead of typing: the options, and whether several may be ticked."""

    options: tuple[Choice, ...]
    multi: bool


class AnswerType:
    """The base: free text. Subclasses override :meth:`parse`, :meth:`_say` and :meth:`example`."""

    kind = "text"

    def __init__(self, *, choices: Sequence[Choice] | None = None, unit: str | None = None,
                 min: int | None = None, max: int | None = None) -> None:
        self.choices = list(choices) if choices is not None else None
        self.unit = unit
        self.min = min
        self.max = max

    def __repr__(self) -> str:
        options = (("unit", self.unit), ("min", self.min), ("max", self.max))
        extra = "".join(f", {k}={v!r}" for k, v in options if v is not None)
        return f"answer_type({self.kind!r}{extra})"

    def parse(self, text: str) -> Any:
        return names.parse_text(text)

    def say(self, value: Any) -> str:
        """How the assistant says an answer back: "Yes", "40 hours", "every 24 months (every two years)"..."""
        return "not answered" if value is None else self._say(value)

    def _say(self, value: Any) -> str:
        return str(value)

    def example(self) -> str:
        """A typical reply, in a form :meth:`parse` reads."""
        return "Riverside Unified School District"

    def picker(self) -> Picker | None:
        """The options to pick from, or None when the answer is typed."""
        return None

    def bounds_problem(self, value: Any) -> str | None:
        """Why a parsed number is outside the question's min/max, in plain words (None: it fits)."""
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        unit = f" {self.unit}" if self.unit else (" months" if self.kind == "months" else "")
        if self.min is not None and value < self.min:
            return f"That is less than the minimum of {self.min}{unit}."
        if self.max is not None and value > self.max:
            return f"That is more than the maximum of {self.max}{unit}."
        return None


class YesNo(AnswerType):
    kind = "yesno"

    def parse(self, text: str) -> bool:
        return intents.parse_yesno(text)

    def _say(self, value: Any) -> str:
        return "Yes" if value else "No"

    def example(self) -> str:
        return "yes"


class Integer(AnswerType):
    kind = "integer"

    def parse(self, text: str) -> int:
        return numbers.parse_integer(text, self.unit)

    def _say(self, value: Any) -> str:
        return numbers.say_integer(int(value), self.unit)

    def example(self) -> str:
        n = 40 if self.unit else 10
        if self.min is not None:
            n = max(n, self.min)
        if self.max is not None:
            n = min(n, self.max)
        return self._say(n)


class Months(AnswerType):
    """A period in months: how often (no unit) or, with any unit, how long (a term)."""

    kind = "months"

    def parse(self, text: str) -> int:
        return dates.parse_months(text)

    def _say(self, value: Any) -> str:
        return dates.say_months(int(value), self.unit)

    def example(self) -> str:
        return self._say(12)


class Date(AnswerType):
    kind = "date"

    def parse(self, text: str) -> _dt.date:
        return dates.parse_date(text)

    def _say(self, value: Any) -> str:
        d = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))
        return dates.format_date(d)  # as the document prints it: August 1, 2026

    def example(self) -> str:
        return "August 1, 2026"


class OneChoice(AnswerType):
    kind = "choice"

    def parse(self, text: str) -> str:
        return _choices.parse_choice(text, self.choices)  # type: ignore[arg-type]

    def _say(self, value: Any) -> str:
        return _choices.label_for(value, self.choices)

    def example(self) -> str:
        return "1"

    def picker(self) -> Picker | None:
        return Picker(tuple(self.choices), multi=False) if self.choices else None


class ModelChoice(OneChoice):
    """A state's model agreement (the options come from the state packs), or none.

    Read strictly: an option's number, a state's name or code, a negative ("none", "we didn't use one"),
    or an option's whole label. Never a loose match on the labels' words, which the options share
    ("model", "state", "memorandum"): a vague reply must not pick a model nobody named."""

    kind = "model"

    def parse(self, text: str) -> str:
        import re

        from mou_wizard.language.replies import _NONE_RE

        choices = list(self.choices or ())
        tokens = [token for token, _ in choices]
        t = re.sub(r"[\s.!?,;:]+$", "", (text or "").strip())
        low = t.lower()
        known = join_and([label.split(":")[0] for token, label in choices if token != "none"])
        if low.isdigit() and 1 <= int(low) <= len(choices):
            return tokens[int(low) - 1]
        if "none" in tokens and (low.startswith("none") or _NONE_RE.fullmatch(low)):
            return "none"
        for token, label in choices:
            if low in (token.lower(), label.lower()):
                return token
        try:
            code: str | None = names.parse_state(t)  # "Virginia", "VA": the state's own model
        except ParseError:
            named = [c for c, name in names.STATE_NAMES.items() if re.search(rf"\b{name.lower()}\b", low)]
            code = named[0] if len(named) == 1 else None
        if code is not None and code in tokens:
            return code
        if code is not None:
            raise ParseError(f"The wizard knows no model agreement for {names.say_state(code)}. Pick one of the "
                             f"state models it knows ({known}), or \"none\".")
        raise ParseError(f"Name the state whose model agreement this MOU is based on ({known}), or say "
                         f"\"none\"; you can also type the option's number, 1 to {len(choices)}.")

    def example(self) -> str:
        return "none"


class ManyChoices(AnswerType):
    kind = "multichoice"

    def parse(self, text: str) -> list[str]:
        return _choices.parse_multichoice(text, self.choices)  # type: ignore[arg-type]

    def _say(self, value: Any) -> str:
        items = list(value)
        if not items:
            return "none"
        order = {t: k for k, (t, _) in enumerate(self.choices or ())}
        items.sort(key=lambda v: order.get(getattr(v, "value", v), len(order)))
        return join_and([_choices.label_for(v, self.choices) for v in items])

    def example(self) -> str:
        return "1 and 2" if self.choices and len(self.choices) > 1 else "1"

    def picker(self) -> Picker | None:
        return Picker(tuple(self.choices), multi=True) if self.choices else None


class ListOf(AnswerType):
    kind = "list"

    def parse(self, text: str) -> list[str]:
        return names.parse_list(text)

    def _say(self, value: Any) -> str:
        return "; ".join(str(v) for v in value) if value else "none"

    def example(self) -> str:
        return "Riverside High School, Riverside Middle School"


class People(AnswerType):
    kind = "people"

    def parse(self, text: str) -> list[dict]:
        return names.parse_people(text)

    def _say(self, value: Any) -> str:
        return names.say_people(value)

    def example(self) -> str:
        return "Jane Doe, Superintendent, district; Sam Roe, Chief of Police, agency"


class State(AnswerType):
    kind = "state"

    def parse(self, text: str) -> str:
        return names.parse_state(text)

    def _say(self, value: Any) -> str:
        return names.say_state(value)

    def example(self) -> str:
        return "Virginia"


_REGISTRY: dict[str, type[AnswerType]] = {
    t.kind: t for t in (YesNo, Integer, Months, OneChoice, ModelChoice, ManyChoices, AnswerType, ListOf, People, Date, State)
}
KINDS = tuple(_REGISTRY)


def answer_type(kind: str, *, choices: Sequence[Choice] | None = None, unit: str | None = None,
                min: int | None = None, max: int | None = None) -> AnswerType:
    """The answer type named ``kind`` (see ``prompts/README.md``); ValueError for an unknown name."""
    cls = _REGISTRY.get(kind)
    if cls is None:
        raise ValueError(f"unknown answer type {kind!r}; expected one of {', '.join(KINDS)}")
    return cls(choices=choices, unit=unit, min=min, max=max)

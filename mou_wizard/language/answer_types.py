"""One object per kind of answer: how to read it from text, say it back, show an example and offer a
picker.

Each question's answer type is built once, by :func:`answer_type`, the only place a type name
("yesno", "integer", ...) is interpreted; callers then use the object and never pass a type name and
a bag of options around. Parsing raises :class:`~mou_wizard.language.text.ParseError` with one
friendly sentence that asks only about what was unclear; everything :meth:`AnswerType.say` says parses
back to the same value.

Reading a reply: ``read`` and ``parse``
---------------------------------------
``answer_type.read(text, ctx)`` returns a :class:`Parsed`: the ``value`` for the question asked and,
in ``also``, values for *other* questions the same reply answered, keyed by their answer field::

    t = answer_type("choice", choices=DEADLINES,
                    details={"within_months": Detail("training.initial_within_months", months)})
    t.read("within 6 months of starting")
    # Parsed(value='within_months', also={'training.initial_within_months': 6})

``parse(text, ctx)`` is ``read(text, ctx).value``. ``ctx`` (:class:`ReadContext`, optional) carries
what a reply may lean on: ``today`` (so "today", "next July 1" or "the start of the next school year"
become absolute dates; without it they are refused with a request for the date) and the question's
``recommended`` answer (so "the recommended ones plus grade level" can be read).

How a conversation applies a :class:`Parsed`: store ``value`` for the question asked first, then each
``also`` value for the question filling that field, but only if that question applies once ``value``
is stored (a follow-up asked only for that option) and has no answer yet; then do not ask it. An
``also`` value already fits its question's bounds (a value that does not is left out, so the
follow-up is asked). Both are said back ("Noted: within a stated period after assignment; 6 months").

Details come from the content: a choice question's ``follow_ups`` (prompts/README.md) names, for an
option, the question that asks for its number; :mod:`mou_wizard.content.questions` builds the
:class:`Detail`.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from mou_wizard.language import choices as _choices
from mou_wizard.language import dates, intents, names, numbers, people
from mou_wizard.language.text import Choice, ParseError, join_and

__all__ = ["KINDS", "AnswerType", "Detail", "ParseError", "Parsed", "Picker", "ReadContext", "answer_type"]


@dataclass(frozen=True)
class ReadContext:
    """What a reply may lean on: the date it is given on, and the question's recommended answer."""

    today: _dt.date | None = None
    recommended: Any = None


@dataclass(frozen=True)
class Parsed:
    """A reply understood: the ``value`` for the question asked, and ``also`` values (answer field ->
    value) for other questions the same reply answered (see the module docstring)."""

    value: Any
    also: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Detail:
    """The question that asks for an option's number: its answer field and answer type."""

    field: str
    type: "AnswerType"


@dataclass(frozen=True)
class Picker:
    """What a UI can offer instead of typing: the options, and whether several may be ticked."""

    options: tuple[Choice, ...]
    multi: bool


class AnswerType:
    """The base: free text. Subclasses override :meth:`parse`, :meth:`_say` and :meth:`example`."""

    kind = "text"

    def __init__(self, *, choices: Sequence[Choice] | None = None, unit: str | None = None,
                 min: int | None = None, max: int | None = None, phrases: Mapping[str, Sequence[str]] | None = None,
                 details: Mapping[str, Detail] | None = None) -> None:
        self.choices = list(choices) if choices is not None else None
        self.unit = unit
        self.min = min
        self.max = max
        self.phrases = {k: list(v) for k, v in (phrases or {}).items()} or None
        self.details = dict(details or {})

    def __repr__(self) -> str:
        options = (("unit", self.unit), ("min", self.min), ("max", self.max))
        extra = "".join(f", {k}={v!r}" for k, v in options if v is not None)
        return f"answer_type({self.kind!r}{extra})"

    def read(self, text: str, ctx: ReadContext | None = None) -> Parsed:
        """The reply understood: the value, and any other answers it carries (ParseError if none)."""
        self._refuse_non_answers(text, ctx)
        return Parsed(self.parse(text, ctx))

    def _refuse_non_answers(self, text: str, ctx: ReadContext | None) -> None:
        """A reply that is a change to a list, or a value said unsure, is asked about rather than read."""
        if self.kind in ("multichoice", "list") and intents.is_list_edit(text):
            raise ParseError(f'To change the list, please give the whole answer again, such as "{self.example()}".')
        word = intents.hedged(text) if self.hedges_refused else None
        if word:
            plain = re.sub(rf"(?i)[\s,]*-?\b{re.escape(word)}\b[\s,]*", " ", text).strip(" ,")
            try:
                value = self.parse(plain, ctx) if plain else None
            except ParseError:
                value = None
            said = f'is it {self.say(value)}? Type "{self.say(value)}" to keep it' if value is not None else \
                f'please type the answer you mean, such as "{self.example()}"'
            raise ParseError(f'That sounds unsure ("{word}"): {said}, or "skip" to come back to it later.')

    def parse(self, text: str, ctx: ReadContext | None = None) -> Any:
        return names.parse_text(text)

    @property
    def hedges_refused(self) -> bool:  # type: ignore[override]
        return self.kind not in ("text", "title", "list", "people", "state")

    def find(self, text: str) -> Any:
        """A value of this type named inside a longer reply, or None (only periods are looked for)."""
        return None

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
        def amount(n: int) -> str:  # "1 day", "$95,000", "60 months"
            if self.kind == "months":
                return f"{n} month{'' if n == 1 else 's'}"
            return numbers.say_integer(n, self.unit)

        if self.min is not None and value < self.min:
            return f"That is less than the minimum of {amount(self.min)}."
        if self.max is not None and value > self.max:
            return f"That is more than the maximum of {amount(self.max)}."
        return None


class YesNo(AnswerType):
    kind = "yesno"
    hedges_refused = False  # yes/no reads its own hedges ("probably" is neither)

    def parse(self, text: str, ctx: ReadContext | None = None) -> bool:
        return intents.parse_yesno(text)

    def _say(self, value: Any) -> str:
        return "Yes" if value else "No"

    def example(self) -> str:
        return "yes"


# "no cap", "no limit", "unlimited", "none": no number, where the agreement needs one
_NO_AMOUNT = re.compile(r"(?:none|nothing|n/?a|unlimited|no (?:cap|limit|maximum|max|minimum|min|amount|number|ceiling)"
                        r"(?: at all)?|there (?:is|'s) no (?:cap|limit|maximum))")


class Integer(AnswerType):
    kind = "integer"

    def parse(self, text: str, ctx: ReadContext | None = None) -> int:
        try:
            return numbers.parse_integer(text, self.unit)
        except ParseError:
            # A count of months is read as a period, which is never zero; where zero is allowed ("no
            # holdover"), "0" and "none" still mean zero.
            said = text.strip().lower().rstrip(".!")
            if self.min == 0 and said in ("0", "none", "zero", "no", "nil"):
                return 0
            if _NO_AMOUNT.fullmatch(said):  # "no cap", "unlimited": the agreement needs a number here
                raise ParseError('The agreement states a number here. If it is not settled yet, say "skip" and the '
                                 'draft shows a blank to fill in.') from None
            raise

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

    def parse(self, text: str, ctx: ReadContext | None = None) -> int:
        return dates.parse_months(text)

    def find(self, text: str) -> int | None:
        return dates.find_months(text)

    def read(self, text: str, ctx: ReadContext | None = None) -> Parsed:
        parsed = super().read(text, ctx)
        rec = ctx.recommended if ctx else None
        n = parsed.value
        if (self.unit is None and isinstance(rec, int) and rec >= 12 and n <= 5
                and re.fullmatch(r"\s*(?:every\s+)?(?:\d+|one|two|three|four|five)\s*", text.lower())):
            # a bare small number where years are usual ("3"); "quarterly" or "monthly" names its unit
            raise ParseError(f'Every {n} months or every {n} years? Please say which, such as "every {n} years".')
        return parsed

    def _say(self, value: Any) -> str:
        return dates.say_months(int(value), self.unit)

    def example(self) -> str:
        return self._say(12)


class Date(AnswerType):
    kind = "date"

    def parse(self, text: str, ctx: ReadContext | None = None) -> _dt.date:
        return dates.parse_date(text, ctx.today if ctx else None)

    def _say(self, value: Any) -> str:
        d = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))
        return dates.format_date(d)  # as the document prints it: August 1, 2026

    def example(self) -> str:
        return "August 1, 2026"


class OneChoice(AnswerType):
    kind = "choice"

    def parse(self, text: str, ctx: ReadContext | None = None) -> str:
        return _choices.parse_choice(text, self.choices, self.phrases)  # type: ignore[arg-type]

    def read(self, text: str, ctx: ReadContext | None = None) -> Parsed:
        """The option, and the number a follow-up question asks for when the reply says it too:
        "within 6 months of starting" is the option "within a stated period" and 6 months. A reply that
        names no option but one option's number ("within the first year") picks that option."""
        self._refuse_non_answers(text, ctx)
        try:
            token = self.parse(text, ctx)
        except ParseError:
            found = [(t, d, v) for t, d in self.details.items() if (v := self._detail(d, text)) is not None]
            if len(found) == 1:
                token, detail, value = found[0]
                return Parsed(token, {detail.field: value})
            # "within 180 days": the option, its number left for the follow-up to ask in its own unit
            bare = re.sub(r"\b\d+\s*(?:days?|weeks?|months?|years?|hours?)\b", " ", text).strip()
            if not self.details or found or bare == text.strip() or not bare:
                raise
            token = self.parse(bare, ctx)
            return Parsed(token) if token in self.details else self._no_option(text)
        detail = self.details.get(token)
        value = self._detail(detail, text) if detail is not None else None
        return Parsed(token, {detail.field: value}) if value is not None else Parsed(token)

    def _no_option(self, text: str) -> Parsed:
        return Parsed(self.parse(text))  # raises the parser's own message

    @staticmethod
    def _detail(detail: Detail, text: str) -> Any:
        value = detail.type.find(text)
        return value if value is not None and detail.type.bounds_problem(value) is None else None

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

    def parse(self, text: str, ctx: ReadContext | None = None) -> str:
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

    def parse(self, text: str, ctx: ReadContext | None = None) -> list[str]:
        recommended = ctx.recommended if ctx else None
        return _choices.parse_multichoice(text, self.choices, self.phrases, recommended)  # type: ignore[arg-type]

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

    def parse(self, text: str, ctx: ReadContext | None = None) -> list[str]:
        items = names.parse_list(text)
        if all(people.names_a_person(item) for item in items):
            # "Dr. Ellen Mays, Superintendent, and Sheriff Tom Brandt" typed where schools are asked:
            # not saved as three schools.
            said = join_and([f'"{item}"' for item in items])
            raise ParseError(f"{said} {'sounds' if len(items) == 1 else 'sound'} like "
                             f"{'a person' if len(items) == 1 else 'people'}, and this question asks for names "
                             "of places or organizations, so I have not saved that. Please list them, separated "
                             "by commas (the people who sign the agreement are asked for separately).")
        return items

    def _say(self, value: Any) -> str:
        return "; ".join(str(v) for v in value) if value else "none"

    def example(self) -> str:
        return "Riverside High School, Riverside Middle School"


class People(AnswerType):
    kind = "people"

    def parse(self, text: str, ctx: ReadContext | None = None) -> list[dict]:
        return people.parse_people(text)

    def _say(self, value: Any) -> str:
        return people.say_people(value)

    def example(self) -> str:
        return "Jane Doe, Superintendent, district; Sam Roe, Chief of Police, agency"


class Title(AnswerType):
    """A role or job title that clause text puts after "the" or "the Agency's": stored without a leading
    article ("the building principal" -> "building principal"), so the draft never says "the the"."""

    kind = "title"

    def parse(self, text: str, ctx: ReadContext | None = None) -> str:
        return names.parse_title(text)

    def example(self) -> str:
        return "SRO Unit Sergeant"


class State(AnswerType):
    kind = "state"

    def parse(self, text: str, ctx: ReadContext | None = None) -> str:
        return names.parse_state(text)

    def _say(self, value: Any) -> str:
        return names.say_state(value)

    def example(self) -> str:
        return "Virginia"


_REGISTRY: dict[str, type[AnswerType]] = {
    t.kind: t for t in (YesNo, Integer, Months, OneChoice, ModelChoice, ManyChoices, AnswerType, Title, ListOf, People,
                        Date, State)
}
KINDS = tuple(_REGISTRY)


def answer_type(kind: str, *, choices: Sequence[Choice] | None = None, unit: str | None = None,
                min: int | None = None, max: int | None = None, phrases: Mapping[str, Sequence[str]] | None = None,
                details: Mapping[str, Detail] | None = None) -> AnswerType:
    """The answer type named ``kind`` (see ``prompts/README.md``); ValueError for an unknown name.

    ``phrases``: for a choice, other words people use for each option (token -> phrases); ``details``:
    for a choice, the follow-up that asks for an option's number (token -> :class:`Detail`)."""
    cls = _REGISTRY.get(kind)
    if cls is None:
        raise ValueError(f"unknown answer type {kind!r}; expected one of {', '.join(KINDS)}")
    return cls(choices=choices, unit=unit, min=min, max=max, phrases=phrases, details=details)

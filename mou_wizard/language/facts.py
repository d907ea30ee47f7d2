"""Facts a reply gives besides the answer to the question asked (slot filling).

People answer the way they speak: "yes, within 5 working days of a written request" answers whether
the District may ask for an SRO's removal, whether the request is written and how many working days
the Agency has; "40 hours before they start and 16 every year" answers four training questions; "we
have 3 SROs from the county sheriff", typed at the district's name, says how many SROs there are and
what kind of agency provides them.

:func:`find_facts` reads such facts, each keyed by the answer field it fills. It reads only what is
said in words that leave no doubt (a number next to its unit and its cue, "in writing", "county
sheriff"); anything vaguer, or said unsure ("roughly forty hours"), is left for its own question. Each
reader says where it may be used:

* *nearby* readers run only while one of a few related questions is asked ("within 5 days" means the
  removal deadline only while the removal questions are asked);
* *anywhere* readers ("3 SROs", "from the county sheriff") run at any question.

The conversation decides what to do with the facts: fill the questions they answer now (a follow-up
that applies and has no answer yet), or keep them for the question they answer later, saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from mou_wizard.language.intents import hedged
from mou_wizard.language.numbers import words_to_digits
from mou_wizard.language.text import LazyPattern, is_kind_word

__all__ = ["Fact", "find_facts", "readable", "split_off"]


@dataclass(frozen=True)
class Fact:
    """A value for the answer ``field``, read from ``words`` (the part of the reply that said it)."""

    field: str
    value: Any
    words: str


# --- small readers ----------------------------------------------------------------------------------

_N = r"(\d{1,4})"
_HOURS = rf"{_N}\s*(?:-\s*)?(?:hours?|hrs?\.?|h\b)"
_PERIOD_WORDS = {
    "every year": 12, "each year": 12, "a year": 12, "per year": 12, "yearly": 12, "annually": 12,
    "every school year": 12, "each school year": 12, "annual": 12, "every other year": 24,
    "twice a year": 6, "every semester": 6, "each semester": 6, "every six months": 6,
}
_EVERY_N = LazyPattern(r"every\s+(\d{1,2})\s+(years?|months?)")


def _period_months(text: str) -> int | None:
    """Months in a recurrence said in words ("every year", "every 2 years", "twice a year")."""
    m = _EVERY_N.search(text)
    if m:
        n = int(m.group(1))
        return n * 12 if m.group(2).startswith("year") else n
    for words, months in sorted(_PERIOD_WORDS.items(), key=lambda kv: -len(kv[0])):  # "twice a year" first
        if re.search(rf"\b{words}\b", text):
            return months
    return None


_PARTS = LazyPattern(r"\s*(?:;|,(?!\d{3})|\band then\b|\bthen\b|\bplus\b|\band\b)\s*")


def _parts(text: str) -> list[str]:
    return [p for p in _PARTS.split(text) if p]


# --- nearby readers -----------------------------------------------------------------------------------

_BEFORE_START = LazyPattern(
    r"\b(?:before (?:they|he|she|the officers?|officers?|the sros?|sros?|deputies|anyone|an officer) "
    r"(?:start|starts|begin|begins|are assigned|is assigned|work|works|go in)|before (?:assignment|placement|"
    r"starting|day one)|prior to (?:assignment|placement|starting)|up front)\b")
_WITHIN_MONTHS = LazyPattern(r"\bwithin\s+(?:the first\s+)?(\d{1,2})\s+months?\b|\bwithin\s+(?:a|one|the first)\s+year\b")
_AT_REFRESHER = frozenset({"refresher_hours", "refresher_frequency"})
_BARE = LazyPattern(r"(?:about |around |another |then )?(\d{1,4})\b(?!\s*(?:years?|months?|weeks?|days?)\b)")
_REFRESHER = LazyPattern(r"\b(?:refresher|in-?service|ongoing|after that|thereafter|each year after)\b")


def _training(text: str, at: str | None = None) -> Iterator[Fact]:
    """Initial hours and when they are due; refresher hours and how often (each from its own part).
    Two amounts of initial hours ("40 hours plus 8 hours of field training") are left to the question."""
    initial: list[Fact] = []
    refresher: list[Fact] = []
    amounts = 0
    parts: list[str] = []
    for part in _parts(text):  # a recurrence said on its own belongs to the amount before it ("16, every 2 years")
        if parts and _period_months(part) is not None and not _BARE.match(part) and not re.search(_HOURS, part):
            parts[-1] += " " + part
        else:
            parts.append(part)
    for part in parts:
        every = _period_months(part)
        # A bare number counts as hours where the hours were said before, or with a recurrence
        # ("16 every year"); never the number inside the recurrence ("every 2 years").
        bare = _BARE.match(part) if (amounts or refresher or every is not None) else None
        hours = re.search(_HOURS, part) or bare
        if not hours:
            continue
        n = int(hours.group(1))
        # At the refresher questions an amount without a cue is the refresher's ("8 hours").
        cued = every is not None or _REFRESHER.search(part) or (at in _AT_REFRESHER and not amounts)
        if cued and not refresher:
            refresher.append(Fact("training.refresher_hours", n, part))
            if every is not None:
                refresher.append(Fact("training.refresher_frequency_months", every, part))
            continue
        amounts += 1
        if amounts > 1 or refresher:
            return  # a second amount, or initial hours said after the refresher: not clear enough
        initial.append(Fact("training.initial_hours", n, part))
        within = _WITHIN_MONTHS.search(part)
        if _BEFORE_START.search(part):
            initial.append(Fact("training.initial_deadline", "before_assignment", part))
        elif within:
            initial.append(Fact("training.initial_deadline", "within_months", part))
            initial.append(Fact("training.initial_within_months", int(within.group(1) or 12), part))
    yield from initial + refresher


_WRITTEN = LazyPattern(r"\b(?:in writing|written (?:request|notice|letter)|a written|put in writing|by letter)\b")
_NOT_WRITTEN = LazyPattern(r"\b(?:verbal(?:ly)?|oral(?:ly)?|a phone call|by phone|need not be (?:in )?writ\w*|"
                          r"doesn'?t (?:have|need) to be (?:in )?writ\w*|no need (?:for it )?to be (?:in )?writ\w*)\b")
_WITHIN_DAYS = LazyPattern(r"\bwithin\s+(\d{1,2})\s+(?:working|business|school)?\s*days?\b")


def _removal(text: str, at: str | None = None) -> Iterator[Fact]:
    """Whether a removal request is written, and the working days the Agency has to act on it."""
    if _NOT_WRITTEN.search(text):
        yield Fact("hiring.removal_request_written", False, _NOT_WRITTEN.search(text).group(0))
    elif _WRITTEN.search(text):
        yield Fact("hiring.removal_request_written", True, _WRITTEN.search(text).group(0))
    days = _WITHIN_DAYS.search(text)
    if days:
        yield Fact("hiring.removal_days", int(days.group(1)), days.group(0))


# --- anywhere readers ---------------------------------------------------------------------------------

_SRO_COUNT = LazyPattern(r"\b(?:we (?:have|get|will have|would have|want|need)|there (?:are|will be)|with)\s+"
                        r"(\d{1,3})\s+(?:full[- ]time\s+)?(?:sros|school resource officers|officers|deputies)\b")
_AGENCY_KIND = [
    (LazyPattern(r"\b(?:county sheriff|sheriff'?s (?:office|department|dept\.?)|the sheriff)\b"), "county_sheriff"),
    (LazyPattern(r"\b(?:city police|police department|police dept\.?|town police|village police|borough police|"
                r"city pd|municipal police)\b"), "city_police"),
    (LazyPattern(r"\b(?:state police|state patrol|highway patrol)\b"), "state_police"),
    (LazyPattern(r"\b(?:(?:school )?district police|our own police|campus police)\b"), "district_police"),
]
_FROM_AGENCY = LazyPattern(r"\b(?:from|by|with|through) (?:the |our |a )?")


def _sro_count(text: str, at: str | None = None) -> Iterator[Fact]:
    m = _SRO_COUNT.search(text)
    if m:
        yield Fact("hiring.sro_count", int(m.group(1)), m.group(0))


def _agency_kind(text: str, at: str | None = None) -> Iterator[Fact]:
    """The kind of agency, only where the reply says the SROs come from it ("from the county sheriff")."""
    kinds = {kind for pattern, kind in _AGENCY_KIND for m in pattern.finditer(text)
             if _FROM_AGENCY.search(text[max(0, m.start() - 12):m.start()])}
    if len(kinds) == 1:
        kind = kinds.pop()
        words = next(m.group(0) for pattern, k in _AGENCY_KIND if k == kind for m in pattern.finditer(text))
        yield Fact("parties.agency_kind", kind, words)


# A law-enforcement agency's name as written on its letterhead: words in capitals (and "of", "the",
# "and", numbers) ending in what the agency is ("Riverside County Sheriff's Office", "Lakeside Police
# Department"), with at least one word of its own (not just "County Sheriff's Office").
_NAME_WORD = r"(?:[A-Z][\w'.&\-]*|of|the|and|for|\d+)"
_AGENCY_NAME = LazyPattern(rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*")
_AGENCY_END = LazyPattern(r"(?i)\b(?:police|police department|police dept\.?|sheriff'?s? (?:office|department)|"
                         r"(?:department of )?public safety|state police|highway patrol|state patrol|pd)$")


def _agency_name(text: str) -> Iterator[Fact]:
    """At the question of what kind of agency it is, the agency's full name (the kind follows from it):
    kept for the name question when that is still unanswered (say, skipped)."""
    t = " ".join(text.split()).strip(" .")
    own = [w for w in t.split() if w[:1].isupper() and not is_kind_word(w)]
    if own and _AGENCY_NAME.fullmatch(t) and _AGENCY_END.search(t):
        yield Fact("parties.agency_name", t, t)


# The answer fields each nearby reader can fill.
_TRAINING_FIELDS = frozenset({"training.initial_hours", "training.initial_deadline", "training.initial_within_months",
                              "training.refresher_hours", "training.refresher_frequency_months"})
_REMOVAL_FIELDS = frozenset({"hiring.removal_request_written", "hiring.removal_days"})


def readable(field: str) -> bool:
    """Whether a nearby reader can read ``field`` from a reply (so a reply that fills its neighbours but
    not it is about a neighbour)."""
    return field in _TRAINING_FIELDS or field in _REMOVAL_FIELDS


# Reader -> the questions (ids) it runs at; None: at every question.
_READERS: list[tuple[Callable[[str, str | None], Iterator[Fact]], frozenset[str] | None]] = [
    (_training, frozenset({"initial_hours", "initial_deadline", "initial_within_months", "refresher_hours",
                           "refresher_frequency"})),
    (_removal, frozenset({"removal_on_request", "removal_request_written", "removal_days"})),
    (_sro_count, None),
    (_agency_kind, None),
]


def find_facts(text: str, at: str | None = None) -> list[Fact]:
    """The facts ``text`` states, read while the question ``at`` (an id) is asked; one per field, the
    first said. ``at`` None runs only the readers that work anywhere."""
    if hedged(text):  # "roughly forty hours", "maybe 3 SROs": nothing said unsure is filled in
        return []
    said = words_to_digits(" ".join(text.lower().split()))
    seen: dict[str, Fact] = {}
    if at == "agency_kind":  # a name keeps its capitals: read from the reply as typed
        seen.update((fact.field, fact) for fact in _agency_name(text))
    for reader, where in _READERS:
        if where is not None and at not in where:
            continue
        for fact in reader(said, at):
            seen.setdefault(fact.field, fact)
    return list(seen.values())


def split_off(text: str, at: str, field: str) -> tuple[dict[str, Fact], str]:
    """The facts ``text`` gives (answer field -> Fact) while question ``at`` (filling ``field``) is
    asked, and the text left for that question: a part of the reply (between semicolons, commas or full
    stops) that only volunteers facts for other questions ("Oak Unified; we have 3 SROs from the county
    sheriff") is taken out; the rest is read as written."""
    facts = {f.field: f for f in find_facts(text, at)}
    if not facts:
        return facts, text
    parts = [p for p in re.split(r"\s*[;.]\s+|\s*[;,]\s*", text.strip()) if p]
    other = [p for p in parts if any(f.field != field for f in find_facts(p, at))]
    if not other or len(other) == len(parts):
        return facts, text
    rest = text
    for part in other:
        rest = rest.replace(part, "", 1)
    rest = re.sub(r"\s*([;,.])(?:\s*[;,.])+", r"\1", rest).strip(" ,;")
    return facts, rest or text


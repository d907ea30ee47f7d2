"""Understanding typed answers: natural text in, typed answer values out.

Every question in ``prompts/`` has an answer type (see ``prompts/README.md``); :func:`parse_answer`
turns what the user typed into the value that the answers model stores, or raises :class:`ParseError`
whose text is one friendly sentence saying what was expected, with an example. :func:`format_answer`
is the other direction: how the assistant says an answer back.

Pure functions over strings, stdlib only (``re``, ``datetime``, ``difflib``), no UI imports, so the TUI,
the plain line mode and the tests all share them. The caller checks :func:`is_recommended` and
:func:`is_skip` before parsing, so "not sure" never becomes "no".
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from fractions import Fraction
from functools import lru_cache
from typing import Any

__all__ = [
    "Choice",
    "ParseError",
    "format_answer",
    "is_recommended",
    "is_skip",
    "parse_answer",
    "parse_choice",
    "parse_date",
    "parse_integer",
    "parse_list",
    "parse_months",
    "parse_multichoice",
    "parse_people",
    "parse_state",
    "parse_text",
    "parse_yesno",
    "STATE_NAMES",
]


class ParseError(ValueError):
    """An answer that could not be understood.

    ``str(err)`` is one friendly sentence telling the user what was expected, with an example,
    e.g. ``I need a number of hours, such as "40" or "40 hours".``
    """


Choice = tuple[str, str]  # (token, label), e.g. ("title_vi", "Title VI of the Civil Rights Act of 1964")

QTYPES = ("yesno", "integer", "months", "choice", "multichoice", "text", "list", "people", "date", "state")


# --- shared text helpers -------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u00a0": " ", "\u2212": "-"})


def _ascii(text: str) -> str:
    """Straight quotes and dashes (translate is slow on long text, so only when needed)."""
    return text if text.isascii() else text.translate(_QUOTES)


def _clean(text: str) -> str:
    """Lower-case, straight quotes and dashes, single spaces, no surrounding quotes or end punctuation."""
    s = _ascii(text or "").lower()
    s = re.sub(r"\s+", " ", s).strip()
    s = s.strip("\"'`")
    s = re.sub(r"[\s.!?]+$", "", s)
    return s.strip()


def _quote(text: str, limit: int = 60) -> str:
    t = re.sub(r"\s+", " ", (text or "").strip())
    if len(t) > limit:
        t = t[: limit - 1].rstrip() + "\u2026"
    return f'"{t}"'


# --- numbers in words ----------------------------------------------------------------------------

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}

_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}
_ORDINAL_BY_NUMBER = {v: k for k, v in _ORDINALS.items()}


def _words_to_digits(s: str) -> str:
    """Replace runs of number words by digits: "twenty-four hours" -> "24 hours", "a dozen" -> "12".

    Two runs next to each other stay apart ("five six" -> "5 6"), so callers can see two numbers.
    """
    s = re.sub(r"\bhalf an? dozen\b", "6", s)
    s = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", s)
    parts = re.split(r"(\s+)", s)
    words = [p for p in parts if p and not p.isspace()]
    out: list[str] = []
    i = 0
    while i < len(words):
        value, used = _number_run(words, i)
        if used:
            out.append(str(value))
            i += used
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _number_run(words: list[str], i: int) -> tuple[int, int]:
    """Parse the number words starting at ``words[i]``; return (value, words used), used 0 if none."""
    total = 0
    current = 0
    last: str | None = None  # "small", "tens", "hundred", "thousand", "dozen"
    j = i
    while j < len(words):
        w = words[j]
        nxt = words[j + 1] if j + 1 < len(words) else ""
        if w in ("a", "an") and last is None and nxt in ("hundred", "thousand", "dozen"):
            current = 1
            last = "small"
        elif w in _SMALL and last in (None, "hundred", "thousand") or (
            w in _SMALL and last == "tens" and 0 < _SMALL[w] < 10
        ):
            current += _SMALL[w]
            last = "small"
        elif w in _TENS and last in (None, "hundred", "thousand"):
            current += _TENS[w]
            last = "tens"
        elif w == "hundred" and last in ("small",) and current < 100:
            current *= 100
            last = "hundred"
        elif w == "thousand" and last in ("small", "tens", "hundred"):
            total += current * 1000
            current = 0
            last = "thousand"
        elif w == "dozen" and last in ("small",) and current < 100:
            current *= 12
            last = "dozen"
        elif w == "and" and last in ("hundred", "thousand") and (nxt in _SMALL or nxt in _TENS):
            pass
        else:
            break
        j += 1
    if j == i:
        return 0, 0
    return total + current, j - i


# --- yes / no ------------------------------------------------------------------------------------

_YESNO_HELP = 'I need a yes or no answer, such as "yes" or "no".'

_NEG_PHRASES = [
    r"absolutely not", r"definitely not", r"certainly not", r"of course not", r"surely not", r"not at all",
    r"no way", r"not really", r"no thanks?(?: you)?", r"i (?:don'?t|do not) think so", r"(?:don'?t|do not) think so",
    r"(?:i'?d |we'?d )?rather not", r"better not", r"(?:hell|heck) no", r"not a chance", r"by no means",
    r"(?:do|does|did|will|would|shall|should|can|could|may|is|are|have|has|must) not",
]
_POS_PHRASES = [
    r"no problem", r"not a problem", r"of course", r"(?:i|we) (?:think|believe|guess|suppose) so", r"that'?s (?:right|correct|true)",
    r"that is (?:right|correct|true)", r"sounds good", r"go ahead", r"by all means", r"why not", r"you bet",
    r"for sure", r"(?:i|we) agree", r"sure thing", r"please do", r"that works", r"(?:fine|works) (?:by|for) (?:me|us)",
    r"let'?s do (?:it|that)", r"(?:i|we|it|they|he|she|this|that) (?:do|does|did|will|shall|should|can|could|may|is|are|have|has|must|would)",
]
_NEG_RE = re.compile(r"\b(?:" + "|".join(_NEG_PHRASES) + r")(?![\w'])")
_POS_RE = re.compile(r"\b(?:" + "|".join(_POS_PHRASES) + r")(?![\w'])")  # "we can" but not "we can't"

_YES_WORDS = {
    "yes", "y", "ye", "yep", "yeah", "yea", "yah", "ya", "yup", "yess", "yesss", "sure", "surely", "agreed",
    "agree", "correct", "affirmative", "absolutely", "definitely", "certainly", "true", "ok", "okay", "alright",
    "indeed", "aye", "right", "always", "totally", "exactly", "__pos__",
}
_NO_WORDS = {
    "no", "n", "nope", "nah", "naw", "never", "negative", "false", "nay", "not", "disagree", "incorrect",
    "wrong", "cannot", "__neg__",
}
_HEDGE_WORDS = {
    "but", "unless", "except", "if", "only", "maybe", "perhaps", "probably", "possibly", "depends", "depending",
    "sometimes", "partly", "partially", "might", "comment", "idea", "clue", "know", "unsure", "kind", "sort",
    "somewhat", "mostly", "usually", "mind", "dunno", "idk", "either", "or", "neither", "nor",
}
_FILLER_WORDS = {
    "please", "thanks", "thank", "you", "we", "i", "it", "they", "he", "she", "that", "this", "so", "do", "does",
    "did", "will", "would", "shall", "should", "can", "could", "have", "has", "had", "is", "are", "was", "were",
    "be", "we'll", "it'll", "they'll", "i'll", "that's", "thats", "it's", "its", "really", "thing", "very", "much",
    "the", "a", "of", "all", "at", "to", "for", "we've", "i've", "they're", "we're", "sir", "ma'am", "oh", "well",
    "um", "uh", "hmm", "yet", "still", "also", "too", "again", "then", "one", "answer", "is", "definitely",
}


_NT_WORDS = {"dont", "wont", "doesnt", "didnt", "isnt", "arent", "cant", "shouldnt", "wouldnt", "couldnt",
             "havent", "hasnt", "mustnt", "wasnt", "werent", "shant"}
_UNSURE_RE = re.compile(r"\bnot (?:really |quite |totally )?(?:sure|certain)\b|\bunsure\b|\buncertain\b")


def parse_yesno(text: str) -> bool:
    """Yes or no: "yes", "y", "sure", "of course", "agreed"... / "no", "nope", "not really", "we won't"..."""
    s = _clean(text)
    s = re.sub(r"[,;:!?.()\-]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    if not s:
        raise ParseError(_YESNO_HELP)
    if _UNSURE_RE.search(s):
        raise ParseError('I need a plain yes or no here, such as "yes" or "no" (or type "skip" to come back to it later).')
    # "I'd say no", "the answer is yes", "that would be a no"
    s = re.sub(r"^(?:(?:i|we)(?:'d| would)? say|(?:my|our|the) answer is|(?:that|it)(?:'s| is| would be| will be)(?: a)?)\s+(?=\S)", "", s)
    s = _NEG_RE.sub(" __neg__ ", s)
    s = _POS_RE.sub(" __pos__ ", s)
    tokens = s.split()
    pos = neg = 0
    unknown = hedge = False
    for tok in tokens:
        if tok in _HEDGE_WORDS:
            hedge = True
        elif tok in _YES_WORDS:
            pos += 1
        elif tok in _NO_WORDS or tok.endswith("n't") or (tok.endswith("nt") and tok in _NT_WORDS):
            neg += 1
        elif tok not in _FILLER_WORDS:
            unknown = True
    if hedge:
        raise ParseError('I need a plain yes or no here, such as "yes" or "no" (or type "skip" to come back to it later).')
    if pos and neg:
        raise ParseError('That sounds like both yes and no, so I need a plain answer, such as "yes" or "no".')
    if not pos and not neg:
        raise ParseError(_YESNO_HELP)
    lead = tokens[0]
    lead_polar = lead in _YES_WORDS or lead in _NO_WORDS or lead.endswith("n't") or lead in _NT_WORDS
    if unknown and not lead_polar:
        raise ParseError(_YESNO_HELP)
    return pos > 0


# --- integers with a unit ------------------------------------------------------------------------

# unit family -> words that name it (singular and plural, abbreviations)
_UNIT_WORDS = {
    "minutes": ("minute", "minutes", "min", "mins"),
    "hours": ("hour", "hours", "hr", "hrs", "h"),
    "days": ("day", "days", "d"),
    "weeks": ("week", "weeks", "wk", "wks"),
    "months": ("month", "months", "mo", "mos", "mth", "mths"),
    "years": ("year", "years", "yr", "yrs", "y"),
    "percent": ("percent", "pct", "%", "per cent"),
}
_UNIT_FAMILY = {w: fam for fam, words in _UNIT_WORDS.items() for w in words}
_DAY_KINDS = {"working": "working", "business": "working", "school": "working", "work": "working",
              "calendar": "calendar"}
_UNIT_EXAMPLE = {"minutes": 30, "hours": 40, "days": 5, "weeks": 2, "months": 6, "years": 3, "percent": 50}


def _unit_family(unit: str | None) -> tuple[str | None, str | None]:
    """("days", "working") for "working days"; (None, None) without a unit; ("students", None) for others."""
    if not unit:
        return None, None
    words = re.findall(r"[a-z%]+", unit.lower())
    kind = next((_DAY_KINDS[w] for w in words if w in _DAY_KINDS), None)
    for w in words:
        if w in _UNIT_FAMILY and len(w) > 1:
            return _UNIT_FAMILY[w], kind
    return (words[0] if words else unit.lower()), None


def _integer_help(unit: str | None, prefix: str = "I need", kind: str | None = None) -> str:
    """The integer message; ``kind`` is None, "whole", "nonneg" or "one" (what went wrong)."""
    fam, _ = _unit_family(unit)
    if not unit:
        what = {"nonneg": "a number of zero or more", "one": "just one whole number"}.get(kind or "", "a whole number")
        return f'{prefix} {what}, such as "40".'
    example = _UNIT_EXAMPLE.get(fam or "", 250 if fam == "students" else 10)
    if fam == "percent":
        what = {"whole": "a whole-number percentage", "nonneg": "a percentage of zero or more",
                "one": "just one percentage"}.get(kind or "", "a percentage")
        return f'{prefix} {what}, such as "{example}" or "{example}%".'
    what = {"whole": f"a whole number of {unit}", "nonneg": f"zero or more {unit}",
            "one": f"just one number of {unit}"}.get(kind or "", f"a number of {unit}")
    return f'{prefix} {what}, such as "{example}" or "{example} {unit}".'


def parse_integer(text: str, unit: str | None = None) -> int:
    """A whole number, optionally with its unit: "40", "40 hrs", "forty hours", "5 working days", "1,000"."""
    fam, kind = _unit_family(unit)
    if fam == "months":
        return parse_months(text)
    s = _clean(text)
    if not s:
        raise ParseError(_integer_help(unit))
    if s in ("none", "zero", "nil", "nothing", "nada"):
        return 0
    if re.search(r"(?:^|[\s(])-\s*\d|\b(?:minus|negative)\b", s):
        raise ParseError(_integer_help(unit, kind="nonneg"))
    # ratios such as a counselor ratio: "250:1", "1:250", "250 to 1"
    m = re.search(r"\b(\d+)\s*(?::|to)\s*1\b(?!\s*[\d,.])|\b1\s*:\s*(\d+)\b", s)
    if m:
        s = s[: m.start()] + (m.group(1) or m.group(2)) + s[m.end():]
    s = re.sub(r"\b(\d{1,3}(?:,\d{3})+)\b", lambda mm: mm.group(1).replace(",", ""), s)
    s = re.sub(r"\bhalf an? dozen\b", "6", s)
    if re.search(r"\d+\.\d*[1-9]|\d+/\d+|\bhalf\b|\bquarter of\b|\d\s*[\u00bc-\u00be\u2150-\u215e]", s):
        raise ParseError(_integer_help(unit, kind="whole"))
    s = re.sub(r"\b(\d+)\.0+\b", r"\1", s)
    s = re.sub(r"(\d)\+", r"\1", s)  # "3+ years"
    s = re.sub(r"(\d)-(?=[a-z])", r"\1 ", s)  # "40-hour"
    s = re.sub(r"(\d)(?=[a-z%])", r"\1 ", s)  # "40hrs", "50%"
    s = re.sub(r"%", " % ", s)
    s = _words_to_digits(s)
    # "one counselor per 250 students" -> "250 students"; "250 students to 1 counselor" -> "250 students"
    s = re.sub(r"\b1 (?:[a-z]+ )?(?:per|for every|for each|for|to) (?=\d)", "", s)
    s = re.sub(r"\b(\d+)((?: [a-z]+)?) (?:to|per|for) (?:1|one|each|every) (?=[a-z])", r"\1\2 per ", s)
    tokens = re.findall(r"\d+|[a-z]+(?:'[a-z]+)?|%", s)
    numbers = [(i, int(t)) for i, t in enumerate(tokens) if t.isdigit()]
    if not numbers:
        # "an hour", "a day": one of the unit
        m = re.search(r"\b(?:a|an|one)\s+([a-z]+)", s)
        if m and (m.group(1) in _UNIT_FAMILY):
            tokens = ["1", m.group(1)]
            numbers = [(0, 1)]
        else:
            raise ParseError(_integer_help(unit))
    if len({v for _, v in numbers}) > 1:
        raise ParseError(_integer_help(unit, kind="one"))
    idx, value = numbers[0]
    # the unit named right after the number, skipping "working"/"calendar"-style modifiers
    said_kind = None
    j = idx + 1
    while j < len(tokens) and tokens[j] in _DAY_KINDS:
        said_kind = _DAY_KINDS[tokens[j]]
        j += 1
    said = tokens[j] if j < len(tokens) else None
    if said == "per" and j + 1 < len(tokens) and tokens[j + 1] == "cent":
        said = "percent"
    said_fam = _UNIT_FAMILY.get(said) if said else None
    if said in ("h", "d", "y") and said_fam and fam not in (said_fam, None):
        said_fam = None  # a stray single letter is not worth an argument
    if said_fam and fam and said_fam != fam:
        if fam == "years" and said_fam == "months" and value % 12 == 0:
            return value // 12
        what = said_fam if said_fam != "percent" else "a percentage"
        raise ParseError(_integer_help(unit, prefix=f"That is in {what}, but I need"))
    if said_fam == "days" and fam == "days" and said_kind and kind and said_kind != kind:
        raise ParseError(_integer_help(unit, prefix=f"That is in {said_kind} days, but I need"))
    return value


# --- months --------------------------------------------------------------------------------------

_MONTHS_HELP = 'I need how often (or how long) in months or years, such as "annually", "every two years" or "18 months".'

_MONTH_ADVERBS = {
    "annually": 12, "annual": 12, "yearly": 12, "anually": 12, "annualy": 12, "once yearly": 12,
    "biennially": 24, "biennial": 24, "bienially": 24, "biannually": 6, "biannual": 6,
    "triennially": 36, "triennial": 36, "quadrennially": 48, "quadrennial": 48,
    "quarterly": 3, "monthly": 1,
    "semiannually": 6, "semiannual": 6, "semi annually": 6, "semi annual": 6, "halfyearly": 6, "half yearly": 6,
    "twice yearly": 6, "twice annually": 6, "every semester": 6, "each semester": 6, "per semester": 6,
    "once a semester": 6, "once per semester": 6, "once each semester": 6, "every half year": 6,
    "every other year": 24, "every second year": 24, "every other month": 2, "every third year": 36,
    "every fourth year": 48, "every fifth year": 60, "every school year": 12, "each school year": 12,
    "once a school year": 12, "per school year": 12,
}
_PERIOD_MONTHS = {"year": 12, "month": 1, "quarter": 3, "semester": 6}
_MONTHS_FILLER = {
    "every", "each", "once", "per", "and", "for", "within", "after", "about", "around", "approximately",
    "roughly", "at", "least", "the", "a", "an", "term", "of", "period", "cycle", "in", "total", "or", "so",
    "thereafter", "interval", "intervals", "basis", "on", "periods", "lasting", "is", "review", "reviews",
    "renewal", "meeting", "meetings", "report", "reports", "agreement", "mou", "long", "cycles", "assignment",
    "being", "assigned", "starting", "start", "from",
}
_TIMES = {"once": 1, "twice": 2, "thrice": 3}


def parse_months(text: str) -> int:
    """A period in months: "annually" -> 12, "every two years" -> 24, "quarterly" -> 3, "18 months", "2 yrs"."""
    s = _clean(text)
    s = re.sub(r"^(.+?)\s*\([^()]*\)$", r"\1", s)  # what format_answer says back: "every 12 months (annually)"
    s = re.sub(r"[,;:()]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    if not s:
        raise ParseError(_MONTHS_HELP)
    if re.search(r"(?:^|\s)-\s*\d|\b(?:minus|negative)\b", s):
        raise ParseError('I need at least one month, such as "every 12 months" or "annually".')
    s = re.sub(r"^(?:about|around|approximately|roughly|at least|(?:no|not) less than|no later than|within|after|for"
               r"|once|a term of|lasting)\s+(?=\S)", "", s)
    s = re.sub(r"\b(school|calendar|fiscal|academic) (year|month)", r"\2", s)
    s = re.sub(r"\bsemi[\s-]+", "semi", s).replace("bi-", "bi").replace("tri-", "tri").replace("half-year", "half year")
    key = re.sub(r"\s+basis$", "", re.sub(r"^(?:on )?an? ", "", s)).replace("-", " ")
    key = re.sub(r"^(?:held |done |reviewed |review |meet |meets |meeting )", "", key)
    if key in _MONTH_ADVERBS:
        return _MONTH_ADVERBS[key]
    if re.search(r"\bbi ?monthly\b", s):
        raise ParseError('"Bimonthly" can mean every two months or twice a month, so please say "every 2 months" or give a number of months, such as "2".')
    if re.search(r"\b(weekly|daily|fortnightly|biweekly|week|weeks|wk|wks|day|days|hourly)\b", s):
        raise ParseError('I need months or years, not days or weeks, such as "monthly", "6 months" or "1 year".')
    s = _words_to_digits(s)
    s = re.sub(r"(\d)-(?=[a-z])", r"\1 ", s.replace("\u00bd", ".5"))  # "a 2-year cycle"
    # ordinals: "every other year", "every 3rd year"
    s = re.sub(r"\bevery (other|second|2nd)\b", "every 2", s)
    s = re.sub(r"\bevery (third|3rd)\b", "every 3", s)
    s = re.sub(r"\bevery (fourth|4th)\b", "every 4", s)
    s = re.sub(r"\bevery (fifth|5th)\b", "every 5", s)
    # "N times a year", "twice a year"
    m = re.fullmatch(r"(?:about |around )?(\d+|once|twice|thrice)(?: times?)? (?:a|per|each|every|in a) (year|semester)", s)
    if m:
        n = _TIMES.get(m.group(1)) or int(m.group(1))
        period = _PERIOD_MONTHS[m.group(2)]
        if n == 0 or period % n:
            raise ParseError(_MONTHS_HELP)
        return period // n
    if re.search(r"\b(\d+|once|twice|thrice) times? (?:a|per|each|every) month\b|\btwice (?:a|per|each|every) month\b", s):
        raise ParseError('That is more often than once a month; I need months or years, such as "monthly" or "every 6 months".')
    # halves: "a year and a half", "1 and a half years", "half a year"
    s = re.sub(r"\b(?:a|an|1|one) (year|month)s? and a half\b", r"1.5 \1", s)
    s = re.sub(r"\b(\d+) and (?:a|one) half (year|month)s?\b", r"\1.5 \2", s)
    s = re.sub(r"\b(\d+) (year|month)s? and a half\b", r"\1.5 \2", s)
    s = re.sub(r"\b(?:half an?|a half|one half) (year|month)\b", r"0.5 \1", s)
    # a bare period after "every"/"a": "every year", "a year", "each quarter"
    s = re.sub(r"\b(every|each|per|a|an|one)\s+(?=(?:year|month|quarter|semester)s?\b)", r"\1 1 ", s)
    pairs = list(re.finditer(
        r"(\d+(?:\.\d+)?)\s*(years?|yrs?|y|months?|mos?|mths?|m|quarters?|semesters?)?(?![a-z0-9])", s))
    if not pairs:
        raise ParseError(_MONTHS_HELP)
    rest = s
    for p in reversed(pairs):
        rest = rest[: p.start()] + " " + rest[p.end():]
    leftover = [w for w in re.findall(r"[a-z']+|\S", rest) if w not in _MONTHS_FILLER]
    if leftover:
        raise ParseError(_MONTHS_HELP)
    if len(pairs) > 1 and (any(p.group(2) is None for p in pairs) or re.search(r"\b(or|to)\b|-", rest)):
        raise ParseError('I need just one length of time, such as "every 2 years" or "18 months".')
    total = Fraction(0)
    for p in pairs:
        n = Fraction(p.group(1))
        u = (p.group(2) or "m").rstrip("s")
        if u in ("year", "yr", "y"):
            total += n * 12
        elif u in ("quarter",):
            total += n * 3
        elif u in ("semester",):
            total += n * 6
        else:
            if n.denominator != 1:
                raise ParseError('I need a whole number of months, such as "18 months" or "1.5 years".')
            total += n
    if total.denominator != 1:
        raise ParseError('I need a whole number of months, such as "18 months" or "1.5 years".')
    if total <= 0:
        raise ParseError('I need at least one month, such as "every 12 months" or "annually".')
    return int(total)


# --- choices -------------------------------------------------------------------------------------

_STOP = {
    "the", "a", "an", "of", "and", "to", "for", "with", "on", "in", "at", "by", "or", "is", "are", "be", "we",
    "i", "our", "option", "choice", "please", "want", "choose", "pick", "select", "use", "go", "let", "lets",
    "let's", "s", "its", "it", "that", "this", "one", "just", "only", "like", "would", "prefer", "take", "about",
    "u", "us", "id", "wed", "d", "them", "they", "must", "should", "will", "can", "may", "shall", "do", "does",
    "have", "has", "all", "their", "your", "my",
}
# Everyday words for the parties, tried only when a word matches no option at all: "the police" is
# the Agency, "the school district" is the District, "both" is jointly.
_SYNONYMS = {
    "police": ("agency", "enforcement", "sros"), "sheriff": ("agency", "enforcement"),
    "sheriffs": ("agency", "enforcement"), "department": ("agency",),
    "cops": ("agency", "enforcement"), "officers": ("sros", "agency"), "officer": ("sros", "agency"),
    "enforcement": ("agency",), "office": ("agency",), "school": ("district",), "schools": ("district",),
    "division": ("district",),
    "both": ("jointly", "joint"), "together": ("jointly", "joint"), "shared": ("jointly", "joint"),
    "parents": ("families",), "kids": ("students",), "youth": ("students",), "guardians": ("families",),
    "dept": ("department",), "ell": ("learner",), "ells": ("learner",), "esl": ("learner",), "lep": ("learner",),
    "fewer": ("reduce",), "less": ("reduce",), "lower": ("reduce",), "no": ("none", "without"),
    "nobody": ("none", "without"),
}
_ROMAN = {"1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v", "6": "vi", "7": "vii", "8": "viii", "9": "ix",
          "10": "x", "11": "xi", "12": "xii"}
_CONNECTORS = {"and", "with", "of", "for", "the", "on", "in", "to"}


def _stem(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and re.search(r"(?:ss|x|ch|sh|z)es$", w):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _item_words(text: str) -> list[str]:
    t = _ascii(text).lower()
    t = t.replace("u.s.", "us")
    t = re.sub(r"'s\b", "", t)
    t = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: _ORDINAL_BY_NUMBER.get(int(m.group(1)), m.group(1)), t)
    t = re.sub(r"\btitle (\d+)\b", lambda m: "title " + _ROMAN.get(m.group(1), m.group(1)), t)
    return re.findall(r"[a-z0-9]+", t.replace("'", ""))


def _acronyms(label: str) -> set[str]:
    """Acronyms from runs of capitalized words: "Family Educational Rights and Privacy Act" -> "ferpa".

    Lower-case connectors ("and", "with", "of") are skipped, as acronyms do (IDEA, ADA).
    """
    out: set[str] = set()
    run: list[str] = []
    for w in re.findall(r"[A-Za-z][A-Za-z'.\-]*", label) + ["."]:
        if w[:1].isupper():
            run.append(w[0].lower())
        elif w.lower() in _CONNECTORS and run:
            continue
        else:
            for a in range(len(run) - 2):  # the endings of the run: "Title II ... Disabilities Act" -> "ada"
                out.add("".join(run[a:]))
            run = []
    return out


_NUMBER_ITEM_RE = re.compile(r"(?:(?:option|number|no\.?|choice)\s*|#\s*)?\(?\s*(\d+)\s*[.)]?")


def _compact(text: str) -> str:
    """Words only, lower case, no leading "the": how exact token and label matches are compared."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _label_key(text: str) -> str:
    t = " ".join(_item_words(text))
    return re.sub(r"^the ", "", t)


class _Index:
    """Precomputed matching data for one list of choices."""

    def __init__(self, choices: tuple[Choice, ...]):
        self.choices = choices
        self.tokens = [c[0] for c in choices]
        self.label_keys = [_label_key(c[1]) for c in choices]
        self.token_keys = [c[0].replace("_", " ").lower() for c in choices]
        self.words: list[set[str]] = []
        self.stems: list[set[str]] = []
        self.all_words: set[str] = set()
        for token, label in choices:
            ws = set(_item_words(label)) | set(token.lower().split("_")) | _acronyms(label)
            ws -= {"the", "a", "an", "of", "and", "to", "or", "s"}
            self.words.append(ws)
            self.stems.append({_stem(w) for w in ws})
            self.all_words |= ws
        # how many list fragments the longest label splits into ("citations and tickets" -> 2), so a
        # multichoice answer only tries to rejoin that many fragments into one label
        self.max_parts = max(
            len([f for f in _SPLIT_RE.split(label)[::2] if f.strip()]) for _, label in choices
        )
        self.word_list = sorted(self.all_words)
        self.label_words = [{w for w in _item_words(label) if w not in _STOP} for _, label in choices]
        self._quality_memo: dict[str, list[int]] = {}  # word -> _qualities(word); words repeat across spans
        self.exact_keys: dict[str, int] = {}
        for i, (token, _) in enumerate(choices):
            self.exact_keys.setdefault(_compact(token.replace("_", " ")), i)
        for i, (_, label) in enumerate(choices):
            self.exact_keys.setdefault(_compact(label), i)
        self.fuzzy_targets = {}
        for i, (key, tkey) in enumerate(zip(self.label_keys, self.token_keys)):
            self.fuzzy_targets.setdefault(key, set()).add(i)
            self.fuzzy_targets.setdefault(tkey, set()).add(i)

    def exact(self, item: str) -> int | None:
        """Index of the choice named exactly: its number, token or label (None if not exact)."""
        s = item.strip().lower()
        m = _NUMBER_ITEM_RE.fullmatch(s)
        if m:
            n = int(m.group(1))
            return n - 1 if 1 <= n <= len(self.choices) else None
        return self.exact_keys.get(_compact(s))

    def match(self, item: str, strict: bool = False) -> tuple[int | None, list[int]]:
        """(index, []) for a unique match, (None, candidates) when ambiguous, (None, []) when unknown.

        ``strict`` (used when rejoining list fragments) needs every word in one option: no whole-label
        misspellings and no partial matches.
        """
        t = _strip_item(item)
        if not t:
            return None, []
        exact = self.exact(t)
        if exact is not None:
            return exact, []
        n = len(self.choices)
        if re.fullmatch(r"\d+", t) and t not in self.all_words:
            return None, []
        # a number in words ("two"), or an ordinal ("the second one"), unless a label uses that word
        digits = _words_to_digits(t)
        if re.fullmatch(r"\d+", digits) and t not in self.all_words and 1 <= int(digits) <= n:
            return int(digits) - 1, []
        m = re.fullmatch(r"(?:the )?([a-z]+|\d+(?:st|nd|rd|th))( one| option| choice)?", t)
        if m:
            word, suffix = m.group(1), m.group(2)
            if word == "last":
                pos = n
            elif word[:1].isdigit():
                pos = int(word[:-2])
            else:
                pos = _ORDINALS.get(word)
            as_word = _ORDINAL_BY_NUMBER.get(pos or 0, word)
            if pos and 1 <= pos <= n and (suffix or as_word not in self.all_words):
                return pos - 1, []
        words = [w for w in _item_words(t) if w not in _STOP]
        if not words:
            return None, []
        qualities = [self._qualities(w) for w in words]
        scored = [  # (score, index) of the options that contain every word
            (sum(q[i] for q in qualities), i) for i in range(n) if all(q[i] for q in qualities)
        ]
        if len(scored) == 1:
            return scored[0][1], []
        if scored:
            scored.sort(reverse=True)
            if scored[0][0] > scored[1][0]:
                return scored[0][1], []
            best = [i for s, i in scored if s == scored[0][0]]
            # a tie goes to the one option whose every word the user named: "the school district"
            # is "the District", not "the District and the Agency jointly"
            named = set(words)
            for w in words:
                named.update(_SYNONYMS.get(w, ()))
            named |= {_stem(w) for w in named}
            full = [i for i in best if self.label_words[i] and all(
                c in named or _stem(c) in named for c in self.label_words[i])]
            if len(full) == 1:
                return full[0], []
            return None, sorted(best)
        if strict:
            return None, []
        # a misspelling of a whole label or token; two close labels ("first amendment") are no match
        close = difflib.get_close_matches(_label_key(t), list(self.fuzzy_targets), n=3, cutoff=0.75)
        hits = {i for c in close for i in self.fuzzy_targets[c]}
        if len(hits) == 1:
            return hits.pop(), []
        # some words match nothing ("sheriff's department"): accept the one option that every
        # distinctive word (a word found in a single option) names, if it holds at least half the words
        distinctive = {q.index(max(q)) for q in qualities if sum(1 for x in q if x >= 2) == 1}
        if len(distinctive) == 1:
            i = distinctive.pop()
            if 2 * sum(1 for q in qualities if q[i]) >= len(words):
                return i, []
        return None, []

    def _qualities(self, w: str) -> list[int]:
        """How well ``w`` matches each option: 4 the word is in it, 3 its stem or plural is, 2 it is a prefix
        of one of its words or an everyday synonym of one, 1 a close misspelling of one (tried only when no
        option has the word, a prefix or a synonym), 0 none."""
        cached = self._quality_memo.get(w)
        if cached is not None:
            return cached
        if len(self._quality_memo) > 4096:
            self._quality_memo.clear()
        stem = _stem(w)
        out = []
        for ws, stems in zip(self.words, self.stems):
            if w in ws:
                out.append(4)
            elif stem in stems or w + "s" in ws or w + "es" in ws:
                out.append(3)
            elif len(w) >= 3 and any(x.startswith(w) for x in ws):
                out.append(2)
            else:
                out.append(0)
        for alt in _SYNONYMS.get(w, ()) if not any(out) else ():
            hits = [3 if alt in ws or alt in stems else 0 for ws, stems in zip(self.words, self.stems)]
            if any(hits):
                out = [2 if h else 0 for h in hits]
                break
        if not any(out) and len(w) >= 4:
            close = set(difflib.get_close_matches(w, self.word_list, n=3, cutoff=0.8))
            out = [1 if ws & close else 0 for ws in self.words]
        self._quality_memo[w] = out
        return out

    def describe(self, indexes: list[int]) -> str:
        parts = [f"{i + 1} ({self.choices[i][1]})" for i in indexes]
        return _join_and(parts, "or")


def _strip_item(item: str) -> str:
    t = _clean(item)
    t = re.sub(r"^(?:option|number|no\.|choice|#)\s*(?=\S+$)", "", t)
    t = re.sub(r"^\((\d+)\)$|^(\d+)[.)]$", lambda m: m.group(1) or m.group(2), t)
    return t.strip(" \"'")


@lru_cache(maxsize=256)
def _index(choices: tuple[Choice, ...]) -> _Index:
    return _Index(choices)


def _get_index(choices: list[Choice] | None) -> _Index:
    if not choices:
        raise ValueError("choice questions need a list of (token, label) choices")
    # tokens may be given as LabeledEnum members, whose str() is the label: use their value
    return _index(tuple((str(getattr(t, "value", t)), str(l)) for t, l in choices))


def _choice_example(idx: _Index) -> str:
    return idx.token_keys[0]


def parse_choice(text: str, choices: list[Choice]) -> str:
    """One option: by number ("2"), token, label, a distinctive word ("sheriff") or a close misspelling."""
    idx = _get_index(choices)
    n = len(idx.choices)
    t = _strip_item(text)
    if not t:
        raise ParseError(f'I need one of the options: type its number from 1 to {n} or a word from it, such as "1" or "{_choice_example(idx)}".')
    if re.fullmatch(r"-?\d+", t) and not (1 <= int(t) <= n) and t not in idx.all_words:
        raise ParseError(f'There is no option {t}; type a number from 1 to {n}, such as "1".')
    i, candidates = idx.match(t)
    if i is not None:
        return idx.tokens[i]
    if candidates:
        raise ParseError(f'{_quote(text)} could mean {idx.describe(candidates)}, so please type one number, such as "{candidates[0] + 1}".')
    raise ParseError(f'I couldn\'t match {_quote(text)} to any of the options; type a number from 1 to {n} or a word from the option, such as "1" or "{_choice_example(idx)}".')


_ALL = {"all", "all of them", "all of the above", "everything", "every one", "everyone", "all options", "all the above",
        "each", "each of them", "the lot", "all of these", "all of those", "any", "all apply"}
_NONE = {"none", "none of them", "none of the above", "nothing", "neither", "no", "no one", "nobody", "n/a", "na",
         "none of these", "none apply", "nope", "not any"}
_SPLIT_RE = re.compile(r"(\s*(?:[,;/&+\n]|\band\b|\bplus\b|\bas well as\b)\s*)", re.IGNORECASE)


def parse_multichoice(text: str, choices: list[Choice]) -> list[str]:
    """Several options: "1, 3 and 5", "1-3", "all", "none", "Title VI, 504 and FERPA", "all except 2"."""
    idx = _get_index(choices)
    s = _clean(text)
    if not s:
        raise ParseError('I need one or more options, listed by number or name, such as "1, 3 and 5", "all" or "none".')
    if s in _ALL or (s in ("both", "both of them") and len(idx.choices) == 2):
        return list(idx.tokens)
    if s in _NONE:
        return []
    original = re.sub(r"[\s.!?]+$", "", _ascii(text or "").strip())  # keeps the user's case for messages
    m = re.fullmatch(
        r"(?:all|everything|every one|all of them|all options|all of the above)\s*(?:,\s*)?"
        r"(?:except(?: for)?|but(?: not)?|apart from|other than|minus|without|excluding|save|not)\s+(.+)",
        original, re.IGNORECASE | re.DOTALL)
    if m:
        excluded = set(_multi_items(m.group(1), idx))
        if not excluded:
            raise ParseError('I need the options to leave out, such as "all except 2".')
        return [t for t in idx.tokens if t not in excluded]
    picked = set(_multi_items(original, idx))
    return [t for t in idx.tokens if t in picked]


def _multi_items(s: str, idx: _Index) -> list[str]:
    n = len(idx.choices)
    s = re.sub(r"^(?:only|just)\s+", "", s.strip())
    if re.fullmatch(r"\d+(?:\s+\d+)+", s):  # "1 3 5"
        s = ", ".join(s.split())
    parts = _SPLIT_RE.split(s)
    frags = [(parts[k], k) for k in range(0, len(parts), 2)]
    frags = [(f.strip(), k) for f, k in frags if f.strip() and _clean(f)]

    def span_text(a: int, b: int) -> str:  # original text of fragments a..b-1 with their separators
        return "".join(parts[frags[a][1]: frags[b - 1][1] + 1])

    out: list[str] = []
    i = 0
    while i < len(frags):
        frag = frags[i][0]
        # a whole label that itself contains "and", "/" or commas: longest exact match first
        took = False
        for j in range(min(len(frags), i + idx.max_parts), i + 1, -1):
            e = idx.exact(span_text(i, j))
            if e is not None:
                out.append(idx.tokens[e])
                i = j
                took = True
                break
        if took:
            continue
        r = re.fullmatch(r"(\d+)\s*(?:-|to|through|thru|\.\.)\s*(\d+)", _clean(frag))
        if r:
            lo, hi = int(r.group(1)), int(r.group(2))
            if not (1 <= lo <= hi <= n):
                raise ParseError(f'I can\'t use the range {_quote(frag)}; the options are numbered 1 to {n}, so try a range such as "1-{min(3, n)}".')
            out.extend(idx.tokens[lo - 1: hi])
            i += 1
            continue
        t = _strip_item(frag)
        if re.fullmatch(r"-?\d+", t) and not (1 <= int(t) <= n) and t not in idx.all_words:
            raise ParseError(f'There is no option {t}; the options are numbered 1 to {n}, so list numbers such as "1, 3 and 5".')
        hit, candidates = idx.match(frag)
        if hit is not None:
            out.append(idx.tokens[hit])
            i += 1
            continue
        # an ambiguous or partial fragment may make sense together with its neighbours:
        # "conference and circle", "physical and mechanical restraints"
        joined = None
        for a, b in ((i, i + 2), (i, i + 3), (i - 1, i + 1)):
            if a < 0 or b > len(frags) or b - a < 2:
                continue
            h, _ = idx.match(span_text(a, b), strict=True)
            if h is not None:
                joined = (h, b)
                break
        if joined:
            out.append(idx.tokens[joined[0]])
            i = joined[1]
            continue
        if candidates:
            raise ParseError(f'{_quote(frag)} could mean {idx.describe(candidates)}, so please use the numbers, such as "{candidates[0] + 1}".')
        raise ParseError(f'I couldn\'t match {_quote(frag)} to any of the options; list their numbers or names separated by commas, such as "1, 3 and 5".')
    return out


# --- text and lists ------------------------------------------------------------------------------


def parse_text(text: str) -> str:
    """Free text, stripped; empty is refused."""
    t = (text or "").strip()
    if not t:
        raise ParseError('I need an answer in words here, such as "Riverside Unified School District" (or type "skip" to come back to it later).')
    return t


_BULLET_RE = re.compile(r"^\s*(?:[-*\u2022\u00b7]+|\d+[.)])\s+")


def _split_items(text: str) -> list[str]:
    """Split a list: newlines or semicolons if used, else commas with a final "and"; "&" stays."""
    t = _ascii(text or "").strip()
    if re.search(r"[\n;]", t):
        items = re.split(r"\s*[\n;]+\s*", t)
    elif "," in t:
        items = [p for p in re.split(r"\s*,\s*", t)]
        nonempty = [p for p in items if p.strip()]
        if nonempty:
            last = nonempty[-1]
            last = re.sub(r"^and\s+", "", last, flags=re.IGNORECASE)
            tail = re.split(r"\s+and\s+", last, flags=re.IGNORECASE)
            items = nonempty[:-1] + tail
    else:
        parts = re.split(r"\s+and\s+", t, flags=re.IGNORECASE)
        # "Lincoln High and Adams Elementary" -> two; "Science and Technology Academy" -> one
        items = parts if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts) else [t]
    out = []
    for it in items:
        it = _BULLET_RE.sub("", it).strip().rstrip(".").strip()
        if it:
            out.append(it)
    return out


def parse_list(text: str) -> list[str]:
    """Items separated by new lines, semicolons, commas or a final "and"."""
    items = _split_items(text)
    if not items:
        raise ParseError('I need one or more items separated by commas, such as "Riverside High School, Riverside Middle School".')
    return items


# --- people --------------------------------------------------------------------------------------

_PEOPLE_HELP = ('For each person I need name, title and party (district, agency or other), such as '
                '"Jane Doe, Superintendent, district; Sam Roe, Chief of Police, agency".')

_PARTY_WORDS = {
    "district": "district", "school": "district", "schools": "district", "school district": "district",
    "the district": "district", "for the district": "district", "school division": "district",
    "agency": "agency", "police": "agency", "sheriff": "agency", "department": "agency",
    "the agency": "agency", "for the agency": "agency", "police department": "agency",
    "law enforcement": "agency", "law enforcement agency": "agency", "sheriff's office": "agency",
    "sheriffs office": "agency", "sheriff office": "agency", "the police": "agency",
    "other": "other", "partner": "other", "other partner": "other", "an other partner": "other",
}


_PARTY_ALT = "|".join(re.escape(w) for w in sorted(_PARTY_WORDS, key=len, reverse=True))


def _party_of(field: str) -> str | None:
    f = re.sub(r"[\s\-]+", " ", _clean(field).replace("party:", "").replace("party", "").strip())
    return _PARTY_WORDS.get(f)


def parse_people(text: str) -> list[dict]:
    """Signatories: "Jane Doe, Superintendent, district; Sam Roe, Chief of Police, agency; ..."."""
    t = _ascii(text or "").strip()
    if not t:
        raise ParseError(_PEOPLE_HELP)
    # "..., district and Sam Roe, ..." : a party word ending a field, then "and", starts the next person
    t = re.sub(rf"(,\s*(?:{_PARTY_ALT}))\s+and\s+(?=\S)", r"\1; ", t, flags=re.IGNORECASE)
    chunks = [c.strip() for c in re.split(r"\s*[\n;]+\s*", t)]
    chunks = [_BULLET_RE.sub("", c).strip().rstrip(".") for c in chunks]
    people: list[dict] = []
    for chunk in chunks:
        if not chunk:
            continue
        # the read-back form "Jane Doe (Superintendent, district)" is accepted too
        m = re.fullmatch(r"([^()]+?)\s*\(([^()]*)\)", chunk)
        if m:
            chunk = m.group(1) + ", " + m.group(2)
        fields = [f.strip() for f in chunk.split(",")]
        # the party first: "district: Jane Doe, Superintendent", "other: Ann Lee, Judge, Riverside Juvenile Court"
        m = re.fullmatch(rf"({_PARTY_ALT})\s*[:\-]\s*(.+)", chunk, flags=re.IGNORECASE | re.DOTALL)
        if m:
            rest = [f.strip() for f in m.group(2).split(",")]
            party_field = m.group(1)
            if _party_of(party_field) == "other" and len(rest) >= 3:
                fields = rest[:-1] + [party_field, rest[-1]]
            else:
                fields = rest + [party_field]
        people.extend(_people_from_fields(fields, chunk))
    if not people:
        raise ParseError(_PEOPLE_HELP)
    return people


def _people_from_fields(fields: list[str], chunk: str) -> list[dict]:
    out: list[dict] = []
    i = 0
    while i < len(fields):
        if not fields[i]:
            i += 1
            continue
        name = fields[i]
        if _party_of(name):
            raise ParseError(f"I couldn't find a name before {_quote(name)}; " + _lc(_PEOPLE_HELP))
        parties = [j for j in range(i + 2, len(fields)) if _party_of(fields[j])]
        if not parties:
            raise ParseError(f"I couldn't find the party for {_quote(', '.join(fields[i:]))}; " + _lc(_PEOPLE_HELP))
        p = parties[0]
        title = ", ".join(f for f in fields[i + 1: p] if f)
        if not title:
            raise ParseError(f"I couldn't find the title for {_quote(name)}; " + _lc(_PEOPLE_HELP))
        party = _party_of(fields[p])
        person = {"name": name, "title": title, "party": party}
        rest = fields[p + 1:]
        # another person follows only if a later field names a party again
        first = 3 if party == "other" else 2  # the next person needs a name and a title before the party
        more = [j for j in range(first, len(rest)) if _party_of(rest[j])]
        if party == "other":
            if not rest or not rest[0]:
                raise ParseError(f'For {_quote(name)}, who signs for another partner, I need the organization too, such as "Judge Ann Lee, Presiding Judge, other, Riverside Juvenile Court".')
            if more:
                person["organization"] = rest[0]
                i = p + 2
            else:
                person["organization"] = ", ".join(f for f in rest if f)
                i = len(fields)
        else:
            if more:
                i = p + 1
            else:
                org = ", ".join(f for f in rest if f)
                if org:
                    person["organization"] = org
                i = len(fields)
        out.append(person)
    return out


def _lc(s: str) -> str:
    return s[0].lower() + s[1:]


# --- dates ---------------------------------------------------------------------------------------

_DATE_HELP = 'I need a date, such as "August 1, 2026" or "2026-08-01".'
_MONTH_NAMES = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
_MONTH_RE = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
_WEEKDAY_RE = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"


def parse_date(text: str) -> _dt.date:
    """A date: "2026-08-01", "August 1, 2026", "1 August 2026", "Aug 1 2026", "8/1/2026" (month first)."""
    s = _clean(text)
    s = re.sub(rf"^{_WEEKDAY_RE}\.?,?\s+", "", s)
    s = re.sub(r"^(?:on|the)\s+", "", s)
    y = mo = d = None
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    if y is None:
        m = re.fullmatch(r"(\d{1,2})[/\-](\d{1,2})[/\-](\d{4}|\d{2})", s)
        if m:
            mo, d, y = (int(g) for g in m.groups())
            if len(m.group(3)) == 2:
                y += 2000
    if y is None:
        m = re.fullmatch(rf"({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", s)
        if m:
            mo, d, y = _MONTH_NAMES[m.group(1)], int(m.group(2)), int(m.group(3))
    if y is None:
        m = re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})", s)
        if m:
            d, mo, y = int(m.group(1)), _MONTH_NAMES[m.group(2)], int(m.group(3))
    if y is None:
        m = re.fullmatch(rf"(\d{{1,2}})[\s\-]({_MONTH_RE})[\s\-](\d{{4}})", s)
        if m:
            d, mo, y = int(m.group(1)), _MONTH_NAMES[m.group(2)], int(m.group(3))
    if y is None:
        if re.fullmatch(rf"({_MONTH_RE})\.?,?\s+(\d{{4}})", s):
            raise ParseError('I need the day as well as the month, such as "August 1, 2026".')
        raise ParseError(_DATE_HELP)
    if not 1 <= mo <= 12:
        raise ParseError(f'There is no month {mo}; I need a real date, month first, such as "8/1/2026" or "August 1, 2026".')
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        raise ParseError(f'That date does not exist ({_quote(text.strip())}); I need a real date, such as "August 1, 2026".') from None


# --- states --------------------------------------------------------------------------------------

STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam",
    "VI": "U.S. Virgin Islands", "AS": "American Samoa", "MP": "Northern Mariana Islands",
}
_STATE_BY_NAME = {re.sub(r"[^a-z ]", "", n.lower()): c for c, n in STATE_NAMES.items()}
_STATE_BY_NAME.update({
    "washington dc": "DC", "washington d c": "DC", "dc": "DC", "d c": "DC", "washington state": "WA",
    "virgin islands": "VI", "us virgin islands": "VI", "northern marianas": "MP", "mariana islands": "MP",
    "commonwealth of puerto rico": "PR",
})
_STATE_HELP = 'I need a US state, such as "VA" or "Virginia".'


def parse_state(text: str) -> str:
    """A state's two-letter postal code from its code or name: "va", "Virginia", "New York" -> "NY"."""
    s = _clean(text).replace(".", "")
    s = re.sub(r"[^a-z ]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^(?:the )?(?:state|commonwealth) of ", "", s)
    s = re.sub(r"^the ", "", s)
    if not s:
        raise ParseError(_STATE_HELP)
    if len(s) == 2 and s.upper() in STATE_NAMES:
        return s.upper()
    if s in _STATE_BY_NAME:
        return _STATE_BY_NAME[s]
    if s.endswith(" state") and s[:-6] in _STATE_BY_NAME:
        return _STATE_BY_NAME[s[:-6]]
    names = list(_STATE_BY_NAME)
    if len(s) >= 4:
        pref = {_STATE_BY_NAME[n] for n in names if n.startswith(s)}
        if len(pref) == 1:
            return pref.pop()
    close = difflib.get_close_matches(s, names, n=2, cutoff=0.8)
    codes = {_STATE_BY_NAME[c] for c in close}
    if len(codes) == 1:
        return codes.pop()
    raise ParseError(f'I don\'t know the state {_quote(text.strip())}; I need a US state, such as "VA" or "Virginia".')


# --- recommended / skip --------------------------------------------------------------------------

_REC_CORE = {"recommended", "recommendation", "recommendations", "recommend", "recommends", "default",
             "defaults", "suggested", "suggestion", "suggestions", "suggest", "suggests"}
_REC_FILLER = {
    "ok", "okay", "yes", "yeah", "yep", "sure", "fine", "just", "please", "the", "your", "you", "use", "take", "go",
    "with", "i'll", "ill", "we'll", "let's", "lets", "i", "we", "accept", "pick", "choose", "keep", "one", "answer",
    "option", "value", "that", "whatever", "is", "it", "sounds", "good", "do", "as", "apply", "select",
    "stick", "to", "a", "same", "for", "me", "us", "now", "give", "want", "like", "i'd", "we'd", "id", "thats",
    "that's", "then", "go", "agree", "follow", "of", "course", "choice", "setting", "settings", "alright",
    "works", "will", "do", "have", "rubric", "standard", "recommended", "by", "say", "said", "there", "here",
}


def is_recommended(text: str) -> bool:
    """True for "recommended", "use the recommendation", "default", "ok the suggestion" and the like."""
    words = re.findall(r"[a-z']+", _clean(text))
    if not words or not any(w in _REC_CORE for w in words):
        return False
    return all(w in _REC_CORE or w in _REC_FILLER for w in words)


_SKIP_PATTERNS = [
    r"(?:let'?s |please |can we |could we |i'?ll |we'?ll |i'?d like to |i want to )?skip(?: (?:it|this|that|this one|this question|that one|for now|it for now|this for now|please))*",
    r"(?:i'?m |i am |we'?re |we are )?(?:really |still |just |honestly )?(?:not sure|unsure|uncertain|undecided|not certain)(?: yet| about (?:this|that|it))?(?: yet)?",
    r"(?:i |we )?(?:really |honestly |just )?(?:don'?t|do not) know(?: yet)?",
    r"idk|dunno|i dunno|no idea|no clue|not a clue|beats me|who knows|tbd|to be determined|tba|to be decided",
    r"(?:i'?ll |we'?ll |i |we )?pass",
    r"(?:(?:ask(?: me)?|come back(?: to (?:it|this|that))?|decide|answer|do|fill (?:it|this) in|revisit(?: (?:it|this))?) )?later",
    r"(?:leave (?:it |this )?blank|leave (?:it|this) for (?:now|later)|not now|next question|can'?t say|not decided yet|haven'?t decided)",
]
_SKIP_RE = re.compile(r"(?:" + "|".join(_SKIP_PATTERNS) + r")(?: (?:for now|yet|please))?")


def is_skip(text: str) -> bool:
    """True for "skip", "not sure", "don't know", "dunno", "later", "unsure", "pass", "i'm not sure"..."""
    s = _clean(text)
    s = re.sub(r"[,;:!?.]+", " ", s)
    s = re.sub(r"^(?:um+|uh+|hmm+|well|honestly|sorry|oh)\s+", "", re.sub(r"\s+", " ", s).strip())
    return bool(s) and _SKIP_RE.fullmatch(s) is not None


# --- saying answers back -------------------------------------------------------------------------

_MONTH_NAMES_SAID = {1: "monthly", 3: "quarterly", 4: "three times a year", 6: "twice a year",
                     12: "annually", 18: "every year and a half", 24: "every two years", 36: "every three years",
                     48: "every four years", 60: "every five years"}
_NUMBER_SAID = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
                10: "ten"}


def _join_and(items: list[str], word: str = "and") -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def _singular_unit(unit: str) -> str:
    words = unit.split(" ")
    for k, w in enumerate(words):
        if w.lower() in _UNIT_FAMILY and w.lower().endswith("s"):
            words[k] = w[:-1]
            return " ".join(words)
    for k, w in enumerate(words):
        if w.endswith("s") and not w.endswith("ss") and len(w) > 2:
            words[k] = w[:-1]
            return " ".join(words)
    return unit


def _label_for(value: Any, choices: list[Choice] | None) -> str:
    token = getattr(value, "value", value)
    for t, label in choices or ():
        if t == token:
            return label
    label = getattr(value, "label", None)
    return label if isinstance(label, str) else str(token)


def _field(obj: Any, name: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def format_answer(qtype: str, value: Any, *, choices: list[Choice] | None = None, unit: str | None = None) -> str:
    """How the assistant says an answer back: "Yes", "40 hours", "every 24 months (every two years)"...

    ``months`` answers are said as a frequency; pass any ``unit`` (e.g. ``"months"``) for a length of time
    instead, such as a term: "36 months (three years)". Everything said back parses back to the same value.
    """
    if value is None:
        return "not answered"
    if qtype == "yesno":
        return "Yes" if value else "No"
    if qtype == "integer":
        n = int(value)
        if not unit:
            return f"{n:,}"
        if unit.strip() == "%":
            return f"{n}%"
        return f"{n:,} {_singular_unit(unit) if n == 1 else unit}"
    if qtype == "months":
        n = int(value)
        name = _MONTH_NAMES_SAID.get(n)
        if unit:  # a length of time (a term) rather than how often
            if n % 12 == 0:
                years = n // 12
                said = f"{_NUMBER_SAID.get(years, str(years))} year{'s' if years != 1 else ''}"
                return f"{n} months ({said})"
            if n == 18:
                return "18 months (a year and a half)"
            return f"{n} month{'s' if n != 1 else ''}"
        if n == 1:
            return "every month (monthly)"
        return f"every {n} months ({name})" if name else f"every {n} months"
    if qtype == "choice":
        return _label_for(value, choices)
    if qtype == "multichoice":
        items = list(value)
        if not items:
            return "none"
        order = {t: k for k, (t, _) in enumerate(choices or ())}
        items.sort(key=lambda v: order.get(getattr(v, "value", v), len(order)))
        return _join_and([_label_for(v, choices) for v in items])
    if qtype == "list":
        return "; ".join(str(v) for v in value) if value else "none"
    if qtype == "people":
        out = []
        for p in value:
            party = _field(p, "party")
            party = getattr(party, "value", party)
            inner = [str(_field(p, "title") or ""), str(party or "")]
            if _field(p, "organization"):
                inner.append(str(_field(p, "organization")))
            out.append(f"{_field(p, 'name')} ({', '.join(x for x in inner if x)})")
        return "; ".join(out) if out else "none"
    if qtype == "date":
        d = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))
        return f"{d:%B} {d.day}, {d.year}"  # as the document prints it: August 1, 2026
    if qtype == "state":
        code = str(value).upper()
        name = STATE_NAMES.get(code)
        return f"{name} ({code})" if name else code
    return str(value)


# --- dispatch ------------------------------------------------------------------------------------


def parse_answer(qtype: str, text: str, *, choices: list[Choice] | None = None, unit: str | None = None) -> Any:
    """Parse ``text`` as an answer of type ``qtype`` (see ``prompts/README.md``); raise :class:`ParseError`."""
    if qtype == "yesno":
        return parse_yesno(text)
    if qtype == "integer":
        return parse_integer(text, unit)
    if qtype == "months":
        return parse_months(text)
    if qtype == "choice":
        return parse_choice(text, choices)  # type: ignore[arg-type]
    if qtype == "multichoice":
        return parse_multichoice(text, choices)  # type: ignore[arg-type]
    if qtype == "text":
        return parse_text(text)
    if qtype == "list":
        return parse_list(text)
    if qtype == "people":
        return parse_people(text)
    if qtype == "date":
        return parse_date(text)
    if qtype == "state":
        return parse_state(text)
    raise ValueError(f"unknown answer type {qtype!r}; expected one of {', '.join(QTYPES)}")

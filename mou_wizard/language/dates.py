"""Dates and periods: "August 1, 2026" and "every two years" in, dates and month counts out, and back.

``format_date`` is how both the document and the assistant print a date, so it lives here with the
parser that reads the same form back.
"""

from __future__ import annotations

import datetime as _dt
import re
from fractions import Fraction

from mou_wizard.language.numbers import NUMBER_SAID as _NUMBER_SAID, words_to_digits as _words_to_digits
from mou_wizard.language.text import ParseError, clean as _clean, quote as _quote

__all__ = ["format_date", "parse_date", "parse_months", "say_months"]


def format_date(d: _dt.date) -> str:
    """A date as the agreement prints it: "August 1, 2026"."""
    return f"{d.strftime('%B')} {d.day}, {d.year}"


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
    s = re.sub(r"^(.+?)\s*\([^()]*\)$", r"\1", s)  # what say_months says back: "every 12 months (annually)"
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



_MONTH_NAMES_SAID = {1: "monthly", 3: "quarterly", 4: "three times a year", 6: "twice a year",
                     12: "annually", 18: "every year and a half", 24: "every two years", 36: "every three years",
                     48: "every four years", 60: "every five years"}


def say_months(n: int, unit: str | None) -> str:
    """A period said back: how often ("every 24 months (every two years)") or, with any unit, how long
    ("36 months (three years)")."""
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

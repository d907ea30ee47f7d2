"""Dates and periods: "August 1, 2026" and "every two years" in, dates and month counts out, and back.

``format_date`` is how both the document and the assistant print a date, so it lives here with the
parser that reads the same form back.

Relative dates ("today", "next July 1", "the start of the next school year", "in two weeks") are read
only when the caller passes ``today``; the result is always an absolute date, so an answer file never
holds "today" and the same answers always render the same document. The conventions:

* a month and day without a year ("July 1", "7/1") is the nearest such day to ``today``, before or
  after it, unless that day passed more than two months ago: then the year is asked ("August 1" said
  in December may mean either); "next July 1" is the first one after ``today``;
* the school year starts on **July 1** and ends on June 30, as most state codes define it (for
  instance Ohio Rev. Code 3313.62); "the start of the next school year" is the first July 1 after
  ``today``. The first day of classes differs by district, so "the first day of school" is asked for.
  The assistant says the absolute date back ("July 1, 2027"), so the user can correct it.
"""

from __future__ import annotations

import datetime as _dt
import re
from fractions import Fraction

from mou_wizard.language.numbers import NUMBER_SAID as _NUMBER_SAID, words_to_digits as _words_to_digits
from mou_wizard.language.text import LazyPattern, ParseError, clean as _clean, quote as _quote

__all__ = ["find_months", "format_date", "parse_date", "parse_months", "say_months"]


def format_date(d: _dt.date) -> str:
    """A date as the agreement prints it: "August 1, 2026"."""
    return f"{d.strftime('%B')} {d.day}, {d.year}"


# --- months --------------------------------------------------------------------------------------

_MONTHS_HELP = 'I need how often (or how long) in months or years, such as "annually", "every two years" or "18 months".'

_MONTH_ADVERBS = {
    "annually": 12, "annual": 12, "yearly": 12, "anually": 12, "annualy": 12, "once yearly": 12,
    "biennially": 24, "biennial": 24, "bienially": 24,
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


# "once a month during the school year", "every year before school starts": when the timing is said as
# well, the frequency is what is stored (the clause says when within the period).
_QUALIFIER_RE = LazyPattern(
    r"(?:,\s*|\s+)(?:during|throughout|over|while|when|whenever|before|after|prior to|ahead of|until|"
    r"at the (?:start|beginning|end|close) of|at (?:the )?(?:start|beginning|end)|starting (?:in|from|with)|"
    r"(?:usually |normally |typically )?in (?:the )?(?:summer|fall|autumn|spring|winter|" + "|".join(
        ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
         "november", "december")) + r")|(?:in|for) (?:the|each|every) (?:school|academic|calendar|fiscal) year"
    r"|(?:if|as|where|when) (?:possible|needed|practicable|feasible)|like|as in|the same as|same as|to match|"
    r"matching|per|following|in line with|consistent with|renewable|(?:and |with )?(?:automatic(?:ally)? |annual )?"
    r"renew(?:al|als|ed|s|ing)?|auto[- ]?renew\w*)\b.*$")
# "we meet quarterly", "the team should meet every month", "they'll be evaluated annually"
_SUBJECT_RE = LazyPattern(
    r"^(?:(?:i|we|i'?d|we'?d) (?:say|think|suggest|propose|want|prefer)\s+)?"
    r"(?:(?:the |our |each |every )?(?:mou )?(?:team|group|committee|partners|parties|sros?|officers?|we|they|it|"
    r"training|refresher|reports?|evaluations?|reviews?)\s+)?"
    r"(?:(?:will|should|shall|must|would|can|could|'ll|ll|need to|needs to|has to|have to|to)\s+)?"
    r"(?:be\s+)?(?:meet|meets|meeting|reviewed|review it|review|evaluated|evaluate|report|reported|repeated|"
    r"refreshed|retrained|trained|happen|happens|occur|occurs|done|held|get (?:evaluated|reviewed|trained))\s+(?=\S)")
_SEASONS = ("summer", "fall", "autumn", "spring", "winter", "august", "july", "september", "january", "june")


def parse_months(text: str) -> int:
    """A period in months: "annually" -> 12, "every two years" -> 24, "quarterly" -> 3, "18 months", "2 yrs".

    A stated timing is read past ("once a month during the school year" -> 1, "every year before school
    starts" -> 12): the number of months between two occasions is what is stored."""
    try:
        return _parse_months(text)
    except ParseError as first:
        if str(first) != _MONTHS_HELP:  # a specific problem ("bimonthly", "weekly"): say that
            raise
        s = _clean(text)
        s2 = _SUBJECT_RE.sub("", re.sub(r"'ll\b", " will", s))
        s2 = re.sub(r"^(?:(?:at|by|around|near|before|after) )?(?:the )?(?:end|start|beginning|close) of "
                    r"(?=(?:each|every|the) )", "", s2)
        s2 = re.sub(r"\b(?:the |their |an officer'?s )?first (year|month|semester|quarter)\b", r"1 \1", s2)
        words = s2.split()
        if len(words) == 1 and words[0] not in _MONTH_ADVERBS:  # "quartely", "biannualy"
            import difflib

            close = difflib.get_close_matches(words[0], [k for k in _MONTH_ADVERBS if " " not in k], n=1, cutoff=0.85)
            s2 = close[0] if close else s2
        s2 = re.sub(rf"^(?:every|each|once (?:a|an|every|each)|once per) (?:{'|'.join(_SEASONS)})$", "every year", s2)
        m = re.fullmatch(rf"(?:every|each|in the) ({'|'.join(_SEASONS)}) and (?:the |in the )?({'|'.join(_SEASONS)})", s2)
        if m and m.group(1) != m.group(2):  # "every spring and fall": twice a year
            s2 = "twice a year"
        s2 = re.sub(r"\bevery (?:couple|couple of|pair of) (years|months)\b", r"every 2 \1", s2)
        cut = _QUALIFIER_RE.sub("", s2).strip(" ,")
        for candidate in dict.fromkeys((s2, cut)):
            if candidate and candidate != s:
                try:
                    return _parse_months(candidate)
                except ParseError:
                    pass
        m = _RANGE_RE.search(_words_to_digits(s))
        if m:  # "every 2-3 years": the agreement states one period
            unit = m.group(3).rstrip("s")
            low, high = (f"every {n} {unit}{'' if n == '1' else 's'}" for n in (m.group(1), m.group(2)))
            raise ParseError(f'That is a range, and the agreement states one period: please give the one you mean, '
                             f'such as "{low}" or "{high}".') from None
        raise first


# Two numbers of one unit: "2-3 years", "every 2 to 3 years", "18 or 24 months"
_RANGE_RE = LazyPattern(r"\b(\d+)\s*(?:-|\u2013|to|or)\s*(\d+)\s*(years?|months?)\b")


def find_months(text: str) -> int | None:
    """The one period named inside a longer reply ("within the first year on the job" -> 12, "within 6
    months of starting" -> 6), or None when there is none or more than one."""
    s = _words_to_digits(_clean(text))
    s = re.sub(r"\b(?:the |their |his |her |an officer'?s )?first (year|month|semester|quarter)\b", r"1 \1", s)
    s = re.sub(r"\b(?:a|an|one) (year|month|semester|quarter)\b", r"1 \1", s)
    s = re.sub(r"\b(?:a|1) (year)s? and a half\b", r"18 months", s)
    hits = re.findall(r"(?<![\w.])(\d+(?:\.\d+)?)\s*-?\s*(years?|yrs?|months?|mos?|mths?|semesters?|quarters?|"
                      r"weeks?|wks?|days?)\b", s)
    found = set()
    for n, unit in hits:
        try:
            found.add(_parse_months(f"{n} {unit}"))
        except ParseError:
            return None  # a period in weeks or days: not a number of months to take on trust
    return found.pop() if len(found) == 1 else None


def _parse_months(text: str) -> int:
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
    if re.search(r"\bbi ?an+u?al+(?:l?y)?\b", s):  # "biannually" (and its misspellings) is said for every two years
        # as often as for twice a year
        raise ParseError('"Biannually" is used for twice a year and for every two years, so please say which, '
                         'such as "twice a year" or "every 2 years".')
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


_ORDINAL_DAYS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "fifteenth": 15, "twentieth": 20, "thirtieth": 30, "thirty-first": 31,
    "last": 0,
}
_NEEDS_TODAY = ('I need a date written out here, such as "August 1, 2026" ("today" or "next July 1" are read '
                'only in the interview).')
_SCHOOL_START = (7, 1)  # the school year starts on July 1 (see the module docstring)


def parse_date(text: str, today: _dt.date | None = None) -> _dt.date:
    """A date: "2026-08-01", "August 1, 2026", "1 August 2026", "Aug 1 2026", "8/1/2026" (month first).

    With ``today``, relative dates too: "today", "tomorrow", "July 1" (the nearest), "next July 1",
    "July 1 next year", "in two weeks", "the start of the next school year" (see the module docstring).
    """
    s = _clean(text)
    s = re.sub(rf"^{_WEEKDAY_RE}\.?,?\s+", "", s)
    s = re.sub(r"^(?:(?:it'?s|it is|let'?s (?:say|make it|go with)|make it|effective|starting|beginning|"
               r"as of|from|on|the)\s+(?!of\b))+", "", s)
    s = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", s)
    absolute = _absolute_date(s, text)
    if absolute is not None:
        return absolute
    if re.fullmatch(rf"({_MONTH_RE})\.?,?\s+(\d{{4}})", s):
        raise ParseError('I need the day as well as the month, such as "August 1, 2026".')
    if re.search(r"\bfirst (?:day|week) of (?:school|class(?:es)?)\b|\bschool starts\b|\bclasses (?:start|begin)\b", s):
        raise ParseError('The first day of classes differs from district to district, so I need its date, such as '
                         '"August 12, 2026" (or say "the start of the next school year" for the next July 1, when the '
                         'school year begins in most state codes).')
    m = re.fullmatch(r"(?:(?:the )?start of )?(?:the )?(\d{4})(?:[-/](?:\d{2}|\d{4}))? school year", s)
    if m:  # "the start of the 2026-27 school year"
        return _dt.date(int(m.group(1)), *_SCHOOL_START)
    relative = _relative_date(s, today)
    if relative is not None:
        return relative
    if re.search(r"\b(?:sign|signs|signed|signing|signature|signatures|execut\w*|approv\w*|adopt\w*|votes?|voted)\b", s):
        raise ParseError("That is an event, not a date, and the agreement states a date here. If the date is not "
                         "known yet, say 'skip': the draft shows a blank to fill in. "
                         'Otherwise give the date, such as "August 1, 2026".')
    raise ParseError(_DATE_HELP)


def _absolute_date(s: str, text: str) -> _dt.date | None:
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
        m = re.fullmatch(rf"({_MONTH_RE})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})", s)
        if m:
            mo, d, y = _MONTH_NAMES[m.group(1)], int(m.group(2)), int(m.group(3))
    if y is None:
        m = re.fullmatch(rf"(\d{{1,2}})(?:\s+of)?\s+({_MONTH_RE})\.?,?\s+(\d{{4}})", s)
        if m:
            d, mo, y = int(m.group(1)), _MONTH_NAMES[m.group(2)], int(m.group(3))
    if y is None:
        m = re.fullmatch(rf"(\d{{1,2}})[\s\-]({_MONTH_RE})[\s\-](\d{{4}})", s)
        if m:
            d, mo, y = int(m.group(1)), _MONTH_NAMES[m.group(2)], int(m.group(3))
    if y is None:
        return None
    return _real_date(y, mo, d, text)


def _real_date(y: int, mo: int, d: int, text: str) -> _dt.date:
    if not 1 <= mo <= 12:
        raise ParseError(f'There is no month {mo}; I need a real date, month first, such as "8/1/2026" or "August 1, 2026".')
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        raise ParseError(f'That date does not exist ({_quote(text.strip())}); I need a real date, such as "August 1, 2026".') from None


def _month_day(s: str) -> tuple[int, int] | None:
    """(month, day) of "july 1", "1 july", "the first of july", "july first", "7/1"."""
    m = re.fullmatch(rf"({_MONTH_RE})\.?\s+(\d{{1,2}})", s) or re.fullmatch(rf"({_MONTH_RE})\.? ([a-z-]+)", s)
    if m:
        day = m.group(2)
        d = int(day) if day.isdigit() else _ORDINAL_DAYS.get(day)
        return (_MONTH_NAMES[m.group(1)], d) if d else None
    m = re.fullmatch(rf"(\d{{1,2}}|[a-z-]+)(?:\s+of)?\s+({_MONTH_RE})\.?", s)
    if m:
        day = m.group(1)
        d = int(day) if day.isdigit() else _ORDINAL_DAYS.get(day)
        return (_MONTH_NAMES[m.group(2)], d) if d else None
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})", s)
    if m:
        return int(m.group(1)), int(m.group(2))
    return None


def add_months(d: _dt.date, n: int) -> _dt.date:
    """``d`` moved ``n`` months on, the day kept where the month has it (else the month's last day)."""
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return _dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _relative_date(s: str, today: _dt.date | None) -> _dt.date | None:
    """A date said relative to ``today`` (None when ``s`` is not one; ParseError when ``today`` is unknown)."""
    s = re.sub(r"\b(?:the )?(?:very )?(?:beginning|start|first day)\b", "start", s)
    s = re.sub(r"\bacademic year\b", "school year", s)
    day_words = {"today": 0, "now": 0, "right now": 0, "immediately": 0, "this day": 0, "tomorrow": 1,
                 "yesterday": -1, "the day after tomorrow": 2}
    if s in day_words:
        return _need(today) + _dt.timedelta(days=day_words[s])
    m = re.fullmatch(r"(?:in|within)? ?(?:a|an|one|\d+|[a-z]+) (days?|weeks?|months?|years?)(?: from (?:now|today))?", s)
    if m and (s.startswith(("in ", "within ")) or "from" in s):
        n_text = s.split()[1] if s.startswith(("in ", "within ")) else s.split()[0]
        n = {"a": 1, "an": 1}.get(n_text)
        if n is None:
            digits = _words_to_digits(n_text)
            n = int(digits) if digits.isdigit() else None
        if n is not None:
            unit = m.group(1).rstrip("s")
            t = _need(today)
            if unit == "day":
                return t + _dt.timedelta(days=n)
            if unit == "week":
                return t + _dt.timedelta(weeks=n)
            return add_months(t, n * (12 if unit == "year" else 1))
    m = re.fullmatch(r"(?:(?:the )?start of )?(?:the )?(next|this|current|coming|upcoming|new|following)? ?school year"
                     r"(?: (?:after|following) this one)?", s)
    if m and ("start" in s or m.group(1) in ("next", "coming", "upcoming", "new", "following")):
        t = _need(today)
        which = m.group(1)
        start = _dt.date(t.year, *_SCHOOL_START)
        if which in ("this", "current"):
            return start if start <= t else _dt.date(t.year - 1, *_SCHOOL_START)
        return start if start > t else _dt.date(t.year + 1, *_SCHOOL_START)
    m = re.fullmatch(r"(?:the )?end of (?:the )?(next|this|current)? ?school year", s)
    if m:
        t = _need(today)
        end = _dt.date(t.year, 6, 30)
        end = end if end >= t else _dt.date(t.year + 1, 6, 30)
        return _dt.date(end.year + 1, 6, 30) if m.group(1) == "next" else end
    m = re.fullmatch(r"(next|this|this coming|the coming|coming)? ?(.+?)(?:,? (next|this|of next|of this) year)?", s)
    if m:
        md = _month_day(m.group(2))
        if md is not None:
            t = _need(today)
            when, year_word = m.group(1), m.group(3)
            if year_word in ("next", "of next"):
                return _real_date(t.year + 1, md[0], md[1], s)
            if year_word in ("this", "of this"):
                return _real_date(t.year, md[0], md[1], s)
            this_year = _real_date(t.year, md[0], md[1], s)
            if when in ("next", "this coming", "the coming", "coming"):
                return this_year if this_year > t else _real_date(t.year + 1, md[0], md[1], s)
            if when == "this":
                return this_year
            # the nearest such day, before or after today; but a day months past could as well mean
            # the coming one ("August 1" said in December), so which year is asked
            others = [_real_date(t.year + k, md[0], md[1], s) for k in (-1, 1)]
            nearest = min([this_year, *others], key=lambda d: (abs((d - t).days), d < t))
            if (t - nearest).days > _PAST_DAYS_NEAREST:
                coming = _real_date(nearest.year + 1, md[0], md[1], s)
                raise ParseError(f"Which year: {format_date(nearest)}, which has passed, or {format_date(coming)}? "
                                 f'Please type the date with its year, such as "{format_date(coming)}".')
            return nearest
    return None


# How long ago a month and day without a year may be and still be read as the nearest one (this
# past "March 9"); further back, the year is asked.
_PAST_DAYS_NEAREST = 60


def _need(today: _dt.date | None) -> _dt.date:
    if today is None:
        raise ParseError(_NEEDS_TODAY)
    return today



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

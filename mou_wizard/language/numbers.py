"""Numbers in words both ways, and whole numbers with a unit ("forty hours", "5 working days").

Reading ("twenty-four" -> 24) serves every answer parser; writing (24 -> "twenty-four") serves the
clause templates' ``words`` filter and what the assistant says back, so the two stay consistent here.
"""

from __future__ import annotations

import re

from mou_wizard.language.text import ParseError, clean as _clean

__all__ = ["number_words", "parse_integer", "say_integer", "words_to_digits", "ORDINALS", "ORDINAL_BY_NUMBER"]


_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}
ORDINAL_BY_NUMBER = {v: k for k, v in ORDINALS.items()}


def words_to_digits(s: str) -> str:
    """Replace runs of number words by digits: "twenty-four hours" -> "24 hours", "a dozen" -> "12".

    Two runs next to each other stay apart ("five six" -> "5 6"), so callers can see two numbers.
    """
    s = re.sub(r"\bhalf an? dozen\b", "6", s)
    s = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", s)
    # A comma or semicolon ends a run ("two, one at the high school" is 2 and 1, never "1" alone).
    words = re.findall(r"[,;:!?]|[^\s,;:!?]+", s)
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
    return re.sub(r" ([,;:!?])", r"\1", " ".join(out))


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



_ONES_SAID = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
    "sixteen seventeen eighteen nineteen".split()
_TENS_SAID = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """A whole number in words, as an agreement writes it: 24 -> "twenty-four"."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES_SAID[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS_SAID[tens] + (f"-{_ONES_SAID[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES_SAID[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    for size, name in ((1_000_000_000, "billion"), (1_000_000, "million"), (1000, "thousand")):
        if n >= size and n < size * 1000:
            big, rest = divmod(n, size)
            return f"{number_words(big)} {name}" + (f" {number_words(rest)}" if rest else "")
    return str(n)


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
_UNIT_EXAMPLE = {"minutes": 30, "hours": 40, "days": 5, "weeks": 2, "months": 6, "years": 3, "percent": 50,
                 "dollars": 50000}


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
    """The integer message; ``kind`` is None, "whole", "nonneg", "one" or "total" (what went wrong)."""
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
            "one": f"just one number of {unit}", "total": f"the total number of {unit}"}.get(kind or "", f"a number of {unit}")
    return f'{prefix} {what}, such as "{example}" or "{example} {unit}".'


_SCALES = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
           "k": 1000, "m": 1_000_000, "mm": 1_000_000, "mil": 1_000_000, "bn": 1_000_000_000}


def _scaled(s: str, money: bool) -> str:
    """ "1.5 million" -> "1500000"; for money also "95k" and "$2m"."""
    words = "thousand|million|billion" + ("|k|mm|mil|m|bn" if money else "")

    def value(m: re.Match) -> str:
        n = float(m.group(1)) * _SCALES[m.group(2)]
        return str(int(round(n))) if abs(n - round(n)) < 1e-6 else m.group(0)

    return re.sub(rf"\b(\d+(?:\.\d+)?)\s*({words})\b", value, s)


def parse_integer(text: str, unit: str | None = None) -> int:
    """A whole number, optionally with its unit: "40", "40 hrs", "forty hours", "5 working days", "1,000"."""
    fam, kind = _unit_family(unit)
    if fam == "months":
        from mou_wizard.language.dates import parse_months  # months are read as periods

        return parse_months(text)
    s = _clean(text)
    if not s:
        raise ParseError(_integer_help(unit))
    if s in ("none", "zero", "nil", "nothing", "nada", "none required", "not required", "no minimum", "none needed") \
            or re.match(r"(?:none|zero|nothing|0)\s*[,;:(\-]", s):
        return 0  # "none, the city pays"
    s = re.sub(r",?\s+(?:if|when|where|as soon as) (?:possible|practicable|feasible)$", "", s)
    money = fam == "dollars"
    if money:  # "$95,000/yr", "$1 million per occurrence": the amount (what it is per is the question's)
        s = re.sub(r"\s*(?:/\s*|\bper\s+|\ba\s+|\beach\s+)(?:yr|year|annum)\b|\s+(?:annually|yearly)\b"
                   r"|\s*\bper\s+(?:occurrence|claim|incident)\b|\s+(?:in\s+the\s+)?aggregate\b", "", s)
    said = _said_in_words(s, fam, kind)
    if said is not None:
        return said
    if re.search(r"\b(?:one|1|an?)\s+(?:[a-z]+\s+)?(?:(?:for|per|in|at)\s+(?:each|every)|per)\s+(?!\d)[a-z]", s) \
            and fam != "hours":
        # "one for each school": a number per something, not the total asked for
        raise ParseError(_integer_help(unit, kind="total") if unit else _integer_help(unit))
    s = re.sub(r"\ba couple(?: of)?\b", "2", s)
    if re.search(r"(?:^|[\s(])-\s*\d|\b(?:minus|negative)\b", s):
        raise ParseError(_integer_help(unit, kind="nonneg"))
    # ratios such as a counselor ratio: "250:1", "1:250", "250 to 1"
    m = re.search(r"\b(\d+)\s*(?::|to)\s*1\b(?!\s*[\d,.])|\b1\s*:\s*(\d+)\b", s)
    if m:
        s = s[: m.start()] + (m.group(1) or m.group(2)) + s[m.end():]
    s = re.sub(r"\b(\d{1,3}(?:,\d{3})+)\b", lambda mm: mm.group(1).replace(",", ""), s)
    s = _scaled(s, money)
    s = re.sub(r"\bhalf an? dozen\b", "6", s)
    if fam == "percent" and re.search(r"\b\d+\s*/\s*\d+\b", s):  # "60/40": two shares
        raise ParseError(_integer_help(unit, kind="one"))
    if re.search(r"\d+\.\d*[1-9]|\d+/\d+|\bhalf\b|\bquarter of\b|\d\s*[\u00bc-\u00be\u2150-\u215e]", s):
        raise ParseError(_integer_help(unit, kind="whole"))
    s = re.sub(r"\b(\d+)\.0+\b", r"\1", s)
    s = re.sub(r"(\d)\+", r"\1", s)  # "3+ years"
    s = re.sub(r"(\d)-(?=[a-z])", r"\1 ", s)  # "40-hour"
    s = re.sub(r"(\d)(?=[a-z%])", r"\1 ", s)  # "40hrs", "50%"
    s = re.sub(r"%", " % ", s)
    s = _scaled(words_to_digits(s), money)
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
        deadline = bool(re.match(r"(?:within|in|by|inside of|no later than|no more than|at most)\b", s))
        converted = _convert(value, said_fam, said_kind, fam, kind, deadline)
        if converted is not None:
            return converted
        what = said_fam if said_fam != "percent" else "a percentage"
        raise ParseError(_integer_help(unit, prefix=f"That is in {what}, but I need"))
    if said_fam == "days" and fam == "days" and said_kind and kind and said_kind != kind:
        raise ParseError(_integer_help(unit, prefix=f"That is in {said_kind} days, but I need"))
    return value



# Whole periods said in words, by the unit asked for: "same day" for hours, "the next business day" for days.
_IN_WORDS = {
    "hours": {24: r"(?:the )?same day|(?:by )?(?:the )?end of (?:the )?(?:same )?(?:day|school day|business day)"
                  r"|(?:within|in) (?:one|a|the same) (?:day|calendar day)|before the (?:day|school day) (?:ends|is out)"},
    "days": {1: r"(?:by |on )?(?:the )?(?:next|following) (?:day|business day|working day|school day)"},
}
_PERCENT_WORDS = {
    50: r"half|half of (?:it|them|the costs?)|(?:split )?(?:50 ?(?:/|-) ?50|fifty ?(?:/|-)? ?fifty)(?: split)?|"
        r"half and half|an? even split|split (?:it )?(?:evenly|equally|down the middle)|evenly|equally|"
        r"(?:an )?equal (?:shares|split)",
    100: r"all(?: of it| of the costs?)?|everything|the (?:whole|full) (?:thing|cost|amount)|all costs",
}


def _said_in_words(s: str, fam: str | None, kind: str | None) -> int | None:
    """A number said only in words the unit gives meaning to ("same day" -> 24 hours, "half" -> 50%)."""
    table = {k: v for k, v in _IN_WORDS.get(fam or "", {}).items()}
    if fam == "percent":
        table = _PERCENT_WORDS
    if fam == "days" and kind == "working":
        table = {1: _IN_WORDS["days"][1]}
    for value, pattern in table.items():
        if re.fullmatch(rf"(?:(?:about|around|roughly|approximately|within|by|no later than|at most) )?(?:{pattern})", s):
            return value
    return None


def _convert(value: int, said: str, said_kind: str | None, fam: str, kind: str | None,
             deadline: bool = False) -> int | None:
    """``value`` in the unit said, in the unit asked for, when that is exact: weeks in days (5 working days
    or 7 days a week), days in hours when said as a time limit ("within 2 days"); None when it is not."""
    if said == "weeks" and fam == "days":
        return value * (5 if kind == "working" else 7)
    if said == "days" and fam == "hours" and said_kind != "working" and deadline:
        return value * 24  # "within 2 days": a time limit (2 days of training is not 48 hours)
    if said == "hours" and fam == "days" and kind != "working" and value % 24 == 0:
        return value // 24
    return None


NUMBER_SAID = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
                10: "ten"}



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



def say_integer(n: int, unit: str | None) -> str:
    """A count said back with its unit: "40 hours", "1 working day", "50%", "1,000"."""
    if not unit:
        return f"{n:,}"
    if unit.strip() == "dollars":
        return f"${n:,}"
    if unit.strip() == "%":
        return f"{n}%"
    return f"{n:,} {_singular_unit(unit) if n == 1 else unit}"

"""What every part of the language layer shares: the error for text it cannot understand, and the
one way text is normalised before it is read (straight quotes, lower case, single spaces).

Kept apart so that numbers, dates, choices and intents can all use it without importing each other.
"""

from __future__ import annotations

import re

__all__ = ["Choice", "LazyPattern", "ParseError", "ascii_text", "clean", "compile_all", "join_and", "lc", "quote",
           "one_line", "reply_problem", "strip_controls"]


class LazyPattern:
    """A regular expression compiled at its first use rather than when its module is imported.

    The language layer holds about eighty patterns, and compiling them all took 15 to 20 ms of the
    start-up of every command, though only the interview reads typed replies (``render`` and
    ``check`` import these modules for their types and labels). Used as the compiled pattern would
    be: ``PATTERN.fullmatch(text)``, ``PATTERN.sub(...)``. :func:`compile_all` compiles those not yet
    used (the app does so just after its first frame, before the first reply)."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags, self._compiled = pattern, flags, None
        _UNCOMPILED.append(self)

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str):  # match, search, fullmatch, sub, finditer, split, groups ...
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"


_UNCOMPILED: list[LazyPattern] = []


def compile_all() -> None:
    """Compile every pattern not compiled yet (so the first reply does not wait for them)."""
    while _UNCOMPILED:
        _UNCOMPILED.pop().compiled()


class ParseError(ValueError):
    """An answer that could not be understood.

    ``str(err)`` is one friendly sentence telling the user what was expected, with an example,
    e.g. ``I need a number of hours, such as "40" or "40 hours".``
    """


Choice = tuple[str, str]  # (token, label), e.g. ("title_vi", "Title VI of the Civil Rights Act of 1964")

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u00a0": " ", "\u2212": "-"})


def ascii_text(text: str) -> str:
    """Straight quotes and dashes (translate is slow on long text, so only when needed)."""
    return text if text.isascii() else text.translate(_QUOTES)


def clean(text: str) -> str:
    """Lower-case, straight quotes and dashes, single spaces, no surrounding quotes or end punctuation."""
    s = ascii_text(text or "").lower()
    s = re.sub(r"\s+", " ", s).strip()
    s = s.strip("\"'`")
    s = re.sub(r"[\s.!?]+$", "", s)
    return s.strip()


MAX_REPLY = 100_000       # characters in one reply (a long list of schools is a few thousand)
_LONG_NUMBER = LazyPattern(r"\d{40}")  # no answer holds a number this long; Python will not even read one
                                     # of more than 4,300 digits


def reply_problem(text: str) -> str | None:
    """Why a typed reply cannot be read at all (far too long, a number far too long), or None."""
    if len(text) > MAX_REPLY:
        return (f"That reply is {len(text):,} characters long; I can take at most {MAX_REPLY:,} at once "
                "(an answer holds at most 2,000).")
    if _LONG_NUMBER.search(text):
        return 'That number is far too long; I need a number such as "40".'
    return None


def quote(text: str, limit: int = 60) -> str:
    """The user's words, shortened and quoted, for an error message that says what was not understood."""
    t = re.sub(r"\s+", " ", (text or "").strip())
    if len(t) > limit:
        t = t[: limit - 1].rstrip() + "\u2026"
    return f'"{t}"'


def join_and(items: list[str], word: str = "and") -> str:
    """"a, b and c" (or "or"): how lists are said back and how candidates are offered."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    # "parents and families, and students": a serial comma where an item has an "and" of its own
    serial = "," if len(items) > 2 and any(f" {word} " in item for item in items) else ""
    return ", ".join(items[:-1]) + f"{serial} {word} " + items[-1]


def lc(s: str) -> str:
    """A help sentence continued after a semicolon."""
    return s[0].lower() + s[1:]


# What a terminal would act on rather than show: escape sequences (colours, cursor moves, clearing the
# screen, an OSC string setting the window title or a hyperlink), C1 controls (8-bit forms of the
# same), DEL and every other C0 control but tab and newline.
_CONTROLS = LazyPattern(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"  # CSI ... final byte
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, SOS, PM, APC
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"  # any other escape sequence, or a lone ESC
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # other C0 controls (not tab, newline), DEL, C1 controls
)


def strip_controls(text: str) -> str:
    """``text`` without anything a terminal would act on instead of printing (see ``_CONTROLS``):
    user text echoed to a terminal can never set its title, clear it or move the cursor."""
    return _CONTROLS.sub("", text) if not text.isprintable() else text


def one_line(message: str) -> str:
    """An error message as one line a terminal prints as it is (it may quote a file name or an answer)."""
    return " ".join(strip_controls(message).split("\n"))


# Words that say what kind of organization a party is, and no more: "County sheriff", "the school
# district", "city police dept." (see is_kind_word).
KIND_WORDS = {
    "the", "our", "a", "an", "local", "county", "city", "town", "township", "village", "borough", "parish", "state",
    "area", "regional", "public", "unified", "independent", "consolidated", "community", "municipal", "school",
    "district", "division", "system", "corporation", "board", "of", "education", "police", "department", "dept",
    "pd", "sheriff", "office", "agency", "law", "enforcement", "patrol", "highway", "force",
    "safety", "isd", "usd", "sd", "unit", "precinct", "constable", "marshal", "service", "campus",
}


def is_kind_word(word: str) -> bool:
    """Whether ``word`` only says what kind of organization something is ("Sheriff's", "Schools",
    "dept."), read without case, surrounding punctuation, a final "'s" or a plural "s"."""
    w = word.lower().strip(".,;:()\"'").removesuffix("'s")
    return w in KIND_WORDS or (w.endswith("s") and w[:-1] in KIND_WORDS)

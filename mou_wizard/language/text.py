"""What every part of the language layer shares: the error for text it cannot understand, and the
one way text is normalised before it is read (straight quotes, lower case, single spaces).

Kept apart so that numbers, dates, choices and intents can all use it without importing each other.
"""

from __future__ import annotations

import re

__all__ = ["Choice", "ParseError", "ascii_text", "clean", "join_and", "lc", "quote", "reply_problem"]


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
_LONG_NUMBER = re.compile(r"\d{40}")  # no answer holds a number this long; Python will not even read one
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
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def lc(s: str) -> str:
    """A help sentence continued after a semicolon."""
    return s[0].lower() + s[1:]

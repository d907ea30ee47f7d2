"""Errors a user can cause. The CLI prints ``str(err)`` on one line and exits with status 2."""

from __future__ import annotations


class UserError(Exception):
    """Something in the user's input (a file, an option, an answer) is wrong; the message says what.

    Messages name the file, and the field or line, and what was expected:
    ``answers.yaml: training.initial_hours: expected a whole number, got 'forty-ish'``.
    """

    exit_code = 2


class ContentError(UserError):
    """A problem in the content files (prompts/, clause_library/): names the file and the item."""


def where(file: object, *parts: object) -> str:
    """Join a file name and locations into the prefix used by every error message."""
    return ": ".join(str(p) for p in (file, *parts) if p not in (None, ""))

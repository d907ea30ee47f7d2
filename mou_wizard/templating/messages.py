"""Template and condition errors in plain words, for the people who edit the content files.

Jinja's own messages are written for programmers ("expected token 'end of print statement', got '='",
"'NoneType' object is not iterable"). Counsel editing a clause needs to know what to change, so the
loaders and ``mou-wizard clauses lint`` pass errors through :func:`condition_error` (a ``when`` or
``check`` that does not parse) and :func:`plain_error` (anything else).
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import TemplateSyntaxError
from jinja2.exceptions import SecurityError, TemplateAssertionError

_TOKEN_NAMES = {
    "end of print statement": "the end of the expression",
    "end of statement block": "the end of the {% ... %} tag",
    "end of template": "the end of the text",
    "name": "a name",
    "string": "a quoted word",
    "integer": "a number",
}


def _token(name: str) -> str:
    name = name.strip("'\"")
    return _TOKEN_NAMES.get(name, f"'{name}'")


def _single_equals(source: str) -> bool:
    """True if ``source`` has a lone ``=`` outside quotes (not part of ==, !=, <=, >=)."""
    from mou_wizard.templating.sandbox import ENV

    try:
        return any(kind == "operator" and value == "=" for _, kind, value in
                   ENV.lexer.tokeniter(source, None, state="variable"))
    except TemplateSyntaxError:
        return re.search(r"(?<![=!<>])=(?!=)", re.sub(r"'[^']*'|\"[^\"]*\"", "", source)) is not None


def _syntax(e: TemplateSyntaxError, source: str | None) -> str:
    msg = (e.message or "").strip().splitlines()[0] if (e.message or "").strip() else "syntax error"
    if source is not None and _single_equals(source):
        m = re.search(r"=\s*([<>])", source)
        if m:
            return f"'={m.group(1)}' is not a comparison; did you mean '{m.group(1)}='?"
        return "'=' is not a comparison; did you mean '=='?"
    if isinstance(e, TemplateAssertionError):
        m = re.match(r"No (filter|test) named '([^']+)'", msg)
        if m:
            return f"there is no {m.group(1)} named '{m.group(2)}'"
        return msg[:1].lower() + msg[1:]
    m = re.match(r"expected token '([^']+)', got '([^']+)'", msg)
    if m:
        return f"expected {_token(m.group(1))} but found {_token(m.group(2))}"
    m = re.match(r"unexpected end of template, expected '(.)'", msg)
    if m:
        return f"a '{m.group(1)}' is missing at the end"
    if msg.lower().startswith("unexpected end of template"):
        m = re.search(r"innermost block that needs to be closed is '(\w+)'", msg)
        if m:
            return f"the text ends before its {{% {m.group(1)} %}} is closed (add {{% end{m.group(1)} %}})"
        return "it ends too early (is a bracket or a quote left open?)"
    if msg == "unexpected 'end of template'":
        return "it ends too early: something is missing after the last word"
    m = re.match(r"unexpected char '(.)' at \d+", msg) or re.match(r'unexpected char "(.)" at \d+', msg)
    if m:
        if m.group(1) in "'\"":
            return f"a quote ({m.group(1)}) is opened and never closed"
        return f"'{m.group(1)}' cannot be used here"
    m = re.match(r"unexpected '(.+)'$", msg)
    if m:
        return f"{_token(m.group(1))} is out of place"
    if msg == "unexpected text after the condition":
        return "there is more text after a complete condition (a missing 'and' or 'or'?)"
    return msg


def condition_error(e: Exception, source: str | None = None) -> str:
    """Why a condition (or, without ``source``, a template) does not parse, as one plain sentence."""
    if isinstance(e, TemplateSyntaxError):
        return _syntax(e, source)
    return plain_error(e)


_PATTERNS: list[tuple[re.Pattern, Any]] = []


def _kind(name: str) -> str:
    if name in ("NoneType", "Placeholder", "Undefined", "StrictUndefined"):
        return "an unanswered value"
    if name in ("int", "float"):
        return "a number"
    if name in ("str", "Markup"):
        return "text"
    if name in ("list", "tuple"):
        return "a list"
    if name == "bool":
        return "a yes/no answer"
    if name == "date":
        return "a date"
    from mou_wizard.domain.choices import choice_sets

    if name == "ChoiceValue" or name in choice_sets():
        return "a choice answer"
    return "a value"


def _short(qualified: str) -> str:
    return qualified.rsplit(".", 1)[-1].removesuffix(" object")


def _rule(pattern: str):
    def register(fn):
        _PATTERNS.append((re.compile(pattern), fn))
        return fn
    return register


@_rule(r"'([\w.]+)(?: object)?'(?: object)? has no attribute '(\w+)'")
def _no_attr(m: re.Match) -> str:
    return f"'{m.group(2)}' is not something it can read from {_kind(_short(m.group(1)))}"


@_rule(r"'(\w+)' is undefined")
def _undefined(m: re.Match) -> str:
    return f"'{m.group(1)}' is not a field or name it can read"


@_rule(r"'([^']+)' not supported between instances of '([\w.]+)' and '([\w.]+)'")
def _compare(m: re.Match) -> str:
    return f"it compares {_kind(_short(m.group(2)))} with {_kind(_short(m.group(3)))} using '{m.group(1)}'"


@_rule(r"unsupported operand type\(s\) for ([^:]+): '([\w.]+)' and '([\w.]+)'")
def _operand(m: re.Match) -> str:
    return f"it cannot use '{m.group(1)}' on {_kind(_short(m.group(2)))} and {_kind(_short(m.group(3)))}"


@_rule(r"can only concatenate (\w+) \(not \"(\w+)\"\) to \w+")
def _concat(m: re.Match) -> str:
    return f"it cannot add {_kind(m.group(2))} to {_kind(m.group(1))}"


@_rule(r"'([\w.]+)(?: object)?'(?: object)? is not iterable")
def _not_iterable(m: re.Match) -> str:
    return f"it treats {_kind(_short(m.group(1)))} as a list"


@_rule(r"'([\w.]+)(?: object)?'(?: object)? is not callable")
def _not_callable(m: re.Match) -> str:
    return f"it calls {_kind(_short(m.group(1)))} as if it were a function"


_INTERNAL = re.compile(r"\b(NoneType|Traceback|TemplateSyntaxError|UndefinedError|Getattr\(|Const\(|Name\()")


def plain_message(text: str) -> str:
    """``text`` with Python's wording of a failure (type names, module paths) put in plain words."""
    for pattern, fn in _PATTERNS:
        text = pattern.sub(fn, text)
    text = re.sub(r"\bmou_wizard(?:\.\w+)+\.(\w+)", r"\1", text)
    return text


def plain_error(e: Exception) -> str:
    """A template or condition failure in plain words (no Python type names)."""
    if isinstance(e, TemplateSyntaxError):
        return _syntax(e, None)
    if isinstance(e, SecurityError):
        return "it uses something the clause sandbox does not allow"
    text = str(e).strip().splitlines()[0] if str(e).strip() else ""
    text = plain_message(text)
    if _INTERNAL.search(text) or not text:
        return "it cannot be worked out for these answers"
    return text

"""Template and condition errors in plain words, for the people who edit the content files.

Jinja's own messages are written for programmers ("expected token 'end of print statement', got '='",
"'NoneType' object is not iterable"). Counsel editing a clause needs to know what to change, so the
loaders and ``mou-wizard clauses lint`` pass errors through :func:`condition_error` (a ``when`` or
``check`` that does not parse) and :func:`plain_error` (anything else).
"""

from __future__ import annotations

import re

from jinja2 import TemplateSyntaxError, UndefinedError
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


_NOT_ITERABLE = re.compile(r"'(\w+)' object is not iterable")
_NO_ATTR = re.compile(r"'(?:[\w.]+ )?(\w+)'(?: object)? has no attribute '(\w+)'")
_UNSUPPORTED = re.compile(r"'(\w+)' not supported between instances of '(\w+)' and '(\w+)'")

_KINDS = {"NoneType": "an unanswered value", "int": "a number", "str": "text", "list": "a list",
          "bool": "a yes/no answer", "float": "a number", "date": "a date", "Placeholder": "an unanswered value"}


def _kind(name: str) -> str:
    return _KINDS.get(name, "a value")


def plain_error(e: Exception) -> str:
    """A template or condition failure in plain words (no Python type names)."""
    if isinstance(e, TemplateSyntaxError):
        return _syntax(e, None)
    text = str(e).strip().splitlines()[0] if str(e).strip() else ""
    if isinstance(e, UndefinedError):
        m = _NO_ATTR.search(text)
        if m:
            return f"'{m.group(2)}' is not a field or name it can read"
        m = re.match(r"'(\w+)' is undefined", text)
        if m:
            return f"'{m.group(1)}' is not a field or name it can read"
        return "it reads something that does not exist"
    if isinstance(e, SecurityError):
        return "it uses something the clause sandbox does not allow"
    m = _NOT_ITERABLE.search(text)
    if m:
        return f"it treats {_kind(m.group(1))} as a list"
    m = _UNSUPPORTED.search(text)
    if m:
        return f"it compares {_kind(m.group(2))} with {_kind(m.group(3))} using '{m.group(1)}'"
    m = _NO_ATTR.search(text)
    if m:
        return f"'{m.group(2)}' is not a field or name it can read"
    if re.search(r"\b(NoneType|object|instance|Getattr\(|Traceback)\b", text) or not text:
        return "it cannot be worked out for these answers"
    return text

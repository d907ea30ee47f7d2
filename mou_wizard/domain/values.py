"""How answer-file values are checked, whatever the field: strict types (no true for 1, no date from a
number), limits on text and lists, blank text as unanswered; the base class of every answers section
and the plain-data view of answers (:func:`to_plain`). The fields themselves are in
:mod:`mou_wizard.domain.answers`."""

from __future__ import annotations

import datetime as _dt
import functools
import re
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator


# Limits on what an answer may hold: a legal draft has no use for a longer name or list, and a huge
# value would make a document Word (and python-docx) cannot open again.
MAX_TEXT = 2000   # characters in one text answer or list item
MAX_ITEMS = 200   # items in one list answer

# What cannot be written as UTF-8, so could never be read back: lone surrogates (what undecodable bytes
# become). Control characters are kept here; the document leaves out those XML cannot hold.
_NOT_TEXT = re.compile("[\ud800-\udfff]")


def _kind_of(annotation: Any) -> str:
    """What a field holds, judged from its annotation: 'bool', 'int', 'date', 'text', 'list' or 'other'."""
    if typing.get_origin(annotation) is list:
        return "list"
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    if len(args) != 1:
        return "other"
    a = args[0]
    if typing.get_origin(a) is list:
        return "list"
    if a is bool:
        return "bool"
    if a is int:
        return "int"
    if a is _dt.date:
        return "date"
    if a is str:
        return "text"
    return "other"


def _short(value: Any) -> str:
    """A value as an error message quotes it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _plain_text(v: str) -> str | None:
    """A text answer stripped; blank is None (unanswered); too long or not text is refused."""
    v = v.strip()
    if not v:
        return None
    if len(v) > MAX_TEXT:
        raise ValueError(f"{len(v):,} characters; at most {MAX_TEXT:,} are allowed")
    bad = _NOT_TEXT.search(v)
    if bad:
        raise ValueError(f"contains U+{ord(bad.group()):04X}, which is not a character (bytes that are not "
                         "UTF-8?); expected plain text")
    return v


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _strict(kind: str, v: Any, required: bool) -> Any:
    """Answer-file values are taken as they are: no true for 1, no 1 for true, no date from a number."""
    if v is None:
        return v
    if kind == "bool":
        if not isinstance(v, bool):
            raise ValueError(f"expected true or false, got {_short(v)}")
    elif kind == "int":
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError(f"expected a whole number, got {_short(v)}")
    elif kind == "date":
        if isinstance(v, str) and _ISO_DATE.fullmatch(v.strip()):
            try:
                return _dt.date.fromisoformat(v.strip())
            except ValueError as e:
                raise ValueError(f"{v.strip()} is not a real date ({e}); expected a date like 2026-08-01") from None
        if isinstance(v, _dt.datetime):
            raise ValueError(f"expected a date like 2026-08-01, got a date and time ({v.isoformat()})")
        if not isinstance(v, _dt.date):
            raise ValueError(f"expected a date like 2026-08-01, got {_short(v)}")
    elif kind == "text" and isinstance(v, str):
        v = _plain_text(v)
        if v is None and required:
            raise ValueError("must not be empty")
    elif kind == "list" and isinstance(v, list):
        if len(v) > MAX_ITEMS:
            raise ValueError(f"{len(v):,} items; at most {MAX_ITEMS} are allowed")
        items, seen = [], set()
        for item in v:
            if isinstance(item, str):
                item = _plain_text(item)
                if item is None:
                    continue  # a blank item is no item
            key = getattr(item, "value", item)
            key = key.casefold() if isinstance(key, str) else repr(to_plain(key))
            if key in seen:
                shown = getattr(item, "value", item)
                if isinstance(shown, dict):  # a signatory: its name, title and party
                    shown = ", ".join(str(x) for x in to_plain(shown).values() if x is not None)
                raise ValueError(f"{_short(shown)} is listed twice; expected each item once")
            seen.add(key)
            items.append(item)
        if v and not items:
            return None  # only blank items: unanswered
        return items
    return v


@functools.lru_cache(maxsize=None)
def _field_kind(cls: type, name: str) -> tuple[str, bool]:
    f = cls.model_fields[name]
    return _kind_of(f.annotation), f.is_required()


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, use_enum_values=False)

    @field_validator("*", mode="before")
    @classmethod
    def _tidy(cls, v: Any, info: ValidationInfo) -> Any:
        kind, required = _field_kind(cls, info.field_name)
        return _strict(kind, v, required)


def _doc(description: str) -> Any:
    """An optional field (None: not answered yet) with its description, which is also its placeholder."""
    return Field(default=None, description=description)


_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.IGNORECASE)


def without_article(v: str | None) -> str | None:
    """A title as clause text prints it, after "its", "the" or "the District's": without a leading
    article ("the School Board" -> "School Board"), however the answer file wrote it."""
    return v if v is None else _ARTICLE.sub("", v, count=1)


def _positive(v: int | None, what: str) -> int | None:
    if v is not None and v <= 0:
        raise ValueError(f"{what} must be a positive whole number, not {v}")
    return v


def to_plain(obj: Any) -> Any:
    """Answers (or any part of them) as plain YAML/JSON-ready data: choices as their tokens."""
    if isinstance(obj, BaseModel):
        obj = obj.model_dump(mode="python")
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    return obj

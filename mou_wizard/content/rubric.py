"""The SECURe rubric items (prompts/rubric.yaml): the stable SEC-x.y ids every question, clause and
scorecard cites."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from mou_wizard.content.files import read_yaml
from mou_wizard.errors import ContentError


def load_rubric(path: Path, cache: Any = None) -> Mapping[str, dict]:
    """The items by id, in file order: ``{"SEC-1.1": {"id", "summary", "source", "step"}}``.
    ``cache``: parsed content files (:class:`~mou_wizard.templating.TemplateCache`), if any."""
    data = read_yaml(path, cache=cache)
    items = {}
    try:
        for item in data["items"]:
            step = int(item["id"].split("-")[1].split(".")[0])
            items[item["id"]] = MappingProxyType({**item, "step": step})
    except (KeyError, TypeError, ValueError, IndexError):
        raise ContentError(f"{path}: expected 'items', each with an id like SEC-1.1, a source and a summary") from None
    return MappingProxyType(items)

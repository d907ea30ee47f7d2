"""The SECURe rubric items (prompts/rubric.yaml): the stable SEC-x.y ids every question, clause and
scorecard cites."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from mou_wizard.content.files import read_yaml
from mou_wizard.errors import ContentError


def load_rubric(path: Path) -> Mapping[str, dict]:
    """The items by id, in file order: ``{"SEC-1.1": {"id", "summary", "source", "step"}}``."""
    data = read_yaml(path)
    items = {}
    try:
        for item in data["items"]:
            step = int(item["id"].split("-")[1].split(".")[0])
            items[item["id"]] = MappingProxyType({**item, "step": step})
    except (KeyError, TypeError, ValueError, IndexError):
        raise ContentError(f"{path}: expected 'items', each with an id like SEC-1.1, a source and a summary") from None
    return MappingProxyType(items)

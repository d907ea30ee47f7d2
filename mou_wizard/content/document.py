"""The fixed parts of every draft (templates/document.yaml) and the base Word document
(templates/base.docx) whose styles and numbering the renderer uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from mou_wizard import templating
from mou_wizard.content.files import read_bytes_limited, read_yaml
from mou_wizard.errors import ContentError

MAX_BASE_BYTES = 20 * 1024 * 1024  # the base document (styles and numbering) is about 40 kB

KEYS = ("core_title", "title", "header", "preamble", "witness", "disclaimer")


@dataclass(frozen=True)
class DocumentTemplates:
    """The compiled fixed texts by key, and the base document's bytes."""

    file: Path
    texts: Mapping[str, Any]
    base_docx: bytes
    sources: Mapping[str, str] = field(default_factory=dict)  # the texts as written, by key

    def render(self, key: str, ctx: dict) -> str:
        try:
            return self.texts[key].render(**ctx)
        except templating.TemplateErrors as e:
            raise ContentError(f"{self.file}: {key}: failed to render: {e}") from None


def load_document(directory: Path, cache: templating.TemplateCache) -> DocumentTemplates:
    path = directory / "document.yaml"
    data = read_yaml(path, cache=cache)
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected a mapping of {', '.join(KEYS)}")
    texts = {}
    for key in KEYS:
        if not isinstance(data.get(key), str):
            raise ContentError(f"{path}: '{key}' is missing or not text")
        try:
            texts[key] = templating.compile_template(data[key], cache)
        except templating.TemplateErrors as e:
            raise ContentError(f"{path}: {key}: template does not parse: {e}") from None
    base = directory / "base.docx"
    if not base.exists() and not base.is_symlink():
        raise ContentError(f"{base}: base document missing; expected templates/base.docx (a copy of the one installed with mou-wizard)")
    base_bytes = read_bytes_limited(base, MAX_BASE_BYTES, what="the base Word document (templates/base.docx)")
    return DocumentTemplates(path, MappingProxyType(texts), base_bytes,
                             MappingProxyType({key: data[key] for key in KEYS}))

"""Where the installed content lives, and reading YAML content with errors that name file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mou_wizard.errors import ContentError, UserError

_PKG = Path(__file__).resolve().parent.parent  # the mou_wizard package folder


CONTENT_ENV = "MOU_WIZARD_CONTENT"


def default_root() -> Path:
    """The content installed with mou-wizard: bundled in the wheel (``mou_wizard/_content``), or the
    top of the repository in a source checkout."""
    bundled = _PKG / "_content"
    return bundled if (bundled / "prompts").is_dir() else _PKG.parent


def yaml_error_message(path: Path | str, exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if mark is not None:
        return f"{path}: line {mark.line + 1}, column {mark.column + 1}: YAML syntax error: {problem}"
    return f"{path}: YAML syntax error: {problem}"


def read_yaml(path: Path, *, error: type[UserError] = ContentError) -> Any:
    """Load a content file as plain Python data.

    Content files are read-only here, so they go through PyYAML's C safe loader: about fifteen times
    faster than a pure-Python parser, which matters because every command reads the whole library.
    (Answer files, which are written back with their comments, use ruamel.yaml: see answers_io.)
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise error(f"{path}: cannot read the file ({e})") from None
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as e:
        raise error(yaml_error_message(path, e)) from None

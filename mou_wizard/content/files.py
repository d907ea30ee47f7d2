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
    if problem == "but found another document":
        problem = "a second YAML document starts here ('---'); expected one document in the file"
    if mark is not None:
        return f"{path}: line {mark.line + 1}, column {mark.column + 1}: YAML syntax error: {problem}"
    return f"{path}: YAML syntax error: {problem}"


# A content file larger than this is refused before it is parsed (the largest clause file is ~40 kB).
MAX_CONTENT_BYTES = 2 * 1024 * 1024
# Aliases (``*name``) may repeat at most this many values in a content or answer file: a few hundred
# bytes of nested aliases ("billion laughs") would otherwise expand to gigabytes.
MAX_ALIAS_EXPANSION = 10_000


def _children(node: Any) -> list:
    value = node.value
    if isinstance(value, list):
        return [n for item in value for n in (item if isinstance(item, tuple) else (item,))]
    return []


def alias_problem(node: Any) -> str | None:
    """Why a composed YAML node graph (PyYAML's or ruamel's) may not be built, or None.

    Aliases share nodes, so the graph stays small while the values built from it would not: each
    alias counts as a full copy of what it names. A graph whose copies would add more than
    :data:`MAX_ALIAS_EXPANSION` values, or where an alias sits inside what it names, is refused."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()
    stack: list[tuple[Any, bool]] = [(node, False)]
    while stack:
        current, done = stack.pop()
        key = id(current)
        if done:
            in_progress.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _children(current))
            continue
        if key in sizes:
            continue
        if key in in_progress:
            return "an alias (*name) stands inside the value it names, so it would repeat without end"
        in_progress.add(key)
        stack.append((current, True))
        stack.extend((c, False) for c in _children(current))
    if sizes[id(node)] - len(sizes) > MAX_ALIAS_EXPANSION:
        return (f"its aliases (*name) would repeat more than {MAX_ALIAS_EXPANSION:,} values; expected each "
                "value written out (or aliases used a few times)")
    return None


def read_bytes_limited(path: Path, limit: int, *, what: str, error: type[UserError] = ContentError) -> bytes:
    """A regular file's bytes, with one-line errors naming it: missing, a folder, a device or a named
    pipe (never waited on), unreadable, or over ``limit`` bytes (refused before it is read)."""
    from mou_wizard.fileio import FileTooLarge, NotRegularFile, read_regular

    try:
        return read_regular(path, limit)
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    except NotRegularFile as e:
        raise error(f"{path}: is {e.kind}, not a regular file; expected {what}") from None
    except FileTooLarge:
        size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit:,} bytes"
        raise error(f"{path}: the file is larger than {size}; expected {what}") from None
    except OSError as e:
        raise error(f"{path}: cannot read the file ({e.strerror or e})") from None


def read_yaml(path: Path, *, error: type[UserError] = ContentError, cache: Any = None) -> Any:
    """Load a content file as plain Python data.

    Content files are read-only here, so they go through PyYAML's C safe loader: about fifteen times
    faster than a pure-Python parser, which matters because every command reads the whole library.
    (Answer files, which are written back with their comments, use ruamel.yaml: see answers_io.)
    Only a regular file of at most :data:`MAX_CONTENT_BYTES` is read, and its aliases are checked
    (:func:`alias_problem`) before any value is built. With a ``cache`` (a
    :class:`~mou_wizard.templating.TemplateCache`), a file read before with the same bytes is not
    parsed again: its data comes from the cache.
    """
    raw = read_bytes_limited(path, MAX_CONTENT_BYTES, what="a YAML content file", error=error)
    if cache is not None:
        return cache.data(raw, lambda: _parse_yaml(path, raw, error))
    return _parse_yaml(path, raw, error)


def _parse_yaml(path: Path, raw: bytes, error: type[UserError]) -> Any:
    import yaml

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text; expected a YAML content file") from None
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            # Aliases need anchors (``&name``): a text without an ampersand has neither.
            problem = alias_problem(node) if "&" in text else None
            if problem:
                raise error(f"{path}: {problem}")
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        raise error(yaml_error_message(path, e)) from None
    except RecursionError:
        raise error(f"{path}: the YAML is nested too deeply; expected a content file a few levels deep") from None

"""Compiled clause templates, kept on disk between runs, and compiling templates and conditions.

Compiling the ~250 clause templates and conditions costs more than everything else a render does, so
the compiled code is kept in one file (the way Jinja's own bytecode cache stores code: marshal,
keyed by a hash of the source). The cache is an explicit object made at the entry point and handed
to the content loader; nothing here is global. Its default location is
``$XDG_CACHE_HOME/mou-wizard/templates-<python>-jinja<version>.marshal`` (``~/.cache/...`` when
``XDG_CACHE_HOME`` is unset). A missing, stale or unwritable cache only costs time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

from jinja2 import TemplateSyntaxError
from jinja2.parser import Parser

from mou_wizard.templating.sandbox import ENV

_SIGNATURE = "mou-wizard-templates-1"


def default_cache_path() -> Path:
    import jinja2

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    tag = f"{sys.implementation.cache_tag}-jinja{jinja2.__version__}"
    return Path(base) / "mou-wizard" / f"templates-{tag}.marshal"


class TemplateCache:
    """Compiled template code by source hash; ``path=None`` keeps it in memory only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._codes: dict[str, Any] | None = None
        self._dirty = False

    @classmethod
    def default(cls) -> "TemplateCache":
        return cls(default_cache_path())

    @classmethod
    def in_memory(cls) -> "TemplateCache":
        return cls(None)

    def _load(self) -> dict[str, Any]:
        if self._codes is None:
            self._codes = {}
            if self.path is not None:
                try:
                    loaded = marshal.loads(self.path.read_bytes())
                    if isinstance(loaded, dict):
                        self._codes = loaded
                except (OSError, ValueError, EOFError, TypeError):
                    pass
        return self._codes

    @staticmethod
    def key(source: str) -> str:
        return hashlib.sha1(f"{_SIGNATURE}\0{source}".encode()).hexdigest()

    def __contains__(self, source: str) -> bool:
        return self.key(source) in self._load()

    def code(self, source: str):
        """Compiled code for ``source``: from the cache, or compiled now and remembered."""
        codes = self._load()
        key = self.key(source)
        found = codes.get(key)
        if found is None:
            found = ENV.compile(source)
            codes[key] = found
            self._dirty = True
        return found

    def save(self) -> None:
        """Write newly compiled code to the cache file (atomically; errors are ignored)."""
        if not self._dirty or self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".templates.")
            with os.fdopen(fd, "wb") as f:
                f.write(marshal.dumps(self._load()))
            os.replace(tmp, self.path)
            self._dirty = False
        except OSError:
            pass


def compile_template(source: str, cache: TemplateCache | None = None):
    """A template for ``source`` (compiled once per cache)."""
    code = (cache or TemplateCache.in_memory()).code(source)
    return ENV.template_class.from_code(ENV, code, ENV.make_globals(None), None)


def compile_condition(expr: str, cache: TemplateCache | None = None) -> Callable[..., bool]:
    """Compile a ``when`` expression; the result is called with an answers context and gives a bool."""
    source = f"{{% if ({expr}) %}}1{{% endif %}}"
    if cache is None or source not in cache:
        # First sight of this condition: check it is exactly one expression (as Jinja's own
        # compile_expression does) so that it cannot close the wrapping tag.
        parser = Parser(ENV, expr, state="variable")
        parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError("unexpected text after the condition", parser.stream.current.lineno, None, None)
    template = compile_template(source, cache)

    def condition(**context: Any) -> bool:
        return template.render(**context) == "1"

    return condition

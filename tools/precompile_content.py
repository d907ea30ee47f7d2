"""Write ``mou_wizard/precompiled/content-<python>-jinja<version>.cache``: the repository's content
with every template and condition compiled and every content file parsed, installed with mou-wizard so
that the first command after installing does not compile them (see :mod:`mou_wizard.templating.cache`).

Run ``make precompile`` (or ``python tools/precompile_content.py``) after changing anything in
``prompts/``, ``clause_library/`` or ``templates/``, and commit the file with the change;
``tests/unit/test_precompiled.py`` fails while it is out of date. A file made for another Python or
Jinja version is simply not used (each command then compiles what it needs once, into the user's
cache), so the old file is removed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mou_wizard.content.bundle import load_content  # noqa: E402
from mou_wizard.templating.cache import TemplateCache, shipped_cache_path, write_shipped  # noqa: E402


def main() -> int:
    cache = TemplateCache(None)  # in memory: starts empty, so it holds exactly what the content needs
    load_content(ROOT, strict=True, cache=cache).require_ok()
    target = shipped_cache_path()
    for old in target.parent.glob("content-*.cache"):
        if old != target:
            old.unlink()
    count = write_shipped(cache, target)
    print(f"wrote {target.relative_to(ROOT)}: {count} entries, {target.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Helpers shared by the test modules (tests/ is not a package: pytest puts this folder on sys.path)."""

from __future__ import annotations

import ast
import os
import re
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
ERROR_PREFIX = "mou-wizard: error: "


def isolated_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment for a ``mou-wizard`` subprocess with every user folder inside ``tmp_path``."""
    env = dict(os.environ)
    env.update(
        XDG_DATA_HOME=str(tmp_path / "env" / "data"),
        XDG_CACHE_HOME=str(tmp_path / "env" / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "env" / "config"),
        HOME=str(tmp_path / "env" / "home"),
        **extra,
    )
    return env


def run_cli(tmp_path: Path, *args: str, input: str | None = None, hashseed: str = "0",
            umask: int = -1) -> subprocess.CompletedProcess:
    """Run ``python -m mou_wizard ARGS`` in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "mou_wizard", *args], input=input,
        cwd=ROOT, env=isolated_env(tmp_path, PYTHONHASHSEED=hashseed),
        capture_output=True, text=True, timeout=60, umask=umask,
    )


def assert_user_error(proc: subprocess.CompletedProcess) -> str:
    """The error contract: exit 2, nothing on stdout, one line on stderr, no traceback.
    Returns the message after the prefix."""
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and proc.stderr == lines[0] + "\n", proc.stderr
    assert lines[0].startswith(ERROR_PREFIX), lines[0]
    return lines[0].removeprefix(ERROR_PREFIX)


def top_level_imports(module) -> set[str]:
    """The top-level packages a module's source imports."""
    imported: set[str] = set()
    for node in ast.walk(ast.parse(Path(module.__file__).read_text())):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    return imported


def wait_until_saved(proc: subprocess.Popen, read: Callable[[], Any], want: Any, what: str,
                     timeout: float = 20) -> None:
    """Poll ``read()`` (a UserError means "not written yet") until it equals ``want``, while ``proc`` runs."""
    from mou_wizard.errors import UserError

    deadline = time.monotonic() + timeout
    while True:
        try:
            got = read()
        except UserError:
            got = None
        if got == want:
            return
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else proc.returncode
        assert time.monotonic() < deadline, f"{what} was not saved: {got}"
        time.sleep(0.05)


@contextmanager
def killed_at_the_end(proc: subprocess.Popen):
    """Run the block with ``proc`` alive, then SIGKILL it (as a crash or a closed terminal would)."""
    try:
        yield proc
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=20) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdin, proc.stderr):
            if stream is not None:
                stream.close()


def copy_content(tmp_path: Path) -> Path:
    """A copy of the repository's content folders (prompts/, clause_library/, templates/), to edit."""
    import shutil

    root = tmp_path / "content"
    for name in ("prompts", "clause_library", "templates"):
        shutil.copytree(ROOT / name, root / name)
    return root


def _run_cache():
    from mou_wizard.templating import TemplateCache

    class RunCache(TemplateCache):
        """Read from the tests' own folder (never the user's cache folder) so that a later run starts
        warm; during the run it grows in memory only, and is written once, after the repository's own
        content is loaded (:func:`_load_test_content`)."""

        def save(self) -> None:
            pass

        def keep(self) -> None:
            TemplateCache.save(self)

    from mou_wizard.templating import default_cache_path

    folder = ROOT / ".pytest_cache" / "mou-wizard"  # conftest copies it into each run's home too
    return RunCache(folder / default_cache_path().name, key_path=folder / "cache.key")


# One template cache for the whole test run. It is keyed by each template's source, so a copied
# content folder compiles only what a test edited.
TEMPLATE_CACHE = _run_cache()


def load_copy(root: Path, **options):
    """Load a (copied, maybe edited) content folder as the entry point would, sharing the test run's
    template cache."""
    from mou_wizard.content.bundle import load_content

    return load_content(root, cache=TEMPLATE_CACHE, **options)


def _load_test_content():
    # The repository's own content, loaded once for the whole test run.
    content = load_copy(ROOT).require_ok()
    TEMPLATE_CACHE.keep()
    return content


CONTENT = _load_test_content()
BASE_DOCX = CONTENT.document.base_docx


def _recommended_once():
    from mou_wizard.engine.answering import recommended_answers

    return recommended_answers(CONTENT.questions)


_RECOMMENDED = _recommended_once()


def recommended():
    """The recommended answers for the repository's content (worked out once per test run): a fresh
    copy each call, so a test may change it."""
    return _RECOMMENDED.model_copy(deep=True)


# CSI (ESC [ ... final byte), OSC (ESC ] ... BEL or ESC \), and two-byte escapes (ESC 7, ESC =, ...).
_CSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
_OSC = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
_ESC = re.compile(r"\x1b[@-Z\\-_]|\x1b[ -/]+[0-~]")
_MOVE = re.compile(r"\x1b\[[0-9;]*[HfABCDEFGd]")  # cursor moves: the text that follows is elsewhere


def screen_text(raw: bytes) -> str:
    """What the app wrote, as text: cursor moves become line breaks, every other escape is dropped."""
    text = raw.decode("utf-8", errors="replace")
    text = _MOVE.sub("\n", text)
    text = _OSC.sub("", text)
    text = _CSI.sub("", text)
    return _ESC.sub("", text)


def fragment(q) -> str:
    """The start of a question's text, short enough never to be wrapped on screen (about 40 columns)."""
    words, out = q.d.text.split(), ""
    for word in words:
        if out and len(out) + 1 + len(word) > 40:
            break
        out = f"{out} {word}" if out else word
    return out


def load_test_module(name: str, relative: str):
    """Another test file's helpers (tests/ is no package): the module at ``tests/RELATIVE``, loaded once
    under ``name``."""
    import importlib.util

    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / relative)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def revision_helpers():
    """tests/docx/test_revision_docx.py's package readers and accept / reject helpers."""
    return load_test_module("_revision_docx_helpers", "docx/test_revision_docx.py")


def signed_revision_helpers():
    """tests/docx/test_signed_revision.py's helpers for editing a draft as counsel would."""
    return load_test_module("_signed_revision_helpers", "docx/test_signed_revision.py")


def docx_text(path: Path) -> str:
    """All the text python-docx can see in a DOCX file: body paragraphs, tables, headers and footers."""
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in d.sections:
        parts += [p.text for p in section.header.paragraphs]
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def table(argnames: str, cases):
    """A table-driven test: like ``pytest.mark.parametrize`` over ``cases``, but one test that checks
    every case and reports every failing one (for long tables of quick checks, where a test per row
    costs more than the check itself)."""
    import functools

    names = [n.strip() for n in argnames.split(",")]
    cases = list(cases)

    def decorate(check):
        @functools.wraps(check)
        def test():
            failures = []
            for case in cases:
                args = tuple(case) if len(names) > 1 else (case,)
                try:
                    check(*args)
                except Exception as e:  # noqa: BLE001 - every failing row is reported, not the first
                    failures.append(f"{', '.join(f'{n}={a!r}' for n, a in zip(names, args))}: "
                                    f"{type(e).__name__}: {e}")
            assert cases, "the table has no rows"
            assert not failures, f"{len(failures)} of {len(cases)} rows failed:\n" + "\n".join(failures[:40])

        del test.__wrapped__  # pytest must see a test without arguments
        return test

    return decorate


def each_example(items, quick, ids=None):
    """Parameters for a test over every example: those named in ``quick`` (ids) stay in the quick loop
    and the rest are marked ``slow``, since rendering every example is for the full run."""
    import pytest

    items = list(items)
    ids = [str(getattr(i, "stem", i)) for i in items] if ids is None else list(ids)
    quick = {quick} if isinstance(quick, str) else set(quick)
    assert quick <= set(ids), f"no example named {sorted(quick - set(ids))}"
    return [pytest.param(item, id=name, marks=() if name in quick else pytest.mark.slow)
            for item, name in zip(items, ids)]


# --- drafts and documents worked out once per test run ----------------------------------------------
#
# Many tests read the same document: the recommended answers' draft, an example's, a revision of the
# same pair. Each is built once per run (per worker) and shared; drafts are frozen and every reader
# opens the bytes afresh, so no test can change what another reads. Tests of the builders themselves
# (the same inputs give the same bytes, a draft does not depend on the drafts made before it) call
# the product directly, not these.

_ONCE: dict[Any, Any] = {}


def _once(key: Any, make: Callable[[], Any]) -> Any:
    if key not in _ONCE:
        _ONCE[key] = make()
    return _ONCE[key]


def drafted(answers, final: bool = False):
    """``build_draft(answers, CONTENT, final=final)``, built once per run for each distinct answer set."""
    from mou_wizard.engine.drafting import build_draft

    return _once(("draft", answers.model_dump_json(), final), lambda: build_draft(answers, CONTENT, final=final))


def docx_of(draft) -> bytes:
    """The clean DOCX of ``draft`` (``docx_bytes(draft, BASE_DOCX)``), built once per run per draft."""
    from mou_wizard.docx.parts import docx_bytes

    # Keyed by the draft object itself (kept alive with the result, so its id is never reused).
    return _once(("docx", id(draft)), lambda: (draft, docx_bytes(draft, BASE_DOCX)))[1]


def draft_docx(answers, final: bool = False) -> bytes:
    """The DOCX the answers render to (the draft, or with ``final`` the signing copy's draft), once per run."""
    return docx_of(drafted(answers, final=final))


def revision_of(old, new, reasons: dict[str, str] | None = None, **options) -> bytes:
    """``revision_bytes(old, new, reasons, base_docx=BASE_DOCX, **options)``, once per run per pair of
    drafts and options."""
    from mou_wizard.docx.revision import revision_bytes

    reasons = dict(reasons or {})
    key = ("revision", id(old), id(new), tuple(sorted(reasons.items())), tuple(sorted(options.items())))
    return _once(key, lambda: (old, new, revision_bytes(old, new, reasons, base_docx=BASE_DOCX, **options)))[2]


def once_per_run(make: Callable[[], Any]) -> Callable[[], Any]:
    """Decorate a helper without arguments whose result no test changes (a pair of frozen drafts):
    it is worked out once per run, however many modules load the file that defines it."""
    import functools

    key = ("helper", make.__code__.co_filename, make.__qualname__)

    @functools.wraps(make)
    def shared():
        return _once(key, make)

    return shared


def compiled_xpath():
    """``BaseOxmlElement.xpath`` with each expression compiled on first use."""
    from docx.oxml.ns import nsmap
    from lxml import etree

    compiled: dict = {}

    def xpath(self, xpath_str: str):
        found = compiled.get(xpath_str)
        if found is None:
            found = compiled[xpath_str] = etree.XPath(xpath_str, namespaces=nsmap)
        return found(self)

    return xpath

import atexit
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# The test run keeps compiled modules (in the gitignored __pycache__ folders) even where
# PYTHONDONTWRITEBYTECODE is set: compiling every module and rewriting every test module's asserts
# again would cost each run, and each worker, a couple of seconds.
sys.dont_write_bytecode = False

# Every test (and every subprocess it starts) keeps its caches and data under a temporary folder,
# never in the real user's home. Set before anything imports mou_wizard.
_HOME = Path(tempfile.mkdtemp(prefix="mou-wizard-tests-"))
os.environ["XDG_CACHE_HOME"] = str(_HOME / "cache")
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent

# The home starts with the template cache an earlier run left in the tests' own folder (see
# support.TEMPLATE_CACHE), so that a command run in-process finds the repository's content compiled.
_KEPT = ROOT / ".pytest_cache" / "mou-wizard"
if (_KEPT / "cache.key").is_file():
    for _name, _where in (("cache.key", "config"), ("templates-*.cache", "cache")):
        for _kept in _KEPT.glob(_name):
            _to = _HOME / _where / "mou-wizard"
            _to.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copy2(_kept, _to / _kept.name)
EXAMPLES = ROOT / "examples"


# A test module whose tests are all slow says so once, at its top: ``pytestmark = pytest.mark.slow``.
_ALL_SLOW = re.compile(r"^pytestmark = \[?pytest\.mark\.slow\b", re.MULTILINE)


def pytest_ignore_collect(collection_path, config):
    """The quick loop (``-m "not slow"``) does not import a module all of whose tests are slow: it
    would deselect every test in it, after importing what they need (Hypothesis, the signed-document
    helpers) in every worker."""
    if (config.getoption("markexpr") == "not slow" and collection_path.suffix == ".py"
            and collection_path.name.startswith("test_") and _ALL_SLOW.search(collection_path.read_text())):
        return True
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    """Hypothesis's end-of-run summary imports Hypothesis (a third of a second, in every worker and in
    the controller) to report what its tests found. A run in which no Hypothesis test ran (the quick
    loop has none) has nothing for it to report, so its summary is left out."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    reports = [r for rs in (reporter.stats.values() if reporter else ()) for r in rs]
    ran = "hypothesis" in sys.modules or any(k.startswith("_hypothesis") for r in reports for k in vars(r))
    plugin = session.config.pluginmanager.get_plugin("hypothesispytest")
    if plugin is not None and not ran:
        session.config.pluginmanager.unregister(plugin)


@pytest.fixture(scope="session")
def recommended():
    from support import recommended as recommended_copy  # (imported here: an xdist controller runs no test)

    return recommended_copy()


@pytest.fixture
def recommended_file(tmp_path, recommended):
    from mou_wizard.files.answer_files import save_answers

    path = tmp_path / "answers.yaml"
    save_answers(path, recommended)
    return path


def pytest_collection_finish(session):
    # Everything built so far (modules, the content, the collected tests) lives for the whole run:
    # leaving it out of the garbage collector's full passes saves walking it again and again.
    import gc

    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True, scope="session")
def _one_user_cache_per_run():
    """Commands run in-process (``main([...])``) share one template cache object for the run's home
    folder instead of reading its file again each time, and one loaded bundle per state of a content
    folder: the cache's own behaviour (a file read, kept, refused when tampered with) is tested with
    caches of its own, at paths of its own, and loading through processes started by the slow tests."""
    from mou_wizard.content import bundle as content_bundle
    from mou_wizard.templating import cache as template_cache

    load_content = content_bundle.load_content

    home = template_cache.default_cache_path()
    made = template_cache.TemplateCache.default.__func__
    shared: dict = {}

    def default(cls):
        path = template_cache.default_cache_path()
        if path != home:  # a test with a cache folder of its own
            return made(cls)
        if path not in shared:
            shared[path] = made(cls)
        return shared[path]

    template_cache.TemplateCache.default = classmethod(default)
    content_bundle.load_content = _loaded_once(content_bundle.load_content, template_cache.default_cache_path)
    yield
    content_bundle.load_content = load_content
    template_cache.TemplateCache.default = classmethod(made)


@pytest.fixture(autouse=True, scope="session")
def _xpaths_compiled_once():
    """python-docx compiles an element's XPath again on every call, and ``paragraph.text`` asks one
    per run: the tests read the text of tens of thousands of paragraphs. Here each expression is
    compiled once (the same expression with the same namespaces: the same nodes; see
    tests/docx/test_compiled_xpath.py)."""
    from docx.oxml.xmlchemy import BaseOxmlElement
    from support import compiled_xpath

    own = BaseOxmlElement.xpath
    BaseOxmlElement.xpath = compiled_xpath()
    yield
    BaseOxmlElement.xpath = own


def _loaded_once(load_content, cache_path):
    """``load_content`` for commands run in-process: a content folder is loaded once per run for each
    state of its files (their bytes, hashed) and cache folder, and the same (immutable) bundle is
    returned after that. An edited copy, or a test with a cache folder of its own, loads afresh;
    a content error is raised on every call."""
    import hashlib

    from mou_wizard.content.bundle import content_root

    loaded: dict = {}

    def load(root=None, *, strict: bool = False, cache=None):
        if cache is not None:  # a test that passes its own cache: its own load
            return load_content(root, strict=strict, cache=cache)
        where = content_root(root)
        digest = hashlib.sha256()
        for name in ("prompts", "clause_library", "templates"):
            for path in sorted((where / name).rglob("*")):
                # Every entry by its name, kind and permissions (a folder or a named pipe where a file
                # was is another state: a test may put one there), and a file's bytes.
                try:
                    data = path.read_bytes() if path.is_file() else b""  # (a link to a file: that file's)
                except OSError as e:
                    data = repr(e).encode()
                digest.update(f"{path.relative_to(where)}\0{path.lstat().st_mode}\0".encode() + data + b"\0")
        key = (str(where.resolve()), strict, cache_path(), digest.hexdigest())
        if key not in loaded:
            loaded[key] = load_content(root, strict=strict, cache=cache)
        return loaded[key]

    return load

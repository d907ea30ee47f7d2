"""mou-wizard comes with its own content precompiled (mou_wizard/precompiled/, ``make precompile``):
the first command after installing compiles nothing, the user's cache keeps only what that file lacks,
and a broken file is never an error."""

from __future__ import annotations

from pathlib import Path

import pytest

import mou_wizard
from mou_wizard.content.bundle import load_content
from mou_wizard.templating import cache as cache_mod
from mou_wizard.templating.cache import TemplateCache, read_shipped, shipped_cache_path, shipped_keys
from mou_wizard.templating.sandbox import ENV
from support import CONTENT, ROOT, copy_content

SHIPPED = shipped_cache_path()


@pytest.fixture
def compiles(monkeypatch):
    """How many templates were compiled."""
    count = [0]
    own = ENV.compile

    def counting(*args, **kwargs):
        count[0] += 1
        return own(*args, **kwargs)

    monkeypatch.setattr(ENV, "compile", counting)
    return count


def caches(tmp_path: Path, shipped: Path | None = SHIPPED) -> TemplateCache:
    return TemplateCache(tmp_path / "cache" / "templates.cache", tmp_path / "config" / "cache.key", shipped=shipped)


def test_one_precompiled_file_for_the_pinned_python_and_jinja_inside_the_package():
    files = sorted((Path(mou_wizard.__file__).parent / "precompiled").glob("content-*.cache"))
    assert [f.name for f in files] == [SHIPPED.name], (
        "expected one precompiled file, for the Python and Jinja versions the project pins (constraints.txt)")
    assert SHIPPED.parent.parent == Path(mou_wizard.__file__).resolve().parent  # never a content folder's


def test_the_precompiled_file_covers_the_repositorys_content():
    cache = TemplateCache(None, shipped=SHIPPED)
    load_content(ROOT, strict=True, cache=cache).require_ok()
    missing = set(cache._load()) - shipped_keys(SHIPPED)
    assert not missing, (f"{len(missing)} templates or content files are not in {SHIPPED.name}: run "
                         "`make precompile` after changing prompts/, clause_library/ or templates/")


def test_a_first_command_compiles_nothing_and_writes_no_cache_file(tmp_path, compiles):
    cache = caches(tmp_path)
    content = load_content(ROOT, cache=cache)
    cache.save()
    assert compiles[0] == 0 and not (tmp_path / "cache" / "templates.cache").exists()
    assert [c.id for c in content.library.clauses] == [c.id for c in CONTENT.library.clauses]
    assert [q.id for q in content.questions.questions] == [q.id for q in CONTENT.questions.questions]


def test_the_users_cache_keeps_only_what_the_precompiled_file_lacks(tmp_path, compiles):
    root = copy_content(tmp_path)
    path = root / "clause_library" / "01-purpose.yaml"
    text = path.read_text(encoding="utf-8")
    assert "The purpose of this" in text
    path.write_text(text.replace("The purpose of this", "The aim of this", 1), encoding="utf-8")
    cache = caches(tmp_path)
    load_content(root, cache=cache)
    cache.save()
    assert 1 <= compiles[0] <= 2  # the edited text (and nothing else)
    kept = caches(tmp_path, shipped=None)._load()  # the user's file alone
    assert kept and len(kept) <= 6 and not set(kept) & shipped_keys(SHIPPED)


def _shipped(*entries: tuple[bytes, bytes]) -> bytes:
    return cache_mod._SHIPPED_MAGIC + b"".join(cache_mod._SHIPPED_ENTRY.pack(key, len(payload)) + payload
                                               for key, payload in entries)


SOURCE = "{{ 40 + 2 }} hours"
SOURCE_KEY = bytes.fromhex(TemplateCache.key(SOURCE))


@pytest.mark.parametrize("garbage", [
    b"", b"not a cache", cache_mod._SHIPPED_MAGIC[:-2],
    _shipped((SOURCE_KEY, b"Mjunk")),                      # not marshalled code
    _shipped((SOURCE_KEY, b"P" + b"not a pickle")),         # data where code belongs
    _shipped((SOURCE_KEY, b"Xwhat is this")),               # neither code nor data
    _shipped((SOURCE_KEY, b"M")) + b"\0" * 10,              # cut short after an entry
    cache_mod._SHIPPED_MAGIC + cache_mod._SHIPPED_ENTRY.pack(SOURCE_KEY, 999) + b"M",  # cut short
])
def test_a_broken_precompiled_file_is_never_an_error(tmp_path, garbage, compiles):
    broken = tmp_path / "content.cache"
    broken.write_bytes(garbage)
    assert read_shipped(tmp_path / "missing.cache") == {}
    cache = caches(tmp_path, shipped=broken)
    assert cache.template(SOURCE).render() == "42 hours"  # compiled, as without the file
    assert compiles[0] == 1


def test_a_precompiled_template_is_unmarshalled_only_when_used(tmp_path, compiles):
    from mou_wizard.files.answer_files import load_answers
    from mou_wizard.services import draft_bytes

    entries = read_shipped(SHIPPED)
    assert entries and all(isinstance(e, (cache_mod._Packed, cache_mod._Data)) for e in entries.values())
    cache = caches(tmp_path)
    content = load_content(ROOT, cache=cache)
    codes = cache._load()

    def packed() -> int:
        return sum(isinstance(e, cache_mod._Packed) for e in codes.values())

    code_type = type(compile("0", "", "eval"))
    used = [k for k, e in codes.items() if isinstance(e, code_type)]
    assert used and compiles[0] == 0  # the conditions came from the file, unmarshalled as loaded
    left = packed()
    assert left > 100  # the clause texts wait until a draft is rendered
    draft_bytes(load_answers(ROOT / "examples" / "rural-county-sheriff.yaml"), content)
    assert packed() < left and compiles[0] == 0


def test_with_the_installed_content_the_users_cache_file_is_never_looked_for(tmp_path):
    looked = []

    def where() -> Path:
        looked.append(1)
        return tmp_path / "cache" / "templates.cache"

    cache = TemplateCache(where, tmp_path / "config" / "cache.key", shipped=SHIPPED)
    load_content(ROOT, cache=cache).require_ok()
    assert looked == []  # not even its folder (platformdirs) was worked out
    # A source the shipped file lacks: now the user's file is looked for, and the new code kept in it.
    cache.code("{{ 'not shipped' }}")
    cache.save()
    assert looked == [1] and (tmp_path / "cache" / "templates.cache").exists()
    again = TemplateCache(tmp_path / "cache" / "templates.cache", tmp_path / "config" / "cache.key", shipped=SHIPPED)
    assert "{{ 'not shipped' }}" in again

"""The compiled-template cache runs code as the user, so it is trusted only when proven ours: entries
keyed by SHA-256, each checked with an HMAC made with a per-install random key before it is
unmarshalled; a file that is a link, not a regular file, not ours or in a folder others may write to
is ignored and rebuilt. A bad cache is never an error: it only means compiling again."""

from __future__ import annotations

import marshal
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mou_wizard.templating import cache as cache_mod
from mou_wizard.templating.cache import TemplateCache, compile_template
from support import ROOT, isolated_env

SOURCES = ["Hello {{ parties.district_name }}.", "{% for i in range(3) %}{{ i }}{% endfor %}", "plain text"]


def paths(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "cache" / "mou-wizard" / "templates.cache", tmp_path / "config" / "mou-wizard" / "cache.key"


def filled(tmp_path: Path) -> TemplateCache:
    path, key = paths(tmp_path)
    cache = TemplateCache(path, key)
    for source in SOURCES:
        cache.code(source)
    cache.save()
    assert path.is_file()
    return cache


def reloaded(tmp_path: Path) -> TemplateCache:
    path, key = paths(tmp_path)
    return TemplateCache(path, key)


def marker_code(marker: Path):
    """A code object that, if the cache ever ran it, would leave ``marker`` behind."""
    return compile(f"open({str(marker)!r}, 'w').write('ran')\nraise SystemExit('cache code ran')", "<evil>", "exec")


def test_a_saved_cache_is_read_back_and_its_key_is_private(tmp_path):
    filled(tmp_path)
    again = reloaded(tmp_path)
    assert all(source in again for source in SOURCES)
    assert compile_template(SOURCES[1], again).render() == "012"
    _, key = paths(tmp_path)
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(bytes.fromhex(key.read_text().strip())) == 32
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700


def test_the_cache_is_keyed_by_a_sha256_of_the_source():
    assert len(TemplateCache.key("x")) == 64 and TemplateCache.key("x") != TemplateCache.key("y")


def tamper(path: Path, marker: Path) -> None:
    """Swap every entry's code for one that writes ``marker``, keeping each entry's HMAC as it was."""
    raw = path.read_bytes()
    evil = marshal.dumps(marker_code(marker))
    out, pos = [raw[: len(cache_mod._MAGIC)]], len(cache_mod._MAGIC)
    while pos < len(raw):
        digest, mac, size = cache_mod._ENTRY.unpack_from(raw, pos)
        pos += cache_mod._ENTRY.size + size
        out.append(cache_mod._ENTRY.pack(digest, mac, len(evil)) + evil)
    path.write_bytes(b"".join(out))


def test_a_tampered_cache_is_never_run_and_rendering_still_works(tmp_path):
    filled(tmp_path)
    path, _ = paths(tmp_path)
    marker = tmp_path / "marker"
    tamper(path, marker)
    again = reloaded(tmp_path)
    assert not any(source in again for source in SOURCES)  # every entry failed its HMAC: dropped
    assert compile_template(SOURCES[1], again).render() == "012"
    assert not marker.exists()
    again.save()  # rebuilt: a good cache again
    assert SOURCES[1] in reloaded(tmp_path)


def test_an_entry_signed_with_another_key_is_dropped(tmp_path):
    filled(tmp_path)
    _, key = paths(tmp_path)
    key.write_text(os.urandom(32).hex() + "\n")
    assert not any(source in reloaded(tmp_path) for source in SOURCES)


def test_a_cache_in_the_old_unsigned_format_is_ignored(tmp_path):
    path, key = paths(tmp_path)
    path.parent.mkdir(parents=True, mode=0o700)
    marker = tmp_path / "marker"
    path.write_bytes(marshal.dumps({TemplateCache.key(s): marker_code(marker) for s in SOURCES}))
    cache = TemplateCache(path, key)
    assert compile_template(SOURCES[0], cache).render(parties={"district_name": "X"}) == "Hello X."
    assert not marker.exists()


@pytest.mark.parametrize("garbage", [b"", b"\x00" * 100, cache_mod._MAGIC + b"\x01" * 70, cache_mod._MAGIC[:-1]])
def test_a_garbled_cache_is_never_an_error(tmp_path, garbage):
    filled(tmp_path)
    path, _ = paths(tmp_path)
    path.write_bytes(garbage)
    again = reloaded(tmp_path)
    assert compile_template(SOURCES[2], again).render() == "plain text"
    again.save()
    assert SOURCES[2] in reloaded(tmp_path)


def test_a_symlinked_cache_is_ignored_and_replaced_not_written_through(tmp_path):
    filled(tmp_path)
    path, _ = paths(tmp_path)
    elsewhere = tmp_path / "elsewhere.cache"
    path.rename(elsewhere)  # a good cache (right key), reached through a link
    path.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    again = reloaded(tmp_path)
    assert not any(source in again for source in SOURCES)
    again.code("something new")
    again.save()
    assert elsewhere.read_bytes() == before
    assert path.is_file() and not path.is_symlink()


def test_a_fifo_in_place_of_the_cache_is_ignored_without_waiting(tmp_path):
    path, key = paths(tmp_path)
    path.parent.mkdir(parents=True, mode=0o700)
    os.mkfifo(path)
    start = time.monotonic()
    cache = TemplateCache(path, key)
    assert compile_template(SOURCES[2], cache).render() == "plain text"
    cache.save()
    assert time.monotonic() - start < 5
    assert path.is_file()  # replaced by a good cache


def test_a_folder_in_place_of_the_cache_is_never_an_error(tmp_path):
    path, key = paths(tmp_path)
    path.mkdir(parents=True)
    cache = TemplateCache(path, key)
    assert compile_template(SOURCES[2], cache).render() == "plain text"
    cache.save()
    assert path.is_dir()


def test_a_cache_folder_others_may_write_to_is_not_used(tmp_path):
    filled(tmp_path)
    path, _ = paths(tmp_path)
    path.parent.chmod(0o777)
    again = reloaded(tmp_path)
    assert not any(source in again for source in SOURCES)
    again.code("new")
    mtime = path.stat().st_mtime_ns
    again.save()
    assert path.stat().st_mtime_ns == mtime  # nothing written there either


def test_a_cache_file_others_may_write_to_is_ignored(tmp_path):
    filled(tmp_path)
    path, _ = paths(tmp_path)
    path.chmod(0o666)
    assert not any(source in reloaded(tmp_path) for source in SOURCES)


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to give the file to another user")
def test_a_cache_file_owned_by_another_user_is_ignored(tmp_path):
    filled(tmp_path)
    path, _ = paths(tmp_path)
    os.chown(path, 4242, 4242)
    assert not any(source in reloaded(tmp_path) for source in SOURCES)


@pytest.mark.parametrize("problem", ["readable by others", "a link", "garbled"])
def test_without_a_private_key_the_cache_stays_in_memory(tmp_path, problem):
    path, key = paths(tmp_path)
    key.parent.mkdir(parents=True, mode=0o700)
    if problem == "readable by others":
        key.write_text(os.urandom(32).hex() + "\n")
        key.chmod(0o644)
    elif problem == "a link":
        real = tmp_path / "real.key"
        real.write_text(os.urandom(32).hex() + "\n")
        real.chmod(0o600)
        key.symlink_to(real)
    else:
        key.write_text("not hex\n")
        key.chmod(0o600)
    cache = TemplateCache(path, key)
    assert compile_template(SOURCES[2], cache).render() == "plain text"
    cache.save()
    assert not path.exists()


def test_a_key_folder_others_may_write_to_is_not_used(tmp_path):
    path, key = paths(tmp_path)
    key.parent.mkdir(parents=True)
    key.parent.chmod(0o777)
    cache = TemplateCache(path, key)
    cache.code("x")
    cache.save()
    assert not path.exists() and not key.exists()


@pytest.mark.slow
def test_render_with_a_tampered_cache_runs_no_cache_code(tmp_path):
    """The whole command: a cache file whose code would write a marker is not run, and the draft is
    written all the same (and the cache rebuilt). The content is a copy with one clause edited, so that
    the user's cache holds what the precompiled content installed with mou-wizard lacks."""
    from support import copy_content

    env = isolated_env(tmp_path)  # caches and the key under tmp_path/env
    root = copy_content(tmp_path)
    clause = root / "clause_library" / "01-purpose.yaml"
    clause.write_text(clause.read_text(encoding="utf-8").replace("The purpose of this", "The aim of this", 1),
                      encoding="utf-8")
    env["MOU_WIZARD_CONTENT"] = str(root)
    answers = ROOT / "examples" / "rural-county-sheriff.yaml"
    first = subprocess.run([sys.executable, "-m", "mou_wizard", "render", str(answers), "-o", str(tmp_path / "a.docx")],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    caches = list((tmp_path / "env" / "cache" / "mou-wizard").glob("templates-*.cache"))
    assert len(caches) == 1
    marker = tmp_path / "marker"
    tamper(caches[0], marker)
    second = subprocess.run([sys.executable, "-m", "mou_wizard", "render", str(answers), "-o", str(tmp_path / "b.docx")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert (second.returncode, second.stderr) == (0, ""), second.stderr
    assert not marker.exists()
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    assert marshal.dumps(marker_code(marker)) not in caches[0].read_bytes()  # rebuilt

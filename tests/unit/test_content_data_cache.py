"""Parsed content files are kept in the template cache (keyed by a SHA-256 of the file's bytes, each
entry HMAC-checked before it is unpickled): a file read before is not parsed again, an edited file is,
and a tampered entry is never unpickled."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from mou_wizard.content.bundle import load_content
from mou_wizard.content.files import read_yaml
from mou_wizard.errors import ContentError
from mou_wizard.templating import cache as cache_mod
from mou_wizard.templating.cache import TemplateCache

TEXT = "name: Riverside\ncount: 3\nas_of: 2025-07-01\nitems: [a, b]\n"
DATA = {"name": "Riverside", "count": 3, "as_of": dt.date(2025, 7, 1), "items": ["a", "b"]}


def paths(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "cache" / "mou-wizard" / "templates.cache", tmp_path / "config" / "mou-wizard" / "cache.key"


def new_cache(tmp_path: Path) -> TemplateCache:
    return TemplateCache(*paths(tmp_path))


class Counting:
    """Stands in for the parser: counts the calls and gives DATA."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {**DATA, "items": list(DATA["items"])}


def test_a_file_read_before_comes_from_the_cache_and_each_reader_gets_its_own_copy(tmp_path):
    first, parse = new_cache(tmp_path), Counting()
    assert first.data(TEXT.encode(), parse) == DATA
    first.save()
    again = new_cache(tmp_path)
    got = again.data(TEXT.encode(), parse)
    assert got == DATA and parse.calls == 1
    got["items"].append("changed")  # a loader that edits what it read does not change the cache
    assert again.data(TEXT.encode(), parse) == DATA and parse.calls == 1


def test_other_bytes_are_parsed_again(tmp_path):
    cache, parse = new_cache(tmp_path), Counting()
    cache.data(TEXT.encode(), parse)
    cache.data((TEXT + "# edited\n").encode(), parse)
    assert parse.calls == 2


def test_read_yaml_gives_the_same_data_with_and_without_the_cache(tmp_path):
    file = tmp_path / "content.yaml"
    file.write_text(TEXT)
    cache = new_cache(tmp_path)
    assert read_yaml(file, cache=cache) == read_yaml(file) == DATA
    cache.save()
    assert read_yaml(file, cache=new_cache(tmp_path)) == DATA
    file.write_text(TEXT.replace("Riverside", "Lakeside"))
    assert read_yaml(file, cache=new_cache(tmp_path))["name"] == "Lakeside"


def test_a_bad_file_is_an_error_each_time_and_nothing_is_kept(tmp_path):
    file = tmp_path / "content.yaml"
    file.write_text("name: [unclosed\n")
    cache = new_cache(tmp_path)
    for _ in range(2):
        with pytest.raises(ContentError, match="content.yaml: line"):
            read_yaml(file, cache=cache)
    assert not any(isinstance(v, cache_mod._Data) for v in cache._load().values())


class _Evil:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_a_tampered_data_entry_is_never_unpickled(tmp_path):
    cache = new_cache(tmp_path)
    cache.data(TEXT.encode(), Counting())
    cache.save()
    path, _ = paths(tmp_path)
    marker = tmp_path / "marker"
    evil = cache_mod._DATA + pickle.dumps(_Evil(marker))
    raw = path.read_bytes()
    out, pos = [raw[: len(cache_mod._MAGIC)]], len(cache_mod._MAGIC)
    while pos < len(raw):
        digest, mac, size = cache_mod._ENTRY.unpack_from(raw, pos)
        pos += cache_mod._ENTRY.size + size
        out.append(cache_mod._ENTRY.pack(digest, mac, len(evil)) + evil)  # the old HMAC, new bytes
    path.write_bytes(b"".join(out))
    parse = Counting()
    assert new_cache(tmp_path).data(TEXT.encode(), parse) == DATA
    assert parse.calls == 1 and not marker.exists()


def test_content_loaded_through_the_cache_is_the_content_loaded_without_it(tmp_path):
    from support import TEMPLATE_CACHE

    first = new_cache(tmp_path)
    # It starts with the run's compiled templates (compiling is not what this test is about), and
    # with no parsed data.
    first._load().update({k: v for k, v in TEMPLATE_CACHE._load().items() if not isinstance(v, cache_mod._Data)})
    cold = load_content(cache=first)  # parses every file, and fills the cache file
    parsed = [v for v in new_cache(tmp_path)._load().values() if isinstance(v, cache_mod._Data)]
    assert len(parsed) >= 20
    warm = load_content(cache=new_cache(tmp_path))
    assert warm.problems == cold.problems
    assert [q.id for q in warm.questions.questions] == [q.id for q in cold.questions.questions]
    assert [c.id for c in warm.library.clauses] == [c.id for c in cold.library.clauses]
    assert {k: p.d.model_dump() for k, p in warm.packs.items()} == {k: p.d.model_dump() for k, p in cold.packs.items()}

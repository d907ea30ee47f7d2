"""Compiled clause templates and parsed content files, kept on disk between runs, and compiling
templates and conditions.

Compiling the ~250 clause templates and conditions costs more than everything else a render does, and
parsing the ~50 YAML content files comes next, so the compiled code and the parsed data of each content
file are kept in one file. The cache is an explicit object made at the entry point and
handed to the content loader; nothing here is global.

Compiled code runs as the user, outside the template sandbox, so the cache file is trusted only as
far as it is proven to be ours:

* Each entry is keyed by the SHA-256 of the template's source, or of the content file's bytes (and this
  module's signature), and carries an HMAC-SHA256 of that key, the Python and Jinja versions and the
  marshalled code or pickled data, made
  with a per-install random key: ``$XDG_CONFIG_HOME/mou-wizard/cache.key`` (``~/.config/...``;
  32 random bytes as hex, created with mode 0600). An entry is unmarshalled or unpickled only after
  its HMAC checks out; one that does not is dropped and compiled again.
* The cache file (``$XDG_CACHE_HOME/mou-wizard/templates-<python>-jinja<version>.cache``,
  ``~/.cache/...``) is read only if it is a regular file (not a link, a pipe or a device) owned by
  the user, in a folder owned by the user that nobody else may write to; otherwise it is ignored and
  replaced (never written through). The key file is held to the same rules; without a usable key
  the cache stays in memory.
* Nothing here raises: a missing, stale, tampered or unwritable cache only costs the time to compile
  again.

mou-wizard also comes with its own content precompiled (``mou_wizard/precompiled/``, made by
``make precompile``), so that the first command after installing does not compile every template: a
file per Python and Jinja version, installed beside the code and trusted as the code is (no HMAC).
It is only ever read from the package's own folder, never from a content folder, and the user's
cache file keeps only what it lacks (a template a content copy changed). It is stored uncompressed and
read lazily: a command unmarshals only the templates it uses.
"""

from __future__ import annotations

import hashlib
import hmac
import marshal
import pickle
import os
import stat
import struct
import sys
import types
from pathlib import Path
from typing import Any, Callable

from jinja2 import TemplateSyntaxError
from jinja2.parser import Parser

from mou_wizard.fileio import TempFile, open_regular, read_regular, remove_stale_temps
from mou_wizard.templating.limits import RenderLimitError
from mou_wizard.templating.memo import ClauseText, ConditionMemo, TextMemo, reads, template_reads
from mou_wizard.templating.sandbox import ENV

_SIGNATURE = "mou-wizard-templates-2"  # bump when the compiled code changes shape (e.g. the loop guard)
_DATA_SIGNATURE = b"mou-wizard-content-data-1\0"
_MAGIC = b"mou-wizard template cache 3\n"
_READS_PREFIX = b"condition reads\0"  # a data entry: the names a condition reads (YAML has no NUL bytes)
_TEXT_READS_PREFIX = b"text reads\0"  # a data entry: the names a clause text reads
_CODE, _DATA = b"M", b"P"  # the first byte of an entry's payload: marshalled code, pickled data
_KEY_BYTES = 32
_MAX_CACHE_BYTES = 64 * 1024 * 1024
_ENTRY = struct.Struct(">32s32sI")  # source hash, HMAC, length of the payload
_SHIPPED_MAGIC = b"mou-wizard precompiled content 2\n"
_SHIPPED_ENTRY = struct.Struct(">32sI")  # source hash, length of the payload (which follows it)


def _versions() -> str:
    import jinja2

    return f"{sys.implementation.cache_tag}-jinja{jinja2.__version__}"


def default_cache_path() -> Path:
    """In the user's cache folder (:func:`mou_wizard.folders.cache_dir`)."""
    from mou_wizard.folders import cache_dir

    return cache_dir() / f"templates-{_versions()}.cache"


def shipped_cache_path() -> Path:
    """The precompiled content installed with mou-wizard, for this Python and Jinja."""
    return Path(__file__).resolve().parent.parent / "precompiled" / f"content-{_versions()}.cache"


def _payload(entry: Any) -> bytes:
    if isinstance(entry, _Packed):
        return bytes(entry.payload)
    return _DATA + entry.pickled if isinstance(entry, _Data) else _CODE + marshal.dumps(entry)


def _entry(payload: bytes) -> Any:
    """The entry a payload holds (None: neither code nor data)."""
    if payload[:1] == _DATA:
        return _Data(payload[1:])  # unpickled when used, each time afresh
    if payload[:1] == _CODE:
        code = marshal.loads(payload[1:])
        return code if isinstance(code, types.CodeType) else None
    return None


def _shipped_entries(raw: bytes):
    """(source hash, payload) of each entry of a precompiled content file; ValueError if it is not one."""
    if not raw.startswith(_SHIPPED_MAGIC):
        raise ValueError("not a precompiled content file")
    view, pos = memoryview(raw), len(_SHIPPED_MAGIC)
    while pos < len(raw):
        if pos + _SHIPPED_ENTRY.size > len(raw):
            raise ValueError("cut short")
        digest, size = _SHIPPED_ENTRY.unpack_from(raw, pos)
        pos += _SHIPPED_ENTRY.size
        if pos + size > len(raw):
            raise ValueError("cut short")
        yield digest, view[pos:pos + size]
        pos += size


def read_shipped(path: Path) -> dict[str, Any]:
    """The entries of a precompiled content file (none when it is missing or not one; never raises).
    Code is unmarshalled when first used (see :class:`_Packed`)."""
    try:
        raw = read_regular(path, _MAX_CACHE_BYTES)
        return {digest.hex(): _Data(payload[1:]) if payload[:1] == _DATA else _Packed(payload)
                for digest, payload in _shipped_entries(raw)}
    except Exception:  # noqa: BLE001 - a broken file only costs the time to compile
        return {}


def shipped_keys(path: Path) -> set[str]:
    """The keys a precompiled content file holds, read without running or unpickling anything (for
    checking that it covers the content, on any Python)."""
    return {digest.hex() for digest, _ in _shipped_entries(path.read_bytes())}


def default_key_path() -> Path:
    """In the user's configuration folder (:func:`mou_wizard.folders.config_dir`)."""
    from mou_wizard.folders import config_dir

    return config_dir() / "cache.key"


def _private_folder(folder: Path, create: bool) -> bool:
    """Whether ``folder`` (created 0700 if asked) is a real folder of ours nobody else may write to."""
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(folder)
    except (OSError, ValueError):
        return False
    return (stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid()
            and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def _read_private(path: Path, limit: int, *, secret: bool = False) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of ours (not a link), else None.
    ``secret``: nobody else may read it either."""
    try:
        fd, st = open_regular(path, follow_links=False)
        os.close(fd)
        if st.st_uid != os.getuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return None
        if secret and st.st_mode & (stat.S_IRGRP | stat.S_IROTH):
            return None
        return read_regular(path, limit, follow_links=False)
    except (OSError, ValueError):
        return None


def load_key(path: Path) -> bytes | None:
    """The per-install cache key at ``path``, made on first use; None when it is not safe to use."""
    try:
        if not _private_folder(path.parent, create=True):
            return None
        for _ in range(2):
            raw = _read_private(path, 1024, secret=True)
            if raw is not None:
                try:
                    key = bytes.fromhex(raw.decode("ascii").strip())
                except ValueError:
                    return None
                return key if len(key) == _KEY_BYTES else None
            if os.path.lexists(path):
                return None  # there, but not a private regular file of ours
            temp = TempFile(path.parent)
            try:
                temp.write((os.urandom(_KEY_BYTES).hex() + "\n").encode(), 0o600)
                try:
                    temp.publish(path, overwrite=False)  # never over a key another process made meanwhile
                except FileExistsError:
                    pass
            finally:
                temp.discard()
    except Exception:  # noqa: BLE001 - a cache problem is never an error
        return None
    return None


class _Packed:
    """A precompiled template's code, still marshalled: most commands use only some of the templates."""

    __slots__ = ("payload",)

    def __init__(self, payload: memoryview) -> None:
        self.payload = payload

    def code(self) -> Any:
        """The code object (None when the payload is not one)."""
        try:
            return _entry(bytes(self.payload))
        except Exception:  # noqa: BLE001 - a bad entry means compiling again
            return None


class _Data:
    """Data kept in the cache, pickled: a content file's parsed data, or the names a condition reads."""

    __slots__ = ("pickled",)

    def __init__(self, pickled: bytes) -> None:
        self.pickled = pickled


class TemplateCache:
    """Compiled template code by source hash; ``path=None`` keeps it in memory only. ``key_path``:
    the HMAC key file (default: :func:`default_key_path`)."""

    def __init__(self, path: Path | None | Callable[[], Path], key_path: Path | None = None,
                 shipped: Path | None = None) -> None:
        self._path = path  # or how to find it (the user's cache folder), asked only when it is needed
        self.key_path = key_path
        self.shipped = shipped  # the precompiled content installed with mou-wizard (see the module's notes)
        self._shipped_keys: frozenset[str] = frozenset()
        self._codes: dict[str, Any] | None = None
        self._templates: dict[str, Any] = {}  # source key -> template made from its code (they hold no state)
        self._dirty = False
        self._key: bytes | None | bool = False  # False: not read yet
        self._own_read = False  # the user's cache file: read at the first source the shipped file lacks

    @property
    def path(self) -> Path | None:
        if callable(self._path):
            self._path = self._path()
        return self._path

    @classmethod
    def default(cls) -> "TemplateCache":
        return cls(default_cache_path, shipped=shipped_cache_path())

    @classmethod
    def in_memory(cls) -> "TemplateCache":
        return cls(None)

    def _secret(self) -> bytes | None:
        if self._key is False:
            self._key = load_key(self.key_path or default_key_path())
        return self._key  # type: ignore[return-value]

    def _mac(self, key: bytes, digest: bytes, payload: bytes) -> bytes:
        return hmac.new(key, _MAGIC + _versions().encode() + b"\0" + digest + payload, hashlib.sha256).digest()

    def _load(self, *, own: bool = True) -> dict[str, Any]:
        """Every entry; with ``own=False`` those of the shipped file at least (the user's cache file is
        read only once a source is missing from the shipped one: with the installed content, never)."""
        if self._codes is None:
            self._codes = read_shipped(self.shipped) if self.shipped is not None else {}
            self._shipped_keys = frozenset(self._codes)
        if own and not self._own_read:
            self._own_read = True
            if self.path is not None:
                try:
                    entries = self._read()
                    if not entries.keys().isdisjoint(self._shipped_keys):
                        self._dirty = True  # written before mou-wizard came with them: keep only the rest
                    self._codes.update(entries)
                except Exception:  # noqa: BLE001 - a bad cache means compiling again
                    self._dirty = True
        return self._codes

    def _get(self, key: str) -> Any:
        """The entry under ``key``: from the shipped file, else from the user's cache file."""
        found = self._load(own=False).get(key)
        return found if found is not None or self._own_read else self._load().get(key)

    def _read(self) -> dict[str, Any]:
        """The entries of the cache file that prove to be ours (an entry that does not is dropped)."""
        assert self.path is not None
        if not os.path.lexists(self.path):
            return {}
        key = self._secret()
        raw = _read_private(self.path, _MAX_CACHE_BYTES) \
            if key is not None and _private_folder(self.path.parent, create=False) else None
        if raw is None or not raw.startswith(_MAGIC):
            self._dirty = True  # replace it with a good one
            return {}
        codes: dict[str, Any] = {}
        pos = len(_MAGIC)
        while pos < len(raw):
            if pos + _ENTRY.size > len(raw):
                self._dirty = True
                break
            digest, mac, size = _ENTRY.unpack_from(raw, pos)
            pos += _ENTRY.size
            payload = raw[pos:pos + size]
            pos += size
            if len(payload) != size or not hmac.compare_digest(mac, self._mac(key, digest, payload)):
                self._dirty = True
                continue
            found = _entry(payload)  # only now: the bytes are ones this install wrote
            if found is not None:
                codes[digest.hex()] = found
        return codes

    @staticmethod
    def key(source: str) -> str:
        return hashlib.sha256(f"{_SIGNATURE}\0{source}".encode()).hexdigest()

    def __contains__(self, source: str) -> bool:
        return self._get(self.key(source)) is not None

    def code(self, source: str):
        """Compiled code for ``source``: from the cache, or compiled now and remembered. A template
        that cannot be compiled raises one of the template errors (never a cache error)."""
        return self._code(self.key(source), source)

    def _code(self, key: str, source: str):
        found = self._get(key)
        codes = self._codes
        if isinstance(found, _Packed):
            found = found.code()
            if found is not None:
                codes[key] = found
        if found is None or isinstance(found, _Data):  # (a broken precompiled file: data where code belongs)
            try:
                found = ENV.compile(source)
            except (RecursionError, MemoryError, SyntaxError, OverflowError):
                # Python's own limits on the generated code (say, 30 nested loops).
                raise RenderLimitError("it is nested too deeply to be read (too many blocks inside one "
                                       "another)") from None
            codes[key] = found
            self._dirty = True
        return found

    def template(self, source: str):
        """The template for ``source``, made from its code once per cache (see :meth:`code`)."""
        key = self.key(source)
        found = self._templates.get(key)
        if found is None:
            found = self._templates[key] = ENV.template_class.from_code(ENV, self._code(key, source),
                                                                        ENV.make_globals(None), None)
        return found

    def data(self, raw: bytes, parse: Callable[[], Any]) -> Any:
        """The data worked out from ``raw`` bytes (a content file's, or a condition's text with its
        own prefix): ``parse()`` on first sight, later a fresh copy of what it gave (so callers may change what they get). A failing ``parse`` raises
        and nothing is kept."""
        key = hashlib.sha256(_DATA_SIGNATURE + raw).hexdigest()
        found = self._get(key)
        codes = self._codes
        if isinstance(found, _Data):
            try:
                return pickle.loads(found.pickled)  # only entries whose HMAC checked out are here
            except Exception:  # noqa: BLE001 - a bad entry means parsing again
                del codes[key]
        value = parse()
        try:
            codes[key] = _Data(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            self._dirty = True
        except Exception:  # noqa: BLE001 - data that cannot be kept is parsed again next time
            pass
        return value

    def save(self) -> None:
        """Write the cache file (atomically, replacing whatever is at its name; errors are ignored)."""
        if not self._dirty or self.path is None:
            return
        temp = None
        try:
            key = self._secret()
            if key is None or not _private_folder(self.path.parent, create=True):
                return
            parts = [_MAGIC]
            for hexkey, code in self._load().items():
                if hexkey in self._shipped_keys:
                    continue  # installed with mou-wizard: always there
                payload = _payload(code)
                digest = bytes.fromhex(hexkey)
                parts.append(_ENTRY.pack(digest, self._mac(key, digest, payload), len(payload)) + payload)
            remove_stale_temps(self.path.parent)
            temp = TempFile(self.path.parent)
            temp.write(b"".join(parts), 0o600)
            temp.publish(self.path, overwrite=True)  # a link or a pipe at the name is replaced, not written through
            self._dirty = False
        except Exception:  # noqa: BLE001 - an unwritable cache only costs time
            pass
        finally:
            if temp is not None:
                temp.discard()


def write_shipped(cache: TemplateCache, path: Path) -> int:
    """Write everything ``cache`` holds as a precompiled content file at ``path`` (``make precompile``);
    the number of entries."""
    entries = cache._load()
    body = b"".join(_SHIPPED_ENTRY.pack(bytes.fromhex(key), len(payload)) + payload
                    for key in sorted(entries) for payload in [_payload(entries[key])])
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = TempFile(path.parent)
    try:
        temp.write(_SHIPPED_MAGIC + body, 0o644)
        temp.publish(path, overwrite=True)
    finally:
        temp.discard()
    return len(entries)


def compile_template(source: str, cache: TemplateCache | None = None):
    """A template for ``source`` (compiled once per cache)."""
    return (cache or TemplateCache.in_memory()).template(source)


def _reads_or_none(expr: str, how: Callable[[str], tuple] = reads) -> tuple | None:
    try:
        return how(expr)
    except Exception:  # noqa: BLE001 - the memo then works it out (or gives up) at the first call
        return None


def compile_text(source: str, cache: TemplateCache | None = None):
    """A clause's text: :func:`compile_template` with its own :class:`TextMemo` (``.memo``), which
    remembers its blocks for the values it reads. What it reads is kept in the cache with its code.
    A text the cache holds compiled is made into a template at its first use (it compiled before)."""
    cached = cache is not None and source in cache
    template = None if cached else compile_template(source, cache)  # a syntax error raises here, at load
    known = (cache.data(_TEXT_READS_PREFIX + source.encode(), lambda: _reads_or_none(source, template_reads))
             if cache is not None else None)
    return ClauseText(template, TextMemo(source, known), make=(lambda: cache.template(source)) if cached else None)


def compile_condition(expr: str, cache: TemplateCache | None = None) -> Callable[..., bool]:
    """Compile a ``when`` expression; the result is called with an answers context and gives a bool."""
    source = f"{{% if ({expr}) %}}1{{% endif %}}"
    if cache is None or source not in cache:
        # First sight of this condition: check it is exactly one expression (as Jinja's own
        # compile_expression does) so that it cannot close the wrapping tag.
        try:
            parser = Parser(ENV, expr, state="variable")
            parser.parse_expression()
        except RecursionError:
            raise RenderLimitError("it is nested too deeply to be read") from None
        if not parser.stream.eos:
            raise TemplateSyntaxError("unexpected text after the condition", parser.stream.current.lineno, None, None)
    template = compile_template(source, cache)
    # What the condition reads (for its memo): worked out once and kept in the cache with its code.
    memo = ConditionMemo(expr, cache.data(_READS_PREFIX + expr.encode(), lambda: _reads_or_none(expr))
                         if cache is not None else None)

    def run(**context: Any) -> bool:
        return template.render(**context) == "1"

    def condition(**context: Any) -> bool:
        return memo.call(run, context)

    return condition

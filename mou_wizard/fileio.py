"""Reading a file that must be a regular file of bounded size, and writing a whole file or nothing.

``open()`` on a named pipe waits for a writer and ``read()`` on ``/dev/zero`` never ends, so a file is
opened without blocking, checked with ``fstat`` (a regular file, not too large) and only then read,
never past the limit. Used by every layer that reads a user's file; raises :class:`NotRegularFile`,
:class:`FileTooLarge` or the ``OSError`` the system gave.

Writing (:func:`write_new`, :func:`write_replacing`) goes through a temporary file that has no name
while it is written (Linux ``O_TMPFILE``), so a process killed mid-write leaves nothing behind; the
finished file gets a name only to be renamed over the target at once. Where unnamed files are not
available, the temporary file is named ``.mou-PID-XXXXXXXX.tmp``, and :func:`remove_stale_temps`
clears the ones whose process is gone.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import tempfile
from pathlib import Path


class NotRegularFile(OSError):
    """The path names a folder, a device, a named pipe or a socket."""

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(f"{path}: is {kind}")
        self.kind = kind  # "a folder", "a device", "a named pipe (FIFO)", "a socket"


class FileTooLarge(OSError):
    def __init__(self, path: Path | str, limit: int) -> None:
        super().__init__(f"{path}: larger than {limit} bytes")
        self.limit = limit


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_regular(path: Path | str, *, follow_links: bool = True) -> tuple[int, os.stat_result]:
    """An open file descriptor (read-only) for ``path`` and its ``fstat``, if it is a regular file.
    Never blocks (a FIFO is opened non-blocking and refused); ``follow_links=False`` refuses a link."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        try:  # a socket cannot be opened at all (ENXIO): say what it is
            st = os.stat(path, follow_symlinks=follow_links)
        except OSError:
            raise e from None
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, kind_of(st.st_mode)) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularFile(path, kind_of(st.st_mode))
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def read_regular(path: Path | str, limit: int, *, follow_links: bool = True) -> bytes:
    """The bytes of the regular file ``path``, refused before reading when larger than ``limit``."""
    fd, st = open_regular(path, follow_links=follow_links)
    try:
        if st.st_size > limit:
            raise FileTooLarge(path, limit)
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # the file grew while it was read
                raise FileTooLarge(path, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


STDIO = "-"  # a file name meaning standard input (where a file is read) or standard output (written)
STDIN_NAME = "standard input"


def is_stdio(path: Path | str | None) -> bool:
    """Whether a file argument is ``-``: standard input or output."""
    return path is not None and str(path) == STDIO


def read_stdin(limit: int) -> bytes:
    """Standard input's bytes, never more than ``limit`` (:class:`FileTooLarge` past it); a closed
    standard input reads as nothing."""
    import sys

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return b""
    chunks, total = [], 0
    while True:
        chunk = stream.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise FileTooLarge(STDIN_NAME, limit)


# --- writing ---------------------------------------------------------------------------------

TEMP_PREFIX = ".mou-"
_STALE = re.compile(r"^\.mou-(\d+)-[A-Za-z0-9_]+\.tmp$")
_PROC_FD = Path("/proc/self/fd")


class TempFile:
    """A file being written in ``folder``: unnamed (``O_TMPFILE``) when the system allows, else named
    ``.mou-PID-XXXXXXXX.tmp``. Close it with :meth:`discard` unless :meth:`publish` gave it its name."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name: Path | None = None
        self.fd = -1
        flag = getattr(os, "O_TMPFILE", 0)
        if flag and _PROC_FD.is_dir():
            try:
                self.fd = os.open(folder, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
            except OSError:
                self.fd = -1
        if self.fd < 0:
            self.fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".tmp", dir=folder)
            self.name = Path(name)

    def write(self, data: bytes, mode: int) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
        if hasattr(os, "fchmod"):  # not on Windows before Python 3.13: the file keeps the default mode there
            os.fchmod(self.fd, mode)
        elif self.name is not None:
            os.chmod(self.name, mode)
        os.fsync(self.fd)

    def _give_name(self, target: Path) -> None:
        """Link the unnamed file at ``target`` (fails if something is there). A directory descriptor is
        passed so that Python calls linkat() with AT_SYMLINK_FOLLOW (plain link() would try to link
        the /proc entry itself)."""
        folder = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            os.link(str(_PROC_FD / str(self.fd)), os.path.abspath(target), dst_dir_fd=folder, follow_symlinks=True)
        finally:
            os.close(folder)

    def publish(self, target: Path, *, overwrite: bool) -> None:
        """Make the written file ``target``: replace what is there (``overwrite``), or only if nothing is
        (``FileExistsError`` otherwise, even for a file that appeared meanwhile)."""
        if self.name is None and not overwrite:
            self._give_name(target)  # atomic, and never over an existing file
            return
        if self.name is None:
            for _ in range(10):
                name = self.folder / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.tmp"
                try:
                    self._give_name(name)
                except FileExistsError:
                    continue
                self.name = name
                break
            else:
                raise FileExistsError(f"{self.folder}: no free temporary name")
        if overwrite:
            os.replace(self.name, target)
        else:
            try:
                os.link(self.name, target)  # a hard link fails on an existing name
            except FileExistsError:
                raise
            except OSError:
                # A file system without hard links: check, then rename (a small window).
                if os.path.lexists(target):
                    raise FileExistsError(str(target)) from None
                os.replace(self.name, target)
                self.name = None
                return
            os.unlink(self.name)
        self.name = None

    def discard(self) -> None:
        """Close the file, and remove its name if it still has one of its own."""
        if self.fd >= 0:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = -1
        if self.name is not None:
            try:
                os.unlink(self.name)
            except OSError:
                pass
            self.name = None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


_swept: set[str] = set()


def remove_stale_temps(folder: Path) -> None:
    """Remove, once per process and folder, the temporary files of ours (``.mou-PID-*.tmp``, owned by
    this user) that a process killed mid-write left (its PID no longer runs)."""
    key = os.path.abspath(folder)
    if key in _swept:
        return
    _swept.add(key)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        m = _STALE.match(entry.name)
        if not m or int(m.group(1)) == os.getpid() or _alive(int(m.group(1))):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(st.st_mode) and st.st_uid == os.getuid():
                os.unlink(entry.path)
        except OSError:
            pass

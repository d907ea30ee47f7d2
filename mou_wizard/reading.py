"""Reading a file that must be a regular file of bounded size (answer files, content files, the cache).

``open()`` on a named pipe waits for a writer and ``read()`` on ``/dev/zero`` never ends, so a file is
opened without blocking, checked with ``fstat`` (a regular file, not too large) and only then read,
never past the limit. Used by every layer that reads a user's file; raises :class:`NotRegularFile`,
:class:`FileTooLarge` or the ``OSError`` the system gave.
"""

from __future__ import annotations

import os
import stat
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
    fd = os.open(path, flags)
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

"""One session per answer file: an advisory lock held while an interview or a review has it open.

The lock is ``fcntl.flock`` on a small file beside the answer file (``.NAME.lock``, holding the pid of
the session that has it). The kernel drops the lock when that process ends however it ends, so a lock
file left behind by a killed session (a dead pid) is simply taken over. A symbolic link to an answer
file is locked at its target, so two names for one file share one lock. Readers (``render``, ``check``)
take no lock: every save replaces the file atomically, so they always read a whole version.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from mou_wizard.errors import UserError

try:  # not on Windows: there the lock is skipped (the pid check below still runs)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


def lock_path(answer_file: Path) -> Path:
    """The lock file of an answer file: ``.NAME.lock`` beside the file (beside a link's target)."""
    target = Path(os.path.realpath(answer_file))
    return target.with_name(f".{target.name}.lock")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() and len(text) < 12 else None


class AnswerFileLock:
    """The lock on one answer file, for the length of a session (``with AnswerFileLock(path): ...``)."""

    def __init__(self, answer_file: Path) -> None:
        self.answer_file = Path(answer_file)
        self.path = lock_path(self.answer_file)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _busy(self, pid: int | None) -> UserError:
        who = f" (pid {pid})" if pid else ""
        return UserError(f"{self.answer_file}: another mou-wizard session has this answer file open{who}; "
                         "close it first")

    def acquire(self) -> "AnswerFileLock":
        if self._fd is not None:
            return self
        for _ in range(10):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
            except OSError as e:
                raise UserError(f"{self.answer_file}: cannot create the lock file {self.path} "
                                f"({e.strerror})") from None
            try:
                if not self._lock(fd):
                    continue  # the lock file was removed as we took it: take the new one
            except BaseException:
                os.close(fd)
                raise
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            self._fd = fd
            return self
        raise self._busy(None)  # pragma: no cover - ten sessions ending at once

    def _lock(self, fd: int) -> bool:
        """Lock ``fd``; False (and ``fd`` closed) if the lock file was replaced meanwhile."""
        locked = False
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
            except BlockingIOError:
                raise self._busy(_read_pid(fd)) from None
            except OSError as e:
                if e.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                    raise UserError(f"{self.answer_file}: cannot lock the answer file ({e.strerror})") from None
        if not locked:
            # No flock here (some network file systems): trust the pid, and take over a dead one's file.
            pid = _read_pid(fd)
            if pid and pid != os.getpid() and _pid_alive(pid):
                raise self._busy(pid)
        try:
            same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if not same:
            os.close(fd)
        return same

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            # Remove the file while still holding the lock; a session waiting on the old file notices
            # (its inode is no longer the one at the path) and takes a fresh one.
            if os.stat(self.path).st_ino == os.fstat(fd).st_ino:
                os.unlink(self.path)
        except OSError:
            pass
        finally:
            os.close(fd)

    def __enter__(self) -> "AnswerFileLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()

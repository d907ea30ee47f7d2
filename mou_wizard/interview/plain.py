"""``mou-wizard interview --plain``: the whole conversation as plain lines on stdin/stdout.

For screen readers, remote shells and scripts. The answer file is saved atomically after every reply,
before the reply is shown ("Noted: ..." means it is on disk), so a closed terminal or a killed process
loses nothing; running again resumes at the same question. A hang-up (SIGHUP), SIGTERM or Ctrl+C saves
and ends cleanly: while a reply is being handled the signal waits until its answer is saved.
"""

from __future__ import annotations

import re
import signal
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, TextIO

from mou_wizard.interview.conversation import Reply
from mou_wizard.language.text import strip_controls
from mou_wizard.interview.session import Session, collect_from_now

# Bytes that are not UTF-8 reach us as lone surrogates (stdin decoded with errors="surrogateescape").
_NOT_UTF8 = re.compile("[\ud800-\udfff]")
_SIGNALS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM", "SIGINT") if hasattr(signal, name))


class _Stop(Exception):
    """A signal asked the session to end (after its answers are saved)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Signals:
    """SIGHUP, SIGTERM and SIGINT end the session: at once while it waits for a line, else as soon as
    the reply being handled is saved (so a signal never cuts a save or a reply in half)."""

    def __init__(self) -> None:
        self.waiting = False
        self.pending: int | None = None

    def handler(self, signum: int, frame: object) -> None:
        if self.waiting:
            self.waiting = False
            raise _Stop(signum)
        self.pending = signum

    def check(self) -> None:
        if self.pending is not None:
            raise _Stop(self.pending)

    @contextmanager
    def installed(self) -> Iterator["_Signals"]:
        if threading.current_thread() is not threading.main_thread():
            yield self  # signal handlers can only be set from the main thread
            return
        old = {s: signal.getsignal(s) for s in _SIGNALS}
        try:
            for s in _SIGNALS:
                signal.signal(s, self.handler)
            yield self
        finally:
            for s, h in old.items():
                signal.signal(s, h)

    def readline(self, stdin: TextIO) -> str:
        self.check()
        self.waiting = True
        try:
            return stdin.readline()
        finally:
            self.waiting = False


class _Clean:
    """The output stream, with every control sequence taken out of what is written: answers (and the
    answer file's name) are echoed, and must never set the terminal's title or clear its screen."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(strip_controls(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()


def _emit(reply: Reply, out: TextIO) -> None:
    for m in reply.messages:
        if m.kind == "question":
            out.write("\n")
        out.write(m.text.rstrip() + "\n")
    out.flush()


def _say_saved(stdout: TextIO) -> None:
    """Tell the user the answers are kept; the terminal may be gone already (a hang-up)."""
    try:
        stdout.write("\nSaved. Run the same command again to resume.\n")
        stdout.flush()
    except (OSError, ValueError):
        pass


def run_plain(session: Session, stdin: TextIO, stdout: TextIO, *,
              coverage_line: Callable[[], str], finish: Callable[[], object]) -> int:
    """Drive the conversation over plain lines. At the end: ``coverage_line()`` says where the answers
    stand against the rubric and ``finish()`` writes the draft (both use cases the caller supplies);
    what it returns has ``lines()``, the files written (or is a (draft, answers) pair)."""
    collect_from_now()
    signals = _Signals()
    stdout = _Clean(stdout)
    with signals.installed():
        try:
            return _run(session, stdin, stdout, signals, coverage_line, finish)
        except _Stop as stop:
            session.save()
            _say_saved(stdout)
            if stop.signum == getattr(signal, "SIGINT", None):
                raise KeyboardInterrupt from None
            return 0


def _run(session: Session, stdin: TextIO, stdout: TextIO, signals: _Signals,
         coverage_line: Callable[[], str], finish: Callable[[], object]) -> int:
    path = session.path
    conv = session.conversation
    stdout.write(f"Answer file: {path}\n")
    greeting = conv.greeting(session.resumed)
    session.save()
    _emit(greeting, stdout)
    while not session.flow.done:
        stdout.write("> ")
        stdout.flush()
        line = signals.readline(stdin)
        if not line:  # end of input: keep everything, resume next time
            session.save()
            stdout.write("\nSaved. Run the same command again to resume.\n")
            return 0
        line = line.rstrip("\n")
        if _NOT_UTF8.search(line):
            stdout.write("That line held bytes that are not UTF-8 text, so I left it out; please type it "
                         "again.\n")
            stdout.flush()
            continue
        reply = conv.handle(line)
        if reply.restart:
            backup = session.start_over()  # saves the fresh interview
            conv = session.conversation
            _emit(reply, stdout)
            stdout.write(f"Your earlier answers are kept in {backup}. Starting a new interview.\n")
            _emit(conv.greeting(False), stdout)
            signals.check()
            continue
        if reply.changed or reply.finished:
            session.save()  # before the reply is shown: "Noted" means saved
        _emit(reply, stdout)
        if reply.quit:
            return 0
        signals.check()
    stdout.write("\n" + conv.answers_summary() + "\n\n" + coverage_line() + "\n")
    session.save()
    done = finish()
    lines = done.lines() if hasattr(done, "lines") else \
        [f"Draft written to {done[0]}", f"Answers saved in {done[1]}"]  # type: ignore[index]
    stdout.write("".join(line + "\n" for line in lines))
    return 0

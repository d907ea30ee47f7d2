"""``mou-wizard interview --plain``: the whole conversation as plain lines on stdin/stdout.

For screen readers, remote shells and scripts. The answer file is saved atomically after every reply,
so a closed terminal or a killed process loses nothing; running again resumes at the same question.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TextIO

from mou_wizard.interview.conversation import Reply
from mou_wizard.interview.session import Session


def _emit(reply: Reply, out: TextIO) -> None:
    for m in reply.messages:
        if m.kind == "question":
            out.write("\n")
        out.write(m.text.rstrip() + "\n")
    out.flush()


def run_plain(session: Session, stdin: TextIO, stdout: TextIO, *,
              coverage_line: Callable[[], str], finish: Callable[[], tuple[Path, Path]]) -> int:
    """Drive the conversation over plain lines. At the end: ``coverage_line()`` says where the answers
    stand against the rubric and ``finish()`` writes the draft (both use cases the caller supplies)."""
    path = session.path
    conv = session.conversation
    stdout.write(f"Answer file: {path}\n")
    _emit(conv.greeting(session.resumed), stdout)
    session.save()
    while not session.flow.done:
        stdout.write("> ")
        stdout.flush()
        line = stdin.readline()
        if not line:  # end of input: keep everything, resume next time
            session.save()
            stdout.write("\nSaved. Run the same command again to resume.\n")
            return 0
        reply = conv.handle(line.rstrip("\n"))
        _emit(reply, stdout)
        if reply.restart:
            backup = session.start_over()
            conv = session.conversation
            stdout.write(f"Your earlier answers are kept in {backup}. Starting a new interview.\n")
            _emit(conv.greeting(False), stdout)
            continue
        if reply.changed or reply.finished:
            session.save()
        if reply.quit:
            return 0
    stdout.write("\n" + conv.answers_summary() + "\n\n" + coverage_line() + "\n")
    session.save()
    out, answers = finish()
    stdout.write(f"Draft written to {out}\nAnswers saved in {answers}\n")
    return 0

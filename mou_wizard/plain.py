"""``mou-wizard interview --plain``: the whole conversation as plain lines on stdin/stdout.

For screen readers, remote shells and scripts. The answer file is saved atomically after every reply,
so a closed terminal or a killed process loses nothing; running again resumes at the same question.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from .answers_io import load_answers_with_data, save_answers
from .conversation import Conversation, Reply
from .errors import UserError
from .flow import Flow


class Session:
    """An interview bound to an answer file: loads it, saves after every change."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.original = None
        answers = None
        if path.exists():
            answers, self.original, _ = load_answers_with_data(path)
        else:
            folder = path.parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise UserError(f"{path}: cannot create the folder {folder} ({e.strerror})") from None
        self.resumed = answers is not None
        self.flow = Flow(answers)
        self.conversation = Conversation(self.flow)

    def save(self) -> None:
        save_answers(self.path, self.flow.snapshot(), self.original)
        if self.original is None:
            # Later saves keep the layout (and any comments) of what we wrote first.
            self.original = load_answers_with_data(self.path)[1]

    def draft_path(self) -> Path:
        return self.path.with_suffix(".docx")

    def write_draft(self) -> Path:
        from .answers_io import atomic_write
        from .docx_render import docx_bytes
        from .drafting import build_draft

        out = self.draft_path()
        atomic_write(out, docx_bytes(build_draft(self.flow.answers)))
        return out


def _emit(reply: Reply, out: TextIO) -> None:
    for m in reply.messages:
        if m.kind == "question":
            out.write("\n")
        out.write(m.text.rstrip() + "\n")
    out.flush()


def coverage_line(flow: Flow) -> str:
    from .drafting import build_draft

    draft = build_draft(flow.answers)
    met = sum(1 for c in draft.coverage if c.sections)
    missing = [c.sec_id for c in draft.coverage if not c.sections]
    tail = f" Not addressed: {', '.join(missing)}." if missing else ""
    return f"Rubric coverage: {met} of {len(draft.coverage)} SECURe items are addressed by the draft.{tail}"


def run_plain(path: Path, stdin: TextIO, stdout: TextIO) -> int:
    session = Session(path)
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
        if reply.changed or reply.finished:
            session.save()
        if reply.quit:
            return 0
    stdout.write("\n" + conv.answers_summary() + "\n\n" + coverage_line(session.flow) + "\n")
    out = session.write_draft()
    stdout.write(f"Draft written to {out}\nAnswers saved in {path}\n")
    return 0

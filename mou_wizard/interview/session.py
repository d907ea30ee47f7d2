"""An interview bound to its answer file: load, save after every change, start over.

Shared by the plain line mode and the terminal UI, so both keep the same promises: the answer file is
written atomically after every reply, a restart resumes at the same question, and starting over keeps
the old answers in a backup file. Writing the finished draft is a use case of its own
(:mod:`mou_wizard.services`); the session says where the files go.
"""

from __future__ import annotations

import re
from pathlib import Path

from mou_wizard.content.bundle import ContentBundle
from mou_wizard.domain.answers import Answers, ReviewRecord
from mou_wizard.domain.interview_state import InterviewState
from mou_wizard.errors import UserError
from mou_wizard.files.answer_files import read_answer_file, save_answers
from mou_wizard.interview.conversation import Conversation
from mou_wizard.interview.flow import Flow


def bump_version(version: str | None) -> str:
    """"1.0" → "1.1", "2" → "3", "v1.9" → "v1.10"; no version → "2.0" (a reviewed MOU is not a first draft)."""
    if not version:
        return "2.0"
    m = re.search(r"(\d+)(?!.*\d)", version)
    if not m:
        return f"{version}.1"
    return version[: m.start()] + str(int(m.group(1)) + 1) + version[m.end():]


def start_review(previous: Answers, previous_state: InterviewState | None = None) -> tuple[Answers, InterviewState]:
    """The new cycle's answers (last cycle's, version bumped, a fresh review record) and its starting
    state (answers confirmed against the rubric last cycle stay confirmed)."""
    new = previous.model_copy(deep=True)
    new.document.version = bump_version(previous.document.version)
    new.document.draft_date = None
    new.review = ReviewRecord(previous_version=previous.document.version)
    return new, InterviewState(confirmed=list(previous_state.confirmed) if previous_state else [])


class Session:
    def __init__(self, path: Path, content: ContentBundle, draft: Path | None = None, *,
                 explicit: bool = True) -> None:
        """``path``: the answer file. ``draft``: where the finished draft goes (default: beside an
        answer file the user named, or ``./draft.docx`` for the default file in the data folder)."""
        self.content = content
        self.path = Path(path)
        self.explicit = explicit
        self.requested_draft = Path(draft) if draft else None
        self.original = None
        answers = state = None
        if self.path.exists():
            saved = read_answer_file(self.path)
            answers, state, self.original = saved.answers, saved.state, saved.data
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise UserError(f"{self.path}: cannot create the folder {self.path.parent} ({e.strerror})") from None
        self.resumed = answers is not None and not (state and state.finished)
        self.flow = Flow(answers, content.questions, state)
        self.conversation = Conversation(self.flow, content)

    def save(self) -> None:
        """Write the answers and the interview state (atomically) to the answer file."""
        save_answers(self.path, self.conversation.snapshot(), self.original, self.conversation.state())
        if self.original is None:
            # Later saves keep the layout (and any comments) of what we wrote first.
            self.original = read_answer_file(self.path).data

    def start_over(self) -> Path:
        """Keep the current answers in a numbered backup beside the file and begin a fresh interview."""
        backup = _free_name(self.path.with_name(f"{self.path.stem}.previous{self.path.suffix}"))
        if self.path.exists():
            self.path.replace(backup)
        self.original = None
        self.flow = Flow(None, self.content.questions)
        self.conversation = Conversation(self.flow, self.content)
        self.resumed = False
        self.save()
        return backup

    def draft_paths(self) -> tuple[Path, Path | None]:
        """(DOCX path, path of the answer copy beside it, or None when the answer file is already there)."""
        if self.requested_draft is not None:
            docx = self.requested_draft
        elif self.explicit:
            return self.path.with_suffix(".docx"), None
        else:
            docx = _free_name(Path.cwd() / "draft.docx")
        answers_copy = docx.with_suffix(".yaml")
        if answers_copy.resolve() == self.path.resolve():
            return docx, None
        return docx, answers_copy

    def final_answers(self) -> Answers:
        """The answers the finished draft is made from (a copy: safe to hand to a worker thread)."""
        return self.conversation.snapshot()


def _free_name(path: Path) -> Path:
    """``path`` itself if it does not exist, else the first of name-2, name-3, … that does not."""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1


class ReviewSession(Session):
    """A periodic review: reads PREVIOUS (never writes it) and keeps the new cycle's answers in NEW."""

    def __init__(self, previous: Path, content: ContentBundle, new: Path | None = None) -> None:
        self.content = content
        self.previous_path = Path(previous)
        last = read_answer_file(self.previous_path)
        self.previous, self.migration_notes = last.answers, last.notes
        if new is None:
            version = bump_version(self.previous.document.version)
            new = self.previous_path.with_name(f"{self.previous_path.stem}-v{version}.yaml")
        self.path = Path(new)
        if self.path.resolve() == self.previous_path.resolve():
            raise UserError(f"{self.path}: the new answer file must not be the previous one; the previous "
                            "cycle's file is kept unchanged")
        self.explicit = True
        self.requested_draft = None
        self.original = None
        if self.path.exists():
            saved = read_answer_file(self.path)
            if saved.answers.review is None or saved.state is None or saved.state.finished:
                raise UserError(f"{self.path}: already exists and is not an unfinished review; "
                                "choose another name with -o")
            answers, state, self.original = saved.answers, saved.state, saved.data
            self.resumed = True
        else:
            answers, state = start_review(self.previous, last.state)
            self.resumed = False
        self.conversation = Conversation.for_review(answers, content, state)
        self.flow = self.conversation.flow

    def start_over(self) -> Path:
        raise UserError("a review cannot start over; run 'mou-wizard review' again with another -o file")

    def draft_paths(self) -> tuple[Path, Path]:
        """(clean new draft, revision draft), beside the new answer file."""
        return self.path.with_suffix(".docx"), self.path.with_name(f"{self.path.stem}-revision.docx")

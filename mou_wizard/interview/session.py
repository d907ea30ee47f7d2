"""An interview bound to its answer file: load, save after every change, start over.

Shared by the plain line mode and the terminal UI, so both keep the same promises: the answer file is
written atomically after every reply, a restart resumes at the same question, and starting over keeps
the old answers in a backup file. Writing the finished draft is a use case of its own
(:mod:`mou_wizard.services`); the session says where the files go.
"""

from __future__ import annotations

from pathlib import Path
from mou_wizard.content.bundle import ContentBundle
from mou_wizard.errors import UserError
from mou_wizard.files.answer_files import load_answers_with_data, save_answers
from mou_wizard.interview.conversation import Conversation
from mou_wizard.interview.flow import Flow


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
        answers = None
        if self.path.exists():
            answers, self.original, _ = load_answers_with_data(self.path)
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise UserError(f"{self.path}: cannot create the folder {self.path.parent} ({e.strerror})") from None
        self.resumed = answers is not None and not (answers.interview and answers.interview.finished)
        self.flow = Flow(answers, content.questions)
        self.conversation = Conversation(self.flow, content)

    def save(self) -> None:
        save_answers(self.path, self.flow.snapshot(), self.original)
        if self.original is None:
            # Later saves keep the layout (and any comments) of what we wrote first.
            self.original = load_answers_with_data(self.path)[1]

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

    def final_answers(self):
        """The answers the finished draft is made from."""
        return self.flow.answers


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
        from mou_wizard.interview.review import ReviewConversation, bump_version, start_review

        self.content = content
        self.previous_path = Path(previous)
        self.previous, _, self.migration_notes = load_answers_with_data(self.previous_path)
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
        resumed = None
        if self.path.exists():
            answers, self.original, _ = load_answers_with_data(self.path)
            if answers.review is None or answers.interview is None or answers.interview.finished:
                raise UserError(f"{self.path}: already exists and is not an unfinished review; "
                                "choose another name with -o")
            resumed = answers
        self.resumed = resumed is not None and not resumed.interview.finished
        self.conversation = ReviewConversation.for_answers(resumed or start_review(self.previous), content)
        self.flow = self.conversation.flow

    def save(self) -> None:
        save_answers(self.path, self.conversation.snapshot(), self.original)
        if self.original is None:
            self.original = load_answers_with_data(self.path)[1]

    def start_over(self) -> Path:
        raise UserError("a review cannot start over; run 'mou-wizard review' again with another -o file")

    def draft_paths(self) -> tuple[Path, Path]:
        """(clean new draft, revision draft), beside the new answer file."""
        return self.path.with_suffix(".docx"), self.path.with_name(f"{self.path.stem}-revision.docx")

    def final_answers(self):
        new = self.conversation.snapshot()
        new.interview = None
        return new

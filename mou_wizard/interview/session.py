"""An interview bound to its answer file: load, save after every change, start over.

Shared by the plain line mode and the terminal UI, so both keep the same promises: the answer file is
written atomically after every reply, a restart resumes at the same question, and starting over keeps
the old answers in a backup file. Writing the finished draft is a use case of its own
(:mod:`mou_wizard.services`); the session says where the files go.
"""

from __future__ import annotations

import gc
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from mou_wizard.content.bundle import ContentBundle
from mou_wizard.domain.answers import Answers, ReviewRecord
from mou_wizard.domain.interview_state import InterviewState
from mou_wizard.errors import UserError
from mou_wizard.files.answer_files import atomic_write, check_answer_file_name, read_answer_file, save_answers
from mou_wizard.files.locks import AnswerFileLock
from mou_wizard.interview.conversation import Conversation
from mou_wizard.interview.flow import Flow


def collect_from_now() -> None:
    """The session is running: what was loaded to start it (content, templates, models) lives as long as
    it does, so it is frozen out of every later collection, and garbage collection is turned on (the
    command line starts a session with it off: see ``mou_wizard.cli.main``)."""
    gc.freeze()
    gc.enable()


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


@dataclass(frozen=True)
class DraftFiles:
    """Where a finished interview's or review's files go."""

    docx: Path                 # the draft shown to the user (a review: the revision draft)
    answers_copy: Path | None  # a copy of the answers beside the draft (None: the answer file is there)
    clean: Path | None = None  # a review: the clean new draft
    replace: frozenset[Path] = frozenset()  # those of the files above that may be replaced if they exist
    note: str | None = None    # why the names differ from the usual ones, if they do


def _exists(path: Path) -> bool:
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def _free_names(make: Callable[[str], tuple[Path, ...]], ours: Iterable[Path]) -> tuple[tuple[Path, ...], str | None]:
    """The first of ``make("")``, ``make("-2")``, ``make("-3")``... whose files are all free (or were
    written by this session), and a note naming the files kept when it is not the first."""
    ours = set(ours)
    first = make("")
    n = 1
    while True:
        names = make("" if n == 1 else f"-{n}")
        if all(_key(p) in ours or not _exists(p) for p in names):
            break
        n += 1
    if n == 1:
        return names, None
    kept = [p.name for p in first if _exists(p) and _key(p) not in ours]
    return names, f"kept the existing {' and '.join(kept)}; writing {' and '.join(p.name for p in names)} instead"


def _key(path: Path) -> Path:
    """One name for a file however it is reached (links followed), to compare paths."""
    return Path(os.path.realpath(path))


class Session:
    def __init__(self, path: Path, content: ContentBundle, draft: Path | None = None, *,
                 explicit: bool = True, lock: bool = False, force: bool = False) -> None:
        """``path``: the answer file. ``draft``: where the finished draft goes (default: beside the
        answer file, ``NAME.docx``; the answer file stays the only copy of the answers).
        ``lock``: hold the answer file's lock for the session (the command line does; a second session
        on the same file is refused). ``force``: ``draft`` may replace a file that exists."""
        self.content = content
        self.path = Path(path)
        check_answer_file_name(self.path)
        self.explicit = explicit
        self.requested_draft = Path(draft) if draft else None
        self.force = force
        self.written: set[Path] = set()
        self.lock = AnswerFileLock(self.path) if lock else None
        self.original = None
        answers = state = None
        if not _exists(self.path):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise UserError(f"{self.path}: cannot create the folder {self.path.parent} ({e.strerror})") from None
        if self.lock is not None:
            self.lock.acquire()
        try:
            if _exists(self.path):
                saved = read_answer_file(self.path)
                answers, state, self.original = saved.answers, saved.state, saved.data
            self.resumed = answers is not None and not (state and state.finished)
            self.flow = Flow(answers, content.questions, state)
            self.conversation = Conversation(self.flow, content)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Let go of the answer file (its lock, when the session holds it)."""
        if self.lock is not None:
            self.lock.release()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save(self) -> None:
        """Write the answers and the interview state (atomically) to the answer file."""
        save_answers(self.path, self.conversation.snapshot(), self.original, self.conversation.state())
        if self.original is None:
            # Later saves keep the layout (and any comments) of what we wrote first.
            self.original = read_answer_file(self.path).data

    def wrote(self, paths: Iterable[Path]) -> None:
        """Remember files this session wrote: writing the draft again may replace them."""
        self.written |= {_key(p) for p in paths}

    def start_over(self) -> Path:
        """Keep the current answers in a numbered backup beside the file and begin a fresh interview."""
        backup = _free_name(self.path.with_name(f"{self.path.stem}.previous{self.path.suffix}"))
        if self.path.is_symlink():
            # A link stays a link (the fresh answers are written through it): copy, do not move.
            atomic_write(backup, self.path.read_bytes(), overwrite=False)
        elif self.path.exists():
            self.path.replace(backup)
        self.original = None
        self.flow = Flow(None, self.content.questions)
        shown_in_picker = self.conversation.options_in_picker
        self.conversation = Conversation(self.flow, self.content)
        self.conversation.options_in_picker = shown_in_picker
        self.resumed = False
        self.save()
        return backup

    def draft_files(self) -> DraftFiles:
        """Where the finished draft goes. A name the user gave (``-o``) is used as it is: a file there
        is replaced only with ``force`` (or when this session wrote it). Names the session picks itself
        are never those of a file that exists: ``NAME-2.docx`` then, and the note says so."""
        if self.requested_draft is not None:
            docx = self.requested_draft
            replace = frozenset(p for p in (docx,) if self.force or _key(p) in self.written)
            return DraftFiles(docx, None, replace=replace)
        # The answer file is the one master copy of the answers (the default one in the data folder
        # too): the draft goes beside it, and no second answer file is ever written.
        (docx,), note = _free_names(lambda n: (self.path.with_name(f"{self.path.stem}{n}.docx"),), self.written)
        return DraftFiles(docx, None, replace=self._ours(docx), note=note)

    def _ours(self, *paths: Path) -> frozenset[Path]:
        return frozenset(p for p in paths if _key(p) in self.written)

    def draft_paths(self) -> tuple[Path, Path | None]:
        """(DOCX path, path of the answer copy beside it, or None when the answer file is already there)."""
        files = self.draft_files()
        return files.docx, files.answers_copy

    def final_answers(self) -> Answers:
        """The answers the finished draft is made from (a copy: safe to hand to a worker thread)."""
        return self.conversation.snapshot()


def _free_name(path: Path) -> Path:
    """``path`` itself if it does not exist, else the first of name-2, name-3, … that does not."""
    (free,), _ = _free_names(lambda n: (path.with_name(f"{path.stem}{n}{path.suffix}"),), ())
    return free


class ReviewSession(Session):
    """A periodic review: reads PREVIOUS (never writes it) and keeps the new cycle's answers in NEW."""

    def __init__(self, previous: Path, content: ContentBundle, new: Path | None = None, *,
                 lock: bool = False) -> None:
        self.content = content
        self.previous_path = Path(previous)
        if new is not None:
            check_answer_file_name(Path(new), option="-o")
        last = read_answer_file(self.previous_path)
        self.previous, self.migration_notes = last.answers, last.notes
        if new is None:
            version = bump_version(self.previous.document.version)
            new = self.previous_path.with_name(f"{self.previous_path.stem}-v{version}.yaml")
        self.path = Path(new)
        if _key(self.path) == _key(self.previous_path):
            raise UserError(f"{self.path}: the new answer file must not be the previous one; the previous "
                            "cycle's file is kept unchanged")
        self.explicit = True
        self.requested_draft = None
        self.force = False
        self.written = set()
        self.original = None
        self.lock = AnswerFileLock(self.path) if lock else None
        if self.lock is not None:
            self.lock.acquire()
        try:
            if _exists(self.path):
                saved = read_answer_file(self.path)
                if saved.answers.review is None or saved.state is None or saved.state.finished:
                    raise UserError(f"{self.path}: already exists and is not an unfinished review; "
                                    "choose another name with -o")
                answers, state, self.original = saved.answers, saved.state, saved.data
                self.resumed = True
            else:
                answers, state = start_review(self.previous, last.state)
                # The new file starts as a copy of the previous one's layout, so comments people
                # wrote in it (and its key order) carry into the new cycle's file.
                self.original = last.data
                self.resumed = False
            self.conversation = Conversation.for_review(answers, content, state, previous=self.previous)
            self.flow = self.conversation.flow
        except BaseException:
            self.close()
            raise

    def start_over(self) -> Path:
        raise UserError("a review cannot start over; run 'mou-wizard review' again with another -o file")

    def draft_files(self) -> DraftFiles:
        """The clean new draft and the revision draft, beside the new answer file: ``NEW.docx`` and
        ``NEW-revision.docx``, or ``NEW-2.docx`` and ``NEW-2-revision.docx`` when either exists."""
        stem = self.path.stem
        (clean, revision), note = _free_names(
            lambda n: (self.path.with_name(f"{stem}{n}.docx"), self.path.with_name(f"{stem}{n}-revision.docx")),
            self.written)
        return DraftFiles(revision, None, clean=clean, replace=self._ours(clean, revision), note=note)

    def draft_paths(self) -> tuple[Path, Path]:
        """(clean new draft, revision draft), beside the new answer file."""
        files = self.draft_files()
        return files.clean, files.docx

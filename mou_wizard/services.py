"""The use cases, each written once: render, check, revise, finishing an interview or a review, lint.

The CLI, plain mode and the TUI only gather input and show results; what a command does lives here.
Every function takes the content bundle loaded at the entry point. python-docx is imported only by
the use cases that write a document, so ``check`` starts fast.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from mou_wizard.content.bundle import ContentBundle
from mou_wizard.domain.answers import Answers
from mou_wizard.domain.interview_state import InterviewState
from mou_wizard.engine.drafting import build_draft
from mou_wizard.engine.reports import Report, report
from mou_wizard.errors import UserError
from mou_wizard.files.answer_files import atomic_write, check_output_path, dump_answers, load_answers, \
    load_answers_with_data
from mou_wizard.interview.session import ReviewSession, Session

Progress = Callable[[int, str], None]


def check_output(out: Path, force: bool, suffix: str = ".docx") -> None:
    """Refuse an output before doing any work, so an error never leaves a half-written file."""
    if out.suffix.lower() != suffix:
        raise UserError(f"{out}: expected an output file name ending in {suffix}")
    if out.is_dir():
        raise UserError(f"{out}: is a folder; expected a file name ending in {suffix}")
    check_output_path(out, overwrite=force)


def draft_bytes(answers: Answers, content: ContentBundle) -> bytes:
    from mou_wizard.docx.parts import docx_bytes

    return docx_bytes(build_draft(answers, content), content.document.base_docx)


def render_file(answers_path: Path, out: Path, content: ContentBundle, force: bool = False) -> Path:
    """``mou-wizard render``: an answer file to a DOCX."""
    check_output(out, force)
    atomic_write(out, draft_bytes(load_answers(answers_path), content))
    return out


def coverage_sentence(answers: Answers, content: ContentBundle) -> str:
    """Where the answers stand against the rubric, in one sentence (end of an interview or review)."""
    from mou_wizard.engine.assessment import assess

    return assess(answers, content, with_state=False).sentence()


def check_file(answers_path: Path, content: ContentBundle, state: str | None = None) -> Report:
    """``mou-wizard check``: the scorecard of an answer file."""
    return report(load_answers(answers_path), content, state)


def _version_key(version: str | None) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version or ""))


def check_pair(old: Answers, new: Answers, old_name: str, new_name: str) -> None:
    """Refuse two answer files that are not two cycles of the same MOU, in order."""
    for field, what in (("district_name", "district"), ("agency_name", "agency")):
        a, b = getattr(old.parties, field), getattr(new.parties, field)
        if a and b and a.strip().casefold() != b.strip().casefold():
            raise UserError(f"{new_name}: parties.{field}: {what} {b!r} differs from {a!r} in {old_name}; "
                            "expected two versions of the same MOU")
    ov, nv = old.document.version, new.document.version
    if ov and nv and _version_key(nv) < _version_key(ov):
        raise UserError(f"{new_name}: document.version: {nv!r} is older than {ov!r} in {old_name}; "
                        "expected OLD first, then NEW")
    od, nd = old.document.draft_date, new.document.draft_date
    if od and nd and nd < od:
        raise UserError(f"{new_name}: document.draft_date: {nd} is earlier than {od} in {old_name}; "
                        "expected OLD first, then NEW")


def revision_date(new: Answers, date: _dt.date | None = None) -> _dt.date:
    """The date on a revision's tracked changes and comments: the one given, else NEW's draft date,
    else its review date, else today (never a made-up date)."""
    return date or new.document.draft_date or (new.review.date if new.review else None) or _dt.date.today()


def revision_author(new: Answers, author: str | None = None) -> str:
    """Who the tracked changes and comments are by: the one given, else NEW's reviewer, else mou-wizard."""
    for name in (author, new.review.reviewer if new.review else None):
        if name and name.strip():
            return " ".join(name.split())
    return "mou-wizard"


def revision_for(old: Answers, new: Answers, content: ContentBundle, date: _dt.date | None = None,
                 author: str | None = None) -> bytes:
    """NEW's draft with tracked changes against OLD's, a comment on each change saying why."""
    from mou_wizard.docx.reasons import reasons_for
    from mou_wizard.docx.revision import compare, revision_bytes

    old_draft, new_draft = build_draft(old, content), build_draft(new, content)
    changes = compare(old_draft, new_draft)
    return revision_bytes(old_draft, new_draft, reasons_for(old, new, changes, content),
                          author=revision_author(new, author), date=revision_date(new, date),
                          base_docx=content.document.base_docx)


def revision_against(old: Answers, new: Answers, signed: bytes, content: ContentBundle, *, name: str,
                     date: _dt.date | None = None, author: str | None = None):
    """The signed document (``signed``, the bytes of the file called ``name``) with the changes from
    OLD's draft to NEW's as tracked changes, a comment on each: a :class:`~mou_wizard.docx.signed.SignedRevision`.
    Raises :class:`UserError` for a signed file that is not a usable .docx."""
    from mou_wizard.docx.reasons import reasons_for
    from mou_wizard.docx.revision import compare
    from mou_wizard.docx.signed import signed_revision

    old_draft, new_draft = build_draft(old, content), build_draft(new, content)
    changes = compare(old_draft, new_draft)
    return signed_revision(old_draft, new_draft, signed, reasons_for(old, new, changes, content),
                           author=revision_author(new, author), date=revision_date(new, date), name=name)


def _read_signed(path: Path) -> bytes:
    if path.is_dir():
        raise UserError(f"{path}: is a folder; expected the signed MOU as a .docx file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: file not found") from None
    except OSError as e:
        raise UserError(f"{path}: cannot be read ({e.strerror or e})") from None


def revise_files(old_path: Path, new_path: Path, out: Path, content: ContentBundle, *, clean: Path | None = None,
                 force: bool = False, against: Path | None = None,
                 author: str | None = None) -> tuple[list[str], list[Path]]:
    """``mou-wizard revise``: (lines to show: migration notes, then, against a signed document, what
    was proposed and every conflict or change not applied; files written)."""
    check_output(out, force)
    if clean is not None:
        check_output(clean, force)
    if author is not None and not author.strip():
        raise UserError("--author: expected a name, got an empty one")
    if against is not None:
        for written in (out, clean):
            if written is not None and written.resolve() == against.resolve():
                raise UserError(f"{written}: is the signed document given with --against; write the revision to "
                                "another file")
    signed = _read_signed(against) if against is not None else None
    if against is not None:
        from mou_wizard.docx.signed import open_signed

        open_signed(signed, str(against))
    old, _, notes = load_answers_with_data(old_path)
    new, _, notes_new = load_answers_with_data(new_path)
    check_pair(old, new, str(old_path), str(new_path))
    lines = notes + notes_new
    if against is not None:
        result = revision_against(old, new, signed, content, name=str(against), author=author)
        data = result.data
        conflicts = sum(n.kind == "conflict" for n in result.notes)
        missing = sum(n.kind == "not applied" for n in result.notes)
        lines.append(f"Against {against}: {result.changes} change{'s' if result.changes != 1 else ''} proposed, "
                     f"{conflicts} conflict{'s' if conflicts != 1 else ''}, {missing} not applied")
        lines += [str(note) for note in result.notes]
    else:
        data = revision_for(old, new, content, author=author)
    written = []
    if clean is not None:
        atomic_write(clean, draft_bytes(new, content))
        written.append(clean)
    atomic_write(out, data)
    written.append(out)
    return lines, written


@dataclass(frozen=True)
class DraftJob:
    """Everything writing a finished interview's or review's draft needs, copied from the session when
    the job is made (on the UI thread), so a worker thread never reads a conversation that is still
    being answered."""

    content: ContentBundle
    answers: Answers
    state: InterviewState
    docx: Path                        # the draft shown to the user (a review: the revision draft)
    answers_copy: Path | None         # where a copy of the answers goes beside the draft, if anywhere
    answer_file: Path                 # the session's answer file
    previous: Answers | None = None   # a review: last cycle's answers
    clean: Path | None = None         # a review: the clean new draft


def draft_job(session: Session) -> DraftJob:
    """Snapshot a session for writing its draft (call on the thread that drives the conversation)."""
    answers, state = session.final_answers(), session.conversation.state()
    if isinstance(session, ReviewSession):
        clean, revision = session.draft_paths()
        return DraftJob(session.content, answers, state, revision, None, session.path,
                        previous=session.previous.model_copy(deep=True), clean=clean)
    docx, copy = session.draft_paths()
    return DraftJob(session.content, answers, state, docx, copy, session.path)


def finish_interview(job: DraftJob, progress: Progress | None = None) -> tuple[Path, Path]:
    """Write the finished interview's draft: returns (DOCX path, the answer file beside it).
    ``progress(done, what)`` is called after each of the three steps."""
    from mou_wizard.docx.parts import docx_bytes

    report_ = progress or (lambda done, what: None)
    content = job.content
    draft = build_draft(job.answers, content)
    report_(1, "clauses selected")
    data = docx_bytes(draft, content.document.base_docx)
    report_(2, "document laid out")
    if job.answers_copy is not None:
        atomic_write(job.answers_copy, dump_answers(job.answers, state=job.state))
    atomic_write(job.docx, data)
    report_(3, "written")
    return job.docx, job.answers_copy or job.answer_file


def finish_review(job: DraftJob, progress: Progress | None = None) -> tuple[Path, Path]:
    """Write the review's clean new draft and its revision draft (tracked changes against last cycle's):
    returns (revision path, the new answer file)."""
    report_ = progress or (lambda done, what: None)
    content = job.content
    clean_bytes = draft_bytes(job.answers, content)
    report_(1, "new draft laid out")
    revision_data = revision_for(job.previous, job.answers, content)
    report_(2, "changes tracked")
    atomic_write(job.clean, clean_bytes)
    atomic_write(job.docx, revision_data)
    report_(3, "written")
    return job.docx, job.answer_file


def finish(job: DraftJob | Session, progress: Progress | None = None) -> tuple[Path, Path]:
    """The end of an interview or a review: (the draft shown to the user, the answer file). Given a
    session, the job is taken from it first (only from the thread that drives it)."""
    if not isinstance(job, DraftJob):
        job = draft_job(job)
    if job.previous is not None:
        return finish_review(job, progress)
    return finish_interview(job, progress)


def draft_preview(answers: Answers, content: ContentBundle, step: int) -> str:
    """The clauses drafted so far that serve ``step``, as text (the TUI's draft pane, the 'draft' reply)."""
    from mou_wizard.interview.conversation import draft_preview as preview

    return preview(answers, content, step)

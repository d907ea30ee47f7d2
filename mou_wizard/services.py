"""The use cases, each written once: render, check, revise, finishing an interview or a review, lint.

The CLI, plain mode and the TUI only gather input and show results; what a command does lives here.
Every function takes the content bundle loaded at the entry point. python-docx is imported only by
the use cases that write a document, so ``check`` starts fast, and the interview modules only by
the use cases that finish an interview, so ``render`` and ``check`` never load them.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from mou_wizard.content.bundle import ContentBundle
from mou_wizard.domain.answers import Answers
from mou_wizard.domain.interview_state import InterviewState
from mou_wizard.engine.drafting import build_draft
from mou_wizard.engine.reports import Report, report
from mou_wizard.errors import UserError
from mou_wizard.files.answer_files import atomic_write, check_distinct, check_output_path, dump_answers, \
    load_answers, load_answers_with_data, same_file

if TYPE_CHECKING:  # the interview modules are imported only by the use cases that finish one
    from mou_wizard.interview.session import Session

Progress = Callable[[int, str], None]


def check_output(out: Path, force: bool, suffix: str = ".docx") -> None:
    """Refuse an output before doing any work, so an error never leaves a half-written file."""
    if out.suffix.lower() != suffix:
        raise UserError(f"{out}: expected an output file name ending in {suffix}")
    try:
        folder = out.is_dir()
    except OSError:
        folder = False  # a name too long, say: check_output_path says what is wrong
    if folder:
        raise UserError(f"{out}: is a folder; expected a file name ending in {suffix}")
    check_output_path(out, overwrite=force)


def draft_bytes(answers: Answers, content: ContentBundle) -> bytes:
    from mou_wizard.docx.parts import docx_bytes

    return docx_bytes(build_draft(answers, content), content.document.base_docx)


def open_decisions_message(draft, name: str) -> str:
    """Why no signing copy can be made yet: the open decisions, briefly."""
    shown = [f"{d.question_id} ({', '.join(d.places)})" if d.places else d.question_id
             for d in draft.open_decisions[:8]]
    more = len(draft.open_decisions) - len(shown)
    tail = f" and {more} more" if more > 0 else ""
    n = len(draft.open_decisions)
    return (f"{name}: no signing copy while {n} decision{'s' if n != 1 else ''} remain{'' if n != 1 else 's'} "
            f"open: {'; '.join(shown)}{tail}; answer them (mou-wizard interview {name}) or render a draft "
            "without --final")


def signing_copy_bytes(answers: Answers, content: ContentBundle, name: str = "the answers") -> bytes:
    """The signing copy: no DRAFT header, disclaimer, appendix or notes for counsel. Refused
    (:class:`UserError`) while any decision is open."""
    from mou_wizard.docx.parts import docx_bytes

    draft = build_draft(answers, content, final=True)
    if draft.open_decisions:
        raise UserError(open_decisions_message(draft, name))
    left = sorted({s.number for s in draft.sections() for b in s.blocks for r in b.runs if r.placeholder})
    if left or any(r.placeholder for b in draft.recitals for r in b.runs):
        where = ", ".join(left) or "the recitals"
        raise UserError(f"{name}: no signing copy while bracketed entries remain (in {where})")
    return docx_bytes(draft, content.document.base_docx)


def signable(answers: Answers, content: ContentBundle) -> bool:
    """Whether the signing copy of ``answers`` can be written (no decision left open)."""
    try:
        signing_copy_bytes(answers, content)
    except UserError:
        return False
    return True


def answers_for(path: Path, content: ContentBundle, loaded: tuple | None = None):
    """An answer file's answers, checked against the content too (a model agreement the packs know);
    a problem names the file. ``loaded``: (answers, data, notes) when already read."""
    from mou_wizard.engine.open_answers import shown_values

    answers = loaded[0] if loaded else load_answers(path)
    try:
        shown_values(answers, content)
    except UserError as e:
        raise UserError(f"{path}: {e}") from None
    return answers


def pdf_path(docx: Path) -> Path:
    """The PDF written beside a DOCX: the same name ending in ``.pdf``."""
    return docx.with_suffix(".pdf")


def pdf_bytes(docx: bytes, name: str) -> bytes:
    """A DOCX's PDF through LibreOffice headless (see :mod:`mou_wizard.docx.pdf`); ``name`` in messages."""
    from mou_wizard.docx.pdf import docx_to_pdf

    return docx_to_pdf(docx, name)


def require_pdf() -> None:
    """Refuse a PDF request before any work when LibreOffice is not installed."""
    from mou_wizard.docx.pdf import require_soffice

    require_soffice()


def write_pdf_beside(docx: Path, force: bool = False) -> Path:
    """The PDF of a DOCX already written, beside it (``NAME.pdf``), written whole or not at all: for the
    TUI's finish and batch runs. An existing PDF is replaced only with ``force``."""
    require_pdf()
    out = pdf_path(docx)
    check_output(out, force, suffix=".pdf")
    data = pdf_bytes(read_regular_file(docx), str(out))
    atomic_write(out, data, overwrite=force)
    return out


def read_regular_file(path: Path, limit: int = 50 * 1024 * 1024) -> bytes:
    """A regular file's bytes with a one-line error naming it (missing, a folder, a pipe, too large)."""
    from mou_wizard.content.files import read_bytes_limited

    return read_bytes_limited(path, limit, what="a file", error=UserError)


def render_bytes(answers_path: Path, content: ContentBundle, *, final: bool = False, pdf: bool = False,
                 loaded: tuple | None = None) -> bytes:
    """An answer file's draft (``final``: the signing copy) as DOCX bytes, or as PDF bytes (``pdf``);
    ``-`` reads the answers from standard input. For ``render -o -``. ``loaded``: the answer file
    already read (see :func:`read_answers`)."""
    if pdf:
        require_pdf()
    answers = answers_for(answers_path, content, loaded)
    name = "standard input" if str(answers_path) == "-" else str(answers_path)
    data = signing_copy_bytes(answers, content, name) if final else draft_bytes(answers, content)
    return pdf_bytes(data, "the PDF") if pdf else data


def render_file(answers_path: Path, out: Path, content: ContentBundle, force: bool = False,
                final: bool = False, pdf: str | None = None) -> Path:
    """An answer file to ``out`` (see :func:`render_files`); returns ``out``."""
    render_files(answers_path, out, content, force, final=final, pdf=pdf)
    return out


def render_files(answers_path: Path, out: Path, content: ContentBundle, force: bool = False,
                 final: bool = False, pdf: str | None = None, loaded: tuple | None = None) -> list[Path]:
    """``mou-wizard render``: an answer file to a DOCX (``final``: the signing copy), never over the
    answer file, even with force. ``pdf="also"``: a PDF beside the DOCX too (``NAME.pdf``);
    ``pdf="only"``: ``out`` is the PDF (ending ``.pdf``) and no DOCX is written. Every output is
    checked, and the PDF made, before the first file is written. Returns the files written."""
    docx_out = None if pdf == "only" else out
    pdf_out = out if pdf == "only" else pdf_path(out) if pdf == "also" else None
    outputs = [p for p in (docx_out, pdf_out) if p is not None]
    check_distinct(outputs, [answers_path])
    if docx_out is not None:
        check_output(docx_out, force)
    if pdf_out is not None:
        check_output(pdf_out, force, suffix=".pdf")
        require_pdf()
    data = render_bytes(answers_path, content, final=final, loaded=loaded)
    files: list[tuple[Path, bytes]] = []
    if docx_out is not None:
        files.append((docx_out, data))
    if pdf_out is not None:
        files.append((pdf_out, pdf_bytes(data, str(pdf_out))))
    for path, payload in files:
        atomic_write(path, payload, overwrite=force)
    return [p for p, _ in files]


def library_init(dest: Path, content_dir: Path | str | None = None, force: bool = False) -> list[Path]:
    """``mou-wizard library init DIR``: copy the content in use (``content_dir``, else
    ``$MOU_WIZARD_CONTENT``, else the installed content) into ``dest`` with a README for counsel."""
    from mou_wizard.content.bundle import content_root
    from mou_wizard.files.library import init_library

    return init_library(content_root(content_dir), dest, force=force)


def coverage_sentence(answers: Answers, content: ContentBundle) -> str:
    """Where the answers stand against the rubric, in one sentence (end of an interview or review)."""
    from mou_wizard.engine.assessment import assess

    return assess(answers, content, with_state=False).sentence()


def check_file(answers_path: Path, content: ContentBundle, state: str | None = None,
               loaded: tuple | None = None) -> Report:
    """``mou-wizard check``: the scorecard of an answer file (``loaded``: already read)."""
    return report(answers_for(answers_path, content, loaded), content, state)


def read_answers(answers_path: Path) -> tuple:
    """An answer file read for rendering or checking, before the content is loaded, so a broken file is
    reported at once: (answers, data, notes), for the ``loaded`` argument of the use cases above."""
    return load_answers_with_data(answers_path, round_trip=False)


def _version_key(version: str | None) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version or ""))


def check_pair(old: Answers, new: Answers, old_name: str, new_name: str, *, rename: bool = False) -> None:
    """Refuse two answer files that are not two cycles of the same MOU, in order. ``rename``: a party
    was really renamed (the revision shows the new name as a change)."""
    if not rename:
        for field, what in (("district_name", "district"), ("agency_name", "agency")):
            a, b = getattr(old.parties, field), getattr(new.parties, field)
            if a and b and a.strip().casefold() != b.strip().casefold():
                raise UserError(f"{new_name}: parties.{field}: {what} {b!r} differs from {a!r} in {old_name}; "
                                "expected two versions of the same MOU (if the party was renamed, add --rename)")
    od, nd = (a.document.draft_date or (a.review.date if a.review else None) for a in (old, new))
    ov, nv = old.document.version, new.document.version
    if ov and nv and ov.strip() != nv.strip():
        ok, nk = _version_key(ov), _version_key(nv)
        if ok and nk:
            if nk < ok:
                raise UserError(f"{new_name}: document.version: {nv!r} is older than {ov!r} in {old_name}; "
                                "expected OLD first, then NEW")
        elif not (od and nd):
            raise UserError(f"{new_name}: document.version: cannot tell whether {nv!r} comes after {ov!r} in "
                            f"{old_name}: the labels are not both version numbers and the files have no draft dates; expected "
                            "version numbers (such as 1.0 and 1.1) or a document.draft_date in each file")
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


def _revision_inputs(old: Answers, new: Answers, content: ContentBundle, date: _dt.date | None):
    """Both drafts, the changes between them, the comment on each and the front matter."""
    from mou_wizard.docx.reasons import reasons_for
    from mou_wizard.docx.revision import compare
    from mou_wizard.docx.summary import front_matter

    old_draft, new_draft = build_draft(old, content), build_draft(new, content)
    changes = compare(old_draft, new_draft)
    review_date = (new.review.date if new.review else None) or date or new.document.draft_date
    front = front_matter(old, new, old_draft, new_draft, changes, content, review_date)
    reasons = reasons_for(old, new, changes, content, appendix=front.appendix)
    return old_draft, new_draft, reasons, front


def revision_for(old: Answers, new: Answers, content: ContentBundle, date: _dt.date | None = None,
                 author: str | None = None, summary: bool = True) -> bytes:
    """NEW's draft with tracked changes against OLD's, a comment on each change saying why, and (unless
    ``summary`` is False) the front matter: the review memo and the summary of changes by answer."""
    from mou_wizard.docx.revision import revision_bytes

    old_draft, new_draft, reasons, front = _revision_inputs(old, new, content, date)
    return revision_bytes(old_draft, new_draft, reasons, author=revision_author(new, author),
                          date=revision_date(new, date), base_docx=content.document.base_docx,
                          front=front, summary=summary)


def revision_against(old: Answers, new: Answers, signed: bytes, content: ContentBundle, *, name: str,
                     date: _dt.date | None = None, author: str | None = None):
    """The signed document (``signed``, the bytes of the file called ``name``) with the changes from
    OLD's draft to NEW's as tracked changes, a comment on each: a :class:`~mou_wizard.docx.signed.SignedRevision`.
    Raises :class:`UserError` for a signed file that is not a usable .docx."""
    from mou_wizard.docx.signed import signed_revision

    old_draft, new_draft, reasons, _ = _revision_inputs(old, new, content, date)
    return signed_revision(old_draft, new_draft, signed, reasons,
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
                 author: str | None = None, rename: bool = False,
                 summary: bool = True) -> tuple[list[str], list[Path]]:
    """``mou-wizard revise``: (lines to show: migration notes, then, against a signed document, what
    was proposed and every conflict or change not applied; files written)."""
    check_distinct([out] + ([clean] if clean is not None else []),
                   [old_path, new_path] + ([against] if against is not None else []))
    check_output(out, force)
    if clean is not None:
        check_output(clean, force)
    if author is not None and not author.strip():
        raise UserError("--author: expected a name, got an empty one")
    signed = _read_signed(against) if against is not None else None
    if against is not None:
        from mou_wizard.docx.signed import open_signed

        open_signed(signed, str(against))
    old, _, notes = loaded_old = load_answers_with_data(old_path, round_trip=False)
    new, _, notes_new = loaded_new = load_answers_with_data(new_path, round_trip=False)
    answers_for(old_path, content, loaded_old)
    answers_for(new_path, content, loaded_new)
    check_pair(old, new, str(old_path), str(new_path), rename=rename)
    lines = notes + notes_new
    if same_file(old_path, new_path):
        lines.append(f"warning: {old_path} and {new_path} are the same file, so the revision shows no changes; "
                     "expected last cycle's answer file first, then the new one")
    if against is not None:
        result = revision_against(old, new, signed, content, name=str(against), author=author)
        data = result.data
        conflicts = sum(n.kind == "conflict" for n in result.notes)
        missing = sum(n.kind == "not applied" for n in result.notes)
        lines.append(f"Against {against}: {result.changes} change{'s' if result.changes != 1 else ''} proposed, "
                     f"{conflicts} conflict{'s' if conflicts != 1 else ''}, {missing} not applied")
        lines += [str(note) for note in result.notes]
    else:
        data = revision_for(old, new, content, author=author, summary=summary)
    clean_data = draft_bytes(new, content) if clean is not None else None
    written = []
    if clean is not None:
        atomic_write(clean, clean_data, overwrite=force)
        written.append(clean)
    atomic_write(out, data, overwrite=force)
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
    replace: frozenset[Path] = frozenset()  # the outputs that may replace a file already there
    note: str | None = None           # why the outputs are not at their usual names, if they are not

    def outputs(self) -> list[Path]:
        return [p for p in (self.answers_copy, self.clean, self.docx) if p is not None]


@dataclass(frozen=True)
class Finished:
    """What finishing an interview or a review wrote. Unpacks as (the draft shown, the answer file)."""

    draft: Path
    answers: Path
    written: tuple[Path, ...]
    clean: Path | None = None
    note: str | None = None

    def __iter__(self):
        return iter((self.draft, self.answers))

    def lines(self) -> list[str]:
        """What to tell the user: every file written, and why a name is not the usual one."""
        out = [self.note[0].upper() + self.note[1:] + "."] if self.note else []
        if self.clean is not None:
            out.append(f"Clean new draft written to {self.clean}")
        return out + [f"Draft written to {self.draft}", f"Answers saved in {self.answers}"]


def draft_job(session: Session) -> DraftJob:
    """Snapshot a session for writing its draft (call on the thread that drives the conversation)."""
    from mou_wizard.interview.session import ReviewSession

    answers, state = session.final_answers(), session.conversation.state()
    files = session.draft_files()
    previous = session.previous.model_copy(deep=True) if isinstance(session, ReviewSession) else None
    return DraftJob(session.content, answers, state, files.docx, files.answers_copy, session.path,
                    previous=previous, clean=files.clean, replace=files.replace, note=files.note)


def check_draft_outputs(session: Session) -> None:
    """At the start of an interview: refuse a draft name (``-o``) or the answer copy beside it that
    exists and may not be replaced, or that is the answer file, before any question is asked."""
    job = draft_job(session)
    check_distinct(job.outputs(), [session.path])
    for out in job.outputs():
        check_output_path(out, overwrite=out in job.replace)


def _write_all(job: DraftJob, files: list[tuple[Path, bytes | str]]) -> tuple[Path, ...]:
    """Write every output, having first checked them all (so a refusal writes none of them)."""
    check_distinct([p for p, _ in files], [job.answer_file])
    for path, _ in files:
        check_output_path(path, overwrite=path in job.replace)
    for path, data in files:
        atomic_write(path, data, overwrite=path in job.replace)
    return tuple(p for p, _ in files)


def finish_interview(job: DraftJob, progress: Progress | None = None) -> Finished:
    """Write the finished interview's draft (and the answers beside it, when it goes elsewhere).
    ``progress(done, what)`` is called after each of the three steps."""
    from mou_wizard.docx.parts import docx_bytes

    report_ = progress or (lambda done, what: None)
    content = job.content
    draft = build_draft(job.answers, content)
    report_(1, "clauses selected")
    data = docx_bytes(draft, content.document.base_docx)
    report_(2, "document laid out")
    files: list[tuple[Path, bytes | str]] = []
    if job.answers_copy is not None:
        files.append((job.answers_copy, dump_answers(job.answers, state=job.state)))
    files.append((job.docx, data))
    written = _write_all(job, files)
    report_(3, "written")
    return Finished(job.docx, job.answers_copy or job.answer_file, written, note=job.note)


def finish_review(job: DraftJob, progress: Progress | None = None) -> Finished:
    """Write the review's clean new draft and its revision draft (tracked changes against last cycle's)."""
    report_ = progress or (lambda done, what: None)
    content = job.content
    clean_bytes = draft_bytes(job.answers, content)
    report_(1, "new draft laid out")
    revision_data = revision_for(job.previous, job.answers, content)
    report_(2, "changes tracked")
    written = _write_all(job, [(job.clean, clean_bytes), (job.docx, revision_data)])
    report_(3, "written")
    return Finished(job.docx, job.answer_file, written, clean=job.clean, note=job.note)


def finish_signing_copy(job: DraftJob | Session) -> Path:
    """The signing copy of a finished interview, written beside its draft (``interview-signing.docx``;
    ``interview-signing-2.docx``... when that name holds a file this session did not write). Refused
    with a :class:`UserError` listing the open decisions while any remain; nothing is written then."""
    from mou_wizard.interview.session import _free_name, _key

    session = None
    if not isinstance(job, DraftJob):
        session, job = job, draft_job(job)
    data = signing_copy_bytes(job.answers, job.content, str(job.answer_file))
    out = job.docx.with_name(f"{job.docx.stem}-signing.docx")
    ours = session is not None and _key(out) in session.written
    if not ours:
        out = _free_name(out)
    check_distinct([out], [job.answer_file])
    atomic_write(out, data, overwrite=ours)
    if session is not None:
        session.wrote([out])
    return out


def finish(job: DraftJob | Session, progress: Progress | None = None) -> Finished:
    """The end of an interview or a review: what was written. Given a session, the job is taken from
    it first (only from the thread that drives it), and the session learns the files it wrote (so
    writing the draft again replaces them rather than picking new names)."""
    session = None
    if not isinstance(job, DraftJob):
        session, job = job, draft_job(job)
    done = finish_review(job, progress) if job.previous is not None else finish_interview(job, progress)
    if session is not None:
        session.wrote(done.written)
    return done


def draft_preview(answers: Answers, content: ContentBundle, step: int) -> str:
    """The clauses drafted so far that serve ``step``, as text (the TUI's draft pane, the 'draft' reply)."""
    from mou_wizard.interview.conversation import draft_preview as preview

    return preview(answers, content, step)

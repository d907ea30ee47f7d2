"""``mou-wizard revise OLD NEW --against SIGNED.docx -o REV.docx`` as a real process.

SIGNED is the 2025 draft of the review example as counsel left it (edited with python-docx the way
Word leaves a document: see tests/docx/test_signed_revision.py). The revision is opened again and
resolved with the accept / reject helpers. Then the error contract for a SIGNED that cannot be used:
exit 2, one line naming the file and what to do, nothing written.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from support import signed_revision_helpers
from support import ROOT, assert_user_error
from support import run_cli as cli

REVIEW_EXAMPLES = ROOT / "examples" / "review"
OLD = REVIEW_EXAMPLES / "harlan-valley-2025.yaml"
NEW = REVIEW_EXAMPLES / "harlan-valley-2026.yaml"




S = signed_revision_helpers()
H = S.H
q = H.q


def setup(folder: Path, signed: bytes | None = None) -> tuple[Path, Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    old, new = folder / OLD.name, folder / NEW.name
    shutil.copy(OLD, old)
    shutil.copy(NEW, new)
    path = folder / "signed-2025.docx"
    if signed is not None:
        path.write_bytes(signed)
    return old, new, path


def drafts():
    from mou_wizard.docx.parts import docx_bytes
    from mou_wizard.engine.drafting import build_draft
    from mou_wizard.files.answer_files import load_answers

    return tuple(docx_bytes(build_draft(load_answers(p), S.CONTENT), S.BASE_DOCX) for p in (OLD, NEW))


def change_count() -> int:
    from mou_wizard.docx.parts import compare
    from mou_wizard.engine.drafting import build_draft
    from mou_wizard.files.answer_files import load_answers

    return len(compare(*(build_draft(load_answers(p), S.CONTENT) for p in (OLD, NEW))))


COUNSEL = [S.reword("for as long as the officer serves as an SRO", "while the officer serves as an SRO"),
           S.strike_clause("Feedback from students, families and staff"),
           S.rename("Harlan County Sheriff's Office", "Office of the Sheriff of Harlan County"),
           S.counsel_comment]


@pytest.mark.slow
def test_revise_against_a_signed_document(tmp_path):
    old_docx, new_docx = drafts()
    signed = S.edited(old_docx, *COUNSEL)
    old, new, path = setup(tmp_path / "work", signed)
    rev = tmp_path / "work" / "rev.docx"
    proc = cli(tmp_path, "revise", str(old), str(new), "--against", str(path), "-o", str(rev),
               "--author", "Dana Whitfield")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert (proc.returncode, proc.stderr) == (0, "")
    lines = proc.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Against "))
    assert at > 0 and lines[0].startswith(f"migrated {old} from schema_version ")  # then the migration's notes
    assert lines[at] == f"Against {path}: {change_count()} changes proposed, 1 conflict, 1 not applied"
    assert lines[at + 1].startswith("conflict: Refresher training (17.2): the signed text says")
    assert any(line.startswith("not applied: Feedback from students, families and staff (18.6): ") for line in lines)
    assert lines[-1] == f"Wrote {rev}"
    data = rev.read_bytes()
    document = S.body_of(data)
    # Reject All: the signed document; Accept All: the signed document with the new answers' changes.
    S.assert_resolves(data, signed, S.edited(new_docx, *COUNSEL))
    marks = list(document.iter(q("ins"), q("del")))
    assert marks and {e.get(q("author")) for e in marks} == {"Dana Whitfield"}
    # Dated with NEW's draft date; counsel's comment kept beside ours.
    assert {e.get(q("date")) for e in marks} == {"2026-06-15T00:00:00Z"}
    assert {c.get(q("author")) for c in S.added_comments(data, signed)} == {"Dana Whitfield"}
    assert [S.comment_text(c) for c in S.comments(data) if c.get(q("author")) == "J. Counsel"] == [
        "Agreed at the May 12 meeting."]
    assert path.read_bytes() == signed, "the signed document is only read"


@pytest.mark.slow
def test_the_reviewer_recorded_in_the_review_is_the_default_author(tmp_path):
    old_docx, _ = drafts()
    old, new, path = setup(tmp_path / "work", old_docx)
    new.write_text(new.read_text().replace("review:\n", "review:\n  reviewer: Ruth Okafor\n", 1))
    rev = tmp_path / "work" / "rev.docx"
    proc = cli(tmp_path, "revise", str(old), str(new), "--against", str(path), "-o", str(rev))
    assert proc.returncode == 0, proc.stderr
    data = rev.read_bytes()
    assert {e.get(q("author")) for e in S.body_of(data).iter(q("ins"), q("del"))} == {"Ruth Okafor"}
    assert {(c.get(q("author")), c.get(q("initials"))) for c in S.added_comments(data, old_docx)} == {
        ("Ruth Okafor", "RO")}


# --- a signed document that cannot be used: exit 2, one line, nothing written --------------------


def _docx_with_tracked_changes() -> bytes:
    from mou_wizard.services import revision_for
    from mou_wizard.files.answer_files import load_answers

    return revision_for(load_answers(OLD), load_answers(NEW), S.CONTENT)


def _zip_without_word() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("notes.txt", "minutes of the signing meeting")
    return buffer.getvalue()


REFUSED = {
    "not-a-zip": (lambda: b"%PDF-1.7\n...", "is not a Word document (.docx)"),
    "zip-not-docx": (_zip_without_word, "is not a Word document (.docx) that can be read"),
    "password-protected": (lambda: S.encrypted(drafts()[0]), "is password-protected; open it in Word, remove the "
                                                             "password"),
    "tracked-changes": (_docx_with_tracked_changes, "tracked changes not yet accepted or rejected; in Word choose "
                                                    "Review > Accept All Changes"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(REFUSED))
def test_an_unusable_signed_document_is_refused(tmp_path, case):
    make, said = REFUSED[case]
    old, new, path = setup(tmp_path / "work", make())
    folder = tmp_path / "out"
    folder.mkdir()
    proc = cli(tmp_path, "revise", str(old), str(new), "--against", str(path), "-o", str(folder / "rev.docx"),
               "--clean", str(folder / "clean.docx"))
    message = assert_user_error(proc)
    assert message.startswith(f"{path}: ") and said in message
    assert os.listdir(folder) == [], "an output file was written"


@pytest.mark.slow
def test_a_missing_signed_document_or_an_empty_author_is_refused(tmp_path):
    old, new, path = setup(tmp_path / "work")
    out = tmp_path / "rev.docx"
    message = assert_user_error(cli(tmp_path, "revise", str(old), str(new), "--against", str(path), "-o", str(out)))
    assert message == f"{path}: file not found"
    message = assert_user_error(cli(tmp_path, "revise", str(old), str(new), "-o", str(out), "--author", " "))
    assert message == "--author: expected a name, got an empty one"
    assert not out.exists()


@pytest.mark.slow
def test_the_signed_document_is_never_the_output(tmp_path):
    old_docx, _ = drafts()
    old, new, path = setup(tmp_path / "work", old_docx)
    proc = cli(tmp_path, "revise", str(old), str(new), "--against", str(path), "-o", str(path), "--force")
    assert assert_user_error(proc) == (f"{path}: is also an input of this command ({path}); expected a different "
                                       "output file (an input is never overwritten)")
    assert path.read_bytes() == old_docx


# --- who and when ---------------------------------------------------------------------------------


def test_changes_are_dated_with_the_draft_date_else_the_review_date_else_today():
    import datetime

    from mou_wizard.files.answer_files import load_answers
    from mou_wizard.services import revision_date, revision_for

    old, new = load_answers(OLD), load_answers(NEW)
    assert revision_date(new) == new.document.draft_date == datetime.date(2026, 6, 15)
    new.document.draft_date, new.document.version = None, None
    new.review.date = datetime.date(2026, 5, 28)
    assert revision_date(new) == datetime.date(2026, 5, 28)
    new.review = None
    today = datetime.date.today()
    assert revision_date(new) in (today, datetime.date.today())
    stamps = {e.get(q("date")) for e in S.body_of(revision_for(old, new, S.CONTENT)).iter(q("ins"), q("del"))}
    assert stamps and all(not stamp.startswith("2000-") for stamp in stamps)
    assert stamps <= {f"{d.isoformat()}T00:00:00Z" for d in (today, datetime.date.today())}


def test_the_author_is_the_one_given_else_the_reviewer_else_mou_wizard():
    from mou_wizard.files.answer_files import load_answers
    from mou_wizard.services import revision_author

    new = load_answers(NEW)
    assert revision_author(new) == "mou-wizard"
    new.review.reviewer = "  Ruth   Okafor "
    assert revision_author(new) == "Ruth Okafor"
    assert revision_author(new, "Dana Whitfield") == "Dana Whitfield"

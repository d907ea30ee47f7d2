"""Sessions never destroy a file or lose an answer: the names of the files a finished interview or
review writes, the answer file's lock, saving before "Noted", and replies that cannot be read."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from mou_wizard import services
from mou_wizard.errors import UserError
from mou_wizard.files.answer_files import read_answer_file, save_answers
from mou_wizard.interview.conversation import Conversation
from mou_wizard.interview.flow import Flow
from mou_wizard.interview.plain import run_plain
from mou_wizard.interview.session import ReviewSession, Session
from support import CONTENT, ROOT, recommended

PREV = ROOT / "examples" / "review" / "harlan-valley-2025.yaml"
QUESTIONS = CONTENT.questions.questions


@pytest.fixture
def finished(tmp_path) -> Path:
    """A complete answer file in a folder of its own."""
    work = tmp_path / "work"
    work.mkdir()
    path = work / "foo.yaml"
    save_answers(path, recommended())
    return path


# --- the files a finished interview or review writes ---------------------------------------------


def test_interview_keeps_an_existing_draft_beside_the_answer_file(finished):
    old = finished.with_suffix(".docx")
    old.write_bytes(b"the signed copy")
    session = Session(finished, CONTENT)
    done = services.finish(session)
    new = finished.with_name("foo-2.docx")
    assert (done.draft, done.answers, done.written) == (new, finished, (new,))
    assert done.lines() == ["Kept the existing foo.docx; writing foo-2.docx instead.",
                            f"Draft written to {new}", f"Answers saved in {finished}"]
    assert old.read_bytes() == b"the signed copy"
    # Writing the draft again (the TUI's ctrl+o) replaces this session's own draft, not another.
    again = services.finish(session)
    assert again.draft == new
    assert sorted(os.listdir(finished.parent)) == ["foo-2.docx", "foo.docx", "foo.yaml"]


def test_default_answer_file_gets_its_draft_beside_it_and_no_copy(tmp_path, monkeypatch, finished):
    """The answer file (the default one in the data folder too) is the only copy of the answers: the
    draft goes beside it, never into the current folder, and no second answer file is written."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    finished.with_suffix(".docx").write_bytes(b"kept")
    done = services.finish(Session(finished, CONTENT, explicit=False))
    assert (done.draft, done.answers) == (finished.with_name(f"{finished.stem}-2.docx"), finished)
    assert done.written == (done.draft,)
    assert finished.with_suffix(".docx").read_bytes() == b"kept"
    assert os.listdir(cwd) == []


def test_named_draft_is_refused_when_it_exists_and_no_answer_copy_is_written(finished):
    report = finished.with_name("report.docx")
    report.write_bytes(b"somebody else's report")
    session = Session(finished, CONTENT, report)
    with pytest.raises(UserError, match=f"^{report}: already exists; use --force to overwrite it$"):
        services.check_draft_outputs(session)
    with pytest.raises(UserError, match="already exists"):
        services.finish(session)
    assert report.read_bytes() == b"somebody else's report"
    forced = Session(finished, CONTENT, report, force=True)
    services.check_draft_outputs(forced)
    done = services.finish(forced)
    assert done.written == (report,) and done.answers == finished
    assert not finished.with_name("report.yaml").exists()
    assert report.read_bytes().startswith(b"PK")


def test_review_keeps_existing_drafts_beside_the_new_answer_file(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    prev = work / PREV.name
    shutil.copy(PREV, prev)
    new = work / "new.yaml"
    for name in ("new.docx", "new-revision.docx"):
        (work / name).write_bytes(b"kept")
    session = ReviewSession(prev, CONTENT, new)
    done = services.finish(session)
    assert (done.clean, done.draft) == (work / "new-2.docx", work / "new-2-revision.docx")
    assert done.lines()[:3] == ["Kept the existing new.docx and new-revision.docx; writing new-2.docx and "
                                "new-2-revision.docx instead.",
                                f"Clean new draft written to {work / 'new-2.docx'}",
                                f"Draft written to {work / 'new-2-revision.docx'}"]
    assert (work / "new.docx").read_bytes() == (work / "new-revision.docx").read_bytes() == b"kept"


def test_answer_files_and_review_outputs_must_be_yaml(tmp_path):
    with pytest.raises(UserError, match=r"ans\.docx: expected an answer file name ending in \.yaml or \.yml$"):
        Session(tmp_path / "ans.docx", CONTENT)
    with pytest.raises(UserError, match=r"rv\.docx: expected -o an answer file name ending in \.yaml or \.yml$"):
        ReviewSession(PREV, CONTENT, tmp_path / "rv.docx")
    assert os.listdir(tmp_path) == []


# --- the lock --------------------------------------------------------------------------------------


def test_a_second_locked_session_on_the_same_file_is_refused(finished):
    with Session(finished, CONTENT, lock=True):
        with pytest.raises(UserError, match=f"^{finished}: another mou-wizard session has this answer file "
                                            rf"open \(pid {os.getpid()}\); close it first$"):
            Session(finished, CONTENT, lock=True)
    with Session(finished, CONTENT, lock=True) as again:
        assert again.lock.held


# --- plain mode: saved before it is said, and replies that cannot be read ------------------------


def test_plain_mode_saves_before_it_says_noted(tmp_path):
    path = tmp_path / "answers.yaml"
    session = Session(path, CONTENT)
    out = io.StringIO()
    shown_at_save: list[str] = []
    save = session.save

    def recording_save():
        shown_at_save.append(out.getvalue())
        save()

    session.save = recording_save
    run_plain(session, io.StringIO("Oak Unified School District\n"), out,
              coverage_line=lambda: "", finish=lambda: None)
    assert "Noted: Oak Unified School District." in out.getvalue()
    saves_of_the_answer = [shown for shown in shown_at_save if shown.count("> ") == 1]
    assert saves_of_the_answer, shown_at_save
    assert "Noted" not in saves_of_the_answer[0], "the answer was said to be noted before it was saved"


def test_plain_mode_refuses_a_line_that_is_not_utf8(tmp_path):
    path = tmp_path / "answers.yaml"
    session = Session(path, CONTENT)
    out = io.StringIO()
    # "Caf\xe9" as Latin-1 bytes, read with errors="surrogateescape" (as the command line reads stdin).
    typed = b"Caf\xe9 Unified School District\nOak Unified School District\n".decode("utf-8", "surrogateescape")
    run_plain(session, io.StringIO(typed), out, coverage_line=lambda: "", finish=lambda: None)
    assert "That line held bytes that are not UTF-8 text, so I left it out; please type it again." in out.getvalue()
    assert read_answer_file(path).answers.parties.district_name == "Oak Unified School District"


@pytest.mark.parametrize("reply", ["9" * 5000, "1" + "0" * 4400 + " hours", "every " + "9" * 4500 + " years",
                                   "A" * 10_000_000])
def test_a_reply_too_long_to_read_is_an_error_not_a_crash(reply):
    conv = Conversation(Flow(None, CONTENT.questions), CONTENT)
    conv.greeting(False)
    for qid in ("initial_hours", "term", "goals", "district_name"):
        conv.flow.cursor = qid
        r = conv.handle(reply)
        assert [m.kind for m in r.messages] == ["error"]
        assert not r.changed
    assert conv.snapshot().training.initial_hours is None


def test_starting_over_keeps_a_symlinked_answer_file_a_link(tmp_path, finished):
    link = tmp_path / "answers.yaml"
    link.symlink_to(finished)
    session = Session(link, CONTENT)
    backup = session.start_over()
    assert backup == tmp_path / "answers.previous.yaml" and not backup.is_symlink()
    assert read_answer_file(backup).answers == recommended()
    assert link.is_symlink() and os.readlink(link) == str(finished)
    assert read_answer_file(finished).answers.parties.district_name is None  # the fresh interview, through the link

"""No answer lost, no file destroyed, nothing corrupt: the answers model's strictness and limits, the
output checks of ``atomic_write``, and the answer file's lock (in-process; the processes are in
``tests/cli/test_safety_cli.py``)."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys

import pytest
from pydantic import ValidationError

from mou_wizard.domain.answers import MAX_ITEMS, MAX_TEXT, Answers
from mou_wizard.errors import UserError
from mou_wizard.files.answer_files import atomic_write, check_output_path, parse_answer_file, read_answer_file, \
    save_answers
from mou_wizard.files.locks import AnswerFileLock, lock_path


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- the answers model ---------------------------------------------------------------------------


def test_blank_names_and_schools_are_unanswered_never_blank():
    a = Answers.model_validate({"parties": {"district_name": "   ", "agency_name": "\t",
                                            "schools": ["  Oak High  ", " ", ""]}})
    assert a.parties.district_name is None and a.parties.agency_name is None
    assert a.parties.schools == ["Oak High"]
    assert Answers.model_validate({"parties": {"schools": [" ", ""]}}).parties.schools is None
    a.parties.district_name = "  Oak Unified "
    assert a.parties.district_name == "Oak Unified"
    with pytest.raises(ValidationError, match="must not be empty"):
        Answers.model_validate({"parties": {"signatories": [{"name": " ", "title": "Chief", "party": "agency"}]}})


def test_a_blank_district_renders_as_the_unanswered_placeholder():
    from mou_wizard.services import draft_bytes
    from support import CONTENT

    blank = Answers.model_validate({"parties": {"district_name": "  ", "agency_name": "Oak PD"}})
    unanswered = Answers.model_validate({"parties": {"agency_name": "Oak PD"}})
    assert draft_bytes(blank, CONTENT) == draft_bytes(unanswered, CONTENT)


@pytest.mark.parametrize("field,value", [
    ("parties.term_months", True), ("parties.term_months", "12"), ("parties.term_months", 12.0),
    ("parties.effective_date", 0), ("parties.effective_date", "August 1"),
    ("parties.effective_date", dt.datetime(2026, 8, 1, 10, 30)), ("partnership.mou_team", 1),
    ("partnership.mou_team", 0), ("partnership.mou_team", "yes"),
])
def test_answers_are_not_coerced(field, value):
    section, name = field.split(".")
    with pytest.raises(ValidationError):
        Answers.model_validate({section: {name: value}})


def test_what_the_interview_stores_is_still_accepted():
    a = Answers.model_validate({"parties": {"term_months": 36, "effective_date": dt.date(2026, 8, 1)},
                                "partnership": {"mou_team": True}})
    assert a.parties.term_months == 36 and a.partnership.mou_team is True
    # A quoted ISO date in a hand-edited file is a date too.
    assert Answers.model_validate({"parties": {"effective_date": "2026-08-01"}}).parties.effective_date == \
        dt.date(2026, 8, 1)


def test_lists_refuse_duplicates_and_text_has_limits():
    with pytest.raises(ValidationError, match="'Oak High' is listed twice"):
        Answers.model_validate({"parties": {"schools": ["Oak High", "Elm Middle", "Oak High"]}})
    with pytest.raises(ValidationError, match="'ferpa' is listed twice"):
        Answers.model_validate({"civil_rights": {"laws": ["ferpa", "ferpa"]}})
    with pytest.raises(ValidationError, match="at most 2,000 are allowed"):
        Answers.model_validate({"parties": {"district_name": "A" * (MAX_TEXT + 1)}})
    with pytest.raises(ValidationError, match="at most 200 are allowed"):
        Answers.model_validate({"parties": {"schools": [f"School {i}" for i in range(MAX_ITEMS + 1)]}})
    ok = Answers.model_validate({"parties": {"district_name": "A" * MAX_TEXT,
                                             "schools": [f"School {i}" for i in range(MAX_ITEMS)]}})
    assert len(ok.parties.schools) == MAX_ITEMS


def test_text_that_cannot_be_saved_is_refused():
    # What bytes that are not UTF-8 become when decoded with surrogateescape.
    with pytest.raises(ValidationError, match="U\\+DCFF"):
        Answers.model_validate({"parties": {"district_name": "Caf\udcff Unified"}})


def test_v1_file_with_both_partner_keys_is_refused_not_merged():
    text = ("schema_version: 1\ncivil_rights:\n  diversion_partner: Youth Court\n"
            "  diversion_partners: [Teen Court]\n")
    with pytest.raises(UserError, match=r"^old\.yaml: line 3: civil_rights: both diversion_partner \(version 1\) "
                                        r"and diversion_partners \(version 2\) are given"):
        parse_answer_file(text, "old.yaml")
    # Either key alone still migrates.
    one = parse_answer_file("schema_version: 1\ncivil_rights:\n  diversion_partner: Youth Court\n", "a.yaml")
    assert one.answers.civil_rights.diversion_partners == ["Youth Court"]


# --- writing files -------------------------------------------------------------------------------


def test_a_symlinked_answer_file_is_written_through(tmp_path, recommended):
    real = tmp_path / "real" / "answers.yaml"
    real.parent.mkdir()
    real.write_text("schema_version: 2\n")
    link = tmp_path / "answers.yaml"
    link.symlink_to(real)
    save_answers(link, recommended)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert read_answer_file(real).answers == recommended
    assert sorted(os.listdir(tmp_path)) == ["answers.yaml", "real"]
    assert os.listdir(real.parent) == ["answers.yaml"]


def test_replacing_a_file_never_copies_execute_or_special_bits(tmp_path):
    out = tmp_path / "draft.docx"
    out.write_bytes(b"old")
    out.chmod(0o755)
    atomic_write(out, b"new")
    assert out.read_bytes() == b"new"
    assert stat.S_IMODE(out.stat().st_mode) == 0o755 & 0o666 & ~umask()
    out.chmod(0o600)  # a file kept private stays private
    atomic_write(out, b"newer")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_a_setuid_file_is_never_replaced(tmp_path):
    target = tmp_path / "tool"
    target.write_bytes(b"#!/bin/sh\n")
    target.chmod(0o4755)
    link = tmp_path / "draft.docx"
    link.symlink_to(target)
    for path in (target, link):
        with pytest.raises(UserError, match="special permissions"):
            atomic_write(path, b"draft")
    assert target.read_bytes() == b"#!/bin/sh\n" and stat.S_IMODE(target.stat().st_mode) == 0o4755


def test_devices_pipes_and_dangling_links_are_refused(tmp_path):
    device = tmp_path / "null.docx"
    device.symlink_to(os.devnull)
    with pytest.raises(UserError, match="is not a regular file"):
        check_output_path(device, overwrite=True)
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="is not a regular file"):
        check_output_path(fifo, overwrite=True)
    dangling = tmp_path / "gone.docx"
    dangling.symlink_to(tmp_path / "nowhere" / "x.docx")
    with pytest.raises(UserError, match="which does not exist"):
        atomic_write(dangling, b"draft")
    assert not (tmp_path / "nowhere").exists() and dangling.is_symlink()


def test_long_file_names(tmp_path):
    legal = tmp_path / ("d" * 245 + ".docx")  # 250 bytes: legal, and so is its temporary file's name
    atomic_write(legal, b"draft")
    assert legal.read_bytes() == b"draft"
    assert sorted(os.listdir(tmp_path)) == [legal.name]
    too_long = tmp_path / ("d" * 300 + ".docx")
    with pytest.raises(UserError, match=r"the file name is too long \(305 bytes; at most 255\)"):
        atomic_write(too_long, b"draft")
    with pytest.raises(UserError, match="the file name is too long"):
        read_answer_file(tmp_path / ("a" * 300 + ".yaml"))


def test_no_overwrite_refuses_a_file_that_appears_meanwhile(tmp_path):
    out = tmp_path / "draft.docx"
    atomic_write(out, b"first", overwrite=False)
    with pytest.raises(UserError, match="already exists"):
        atomic_write(out, b"second", overwrite=False)
    assert out.read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["draft.docx"]


# --- the lock ------------------------------------------------------------------------------------


def test_one_lock_per_answer_file(tmp_path):
    answers = tmp_path / "answers.yaml"
    with AnswerFileLock(answers) as first:
        assert first.held and lock_path(answers) == tmp_path / ".answers.yaml.lock"
        assert lock_path(answers).read_text() == f"{os.getpid()}\n"
        with pytest.raises(UserError) as err:
            AnswerFileLock(answers).acquire()
        assert str(err.value) == (f"{answers}: another mou-wizard session has this answer file open "
                                  f"(pid {os.getpid()}); close it first")
        # Another name for the same file (a link) is the same lock.
        link = tmp_path / "link.yaml"
        link.symlink_to(answers)
        with pytest.raises(UserError, match="another mou-wizard session"):
            AnswerFileLock(link).acquire()
    assert not lock_path(answers).exists()  # let go: the lock file is removed
    with AnswerFileLock(answers):  # and the next session takes it
        pass


def test_a_stale_lock_is_taken_over(tmp_path):
    answers = tmp_path / "answers.yaml"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    lock_path(answers).write_text(dead.stdout)  # left by a session that was killed
    with AnswerFileLock(answers):
        assert lock_path(answers).read_text() == f"{os.getpid()}\n"

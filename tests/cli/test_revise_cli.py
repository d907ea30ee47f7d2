"""``mou-wizard revise OLD NEW -o REV.docx --clean CLEAN.docx`` as a real process, on the review example.

OLD (harlan-valley-2025, schema_version 1) is migrated on the way in. The revision is checked against
what :mod:`mou_wizard.docx.revision` and :mod:`mou_wizard.docx.reasons` say it should hold: one comment per
change with its reason, the summary grouped by answer, and "Accept All" / "Reject All" (the helpers of
tests/docx/test_revision_docx.py) giving the clean new draft / the old draft. Then the error contract: exit
2, one line naming the file and the field or line, and no output file written.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import docx
import pytest

from mou_wizard.files.answer_files import load_answers
from mou_wizard.docx.parts import docx_bytes
from mou_wizard.engine.drafting import build_draft
from mou_wizard.docx.reasons import reasons_for
from mou_wizard.docx.revision import compare
from mou_wizard.docx.summary import front_matter
from support import revision_helpers
from support import ROOT, assert_user_error
from support import run_cli as cli
from support import BASE_DOCX, CONTENT

REVIEW_EXAMPLES = ROOT / "examples" / "review"
OLD = REVIEW_EXAMPLES / "harlan-valley-2025.yaml"
NEW = REVIEW_EXAMPLES / "harlan-valley-2026.yaml"




H = revision_helpers()


def copy_pair(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    old, new = folder / OLD.name, folder / NEW.name
    shutil.copy(OLD, old)
    shutil.copy(NEW, new)
    return old, new


@pytest.fixture(scope="module")
def revised(tmp_path_factory):
    """One run of the command on a copy of the example pair."""
    tmp = tmp_path_factory.mktemp("revise")
    old, new = copy_pair(tmp / "work")
    rev, clean = tmp / "work" / "rev.docx", tmp / "work" / "clean.docx"
    proc = cli(tmp, "revise", str(old), str(new), "-o", str(rev), "--clean", str(clean))
    return {"tmp": tmp, "old": old, "new": new, "rev": rev, "clean": clean, "proc": proc}


@pytest.fixture(scope="module")
def expected():
    old, new = load_answers(OLD), load_answers(NEW)
    old_draft, new_draft = build_draft(old, CONTENT), build_draft(new, CONTENT)
    changes = compare(old_draft, new_draft)
    front = front_matter(old, new, old_draft, new_draft, changes, CONTENT, new.review.date)
    return {"old": old, "new": new, "old_draft": old_draft, "new_draft": new_draft, "changes": changes,
            "front": front, "reasons": reasons_for(old, new, changes, CONTENT, appendix=front.appendix)}


# --- a revision ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_revise_reports_the_migration_and_writes_both_files(revised):
    proc = revised["proc"]
    assert "Traceback" not in proc.stderr, proc.stderr
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.splitlines() == [
        f"migrated {revised['old']} from schema_version 1 to 2",
        f"migrated {revised['old']} from schema_version 2 to 3",
        f"{revised['old']}: partnership.stakeholders: the groups named are kept as those that will take part in "
        "reviewing the MOU (stakeholders_planned); which groups have already taken part is open again",
        f"{revised['old']}: partnership.model_mou: 'Ohio School Safety Center model SRO agreement' is open again: "
        "the question now offers the state model agreements the wizard knows, or 'none'",
        f"Wrote {revised['clean']}",
        f"Wrote {revised['rev']}",
    ]
    for path in (revised["rev"], revised["clean"]):
        assert docx.Document(str(path)).paragraphs
    # The answer files are only read.
    assert revised["old"].read_bytes() == OLD.read_bytes() and revised["new"].read_bytes() == NEW.read_bytes()
    assert sorted(os.listdir(revised["rev"].parent)) == sorted([OLD.name, NEW.name, "rev.docx", "clean.docx"])


@pytest.mark.slow
def test_the_revision_tracks_changes_with_one_comment_each(revised, expected):
    data = revised["rev"].read_bytes()
    document = H.part(data, "word/document.xml")
    assert H.changes_xml(document, "ins") and H.changes_xml(document, "del")
    changes, reasons = expected["changes"], expected["reasons"]
    assert len(changes) >= 10
    assert set(reasons) == {c.clause_id for c in changes}
    comments = H.comments_by_id(data)
    # Comments are numbered in the order of the changes; each says why its clause changed. Then the
    # flag: the example keeps last cycle's effective date (before the review).
    assert len(comments) == len(changes) + 1
    texts = [H.comment_text(comments[str(i)]) for i in range(len(changes) + 1)]
    assert texts[:-1] == [reasons[c.clause_id] for c in changes]
    assert texts[-1] == expected["front"].flags[0] and texts[-1].startswith("Stale effective date")
    # Each comment is anchored in the document.
    anchored = {e.get(H.q("id")) for e in document.iter(H.q("commentReference"))}
    assert anchored == set(comments)


@pytest.mark.slow
def test_the_summary_groups_the_changes_by_answer(revised, expected):
    rows = H.summary_rows(revised["rev"].read_bytes())
    assert rows[0] == ["Answer", "Was", "Now", "Sections it changes"]
    front = expected["front"]
    want = [[r.label, r.old, r.new, ", ".join(r.sections) or "No wording depends on it"] for r in front.rows]
    assert rows[1:len(want) + 1] == want
    by_label = {r[0]: r for r in rows[1:]}
    assert by_label["Refresher training"][1:] == ["8 hours", "16 hours", "17.2"]
    assert by_label["Selection"][3] == "old 14.2 (removed), 14.2 (added), Appendix A (SEC-3.2)"
    # Every change is in some row: each section named by an answer or as another change.
    named = {s for r in front.rows for s in r.sections} | set(front.other)
    for change in expected["changes"]:
        if change.clause_id != "appendix":
            assert any(s.startswith((change.new_number or "~", f"old {change.old_number}", change.title))
                       for s in named), change


@pytest.mark.slow
def test_the_reasons_name_the_changed_answers(revised, expected):
    reasons = expected["reasons"]
    assert "Refresher training: 8 hours → 16 hours" in reasons["training.refresher"]
    assert "Complaint receiver: the Agency → the District and the Agency jointly" in reasons["complaints.process"]
    assert "MOU team: No → Yes" in reasons["partnership.mou_team"]
    kinds = {c.clause_id: c.kind for c in expected["changes"]}
    assert kinds["partnership.mou_team"] == "added" and kinds["selection.agency_assigns"] == "removed"
    comments = {H.comment_text(c) for c in H.comments_by_id(revised["rev"].read_bytes()).values()}
    for said in ("Refresher training: 8 hours → 16 hours", "Complaint receiver: the Agency → the District",
                 "MOU team: No → Yes"):
        assert any(said in c for c in comments), said


@pytest.mark.slow
def test_accept_all_gives_the_clean_draft_and_reject_all_the_old_one(revised, expected):
    data = revised["rev"].read_bytes()
    clean = revised["clean"].read_bytes()
    assert clean == docx_bytes(expected["new_draft"], BASE_DOCX)
    old = docx_bytes(expected["old_draft"], BASE_DOCX)
    document = H.without_summary(H.part(data, "word/document.xml"))
    header = H.part(data, H.header_name(data))
    for resolve, want in ((H.accept_all, clean), (H.reject_all, old)):
        got = H.paragraphs(resolve(document))
        assert got == H.paragraphs(H.part(want, "word/document.xml")), resolve.__name__
        assert [t for _, t in got] == [t for _, t in H.paragraphs(H.part(want, "word/document.xml"))]
        assert H.paragraphs(resolve(header)) == H.paragraphs(H.part(want, H.header_name(want))), resolve.__name__


@pytest.mark.slow
def test_same_inputs_give_the_same_bytes(revised, tmp_path):
    old, new = copy_pair(tmp_path / "again")
    rev = tmp_path / "again" / "rev.docx"
    proc = cli(tmp_path, "revise", str(old), str(new), "-o", str(rev), hashseed="12345")
    assert proc.returncode == 0, proc.stderr
    assert rev.read_bytes() == revised["rev"].read_bytes()
    # And overwriting with --force gives them once more.
    proc = cli(tmp_path, "revise", str(old), str(new), "-o", str(rev), "--force", hashseed="777")
    assert proc.returncode == 0, proc.stderr
    assert rev.read_bytes() == revised["rev"].read_bytes()


# --- errors: exit 2, one line naming the file and field, nothing written ----------------------------


def _run_refused(tmp_path: Path, old: Path, new: Path) -> str:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    before = sorted(os.listdir(folder))
    proc = cli(tmp_path, "revise", str(old), str(new), "-o", str(folder / "rev.docx"),
               "--clean", str(folder / "clean.docx"))
    message = assert_user_error(proc)
    assert sorted(os.listdir(folder)) == before, "an output file was written"
    return message


@pytest.mark.slow
def test_answer_files_for_different_parties_are_refused(tmp_path):
    old, new = copy_pair(tmp_path / "work")
    other = tmp_path / "work" / "other-district.yaml"
    other.write_text(new.read_text().replace("district_name: Harlan Valley Local School District",
                                             "district_name: Harlan Hills City School District"))
    message = _run_refused(tmp_path, old, other)
    assert message.startswith(f"{other}: parties.district_name: ")
    assert "Harlan Hills City School District" in message and "Harlan Valley Local School District" in message
    assert str(old) in message


@pytest.mark.slow
def test_new_older_than_old_is_refused(tmp_path):
    old, new = copy_pair(tmp_path / "work")
    message = _run_refused(tmp_path, new, old)  # swapped: 2.0 first, then 1.0
    assert message.startswith(f"{old}: document.version: '1.0' is older than '2.0' in {new}")


@pytest.mark.slow
def test_a_corrupt_file_is_refused_with_its_line(tmp_path):
    old, new = copy_pair(tmp_path / "work")
    lines = new.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, start=1) if line == "  refresher_hours: 16\n")
    lines[number - 1] = "  refresher_hours: 16: hours\n"
    new.write_text("".join(lines))
    message = _run_refused(tmp_path, old, new)
    assert message.startswith(f"{new}: line {number}, column ")
    assert "YAML syntax error" in message


@pytest.mark.slow
def test_a_missing_file_is_refused(tmp_path):
    old, new = copy_pair(tmp_path / "work")
    missing = tmp_path / "work" / "harlan-valley-2024.yaml"
    assert _run_refused(tmp_path, missing, new) == f"{missing}: file not found"
    assert _run_refused(tmp_path, old, missing) == f"{missing}: file not found"


@pytest.mark.slow
@pytest.mark.parametrize("existing", ["rev", "clean"])
def test_an_existing_output_without_force_is_refused(tmp_path, existing):
    old, new = copy_pair(tmp_path / "work")
    folder = tmp_path / "out"
    folder.mkdir()
    rev, clean = folder / "rev.docx", folder / "clean.docx"
    there = rev if existing == "rev" else clean
    there.write_bytes(b"not to be overwritten")
    proc = cli(tmp_path, "revise", str(old), str(new), "-o", str(rev), "--clean", str(clean))
    message = assert_user_error(proc)
    assert message == f"{there}: already exists; use --force to overwrite it"
    assert there.read_bytes() == b"not to be overwritten"
    assert sorted(os.listdir(folder)) == [there.name], "the other output was written"


# --- renames, the same file twice, version labels without numbers (in-process) ----------------------


def _revise(capsys, *args):
    from mou_wizard.cli import main

    rc = main(["revise", *map(str, args)])
    out, err = capsys.readouterr()
    return rc, out, err


def test_a_renamed_district_is_compared_with_rename_and_shown_as_a_change(tmp_path, capsys):
    old, new = copy_pair(tmp_path / "work")
    new.write_text(new.read_text().replace("district_name: Harlan Valley Local School District",
                                           "district_name: Harlan Valley City Schools"))
    out = tmp_path / "rev.docx"
    rc, _, err = _revise(capsys, old, new, "-o", out)
    assert rc == 2 and "(if the party was renamed, add --rename)" in err and not out.exists()
    rc, stdout, err = _revise(capsys, old, new, "-o", out, "--rename")
    assert (rc, err) == (0, "") and f"Wrote {out}" in stdout
    root = H.part(out.read_bytes(), "word/document.xml")
    assert any("City Schools" in text for text in H.change_texts(root, "ins"))
    assert any("Local School District" in text for text in H.change_texts(root, "del"))


def test_the_same_file_twice_gets_a_warning(tmp_path, capsys):
    old, _ = copy_pair(tmp_path / "work")
    out = tmp_path / "rev.docx"
    rc, stdout, _ = _revise(capsys, old, old, "-o", out)
    assert rc == 0 and out.exists()
    assert (f"warning: {old} and {old} are the same file, so the revision shows no changes; expected last "
            "cycle's answer file first, then the new one") in stdout.splitlines()


def _labelled(path: Path, version: str, dated: bool) -> None:
    lines = [line for line in path.read_text().splitlines(keepends=True)
             if dated or not line.lstrip().startswith(("draft_date:", "date:"))]
    text = "".join(lines)
    for old_version in ('version: "1.0"', 'version: "2.0"'):
        text = text.replace(old_version, f"version: {version}")
    path.write_text(text)


def test_version_labels_without_numbers_are_ordered_by_date(tmp_path, capsys):
    old, new = copy_pair(tmp_path / "work")
    _labelled(old, "spring draft", dated=True)
    _labelled(new, "final", dated=True)
    rc, _, err = _revise(capsys, old, new, "-o", tmp_path / "rev.docx")
    assert (rc, err) == (0, "")
    rc, _, err = _revise(capsys, new, old, "-o", tmp_path / "rev2.docx")
    assert rc == 2 and "document.draft_date: " in err and "is earlier than" in err


def test_version_labels_nothing_orders_are_refused(tmp_path, capsys):
    old, new = copy_pair(tmp_path / "work")
    _labelled(old, "spring draft", dated=False)
    _labelled(new, "final", dated=False)
    out = tmp_path / "rev.docx"
    rc, stdout, err = _revise(capsys, old, new, "-o", out)
    assert (rc, stdout) == (2, "") and not out.exists()
    assert err == (f"mou-wizard: error: {new}: document.version: cannot tell whether 'final' comes after "
                   f"'spring draft' in {old}: the labels are not both version numbers and the files have no draft dates; expected "
                   "version numbers (such as 1.0 and 1.1) or a document.draft_date in each file\n")

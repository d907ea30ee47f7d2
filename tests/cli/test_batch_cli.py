"""Batch forms through the real command: ``render DIR_OR_FILES... -o FOLDER`` and ``check DIR --format
json|csv``. Real answer files in a temporary folder, real worker processes, real DOCX files reopened."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import docx
import pytest

from support import ERROR_PREFIX, ROOT, assert_user_error
from support import run_cli as cli

pytestmark = pytest.mark.slow

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
BAD = "schema_version: 3\nparties:\n  district_name: Test\ntraining:\n  initial_hours: forty-ish\n"


def body_text(path: Path) -> str:
    d = docx.Document(str(path))
    return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])


def district(path: Path) -> str:
    for line in path.read_text().splitlines():
        if line.strip().startswith("district_name:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(path)


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    """The examples and a bad file among them, in one folder."""
    folder = tmp_path / "answers"
    folder.mkdir()
    for ex in EXAMPLES:
        shutil.copy(ex, folder / ex.name)
    (folder / "broken.yaml").write_text(BAD)
    (folder / "notes.txt").write_text("not an answer file")
    return folder


def test_a_folder_renders_every_good_file_and_names_the_bad_one(tmp_path, answers):
    out = tmp_path / "drafts"
    proc = cli(tmp_path, "render", str(answers), "-o", str(out), "--jobs", "2")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    failures = [line for line in proc.stderr.splitlines() if line.startswith(ERROR_PREFIX)]
    assert len(failures) == 1 and str(answers / "broken.yaml") in failures[0] and "line 5: training.initial_hours" in failures[0]
    assert "\x1b" not in proc.stderr  # no progress bar when standard error is not a terminal
    assert f"Rendered {len(EXAMPLES)} of {len(EXAMPLES) + 1} answer files: 1 failed, 0 skipped" in proc.stdout
    assert "drafts/s" in proc.stdout
    assert sorted(os.listdir(out)) == sorted(ex.stem + ".docx" for ex in EXAMPLES)  # no temporary files left
    for ex in EXAMPLES:
        assert district(ex) in body_text(out / f"{ex.stem}.docx")


def test_the_batch_draft_is_the_single_render_draft(tmp_path, answers):
    ex = EXAMPLES[0]
    assert cli(tmp_path, "render", str(ex), "-o", str(tmp_path / "one.docx")).returncode == 0
    proc = cli(tmp_path, "render", str(ex), str(EXAMPLES[1]), "-o", str(tmp_path / "many"), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "many" / f"{ex.stem}.docx").read_bytes() == (tmp_path / "one.docx").read_bytes()


def test_an_existing_output_is_skipped_unless_force(tmp_path, answers):
    out = tmp_path / "drafts"
    out.mkdir()
    kept = out / f"{EXAMPLES[0].stem}.docx"
    kept.write_bytes(b"counsel's copy")
    files = [str(ex) for ex in EXAMPLES]
    proc = cli(tmp_path, "render", *files, "-o", str(out), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert f"{kept}: already exists; skipped (use --force to replace it)" in proc.stderr
    assert f"1 skipped" in proc.stdout
    assert kept.read_bytes() == b"counsel's copy"
    proc = cli(tmp_path, "render", *files, "-o", str(out), "--force", "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert f"Rendered {len(EXAMPLES)} of {len(EXAMPLES)}" in proc.stdout
    assert district(EXAMPLES[0]) in body_text(kept)


def test_an_output_that_is_an_input_is_never_written_even_with_force(tmp_path, answers):
    """A link named like a draft but pointing at an answer file: that file fails, the rest render."""
    target = answers / EXAMPLES[0].name
    before = target.read_bytes()
    (answers / f"{EXAMPLES[1].stem}.docx").symlink_to(target)
    proc = cli(tmp_path, "render", *[str(answers / ex.name) for ex in EXAMPLES], "-o", str(answers), "--force")
    assert proc.returncode == 2
    assert "is also an input of this command" in proc.stderr
    assert target.read_bytes() == before
    assert (answers / f"{EXAMPLES[0].stem}.docx").is_file()


def test_two_answer_files_with_one_output_name(tmp_path, answers):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(EXAMPLES[0], other / EXAMPLES[0].name)
    proc = cli(tmp_path, "render", str(answers / EXAMPLES[0].name), str(other / EXAMPLES[0].name),
               "-o", str(tmp_path / "d"))
    assert proc.returncode == 2
    assert "expected answer files with different names" in proc.stderr
    assert (tmp_path / "d" / f"{EXAMPLES[0].stem}.docx").is_file()


@pytest.mark.parametrize("args, words", [
    (["-o", "{tmp}/x.docx"], "-o names a folder"),
    (["-o", "{tmp}/d", "--jobs", "0"], "--jobs: expected a whole number of at least 1"),
])
def test_batch_option_errors(tmp_path, answers, args, words):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    files = [str(answers / ex.name) for ex in EXAMPLES]
    assert words in assert_user_error(cli(tmp_path, "render", *files, *args))


def test_jobs_is_refused_for_one_file(tmp_path):
    msg = assert_user_error(cli(tmp_path, "render", str(EXAMPLES[0]), "-o", str(tmp_path / "a.docx"), "--jobs", "2"))
    assert "--jobs" in msg
    assert not (tmp_path / "a.docx").exists()


def test_check_a_folder_as_csv(tmp_path, answers):
    proc = cli(tmp_path, "check", str(answers), "--format", "csv", "--jobs", "2")
    assert proc.returncode == 2
    bad = [line for line in proc.stderr.splitlines() if line.startswith(ERROR_PREFIX)]
    assert len(bad) == 1 and "broken.yaml" in bad[0]
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    files = {r["file"] for r in rows}
    assert files == {str(answers / ex.name) for ex in EXAMPLES}
    per_file = {f: [r["item"] for r in rows if r["file"] == f] for f in files}
    items = next(iter(per_file.values()))
    assert all(v == items for v in per_file.values()) and len(items) == len(set(items)) > 20
    assert all(i.startswith("SEC-") for i in items)
    assert {r["status"] for r in rows} <= {"met", "partly", "against", "missing"}
    for ex in EXAMPLES:
        assert {r["district"] for r in rows if r["file"] == str(answers / ex.name)} == {district(ex)}


def test_check_a_folder_as_json_matches_single_checks(tmp_path, answers):
    proc = cli(tmp_path, "check", str(answers), "--format", "json")
    assert proc.returncode == 2
    data = json.loads(proc.stdout)
    assert [c["file"] for c in data["files"]] == [str(answers / ex.name) for ex in EXAMPLES]
    assert [f["file"] for f in data["failed"]] == [str(answers / "broken.yaml")]
    single = json.loads(cli(tmp_path, "check", str(EXAMPLES[0]), "--format", "json").stdout)
    card = data["files"][0]
    assert card["rubric"] == single["rubric"] and card["state"] == single["state"]
    assert card["district"] == district(EXAMPLES[0])


def test_check_a_folder_needs_json_or_csv(tmp_path, answers):
    assert "--format json or csv" in assert_user_error(cli(tmp_path, "check", str(answers)))

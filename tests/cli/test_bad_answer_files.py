"""Broken answer files (``tests/data/bad/``): each gives one clear line and exit status 2, never a
traceback and never an output file, through ``mou-wizard render`` and ``mou-wizard check``.

Each ``NAME.yaml`` has its expected message in ``NAME.expected``: the text after ``FILE: `` on the
error line (``mou-wizard: error: FILE: line 3: parties.term_months: expected a whole number, got True``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mou_wizard.cli import main
from support import ERROR_PREFIX, ROOT, assert_user_error, run_cli

BAD = ROOT / "tests" / "data" / "bad"
CASES = sorted(BAD.glob("*.yaml"))


def expected(path: Path) -> str:
    return path.with_suffix(".expected").read_text(encoding="utf-8").rstrip("\n")


def command(path: Path, command: str, out: Path) -> list[str]:
    return ["render", str(path), "-o", str(out)] if command == "render" else ["check", str(path)]


def test_the_collection_is_complete():
    assert len(CASES) >= 60
    assert sorted(p.stem for p in BAD.glob("*.expected")) == [p.stem for p in CASES]
    for path in CASES:
        message = expected(path)
        assert message and "\n" not in message, path
        assert "Traceback" not in message and not message.startswith(ERROR_PREFIX), path


@pytest.mark.parametrize("cmd", ["render", "check"])
def test_every_bad_answer_file_in_process(tmp_path, capsys, cmd):
    """Every file of the collection, one table: each failing file is reported with what it gave."""
    failures = []
    for k, path in enumerate(CASES):
        folder = tmp_path / f"{k:03d}"
        folder.mkdir()
        rc = main(command(path, cmd, folder / "draft.docx"))
        stdout, stderr = capsys.readouterr()
        want = f"{ERROR_PREFIX}{path}: {expected(path)}\n"
        if (rc, stdout, stderr) != (2, "", want):
            failures.append(f"{path.name}: exit {rc}, stdout {stdout!r}, stderr {stderr!r}; expected exit 2 and {want!r}")
        elif os.listdir(folder):
            failures.append(f"{path.name}: the error left {os.listdir(folder)} behind")
    assert len(CASES) >= 60 and not failures, "\n".join(failures)


@pytest.mark.slow
@pytest.mark.parametrize("cmd", ["render", "check"])
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_bad_answer_file_in_a_process(tmp_path, path, cmd):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    proc = run_cli(tmp_path, *command(path, cmd, out_dir / "draft.docx"))
    assert assert_user_error(proc) == f"{path}: {expected(path)}"
    assert os.listdir(out_dir) == [], "an error left a file behind"


def test_an_answer_file_over_5_mb_is_refused_before_parsing(tmp_path, capsys):
    path = tmp_path / "huge.yaml"
    # A ten-megabyte district name: a DOCX holding it could not be opened again.
    path.write_text("schema_version: 2\nparties:\n  district_name: " + "A" * 10_000_000 + "\n")
    out = tmp_path / "draft.docx"
    for args in (["render", str(path), "-o", str(out)], ["check", str(path)]):
        assert main(args) == 2
        stdout, stderr = capsys.readouterr()
        assert stdout == ""
        assert stderr == (f"{ERROR_PREFIX}{path}: the file is larger than 5 MB; an answer file is a few "
                          "kilobytes (expected a YAML answer file)\n")
    assert sorted(os.listdir(tmp_path)) == ["huge.yaml"]

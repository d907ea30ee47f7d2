"""Broken clause and state-pack files (``tests/data/bad_content/``): each one, put into a copy of the
content folders, gives one clear line naming the file (and the clause or requirement) from
``mou-wizard clauses lint --content DIR`` (exit 1) and ``mou-wizard render --content DIR`` (exit 2):
never a hang, never a traceback, never an output file.

Each ``NAME.yaml`` starts with ``# target: PATH``, where it goes in the copied content folder (a new
clause file, or one replacing ``sections.yaml`` or a state pack). ``NAME.expected`` holds two lines,
``lint: EXIT: LINE`` (the line lint prints) and ``render: EXIT: MESSAGE`` (after ``mou-wizard: error: ``);
``{content}`` stands for the copied folder and ``N`` for the count of answer sets lint rendered.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from mou_wizard.cli import main
from support import CONTENT, ERROR_PREFIX, ROOT, assert_user_error, copy_content, run_cli

BAD = ROOT / "tests" / "data" / "bad_content"
CASES = sorted(BAD.glob("*.yaml"))


def target(case: Path) -> str:
    first = case.read_bytes().split(b"\n", 1)[0].decode()
    assert first.startswith("# target: "), case
    return first.removeprefix("# target: ")


def expected(case: Path) -> dict[str, tuple[int, str]]:
    out = {}
    for line in case.with_suffix(".expected").read_text(encoding="utf-8").splitlines():
        command, code, message = line.split(": ", 2)
        out[command] = (int(code), message)
    return out


def counted(text: str) -> str:
    return re.sub(r"and \d+ more answer sets", "and N more answer sets", text)


@pytest.fixture(scope="module")
def answers(tmp_path_factory) -> Path:
    from mou_wizard.files.examples import example_yaml

    path = tmp_path_factory.mktemp("answers") / "answers.yaml"
    path.write_text(example_yaml(CONTENT.questions), encoding="utf-8")
    return path


def broken_copy(tmp_path: Path, case: Path) -> Path:
    root = copy_content(tmp_path)
    shutil.copyfile(case, root / target(case))
    return root


def test_the_collection_is_complete():
    assert len(CASES) >= 15
    assert sorted(p.stem for p in BAD.glob("*.expected")) == [p.stem for p in CASES]
    for case in CASES:
        assert target(case).split("/")[0] == "clause_library", case
        want = expected(case)
        assert sorted(want) == ["lint", "render"], case
        assert want["lint"][0] == 1 and want["render"][0] == 2, case
        for _, message in want.values():
            assert "Traceback" not in message and not message.startswith(ERROR_PREFIX)
            assert "99-broken.yaml" in message or "{content}/" in message, f"{case.name}: names no file"


def _at_time_limit(case: Path) -> bool:
    """A case that runs into the two-second render deadline: slow by design."""
    return "ran for more than" in case.with_suffix(".expected").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", [pytest.param(c, marks=pytest.mark.slow) if _at_time_limit(c) else c
                                  for c in CASES], ids=lambda p: p.stem)
def test_render_in_process(tmp_path, capsys, answers, case):
    root = broken_copy(tmp_path / "c", case)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    rc = main(["render", str(answers), "-o", str(out_dir / "draft.docx"), "--content", str(root)])
    stdout, stderr = capsys.readouterr()
    code, message = expected(case)["render"]
    assert (rc, stdout) == (code, "")
    assert stderr == ERROR_PREFIX + message.replace("{content}", str(root)) + "\n"
    assert os.listdir(out_dir) == []


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_lint_and_render_in_a_process(tmp_path, answers, case):
    root = broken_copy(tmp_path / "c", case)
    want = expected(case)

    lint = run_cli(tmp_path, "clauses", "lint", "--content", str(root))
    assert "Traceback" not in lint.stderr + lint.stdout, lint.stderr
    code, line = want["lint"]
    assert lint.returncode == code, lint.stderr
    assert counted(lint.stdout) == line.replace("{content}", str(root)) + "\n"
    assert lint.stderr == "1 problem found\n"

    out_dir = tmp_path / "out"
    out_dir.mkdir()
    render = run_cli(tmp_path, "render", str(answers), "-o", str(out_dir / "draft.docx"), "--content", str(root))
    code, message = want["render"]
    assert render.returncode == code
    assert assert_user_error(render) == message.replace("{content}", str(root))
    assert os.listdir(out_dir) == []


def test_a_content_file_over_2_mb_is_refused_before_parsing(tmp_path, capsys, answers):
    root = copy_content(tmp_path)
    big = root / "clause_library" / "99-big.yaml"
    big.write_text("section: purpose\nclauses: []\n" + "# padding\n" * 300_000)
    rc = main(["render", str(answers), "-o", str(tmp_path / "draft.docx"), "--content", str(root)])
    stdout, stderr = capsys.readouterr()
    assert (rc, stdout) == (2, "")
    assert stderr == f"{ERROR_PREFIX}{big}: the file is larger than 2 MB; expected a YAML content file\n"


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_content_file_that_is_not_a_regular_file_is_refused_without_waiting(tmp_path, capsys, answers, kind):
    root = copy_content(tmp_path)
    odd = root / "clause_library" / "99-odd.yaml"
    if kind == "fifo":
        os.mkfifo(odd)
        what = "a named pipe (FIFO)"
    else:
        odd.mkdir()
        what = "a folder"
    rc = main(["render", str(answers), "-o", str(tmp_path / "draft.docx"), "--content", str(root)])
    stdout, stderr = capsys.readouterr()
    assert (rc, stdout) == (2, "")
    assert stderr == f"{ERROR_PREFIX}{odd}: is {what}, not a regular file; expected a YAML content file\n"

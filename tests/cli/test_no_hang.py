"""Inputs that used to hang a command (or fill the memory) now give one line and exit status 2 at once:
nested YAML aliases ("billion laughs"), a named pipe, a device or ``/dev/zero`` in place of a file,
the full-screen wizard started without a terminal. And text echoed to a terminal never carries the
control sequences an answer or a file name may hold."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mou_wizard.cli import main
from mou_wizard.content.files import MAX_ALIAS_EXPANSION, read_yaml
from mou_wizard.errors import ContentError, UserError
from mou_wizard.files.answer_files import read_answer_file
from support import CONTENT, ERROR_PREFIX, ROOT, assert_user_error, isolated_env, run_cli

LAUGHS = "\n".join([
    "schema_version: 2",
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    *[f"{c}: &{c} [{','.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")],
    "",
])
ALIASES = "aliases (*name) would repeat more than 10,000 values; expected each value written out (or aliases used a few times)"


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def test_billion_laughs_answer_file_is_refused_before_anything_is_built(tmp_path, capsys):
    path = tmp_path / "laughs.yaml"
    path.write_text(LAUGHS)
    assert len(LAUGHS) < 400
    start = time.monotonic()
    for args in (["render", str(path), "-o", str(tmp_path / "d.docx")], ["check", str(path)]):
        assert run_main(capsys, *args) == (2, "", f"{ERROR_PREFIX}{path}: its {ALIASES}\n")
    assert time.monotonic() - start < 10
    assert sorted(os.listdir(tmp_path)) == ["laughs.yaml"]


def test_an_answer_file_padded_with_comments_is_refused_before_it_is_parsed(tmp_path, capsys):
    path = tmp_path / "padded.yaml"
    with open(path, "w") as f:
        f.write("schema_version: 2\n")
        f.write(("# " + "padding " * 12 + "\n") * 60_000)  # 6 MB of comments
    start = time.monotonic()
    assert run_main(capsys, "check", str(path)) == (
        2, "", f"{ERROR_PREFIX}{path}: the file is larger than 5 MB; an answer file is a few kilobytes (expected a "
               "YAML answer file)\n")
    assert time.monotonic() - start < 10


def test_an_alias_inside_what_it_names_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("schema_version: 2\nparties: &p\n  x: *p\n")
    with pytest.raises(UserError, match="an alias .* stands inside the value it names"):
        read_answer_file(path)


def test_a_few_aliases_are_still_read(tmp_path):
    path = tmp_path / "few.yaml"
    path.write_text("schema_version: 2\nparties:\n  district_name: &d Brookfield Area School District\n"
                    "  agency_name: Brookfield Police\ndocument:\n  version: '1.0'\n")
    assert read_answer_file(path).answers.parties.district_name == "Brookfield Area School District"


def test_content_yaml_aliases_are_bounded_too(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(LAUGHS)
    with pytest.raises(ContentError) as caught:
        read_yaml(path)
    assert str(caught.value) == f"{path}: its {ALIASES}"
    small = tmp_path / "small.yaml"
    small.write_text("a: &a [1, 2, 3]\nb: [*a, *a]\n")
    assert read_yaml(small) == {"a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3]]}


def test_the_expansion_budget_counts_every_copy(tmp_path):
    items = ",".join(f'"v{i}"' for i in range(100))
    path = tmp_path / "budget.yaml"
    copies = MAX_ALIAS_EXPANSION // 101 + 1
    path.write_text(f"a: &a [{items}]\nb: [{','.join(['*a'] * copies)}]\n")
    with pytest.raises(ContentError, match="would repeat more than 10,000 values"):
        read_yaml(path)
    path.write_text(f"a: &a [{items}]\nb: [{','.join(['*a'] * (copies - 2))}]\n")
    assert len(read_yaml(path)["b"]) == copies - 2


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-null", "socket"])
def test_only_a_regular_file_is_read_as_an_answer_file(tmp_path, capsys, kind):
    what = {"fifo": "a named pipe (FIFO)", "dev-zero": "a device", "dev-null": "a device", "socket": "a socket"}[kind]
    if kind == "fifo":
        path = tmp_path / "answers.yaml"
        os.mkfifo(path)
    elif kind == "socket":
        import socket

        path = tmp_path / "answers.yaml"
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(path))
    else:
        path = Path("/dev/zero" if kind == "dev-zero" else "/dev/null")
    start = time.monotonic()
    rc, out, err = run_main(capsys, "render", str(path), "-o", str(tmp_path / "d.docx"))
    assert (rc, out) == (2, "")
    assert err == f"{ERROR_PREFIX}{path}: is {what}, not a regular file; expected an answer file (.yaml)\n"
    assert run_main(capsys, "check", str(path))[2] == err
    assert time.monotonic() - start < 10
    assert not (tmp_path / "d.docx").exists()


def test_a_fifo_answer_file_is_refused_by_the_plain_interview(tmp_path, capsys, monkeypatch):
    path = tmp_path / "answers.yaml"
    os.mkfifo(path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    rc, out, err = run_main(capsys, "interview", "--plain", str(path))
    assert (rc, out) == (2, "")
    assert err == f"{ERROR_PREFIX}{path}: is a named pipe (FIFO), not a regular file; expected an answer file (.yaml)\n"


@pytest.mark.slow
@pytest.mark.parametrize("args", [["render", "/dev/zero", "-o", "OUT/d.docx"], ["render", "FIFO", "-o", "OUT/d.docx"],
                                  ["check", "FIFO"], ["interview", "--plain", "FIFO"], ["review", "FIFO", "--plain"]],
                         ids=lambda a: " ".join(a))
def test_a_pipe_or_a_device_never_hangs_a_command(tmp_path, args):
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    (tmp_path / "OUT").mkdir()
    args = [str(fifo) if a == "FIFO" else a.replace("OUT", str(tmp_path / "OUT")) for a in args]
    proc = run_cli(tmp_path, *args, input="")
    message = assert_user_error(proc)
    assert "not a regular file" in message
    assert os.listdir(tmp_path / "OUT") == []


# --- the full-screen wizard needs a terminal ------------------------------------------------------


@pytest.mark.parametrize("command", ["interview", "review"])
def test_the_full_screen_wizard_without_a_terminal_says_to_use_plain(tmp_path, capsys, command):
    path = ROOT / "examples" / "review" / "harlan-valley-2025.yaml" if command == "review" else tmp_path / "a.yaml"
    rc, out, err = run_main(capsys, command, str(path))
    assert (rc, out) == (2, "")
    assert err == (f"{ERROR_PREFIX}the full-screen wizard needs a terminal, and standard input is not one; use "
                   f"'mou-wizard {command} --plain' to answer line by line\n")
    assert not (tmp_path / "a.yaml").exists()


@pytest.mark.slow
@pytest.mark.parametrize("which", ["stdin", "stdout"])
def test_the_wizard_started_without_a_terminal_stops_at_once(tmp_path, which):
    """``mou-wizard < file`` (stdin a file) or ``mou-wizard | cat`` (stdout a pipe, stdin a terminal)."""
    answers = tmp_path / "a.yaml"
    if which == "stdin":
        typed = tmp_path / "typed.txt"
        typed.write_text("Brookfield Area School District\n")
        with open(typed) as stdin:
            proc = subprocess.run([sys.executable, "-m", "mou_wizard", "interview", str(answers)], stdin=stdin,
                                  cwd=ROOT, env=isolated_env(tmp_path), capture_output=True, text=True, timeout=60)
    else:
        master, slave = os.openpty()
        try:
            proc = subprocess.run([sys.executable, "-m", "mou_wizard", "interview", str(answers)], stdin=slave,
                                  cwd=ROOT, env=isolated_env(tmp_path), capture_output=True, text=True, timeout=60)
        finally:
            os.close(slave)
            os.close(master)
    message = assert_user_error(proc)
    assert message == (f"the full-screen wizard needs a terminal, and standard {'input' if which == 'stdin' else 'output'}"
                       " is not one; use 'mou-wizard interview --plain' to answer line by line")
    assert not answers.exists()


# --- control sequences never reach the terminal ----------------------------------------------------

ESCAPES = "\x1b]0;PWNED\x07\x1b[2J\x1b[H\x9b31m\x07\r\x08"


def test_plain_mode_echoes_no_control_sequences(tmp_path):
    from mou_wizard import services
    from mou_wizard.interview.plain import run_plain
    from mou_wizard.interview.session import Session

    path = tmp_path / "answers.yaml"
    typed = [f"Brook{ESCAPES}field Area School District", "answers", "quit"]
    out = io.StringIO()
    with Session(path, CONTENT) as session:
        run_plain(session, io.StringIO("".join(t + "\n" for t in typed)), out,
                  coverage_line=lambda: "", finish=lambda: services.finish(session))
    shown = out.getvalue()
    assert "Brookfield Area School District" in shown  # the answers list echoes it
    assert not any(c in shown for c in "\x1b\x9b\x07\r\x08"), repr(shown)
    assert "PWNED" not in shown


def test_error_lines_carry_no_control_sequences(tmp_path, capsys):
    path = tmp_path / f"bad{ESCAPES}name.yaml"
    path.write_text('schema_version: 2\nparties:\n  term_months: "twelve\\e]0;PWNED\\a\\e[2J"\n')
    rc, out, err = run_main(capsys, "check", str(path))
    assert (rc, out) == (2, "")
    assert err.startswith(f"{ERROR_PREFIX}{tmp_path}/badname.yaml: line 3: parties.term_months: ")
    assert not any(c in err for c in "\x1b\x9b\x07\r\x08")
    assert err.count("\n") == 1


@pytest.mark.slow
def test_review_plain_echoes_no_control_sequences(tmp_path):
    prev = tmp_path / "prev.yaml"
    text = (ROOT / "examples" / "review" / "harlan-valley-2025.yaml").read_text()
    district = "Harlan Valley"
    assert district in text
    prev.write_text(text.replace(district, f"Harlan{ESCAPES} Valley", 1))
    proc = run_cli(tmp_path, "review", str(prev), "-o", str(tmp_path / "new.yaml"), "--plain", input="keep\n" * 5)
    assert "Traceback" not in proc.stderr
    assert not any(c in proc.stdout + proc.stderr for c in "\x1b\x9b\x07\r\x08")

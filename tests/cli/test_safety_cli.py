"""No answer lost, no file destroyed, nothing corrupt, as real processes: two sessions on one answer
file, a kill right after "Noted", SIGHUP and SIGTERM, outputs that would replace an input or a file
beside them, symbolic links and devices as outputs, long names, standard output full or closed, and
bytes that are not UTF-8 on standard input."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mou_wizard.files.answer_files import read_answer_file, save_answers
from support import CONTENT, ROOT, assert_user_error, isolated_env, recommended, run_cli

pytestmark = pytest.mark.slow

RURAL = ROOT / "examples" / "rural-county-sheriff.yaml"
REVIEW = ROOT / "examples" / "review"
DISTRICTS = ["Oak Unified School District", "Elm Valley School District", "Birch County Public Schools"]


class Plain:
    """``mou-wizard interview --plain PATH`` with its output read line by line as it comes."""

    def __init__(self, tmp_path: Path, path: Path, *extra: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mou_wizard", "interview", "--plain", str(path), *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT,
            env=isolated_env(tmp_path), bufsize=0,
        )
        self.lines: queue.Queue[bytes] = queue.Queue()
        self.seen = b""
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for chunk in iter(lambda: self.proc.stdout.read(4096), b""):
            self.lines.put(chunk)

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never came; got {self.seen.decode(errors='replace')[-500:]!r}"
            try:
                self.seen += self.lines.get(timeout=left)
            except queue.Empty:
                pass

    def send(self, line: bytes | str) -> None:
        self.proc.stdin.write(line.encode() if isinstance(line, str) else line)
        self.proc.stdin.flush()

    def finish(self, timeout: float = 30) -> tuple[int, str, str]:
        """Wait for the end; (exit status, all output, standard error)."""
        code = self.proc.wait(timeout=timeout)
        time.sleep(0.05)
        while not self.lines.empty():
            self.seen += self.lines.get()
        err = self.proc.stderr.read().decode()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                stream.close()
            except OSError:
                pass
        return code, self.seen.decode(errors="replace"), err

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.finish()


@pytest.fixture
def work(tmp_path) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


# --- one session per answer file ---------------------------------------------------------------------


def test_a_second_session_on_the_same_answer_file_is_refused(tmp_path, work):
    path = work / "answers.yaml"
    first = Plain(tmp_path, path)
    try:
        first.wait_for("> ")
        first.send(DISTRICTS[0] + "\n")
        first.wait_for("Noted: ")
        second = run_cli(tmp_path, "interview", "--plain", str(path), input="Someone Else's District\n")
        assert assert_user_error(second) == (f"{path}: another mou-wizard session has this answer file open "
                                             f"(pid {first.proc.pid}); close it first")
        assert read_answer_file(path).answers.parties.district_name == DISTRICTS[0]
        first.proc.stdin.close()  # end of input: the first session saves and ends
        code, out, err = first.finish()
        assert (code, err) == (0, "")
    finally:
        first.kill() if first.proc.poll() is None else None
    assert sorted(os.listdir(work)) == ["answers.yaml"]  # the lock file goes with its session
    # Now the file is free again, and a session killed without letting go leaves a lock anyone may take.
    third = run_cli(tmp_path, "interview", "--plain", str(path), input="")
    assert third.returncode == 0, third.stderr


def test_a_review_cannot_open_an_answer_file_an_interview_has(tmp_path, work):
    prev = work / "prev.yaml"
    shutil.copy(REVIEW / "harlan-valley-2025.yaml", prev)
    new = work / "new.yaml"
    first = Plain(tmp_path, new)
    try:
        first.wait_for("> ")
        proc = run_cli(tmp_path, "review", str(prev), "-o", str(new), "--plain", input="")
        assert assert_user_error(proc) == (f"{new}: another mou-wizard session has this answer file open "
                                           f"(pid {first.proc.pid}); close it first")
    finally:
        first.kill()


# --- saved before "Noted"; signals save -----------------------------------------------------------


def test_killed_right_after_noted_the_answer_is_in_the_file(tmp_path, work):
    for i, district in enumerate(DISTRICTS):
        path = work / f"answers-{i}.yaml"
        plain = Plain(tmp_path, path)
        try:
            plain.wait_for("> ")
            plain.send(district + "\n")
            plain.wait_for(f"Noted: {district}.")
            plain.proc.send_signal(signal.SIGKILL)
            assert plain.proc.wait(timeout=20) == -signal.SIGKILL
        finally:
            plain.kill()
        assert read_answer_file(path).answers.parties.district_name == district


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_save_and_exit_cleanly(tmp_path, work, signum):
    path = work / "answers.yaml"
    plain = Plain(tmp_path, path)
    try:
        plain.wait_for("> ")
        plain.send(DISTRICTS[0] + "\n")
        plain.wait_for(f"Noted: {DISTRICTS[0]}.")
        plain.wait_for("> ")
        plain.proc.send_signal(signum)
        code, out, err = plain.finish()
    finally:
        plain.kill() if plain.proc.poll() is None else None
    assert (code, err) == (0, "")
    assert out.endswith("\nSaved. Run the same command again to resume.\n")
    saved = read_answer_file(path)
    assert saved.answers.parties.district_name == DISTRICTS[0]
    assert saved.state.current == CONTENT.questions.questions[1].id
    assert sorted(os.listdir(work)) == ["answers.yaml"]


def test_bytes_that_are_not_utf8_are_refused_never_saved(tmp_path, work):
    path = work / "answers.yaml"
    typed = b"Caf\xe9 \xff Unified\n" + DISTRICTS[0].encode() + b"\n"
    proc = subprocess.run([sys.executable, "-m", "mou_wizard", "interview", "--plain", str(path)], input=typed,
                          cwd=ROOT, env=isolated_env(tmp_path), capture_output=True, timeout=60)
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert b"That line held bytes that are not UTF-8 text, so I left it out; please type it again." in proc.stdout
    assert read_answer_file(path).answers.parties.district_name == DISTRICTS[0]
    assert "Caf" not in path.read_text(encoding="utf-8")


# --- outputs that would replace an input -------------------------------------------------------------


def test_review_output_must_be_an_answer_file(tmp_path, work):
    prev = work / "prev.yaml"
    shutil.copy(REVIEW / "harlan-valley-2025.yaml", prev)
    rv = work / "rv.docx"
    proc = run_cli(tmp_path, "review", str(prev), "-o", str(rv), "--plain", input="")
    assert assert_user_error(proc) == f"{rv}: expected -o an answer file name ending in .yaml or .yml"
    assert sorted(os.listdir(work)) == ["prev.yaml"]


def test_interview_answer_file_must_be_yaml(tmp_path, work):
    ans = work / "ans.docx"
    ans.write_bytes(b"a signed draft")
    proc = run_cli(tmp_path, "interview", "--plain", str(ans), input="")
    assert assert_user_error(proc) == f"{ans}: expected an answer file name ending in .yaml or .yml"
    assert ans.read_bytes() == b"a signed draft" and os.listdir(work) == ["ans.docx"]


def test_render_never_writes_over_its_answer_file_even_with_force(tmp_path, work):
    ans = work / "ans.docx"  # an answer file with a draft's name
    shutil.copy(RURAL, ans)
    proc = run_cli(tmp_path, "render", str(ans), "-o", str(ans), "--force")
    assert assert_user_error(proc) == (f"{ans}: is also an input of this command ({ans}); expected a different "
                                       "output file (an input is never overwritten)")
    assert ans.read_bytes() == RURAL.read_bytes()
    link = work / "link.docx"
    answers = work / "answers.yaml"
    shutil.copy(RURAL, answers)
    link.symlink_to(answers)
    proc = run_cli(tmp_path, "render", str(answers), "-o", str(link), "--force")
    assert "is also an input of this command" in assert_user_error(proc)
    assert answers.read_bytes() == RURAL.read_bytes()


def test_revise_refuses_one_file_for_both_outputs(tmp_path, work):
    old, new = work / "old.yaml", work / "new.yaml"
    shutil.copy(REVIEW / "harlan-valley-2025.yaml", old)
    shutil.copy(REVIEW / "harlan-valley-2026.yaml", new)
    out = work / "x.docx"
    proc = run_cli(tmp_path, "revise", str(old), str(new), "-o", str(out), "--clean", str(out), "--force")
    assert assert_user_error(proc) == f"{out}: is named twice as an output ({out}); expected two different files"
    assert sorted(os.listdir(work)) == ["new.yaml", "old.yaml"]


# --- files written beside the output -----------------------------------------------------------------


def complete(path: Path) -> Path:
    save_answers(path, recommended())
    return path


def test_interview_keeps_an_existing_draft_and_names_the_one_it_writes(tmp_path, work):
    path = complete(work / "foo.yaml")
    (work / "foo.docx").write_bytes(b"the signed copy")
    proc = run_cli(tmp_path, "interview", "--plain", str(path), input="")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.splitlines()[-3:] == ["Kept the existing foo.docx; writing foo-2.docx instead.",
                                             f"Draft written to {work / 'foo-2.docx'}",
                                             f"Answers saved in {path}"]
    assert (work / "foo.docx").read_bytes() == b"the signed copy"
    assert sorted(os.listdir(work)) == ["foo-2.docx", "foo.docx", "foo.yaml"]


def test_interview_output_writes_no_answer_copy(tmp_path, work):
    """With -o the draft goes there and the answer file stays the one copy of the answers; every file
    written is named at the end."""
    path = complete(work / "answers.yaml")
    report = work / "report.docx"
    proc = run_cli(tmp_path, "interview", "--plain", str(path), "-o", str(report), input="")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.splitlines()[-2:] == [f"Draft written to {report}", f"Answers saved in {path}"]
    assert sorted(os.listdir(work)) == ["answers.yaml", "report.docx"]


def test_interview_output_refuses_an_existing_draft_without_force(tmp_path, work):
    path = complete(work / "answers.yaml")
    report = work / "report.docx"
    report.write_bytes(b"kept")
    proc = run_cli(tmp_path, "interview", "--plain", str(path), "-o", str(report), input="")
    assert assert_user_error(proc) == f"{report}: already exists; use --force to overwrite it"
    assert report.read_bytes() == b"kept"


# --- outputs that are not plain files, long names, standard output --------------------------------------


def test_render_refuses_devices_dangling_links_and_setuid_targets(tmp_path, work):
    device = work / "null.docx"
    device.symlink_to(os.devnull)
    dangling = work / "gone.docx"
    dangling.symlink_to(work / "missing" / "gone.docx")
    tool = work / "tool"
    tool.write_bytes(b"#!/bin/sh\n")
    tool.chmod(0o4755)
    setuid = work / "tool.docx"
    setuid.symlink_to(tool)
    expected = {
        device: f"{device}: is not a regular file (a device, a pipe or a socket); expected a file name",
        dangling: f"{dangling}: is a link to {work / 'missing' / 'gone.docx'}, which does not exist; "
                  "expected a file name",
        setuid: f"{setuid}: is a program with special permissions (setuid or setgid); refusing to replace it",
    }
    for out, message in expected.items():
        proc = run_cli(tmp_path, "render", str(RURAL), "-o", str(out), "--force")
        assert assert_user_error(proc) == message
    assert tool.read_bytes() == b"#!/bin/sh\n" and (tool.stat().st_mode & 0o7777) == 0o4755
    assert sorted(os.listdir(work)) == ["gone.docx", "null.docx", "tool", "tool.docx"]


def test_long_output_names(tmp_path, work):
    too_long = work / ("d" * 300 + ".docx")
    proc = run_cli(tmp_path, "render", str(RURAL), "-o", str(too_long))
    assert assert_user_error(proc) == f"{too_long}: the file name is too long (305 bytes; at most 255)"
    legal = work / ("d" * 245 + ".docx")
    proc = run_cli(tmp_path, "render", str(RURAL), "-o", str(legal))
    assert (proc.returncode, proc.stderr, proc.stdout) == (0, "", f"Wrote {legal}\n")
    assert os.listdir(work) == [legal.name]


def test_standard_output_full_or_closed(tmp_path):
    env = isolated_env(tmp_path)
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "mou_wizard", "check", str(RURAL)], stdout=full,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == "mou-wizard: error: cannot write to standard output (No space left on device)\n"
    proc = subprocess.run(f"'{sys.executable}' -m mou_wizard schema >&-", shell=True, stderr=subprocess.PIPE,
                          text=True, cwd=ROOT, env=env, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr == ("mou-wizard: error: standard output is closed; expected a terminal, a file or a pipe "
                           "to write to\n")

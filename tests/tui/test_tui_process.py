"""End-to-end test of the terminal UI: the real ``mou-wizard interview FILE`` in a pseudo-terminal.

Keys are written to the pty's master side as a person would type them; the screen is whatever the app
writes back. The app is killed with SIGKILL in the middle of the interview, then started again on the
same file: nothing answered may be lost, no temporary file may be left behind, and the restarted app
must welcome the user back at the next unanswered question.
"""

from __future__ import annotations

import errno
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from support import isolated_env

from mou_wizard.domain.answers import SCHEMA_VERSION

from mou_wizard.files.answer_files import answers_data, load_answers, read_answer_file, load_interview_state
from mou_wizard.errors import UserError

from support import CONTENT, fragment, screen_text

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
COLUMNS, LINES = 100, 32
DEADLINE = 20.0  # seconds to wait for any one thing the app should do

QUESTIONS = CONTENT.questions.questions
BY_ID = {q.id: q for q in QUESTIONS}

# Typed in the order prompts/00-parties.yaml asks them (none of the first questions has a condition);
# (question id, what is typed, the answer-file data it must produce).
ANSWERS = [
    ("district_name", "Brookfield Area School District",
     {"parties": {"district_name": "Brookfield Area School District"}}),
    ("agency_name", "Brookfield Borough Police Department",
     {"parties": {"agency_name": "Brookfield Borough Police Department"}}),
    ("agency_kind", "sheriff", {"parties": {"agency_kind": "county_sheriff"}}),
]

def child_env(tmp_path: Path) -> dict[str, str]:
    env = isolated_env(tmp_path, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
    return {k: v for k, v in env.items() if not k.startswith("TEXTUAL")}


def _make_controlling_tty() -> None:  # runs in the child, after setsid(), with the pty on fd 0
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyApp:
    """``python -m mou_wizard interview PATH`` on the slave side of a new pty, 100x32."""

    def __init__(self, path: Path, env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "mou_wizard", "interview", str(path)],
                stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env,
                start_new_session=True, preexec_fn=_make_controlling_tty, close_fds=True,
            )
        except BaseException:
            os.close(self.master)
            raise
        finally:
            os.close(slave)
        self.output = b""
        self.eof = False

    @property
    def text(self) -> str:
        return screen_text(self.output)

    def read(self, timeout: float = 0.05) -> None:
        """Read whatever the app has written (waiting up to ``timeout``), so the pty never fills up."""
        while not self.eof:
            ready, _, _ = select.select([self.master], [], [], timeout)
            if not ready:
                return
            try:
                data = os.read(self.master, 65536)
            except OSError as e:  # EIO: every slave side is closed (the process is gone)
                if e.errno != errno.EIO:
                    raise
                data = b""
            if not data:
                self.eof = True
                return
            self.output += data
            timeout = 0  # drain what is there, then return

    def write(self, data: str) -> None:
        os.write(self.master, data.encode("utf-8"))

    def type_line(self, text: str) -> None:
        """The characters, then Enter on its own a moment later (so it is a key press, not part of a burst)."""
        self.write(text)
        self.pause(0.15)
        self.write("\r")

    def pause(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            self.read(min(left, 0.05))

    def wait_for(self, what: str, check, deadline: float = DEADLINE) -> None:
        """Keep reading the screen until ``check()`` is true; fail after ``deadline`` seconds."""
        end = time.monotonic() + deadline
        while not check():
            assert self.proc.poll() is None, f"the app exited ({self.proc.returncode}) before {what}:\n{self.tail()}"
            assert time.monotonic() < end, f"timed out waiting for {what}:\n{self.tail()}"
            self.read()

    def wait_exit(self, deadline: float = DEADLINE) -> int:
        end = time.monotonic() + deadline
        while self.proc.poll() is None:
            assert time.monotonic() < end, f"the app did not exit within {deadline} s:\n{self.tail()}"
            self.read()
        self.read(0)
        return self.proc.returncode

    def tail(self, n: int = 3000) -> str:
        return self.text[-n:]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def saved(path: Path) -> dict | None:
    try:
        return answers_data(read_answer_file(path).answers, read_answer_file(path).state)
    except UserError:  # not written yet
        return None


def without_state(data: dict | None) -> dict | None:
    return None if data is None else {k: v for k, v in data.items() if k != "interview"}


def merged(parts: list[dict]) -> dict:
    out: dict = {"schema_version": SCHEMA_VERSION}
    for part in parts:
        for section, fields in part.items():
            out.setdefault(section, {}).update(fields)
    return out


@pytest.mark.timeout(90)
def test_killed_tui_loses_no_answer_and_resumes(tmp_path):
    assert [q.id for q in QUESTIONS[: len(ANSWERS) + 1]] == [a[0] for a in ANSWERS] + ["state"]
    assert all(q.condition is None for q in QUESTIONS[: len(ANSWERS) + 1])
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "interview.yaml"
    env = child_env(tmp_path)

    # --- first run: answer a few questions, then SIGKILL ----------------------------------------------
    app = PtyApp(path, env)
    try:
        first = fragment(QUESTIONS[0])
        app.wait_for(f"the first question ({first!r})", lambda: first in app.text)
        assert "Hello." in app.text and "Welcome back" not in app.text
        for i, (qid, line, _) in enumerate(ANSWERS):
            app.type_line(line)
            want = merged([data for _, _, data in ANSWERS[: i + 1]])
            app.wait_for(f"the answer {line!r} to {qid} in {path.name} (now: {saved(path)})",
                         lambda: without_state(saved(path)) == want)
            nxt = fragment(QUESTIONS[i + 1])
            app.wait_for(f"the next question ({nxt!r})", lambda: nxt in app.text)
        app.proc.send_signal(signal.SIGKILL)
        assert app.wait_exit() == -signal.SIGKILL
    finally:
        app.close()

    data = saved(path)
    assert without_state(data) == merged([d for _, _, d in ANSWERS])
    assert data["interview"]["current"] == QUESTIONS[len(ANSWERS)].id
    answers = load_answers(path)
    assert answers.parties.district_name == ANSWERS[0][1]
    assert answers.parties.agency_name == ANSWERS[1][1]
    assert answers.parties.agency_kind.value == "county_sheriff"
    # No temporary file; only the killed session's lock file, which the next session takes over.
    assert sorted(os.listdir(folder)) == [".interview.yaml.lock", "interview.yaml"]

    # --- second run on the same file: welcomed back at the next unanswered question ----------------
    nxt_q = BY_ID[load_interview_state(path).current]
    nxt = fragment(nxt_q)
    welcome = f"Welcome back. You have answered {len(ANSWERS)} of"
    app = PtyApp(path, env)
    try:
        app.wait_for(f"{welcome!r} and the next question ({nxt!r})",
                     lambda: welcome in app.text and nxt in app.text)
        assert "Hello." not in app.text
        # The question asked is the next one, not one already answered.
        assert all(fragment(BY_ID[qid]) not in app.text for qid, _, _ in ANSWERS)
        app.pause(0.2)
        app.write("\x11")  # ctrl+q
        code = app.wait_exit()
        assert code == 0, f"exit status {code}:\n{app.tail()}"
    finally:
        app.close()
    assert "Traceback" not in app.text, app.tail()

    assert without_state(saved(path)) == merged([d for _, _, d in ANSWERS])
    assert load_interview_state(path).current == nxt_q.id
    assert sorted(os.listdir(folder)) == ["interview.yaml"]


def one_answer_given(tmp_path: Path) -> tuple[PtyApp, Path]:
    """The app on a new answer file in ``tmp_path/work``, the first question answered and the second on
    screen: (the app, the answer file)."""
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "interview.yaml"
    app = PtyApp(path, child_env(tmp_path))
    try:
        app.wait_for("the first question", lambda: fragment(QUESTIONS[0]) in app.text)
        app.pause(0.2)
        app.type_line(ANSWERS[0][1])
        app.wait_for("the next question", lambda: fragment(QUESTIONS[1]) in app.text)
    except BaseException:
        app.close()
        raise
    return app, path


def ended_within(app: PtyApp, seconds: float) -> bool:
    """Whether the process ends within ``seconds``, without reading what it writes."""
    end = time.monotonic() + seconds
    while app.proc.poll() is None and time.monotonic() < end:
        time.sleep(0.05)
    return app.proc.poll() is not None


def assert_first_answer_kept(path: Path) -> None:
    assert without_state(saved(path)) == merged([ANSWERS[0][2]])
    assert sorted(os.listdir(path.parent)) == ["interview.yaml"]  # the session let go of its lock


@pytest.mark.timeout(90)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_save_and_end_the_tui_cleanly(tmp_path, signum):
    app, path = one_answer_given(tmp_path)
    try:
        app.proc.send_signal(signum)
        code = app.wait_exit()
    finally:
        app.close()
    assert code == 0, f"exit status {code}:\n{app.tail()}"
    assert "Traceback" not in app.text, app.tail()
    assert load_interview_state(path).current == QUESTIONS[1].id
    assert_first_answer_kept(path)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("first", [None, signal.SIGHUP], ids=["hang-up", "SIGHUP-then-hang-up"])
def test_a_closed_terminal_saves_the_answers_and_the_process_ends(tmp_path, first):
    """The terminal window is closed (the pty hangs up): the kernel sends SIGHUP and then SIGCONT, on
    which Textual tries to resume into a terminal that takes no more output. The answers are saved, the
    process ends within seconds and lets go of the answer file, so the next session can open it."""
    app, path = one_answer_given(tmp_path)
    try:
        if first is not None:  # a terminal emulator or tmux may signal the process before the pty goes
            app.proc.send_signal(first)
            time.sleep(0.02)
        os.close(app.master)  # the window closes: hang-up
        app.master = os.open(os.devnull, os.O_RDONLY)  # (so that close() has a descriptor to close)
        app.eof = True
        ended = ended_within(app, DEADLINE)
    finally:
        app.close()
    assert ended, "the app was still running 20 s after its terminal closed"
    assert_first_answer_kept(path)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_terminal_that_stopped_reading_does_not_keep_the_process_alive(tmp_path, signum):
    """A dropped SSH connection, or output paused with ctrl+s: the terminal takes no more output, so
    Textual's shutdown would wait for ever to write. On SIGTERM or SIGHUP the answers are saved, and the
    process ends within seconds even so, letting go of the answer file."""
    app, path = one_answer_given(tmp_path)
    try:
        # Stop reading and make the app redraw until the terminal's buffer is full and writes block.
        for _ in range(400):
            os.write(app.master, b"x\x7f" * 20)
            time.sleep(0.005)
        time.sleep(0.5)
        app.proc.send_signal(signum)
        ended = ended_within(app, DEADLINE)
    finally:
        app.close()
    assert ended, "the app was still running 20 s after the signal, its terminal no longer reading"
    assert_first_answer_kept(path)

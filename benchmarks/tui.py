"""Terminal UI timing: launch to the first question, and answer to the next question.

(a) launch: from starting ``python -m mou_wizard interview FILE`` in a 100x32 pseudo-terminal until
    the first question's text appears in what the app writes to the terminal (then ctrl+q, not timed).
(b) answer to next question, in-process: ``WizardApp(Session(path, content)).run_test(size=(100, 32))``; for
    each of ~30 answers, the time from the start of ``app.submit(text)`` until ``await pilot.pause()``
    returns with the next question's ChatMessage mounted. Also shown: the time ``submit()`` itself
    blocks the event loop, and the time until the question is on screen (laid out inside the chat's
    visible area, i.e. after the chat has scrolled to it, and a screen refresh run since).
    ``pilot.pause()`` waits for the process to look idle, which costs at least one 20 ms sleep
    (textual._wait.SLEEP_GRANULARITY), so the "+pause" figure has a floor of about 20 ms that a real
    user never waits for.

Every run uses a fresh answer file. XDG_CACHE_HOME is one temporary folder for the whole invocation,
so the first launch starts with an empty compiled-template cache and warms it; for (b) the first
app run is the first in this interpreter (Textual's own caches cold; the clause library and templates
were already loaded while preparing the answers). First runs are reported on their own; the medians
are over the warm runs.
The launched processes also keep their Python bytecode in a temporary PYTHONPYCACHEPREFIX folder
(PYTHONDONTWRITEBYTECODE is dropped), as an installed package would have it, without writing
__pycache__ folders into the repository (so the first launch also compiles every module, Textual's
and pydantic's included); --env-as-is launches with the environment unchanged.
Targets on the project's machines: launch under 1.0 s, answer to next question under 50 ms (medians).

    python benchmarks/tui.py [--runs N] [--answers N] [--profile] [--env-as-is]
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import fcntl
import os
import re
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLUMNS, LINES = 100, 32
LAUNCH_TARGET = 1.0     # seconds
ANSWER_TARGET = 0.050   # seconds

_MOVE = re.compile(r"\x1b\[[0-9;]*[HfABCDEFGd]")
_ESCAPES = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|\x1b[ -/]+[0-~]")


def screen_text(raw: bytes) -> str:
    text = _MOVE.sub("\n", raw.decode("utf-8", errors="replace"))
    return _ESCAPES.sub("", text)


def fragment(text: str, width: int = 40) -> str:
    """The start of ``text``, short enough never to be wrapped on screen."""
    out = ""
    for word in text.split():
        if out and len(out) + 1 + len(word) > width:
            break
        out = f"{out} {word}" if out else word
    return out


# --- (a) launch in a pty --------------------------------------------------------------------------------

def launch_once(path: Path, env: dict[str, str], want: str, timeout: float = 30.0) -> float:
    """Seconds from starting the app until ``want`` is on its screen."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    output = b""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mou_wizard", "interview", str(path)],
                            stdin=slave, stdout=slave, stderr=slave, cwd=ROOT, env=env,
                            start_new_session=True)
    os.close(slave)

    def read(wait: float) -> bool:
        nonlocal output
        ready, _, _ = select.select([master], [], [], wait)
        if not ready:
            return True
        try:
            data = os.read(master, 65536)
        except OSError as e:
            if e.errno != errno.EIO:
                raise
            data = b""
        output += data
        return bool(data)

    try:
        elapsed = None
        while elapsed is None:
            if not read(0.05):
                raise RuntimeError(f"the app exited before showing {want!r}:\n{screen_text(output)[-2000:]}")
            if want in screen_text(output):
                elapsed = time.perf_counter() - start
            elif time.perf_counter() - start > timeout:
                raise RuntimeError(f"{want!r} not shown within {timeout} s:\n{screen_text(output)[-2000:]}")
        time.sleep(0.1)
        os.write(master, b"\x11")  # ctrl+q
        end = time.monotonic() + 20
        while proc.poll() is None and time.monotonic() < end:
            read(0.05)
        if proc.poll() is None:
            raise RuntimeError("the app did not quit on ctrl+q")
        if proc.returncode != 0:
            raise RuntimeError(f"the app exited with status {proc.returncode}")
        return elapsed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def bench_launch(runs: int, tmp: Path, env: dict[str, str]) -> tuple[float, list[float]]:
    from mou_wizard.content.bundle import load_content

    want = fragment(load_content().questions.questions[0].d.text)
    times = [launch_once(tmp / f"launch-{i}" / "interview.yaml", env, want) for i in range(runs + 1)]
    return times[0], times[1:]


# --- (b) answer to next question, in-process -----------------------------------------------------------

def script(n: int) -> list[str]:
    """What a user types for the first ``n`` questions: the example for plain facts, Enter (the
    recommended answer) elsewhere; each reply must be accepted and lead to a new question."""
    from mou_wizard.content.bundle import load_content
    from mou_wizard.interview.conversation import Conversation
    from mou_wizard.interview.flow import Flow

    content = load_content()
    conv = Conversation(Flow(None, content.questions), content)
    lines = []
    while len(lines) < n and not conv.flow.done:
        q = conv.flow.current
        line = "" if q.d.recommended is not None else q.say(q.d.example)
        reply = conv.handle(line)
        if not reply.changed or reply.finished or conv.flow.current is q:
            break
        lines.append(line)
    return lines


def visible(msg, chat) -> bool:
    """Whether the last layout put ``msg`` inside the chat's visible area (a layout is painted in the
    same screen update, so once a refresh has run after it, the message is on screen)."""
    region, area = msg.region, chat.region
    if not region.area:
        return False
    return area.contains_region(region) or (region.height > area.height and area.overlaps(region))


async def answer_run(path: Path, lines: list[str]) -> list[tuple[float, float, float]]:
    """Per answer: (submit() blocking time, until the question is on screen, until pilot.pause() returns)."""
    from mou_wizard.interview.conversation import question_text
    from mou_wizard.interview.session import Session
    from mou_wizard.tui.app import WizardApp
    from mou_wizard.tui.widgets import ChatLog, ChatMessage

    from mou_wizard.content.bundle import load_content

    app = WizardApp(Session(path, load_content()))
    out = []
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        await pilot.pause()
        chat = app.query_one(ChatLog)
        loop = asyncio.get_running_loop()
        for line in lines:
            before = {id(m) for m in app.query(ChatMessage)}  # the chat drops its oldest messages
            t0 = time.perf_counter()
            app.submit(line)
            t1 = time.perf_counter()
            want = question_text(app.flow.current, app.flow.answers.parties.state,
                                 choices=not app.conversation.options_in_picker)
            msg = None
            deadline = t0 + 10
            while True:
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"the question after {line!r} was not shown within 10 s")
                refreshed = loop.create_future()
                app.call_after_refresh(lambda f=refreshed: f.done() or f.set_result(None))
                await refreshed
                if msg is None:
                    new = [m for m in app.query(ChatMessage) if id(m) not in before and m.kind == "question"]
                    msg = new[-1] if new else None
                if msg is not None and msg.is_mounted and visible(msg, chat):
                    break
            t2 = time.perf_counter()
            await pilot.pause()
            t3 = time.perf_counter()
            if not (msg.is_mounted and msg.text == want):
                raise RuntimeError(f"expected the question {want!r} on screen, got {msg.text!r}")
            out.append((t1 - t0, t2 - t0, t3 - t0))
    return out


def bench_answers(runs: int, n: int, tmp: Path) -> tuple[list[tuple], list[tuple], int]:
    lines = script(n)
    first = asyncio.run(answer_run(tmp / "answers-0" / "interview.yaml", lines))
    warm = []
    for i in range(1, runs + 1):
        warm += asyncio.run(answer_run(tmp / f"answers-{i}" / "interview.yaml", lines))
    return first, warm, len(lines)


def profile_answers(n: int, tmp: Path) -> None:
    """cProfile of the answer path (submit and the refresh after it), warm caches."""
    import cProfile
    import pstats

    lines = script(n)
    asyncio.run(answer_run(tmp / "profile-warm" / "interview.yaml", lines))
    prof = cProfile.Profile()
    prof.enable()
    asyncio.run(answer_run(tmp / "profile" / "interview.yaml", lines))
    prof.disable()
    stats = pstats.Stats(prof).strip_dirs().sort_stats("cumulative")
    print(f"\ncProfile of one in-process run ({len(lines)} answers, includes app start-up and pauses):")
    stats.print_stats(40)


# --- report --------------------------------------------------------------------------------------------

def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def med(rows: list[tuple], i: int) -> float:
    return statistics.median(r[i] for r in rows)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5, help="warm runs of each measurement (default 5)")
    ap.add_argument("--answers", type=int, default=30, help="answers per in-process run (default 30)")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile of the answer path")
    ap.add_argument("--env-as-is", action="store_true",
                    help="launch with this environment's bytecode settings (no PYTHONPYCACHEPREFIX)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="mou-tui-bench-") as t:
        tmp = Path(t)
        env = {k: v for k, v in os.environ.items() if not k.startswith("TEXTUAL")}
        env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES),
                   XDG_CACHE_HOME=str(tmp / "cache"), XDG_DATA_HOME=str(tmp / "data"), HOME=str(tmp / "home"),
                   PYDANTIC_DISABLE_PLUGINS="1")
        if not args.env_as_is:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
        os.environ.update(XDG_CACHE_HOME=env["XDG_CACHE_HOME"], XDG_DATA_HOME=env["XDG_DATA_HOME"],
                          PYDANTIC_DISABLE_PLUGINS="1")

        cold, warm = bench_launch(args.runs, tmp, env)
        print(f"(a) launch to first question ({COLUMNS}x{LINES} pty, python -m mou_wizard interview FILE)")
        print(f"    first run (empty caches):     {cold:.3f} s   (template cache"
              f"{'' if args.env_as_is else ' and every module compiled to bytecode'})")
        print(f"    warm median of {len(warm)}:          {statistics.median(warm):.3f} s"
              f"   (min {min(warm):.3f}, max {max(warm):.3f})   target < {LAUNCH_TARGET:.1f} s"
              f"   {'ok' if statistics.median(warm) < LAUNCH_TARGET else 'OVER'}")

        first, rows, n = bench_answers(args.runs, args.answers, tmp)
        print(f"(b) answer to next question (in-process run_test, {n} answers per run)")
        print(f"    {'':<28}{'submit()':>12}{'on screen':>12}{'+pause':>12}")
        print(f"    {'first app run, median':<28}{ms(med(first, 0)):>12}{ms(med(first, 1)):>12}{ms(med(first, 2)):>12}")
        print(f"    {f'warm median ({args.runs} runs)':<28}{ms(med(rows, 0)):>12}{ms(med(rows, 1)):>12}"
              f"{ms(med(rows, 2)):>12}")
        p90 = [sorted(r[i] for r in rows)[int(len(rows) * 0.9)] for i in range(3)]
        print(f"    {'warm p90':<28}{ms(p90[0]):>12}{ms(p90[1]):>12}{ms(p90[2]):>12}")
        print(f"    {'warm max':<28}" + "".join(f"{ms(max(r[i] for r in rows)):>12}" for i in range(3)))
        total = med(rows, 2)
        print(f"    target: submit + pause < {ms(ANSWER_TARGET)}   {'ok' if total < ANSWER_TARGET else 'OVER'}")
        print("    (submit(): the event loop blocked in submit(); on screen: the question laid out in the chat's "
              "visible area and a refresh run;\n     +pause: until pilot.pause() returns, at least 20 ms of "
              "it pilot.pause()'s own idle detection)")

        if args.profile:
            profile_answers(args.answers, tmp)


if __name__ == "__main__":
    main()

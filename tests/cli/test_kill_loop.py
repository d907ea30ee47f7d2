"""SIGKILL at random points, again and again: during plain-mode saves and during ``mou-wizard render``.

After every kill the answer file loads and holds every answer the session acknowledged ("Noted: ..."
is printed only once the answer is on disk), no temporary file is left (a file is unnamed while it is
written; a named one a killed process left is swept by the next write in that folder) and the draft
is either absent or complete, byte for byte the one a finished run writes.
"""

from __future__ import annotations

import os
import random
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mou_wizard.files.answer_files import answers_data, read_answer_file
from mou_wizard.fileio import _STALE
from mou_wizard.interview.conversation import Conversation
from mou_wizard.interview.flow import Flow
from support import CONTENT, ROOT, isolated_env

# Fifty killed processes, each started afresh: minutes on a busy shared machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

PLAIN_KILLS = 30
RENDER_KILLS = 20

# Typed answers for the questions without a recommended answer; Enter takes the recommendation.
TYPED = {
    "document_version": "0.9", "draft_date": "September 1, 2026", "district_name": "Brookfield Area School District",
    "agency_name": "Brookfield Borough Police Department", "agency_kind": "sheriff", "state": "Pennsylvania",
    "schools": "Brookfield Area High School, Brookfield Middle School",
    "signatories": "Ana Ruiz, Superintendent, district; Tom Kerr, Sheriff, agency", "effective_date": "2026-09-01",
    "term": "2 years", "model_mou": "none", "model_departures": "None",
    "diversion_partner": "Brookfield Youth Court", "supervisor_title": "SRO Unit Sergeant",
    "initial_within_months": "6 months",
}


def plan(path: Path, count: int) -> tuple[list[str], list[dict]]:
    """The next ``count`` lines to type on the answer file at ``path`` (resumed as the command would),
    and the answers the file must hold once 0, 1, 2... answers are acknowledged ("Noted: ...")."""
    saved = read_answer_file(path) if path.exists() else None
    conv = Conversation(Flow(saved.answers if saved else None, CONTENT.questions, saved.state if saved else None),
                        CONTENT)
    after = [answers_data(conv.snapshot())]
    lines = []
    while len(lines) < count and not conv.flow.done:
        q = conv.flow.current
        # A question with neither a recommendation nor a typed answer here is skipped (also saved).
        line = TYPED.get(q.id, "skip") if q.d.recommended is None else ""
        reply = conv.handle(line)
        lines.append(line)
        if not reply.changed and conv.pending is not None:  # kept after the rubric's warning
            reply = conv.handle("yes")
            lines.append("yes")
        assert reply.changed, (q.id, [m.text for m in reply.messages])
        if any(m.text.startswith("Noted: ") for m in reply.messages):  # what the command acknowledges
            after.append(answers_data(conv.snapshot()))
    return lines, after


def holds(data: dict, want: dict) -> bool:
    """Whether answer-file data holds every answer of ``want`` (it may hold one more, saved just before
    the kill and not yet acknowledged)."""
    return all(isinstance(data.get(k), dict) and holds(data[k], v) if isinstance(v, dict) else data.get(k) == v
               for k, v in want.items())


def read_until(proc: subprocess.Popen, marker: bytes, timeout: float = 60) -> bytes:
    out = b""
    deadline = time.monotonic() + timeout
    while marker not in out:
        assert time.monotonic() < deadline, out[-500:]
        ready, _, _ = select.select([proc.stdout], [], [], 0.05)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            out += chunk
    return out


def kill(proc: subprocess.Popen) -> bytes:
    """SIGKILL ``proc``; what it had printed until then."""
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    rest = proc.stdout.read()
    proc.stdout.close()
    if proc.stdin:
        proc.stdin.close()
    return rest


def temporaries(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if n.startswith(".mou-"))


def check_leftovers(folder: Path) -> list[str]:
    """Temporary files a kill left: only named ones of a process that is gone (swept by the next write)."""
    left = temporaries(folder)
    for name in left:
        m = _STALE.match(name)
        assert m, f"{name}: not a temporary file the next write sweeps"
    return left


def test_sigkill_during_plain_saves_loses_no_acknowledged_answer(tmp_path):
    rng = random.Random(14)
    folder = tmp_path / "answers"
    folder.mkdir()
    path = folder / "interview.yaml"
    env = isolated_env(tmp_path, PYTHONHASHSEED="0")
    acked_total = finished = 0
    for _ in range(PLAIN_KILLS):
        if not path.exists() or (read_answer_file(path).state and read_answer_file(path).state.finished):
            for name in os.listdir(folder):
                if not name.startswith(".interview.yaml.lock"):
                    (folder / name).unlink()
        lines, after = plan(path, 12)
        proc = subprocess.Popen([sys.executable, "-m", "mou_wizard", "interview", "--plain", str(path)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                cwd=ROOT, env=env)
        proc.stdin.write("".join(line + "\n" for line in lines).encode())
        proc.stdin.flush()
        out = read_until(proc, b"> ")  # started, and saved once: now the answers are being handled
        time.sleep(rng.uniform(0, 0.15))
        out += kill(proc)
        acked = len(re.findall(rb"^(?:> )?Noted: ", out, re.M))
        acked_total += acked + len(re.findall(rb"^(?:> )?Skipped for now", out, re.M))
        data = answers_data(read_answer_file(path).answers)  # always loads
        assert holds(data, after[min(acked, len(after) - 1)]), (acked, out.decode()[-800:])
        check_leftovers(folder)
        docx = folder / "interview.docx"
        if docx.exists():
            finished += 1
            import docx as python_docx

            python_docx.Document(str(docx))  # complete, never half-written
    assert acked_total >= PLAIN_KILLS  # the kills did fall among the saves (answers and skips)
    # The next session's first save sweeps what a kill left; nothing remains.
    subprocess.run([sys.executable, "-m", "mou_wizard", "interview", "--plain", str(path)], input=b"",
                   cwd=ROOT, env=env, capture_output=True, timeout=60, check=True)
    assert temporaries(folder) == []


def test_sigkill_during_render_leaves_no_half_written_draft(tmp_path):
    from mou_wizard.files.answer_files import load_answers
    from mou_wizard.services import draft_bytes

    rng = random.Random(41)
    answers = ROOT / "examples" / "suburban-city-police-diversion.yaml"
    complete = draft_bytes(load_answers(answers), CONTENT)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    env = isolated_env(tmp_path, PYTHONHASHSEED="0")
    # The first run compiles the content into this home's cache; the kills are timed against a warm run.
    for name in ("cold.docx", "warm.docx"):
        start = time.monotonic()
        first = subprocess.run([sys.executable, "-m", "mou_wizard", "render", str(answers), "-o", str(out_dir / name)],
                               cwd=ROOT, env=env, capture_output=True, timeout=60)
        assert first.returncode == 0, first.stderr
        whole = time.monotonic() - start
    written = 0
    for i in range(RENDER_KILLS):
        out = out_dir / f"draft-{i}.docx"
        proc = subprocess.Popen([sys.executable, "-m", "mou_wizard", "render", str(answers), "-o", str(out)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, env=env)
        # Spread from a third of a warm render to twice one: a render slower than the timed one (a busy
        # machine) still meets kills after its end, and a quick one kills before it.
        time.sleep((0.3 + 1.7 * (i + rng.random()) / RENDER_KILLS) * whole)
        kill(proc)
        if out.exists():
            written += 1
            assert out.read_bytes() == complete
        check_leftovers(out_dir)
    assert 0 < written < RENDER_KILLS or whole < 0.5  # some kills came before the end, some after
    subprocess.run([sys.executable, "-m", "mou_wizard", "render", str(answers), "-o", str(out_dir / "last.docx")],
                   cwd=ROOT, env=env, capture_output=True, timeout=60, check=True)
    assert temporaries(out_dir) == []


@pytest.mark.parametrize("overwrite", [True, False])
def test_a_process_killed_in_the_middle_of_a_write_leaves_no_file(tmp_path, overwrite):
    """Deterministic: the write stops for good at its fsync, and is killed there."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "answers.yaml"
    if overwrite:
        target.write_text("schema_version: 2\n")
    script = (
        "import os, sys, time\n"
        "from mou_wizard.files.answer_files import atomic_write\n"
        "def stuck(fd):\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(600)\n"
        "os.fsync = stuck\n"
        f"atomic_write({str(target)!r}, 'x' * 100000, overwrite={overwrite})\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, cwd=ROOT,
                            env=isolated_env(tmp_path))
    assert proc.stdout.readline() == b"writing\n"
    kill(proc)
    assert temporaries(folder) == []
    assert sorted(os.listdir(folder)) == (["answers.yaml"] if overwrite else [])
    if overwrite:
        assert target.read_text() == "schema_version: 2\n"

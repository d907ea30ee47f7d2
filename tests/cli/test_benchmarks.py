"""The benchmark scripts still run against the current code and print their figures (one short run
each; the figures themselves are read by people, not asserted: these machines are shared and noisy)."""

import subprocess
import sys
from pathlib import Path

import pytest

from support import isolated_env

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

CASES = {
    "render.py": (["--runs", "1", "--only", "partial"], ["partial-with-skips.yaml", "start-up alone: ", "targets:"]),
    "batch.py": (["--count", "12"], ["generated 12 answer files", "drafts/s", "peak RSS", "drafts on disk: 12"]),
    "revise.py": (["--runs", "1"], ["in-process", "whole process", "whole process `mou-wizard revise --against`"]),
    "tui.py": (["--runs", "1", "--answers", "2"], ["first app run, median", "target:"]),
    "fuzz.py": (["--examples", "5", "--seed", "1"], ["render: ", "interview: ", "unexpected 0"]),
    "understanding.py": ([], ["understood first time:", "saved wrong:", "target >= 95%"]),
}


@pytest.mark.timeout(180)
@pytest.mark.parametrize("script", sorted(CASES))
def test_benchmark_runs_and_prints_its_figures(tmp_path, script):
    args, expected = CASES[script]
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / script), *args], cwd=ROOT,
                          env=isolated_env(tmp_path), capture_output=True, text=True, timeout=170)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    for words in expected:
        assert words in proc.stdout, proc.stdout

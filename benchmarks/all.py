"""Run every benchmark (``make bench``) and print their key figures in one table.

Each script's own output is kept in ``benchmarks/last-run/NAME.txt``; the table picks the lines that
carry the figures. ``MOU_BENCH_COUNT`` sets the number of answer files for batch.py (default 1000).

    python benchmarks/all.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# script, arguments (full, --quick), the lines of its output that go in the table
RUNS = [
    ("render.py", ["--runs", "7"], ["--runs", "2", "--only", "rural"],
     [r"^\S+\.yaml .*", r"^render / python-docx floor.*", r"^first run after install.*", r"^start-up alone.*"]),
    ("commands.py", ["--runs", "5"], ["--runs", "2", "--scale", "0.25"],
     [r"^check, whole.*", r"^clauses lint.*", r"^largest answer file.*", r"^document builder.*"]),
    ("revise.py", ["--runs", "5"], ["--runs", "2"], [r"^\s+in-process.*", r"^\s+whole process.*"]),
    ("batch.py", [], ["--count", "40"], [r"^\s+\d+\s+\d+\s+.*", r"^drafts on disk.*"]),
    ("tui.py", ["--runs", "3"], ["--runs", "1", "--answers", "5"], [r"^\s+first app run.*", r"^\s+warm median.*",
                                                                    r"^\s+warm p90.*"]),
    ("understanding.py", [], [], [r"^understood first time.*", r"^saved wrong.*"]),
    ("fuzz.py", ["--examples", "100"], ["--examples", "10"], [r"^\w+: \d+ examples.*"]),
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="short runs (a smoke test of the table)")
    args = ap.parse_args()
    out_dir = HERE / "last-run"
    out_dir.mkdir(exist_ok=True)
    rows: list[tuple[str, str]] = []
    for script, full, quick, patterns in RUNS:
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, str(HERE / script), *(quick if args.quick else full)],
                              capture_output=True, text=True)
        (out_dir / f"{script[:-3]}.txt").write_text(proc.stdout + proc.stderr)
        lines = [line.strip() for line in proc.stdout.splitlines()
                 if any(re.match(p, line) for p in patterns)]
        if proc.returncode != 0:
            lines.append(f"FAILED (exit {proc.returncode}; see benchmarks/last-run/{script[:-3]}.txt)")
        for i, line in enumerate(lines or ["(no figures)"]):
            rows.append((script if i == 0 else "", " ".join(line.split())))
        rows.append(("", f"({time.perf_counter() - t:.0f} s)"))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    print(f"machine: {platform.machine()}, {cores} cores, Python {platform.python_version()}, load average {load}")
    width = max(len(s) for s, _ in rows)
    print(f"| {'benchmark':<{width}} | figures |")
    print(f"|{'-' * (width + 2)}|---------|")
    for script, line in rows:
        print(f"| {script:<{width}} | {line} |")


if __name__ == "__main__":
    main()

"""Whole-process time of `mou-wizard revise` on the review example pair (median of several runs).

Target on the project's machines: under 1 s. Also prints the in-process time of the revision itself.

    python benchmarks/revise.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Measure as on a user's machine: modules compiled once and cached, even where the shell has
# PYTHONDONTWRITEBYTECODE set (these sandboxes do).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
sys.path.insert(0, str(ROOT))
OLD = ROOT / "examples" / "review" / "harlan-valley-2025.yaml"
NEW = ROOT / "examples" / "review" / "harlan-valley-2026.yaml"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()

    from mou_wizard.content.bundle import load_content
    from mou_wizard.files.answer_files import load_answers
    from mou_wizard.services import revision_for

    content = load_content()
    old, new = load_answers(OLD), load_answers(NEW)
    revision_for(old, new, content)  # warm the compiled-template cache
    inproc = []
    for _ in range(args.runs):
        t = time.perf_counter()
        revision_for(load_answers(OLD), load_answers(NEW), content)
        inproc.append(time.perf_counter() - t)

    exe = Path(sys.executable).parent / "mou-wizard"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "mou_wizard"]
    whole = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.runs):
            t = time.perf_counter()
            subprocess.run([*cmd, "revise", str(OLD), str(NEW), "-o", f"{tmp}/rev.docx", "--force"],
                           check=True, capture_output=True, env=ENV)
            whole.append(time.perf_counter() - t)
    print(f"revise {OLD.name} -> {NEW.name}")
    print(f"  in-process (load both files, both drafts, tracked changes): {statistics.median(inproc) * 1000:.0f} ms")
    print(f"  whole process `mou-wizard revise` (median of {args.runs}):    {statistics.median(whole):.3f} s"
          "   target < 1 s")


if __name__ == "__main__":
    main()

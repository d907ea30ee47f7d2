"""Render timing: in-process (answers file -> DOCX bytes) and whole-process `mou-wizard render`.

Prints the median of several runs for each example answer file. Targets on the project's machines:
in-process under 150 ms, whole process under 0.8 s.

    python benchmarks/render.py [--runs N]
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--only", help="time only the example files whose name contains this")
    args = ap.parse_args()

    from mou_wizard.content.bundle import load_content
    from mou_wizard.files.answer_files import load_answers
    from mou_wizard.services import draft_bytes

    content = load_content()  # loaded once, as the entry point does

    examples = [p for p in sorted((ROOT / "examples").glob("*.yaml")) if not args.only or args.only in p.name]
    exe = Path(sys.executable).parent / "mou-wizard"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "mou_wizard"]
    draft_bytes(load_answers(examples[0]), content)  # warm the compiled-template cache
    print(f"{'example':<32} {'in-process':>12} {'whole process':>15}")
    with tempfile.TemporaryDirectory() as tmp:
        for ex in examples:
            inproc = []
            for _ in range(args.runs):
                t = time.perf_counter()
                draft_bytes(load_answers(ex), content)
                inproc.append(time.perf_counter() - t)
            whole = []
            for _ in range(args.runs):
                t = time.perf_counter()
                subprocess.run([*cmd, "render", str(ex), "-o", f"{tmp}/out.docx", "--force"], check=True,
                               capture_output=True, env=ENV)
                whole.append(time.perf_counter() - t)
            print(f"{ex.name:<32} {statistics.median(inproc) * 1000:>9.1f} ms {statistics.median(whole):>13.3f} s")
    print("targets: in-process < 150 ms, whole process < 0.8 s (medians)")


if __name__ == "__main__":
    main()

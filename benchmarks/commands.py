"""Whole-process times of the quick commands, and rendering at scale.

* `mou-wizard check` on an example (target <= 0.3 s) and `mou-wizard clauses lint` (target <= 1 s),
  medians of paired runs;
* the largest answer file (a list answer holds at most 200 items): reading it, building the draft and
  the DOCX in-process;
* the document builder alone with 500/1,000/2,000 signatories and 2,500/5,000/10,000 schools set on
  the model directly (target: 2,000 and 10,000 in under 1 s, and linear in size).

    python benchmarks/commands.py [--runs N] [--scale 1.0]
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
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
sys.path.insert(0, str(ROOT))


def whole(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=ENV, check=False)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def large_answers(folder: Path, signatories: int, schools: int) -> Path:
    import yaml

    from mou_wizard.content.bundle import load_content
    from mou_wizard.files.examples import example_yaml

    data = yaml.safe_load(example_yaml(load_content().questions))
    data["parties"]["schools"] = [f"School Number {i}" for i in range(schools)]
    data["parties"]["signatories"] = [{"name": f"Signer {i}", "title": "Member of the Board",
                                       "party": "district" if i % 2 else "agency"} for i in range(signatories)]
    path = folder / f"large-{signatories}-{schools}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of 2,000 signatories and 10,000 schools")
    args = ap.parse_args()
    exe = Path(sys.executable).parent / "mou-wizard"
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "mou_wizard"]
    example = ROOT / "examples" / "rural-county-sheriff.yaml"
    print(f"check, whole process: {whole([*cli, 'check', str(example)], args.runs):.3f} s (target <= 0.3 s)")
    print(f"clauses lint, whole process: {whole([*cli, 'clauses', 'lint'], max(1, args.runs // 2)):.3f} s "
          "(target <= 1 s)")

    from mou_wizard.content.bundle import load_content
    from mou_wizard.domain.values import MAX_ITEMS
    from mou_wizard.files.answer_files import load_answers
    from mou_wizard.services import draft_bytes

    content = load_content()
    draft_bytes(load_answers(example), content)
    with tempfile.TemporaryDirectory() as tmp:
        # An answer file holds at most MAX_ITEMS items in a list: the largest file, read and rendered.
        path = large_answers(Path(tmp), MAX_ITEMS, MAX_ITEMS)
        t = time.perf_counter()
        answers = load_answers(path)
        read = time.perf_counter() - t
        t = time.perf_counter()
        draft_bytes(answers, content)
        print(f"largest answer file ({MAX_ITEMS} signatories, {MAX_ITEMS} schools): read {read:.3f} s, "
              f"draft and DOCX {time.perf_counter() - t:.3f} s")
    # Beyond what a file may hold, the document builder alone (the lists set on the model directly).
    for frac in (0.25, 0.5, 1.0):
        n_sig, n_sch = int(2000 * args.scale * frac), int(10000 * args.scale * frac)
        parties = answers.parties.model_copy(update={
            "schools": [f"School Number {i}" for i in range(n_sch)],
            "signatories": [answers.parties.signatories[i % 2].model_copy(update={"name": f"Signer {i}"})
                            for i in range(n_sig)]})
        big = answers.model_copy(update={"parties": parties})
        t = time.perf_counter()
        data = draft_bytes(big, content)
        print(f"document builder: {n_sig} signatories, {n_sch} schools: {time.perf_counter() - t:.3f} s "
              f"({len(data) // 1024} kB)")
    print("target: 2000 signatories and 10000 schools in under 1 s, linear in size")


if __name__ == "__main__":
    main()

"""Batch rendering: drafts per second for a whole state's districts, with 1 and 2 jobs, and peak memory.

Generates COUNT distinct answer files (district and agency names, states, schools, numbers, some
answers left out) from the recommended example, in a temporary folder, then times the whole command
``mou-wizard render FOLDER -o OUT --jobs N --force`` (start-up and content loading included) and
prints drafts per second and the peak RSS of the largest process (the parent or a worker).
Target: >= 40 drafts/s on 2 cores; memory flat over the run.

    python benchmarks/batch.py [--count 1000] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
sys.path.insert(0, str(ROOT))

TOWNS = ["Ash", "Birch", "Cedar", "Dover", "Elm", "Fair", "Glen", "Harbor", "Iron", "Juniper", "Kings", "Lake",
         "Maple", "North", "Oak", "Pine", "Quarry", "River", "Stone", "Twin", "Union", "Valley", "West", "York"]
ENDINGS = ["field", "ton", "wood", "dale", "brook", "view", "port", "ridge", "ford", "haven"]
STATES = ["AR", "CT", "IL", "IN", "KY", "MA", "NE", "NJ", "NY", "OH", "PA", "TX", "UT", "VA", "WA", "CO", "OR", "GA"]
# Answers a district may leave open (the draft then shows them as open decisions).
SKIPPABLE = [("partnership", "review_cycle_months"), ("partnership", "report_frequency_months"),
             ("partnership", "annual_cost"), ("partnership", "cost_cap"), ("partnership", "mediation"),
             ("partnership", "reports_public"), ("parties", "term_months"), ("partnership", "dispute_days"),
             ("parties", "signatories"), ("partnership", "data_collected"), ("partnership", "goals")]


def answer_files(folder: Path, count: int, seed: int = 12) -> list[Path]:
    import yaml

    from mou_wizard.content.bundle import load_content
    from mou_wizard.files.examples import example_yaml

    base = yaml.safe_load(example_yaml(load_content().questions))
    rng = random.Random(seed)
    files = []
    for i in range(count):
        data = yaml.safe_load(yaml.safe_dump(base))  # a deep copy
        town = f"{rng.choice(TOWNS)}{rng.choice(ENDINGS)}"
        parties = data["parties"]
        parties["district_name"] = f"{town} {rng.choice(['Unified', 'Area', 'County', 'City'])} School District {i}"
        parties["agency_name"] = rng.choice([f"{town} Police Department", f"{town} County Sheriff's Office"])
        parties["state"] = rng.choice(STATES)
        parties["schools"] = [f"{town} {kind} School {n}" for n in range(rng.randint(1, 12))
                              for kind in [rng.choice(["High", "Middle", "Elementary"])]] or [f"{town} High School"]
        parties["signatories"][0]["name"] = f"Dr. {rng.choice(TOWNS)} {rng.choice(ENDINGS).title()}"
        part = data["partnership"]
        part["review_cycle_months"] = rng.choice([12, 24, 36])
        part["annual_cost"] = rng.randrange(40_000, 250_000, 500)
        part["cost_cap"] = part["annual_cost"] + rng.randrange(0, 50_000, 1000)
        part["termination_notice_days"] = rng.choice([30, 60, 90, 120])
        for section, key in rng.sample(SKIPPABLE, rng.randint(0, 4)):
            data.get(section, {}).pop(key, None)
        path = folder / f"district-{i:04d}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
        files.append(path)
    return files


MEASURE = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
           "print('maxrss_kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
           "sys.exit(r.returncode)")


def run(cmd: list[str]) -> tuple[float, str, int]:
    """Seconds, the summary line and the peak RSS (kB) of the largest process of the command."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, env=ENV)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"batch render failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    rss = int(re.search(r"maxrss_kb (\d+)", proc.stderr).group(1))
    return seconds, proc.stdout.strip().splitlines()[-1], rss


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=int(os.environ.get("MOU_BENCH_COUNT", 1000)))
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    exe = Path(sys.executable).parent / "mou-wizard"
    cli = [str(exe)] if exe.exists() else [sys.executable, "-m", "mou_wizard"]
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "answers", Path(tmp) / "drafts"
        folder.mkdir()
        t = time.perf_counter()
        answer_files(folder, args.count)
        print(f"generated {args.count} answer files in {time.perf_counter() - t:.1f} s")
        print(f"{'jobs':>4} {'files':>6} {'seconds':>8} {'drafts/s':>9} {'peak RSS':>10}")
        for jobs in args.jobs:
            seconds, line, rss = run([*cli, "render", str(folder), "-o", str(out), "--jobs", str(jobs), "--force"])
            rendered = int(re.match(r"Rendered (\d+)", line).group(1))
            print(f"{jobs:>4} {rendered:>6} {seconds:>8.2f} {rendered / seconds:>9.1f} {rss / 1024:>7.0f} MB")
        print(f"drafts on disk: {len(list(out.glob('*.docx')))}")
    print("target: >= 40 drafts/s with 2 jobs on 2 cores (whole command, start-up included); peak RSS flat")


if __name__ == "__main__":
    main()

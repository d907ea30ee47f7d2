"""Fuzzing at length: the property checks of tests/fuzzing.py with many more examples than CI runs.

Random answer files through ``mou-wizard render`` (every field, values of the right type and of any
other) and random lines through the plain interview; prints how many examples ended each way. An
unexpected ending (a traceback, a message that is not one line, a file left behind, an answer file
that no longer loads) stops the run with Hypothesis's smallest failing example.

    python benchmarks/fuzz.py [--examples N] [--only render|interview] [--seed S]
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # support.py and fuzzing.py
# Keep the user's cache and data folders out of it, as the tests do.
_HOME = Path(tempfile.mkdtemp(prefix="mou-wizard-fuzz-"))
for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
    os.environ[name] = str(_HOME / name.lower())


def _counting(check, counts):
    def run(values):
        counts[check(*values)] += 1
    return run


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=2000, help="examples for each check (default 2000)")
    ap.add_argument("--only", choices=("render", "interview"))
    ap.add_argument("--seed", type=int, help="a seed, to repeat a run")
    args = ap.parse_args()

    from hypothesis import HealthCheck, given, seed, settings

    import fuzzing

    config = settings(max_examples=args.examples, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
    from hypothesis import strategies as st

    checks = {
        "render": (fuzzing.render_outcome, st.tuples(fuzzing.answer_documents())),
        "interview": (fuzzing.interview_outcome, st.tuples(fuzzing.LINES, fuzzing.STARTS)),
    }
    for name, (check, strategy) in checks.items():
        if args.only and name != args.only:
            continue
        counts: collections.Counter = collections.Counter()
        test = config(given(strategy)(_counting(check, counts)))
        if args.seed is not None:
            test = seed(args.seed)(test)
        start = time.perf_counter()
        test()
        total = sum(counts.values())
        shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(f"{name}: {total} examples in {time.perf_counter() - start:.1f} s: {shown}; unexpected 0", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

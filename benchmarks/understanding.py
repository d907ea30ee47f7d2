"""Understanding: the reply corpus (tests/interview/corpus/replies.yaml) through the real conversation.

Prints the share of replies understood first time (stored as expected, or asked about when the
assistant should ask; target 95% or more), the number stored wrong (target 0) and every miss, with
what the assistant said. The cases marked for work elsewhere (``xfail`` in the corpus) are counted
like any other, and named.

    python benchmarks/understanding.py [--all]     # --all: list every case, not only the misses
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--all", action="store_true", help="list every case, not only the misses")
    args = ap.parse_args()

    from corpus_support import NOT_UNDERSTOOD, SAVED_WRONG, UNDERSTOOD, run_corpus
    from mou_wizard.content.bundle import load_content
    from mou_wizard.templating import TemplateCache

    content = load_content(ROOT, cache=TemplateCache.in_memory()).require_ok()
    t = time.perf_counter()
    outcomes = run_corpus(content)
    elapsed = time.perf_counter() - t
    counts = collections.Counter(o.verdict for o in outcomes)
    total = len(outcomes)
    by_intent: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for o in outcomes:
        by_intent["clarify" if o.case.asks else o.case.intent][o.verdict] += 1

    print(f"replies: {total} ({elapsed * 1000 / total:.1f} ms each)")
    print(f"understood first time: {counts[UNDERSTOOD]} ({100 * counts[UNDERSTOOD] / total:.1f}%)   target >= 95%")
    print(f"not understood:        {counts[NOT_UNDERSTOOD]}")
    print(f"saved wrong:           {counts[SAVED_WRONG]}   target 0")
    print()
    print(f"{'expected':<10} {'cases':>6} {'understood':>11} {'missed':>7} {'wrong':>6}")
    for intent, c in sorted(by_intent.items()):
        n = sum(c.values())
        print(f"{intent:<10} {n:>6} {c[UNDERSTOOD]:>11} {c[NOT_UNDERSTOOD]:>7} {c[SAVED_WRONG]:>6}")
    shown = [o for o in outcomes if args.all or o.verdict != UNDERSTOOD]
    if shown:
        print()
        print("misses:" if not args.all else "cases:")
    for o in shown:
        mark = f"  (marked: {o.case.xfail})" if o.case.xfail else ""
        print(f"  [{o.verdict}] {o.case.label()} -> {o.detail}{mark}")
        for kind, text in o.messages[:2]:
            print(f"      {kind}: {text.splitlines()[0][:150]}")


if __name__ == "__main__":
    main()

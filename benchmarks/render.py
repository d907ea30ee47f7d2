"""Render timing: in-process (answers file -> DOCX bytes), whole-process `mou-wizard render`, the bare
python-docx floor, and the first run after install.

For each example answer file:
* in-process: reading the answers and building the DOCX bytes, content already loaded;
* whole process: `mou-wizard render FILE -o OUT --force`, start-up and exit included;
* floor: a bare python-docx script, generated from the rendered document's own paragraphs and tables
  (the same text, headings and table cells), run as a whole process the same way, alternating with
  the render runs so both see the same machine load; the ratio render / floor is the figure to watch;
* first run: the package copied to a fresh folder (no bytecode) with an empty template cache, as on
  the first command after installing, against a warm run.

* start-up alone: a process that only imports pydantic and builds the answers model (what validating
  an answer file needs before anything is drafted), against one that only imports python-docx and
  against the floor, paired: the part of the ratio that comes with validating the answers at all.

Targets: whole process <= 1.5x the floor; first run <= 2x a warm run.

    python benchmarks/render.py [--runs N] [--only NAME]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
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

FLOOR = '''\
import json, sys
import docx
doc = docx.Document()
for kind, item in json.loads(open(sys.argv[1], encoding="utf-8").read()):
    if kind == "h":
        doc.add_heading(item[1], level=item[0])
    elif kind == "p":
        doc.add_paragraph(item)
    else:
        table = doc.add_table(rows=len(item), cols=max(len(r) for r in item))
        for row, cells in zip(table.rows, item):
            for cell, text in zip(row.cells, cells):
                cell.text = text
doc.save(sys.argv[2])
'''


def floor_items(docx_path: Path) -> list:
    """The rendered document's body, in order: headings (level, text), paragraphs, tables (cell texts)."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(str(docx_path))
    items = []
    for block in d.iter_inner_content():
        if isinstance(block, Paragraph):
            style = block.style.name if block.style is not None else ""
            if style.startswith("Heading") and style[-1:].isdigit():
                items.append(("h", (int(style[-1]), block.text)))
            else:
                items.append(("p", block.text))
        elif isinstance(block, Table):
            items.append(("t", [[c.text for c in row.cells] for row in block.rows]))
    return items


def timed(cmd: list[str], env: dict[str, str] = ENV) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    return time.perf_counter() - t


def first_run(cmd_tail: list[str], tmp: Path, runs: int) -> tuple[float, float]:
    """(first run after install, warm run) medians: the package copied to a fresh folder each time, with
    an empty template cache, against the same copy run again."""
    firsts, warms = [], []
    for i in range(runs):
        fresh = tmp / f"install-{i}"
        shutil.copytree(ROOT / "mou_wizard", fresh / "mou_wizard", ignore=shutil.ignore_patterns("__pycache__"))
        env = {**ENV, "PYTHONPATH": str(fresh), "XDG_CACHE_HOME": str(fresh / "cache"),
               "MOU_WIZARD_CONTENT": str(ROOT)}
        cmd = [sys.executable, "-m", "mou_wizard", *cmd_tail]
        firsts.append(timed(cmd, env))
        warms.append(timed(cmd, env))
    return statistics.median(firsts), statistics.median(warms)


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
    print(f"{'example':<32} {'in-process':>11} {'whole process':>14} {'floor':>8} {'ratio':>6}")
    ratios = []
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        script = tmpdir / "floor.py"
        script.write_text(FLOOR)
        for ex in examples:
            inproc = []
            for _ in range(args.runs):
                t = time.perf_counter()
                draft_bytes(load_answers(ex), content)
                inproc.append(time.perf_counter() - t)
            out = tmpdir / "out.docx"
            render = [*cmd, "render", str(ex), "-o", str(out), "--force"]
            timed(render)
            items = tmpdir / "items.json"
            items.write_text(json.dumps(floor_items(out)))
            floor_cmd = [sys.executable, str(script), str(items), str(tmpdir / "floor.docx")]
            timed(floor_cmd)
            whole, floor = [], []
            for _ in range(args.runs):  # paired, alternating: both see the same load
                whole.append(timed(render))
                floor.append(timed(floor_cmd))
            w, f = statistics.median(whole), statistics.median(floor)
            ratios.append(w / f)
            print(f"{ex.name:<32} {statistics.median(inproc) * 1000:>8.1f} ms {w:>12.3f} s {f:>6.3f} s {w / f:>5.2f}x")
        # What the render pays before it drafts anything: importing pydantic and building the answers
        # model (to validate the answer file), against the floor's own start-up (python-docx), paired
        # with the floor of the last example.
        model = [sys.executable, "-c", "from mou_wizard.startup import skip_plugin_scan; skip_plugin_scan(); "
                                       "import mou_wizard.domain.answers"]
        bare = [sys.executable, "-c", "import docx"]
        costs: dict[str, list[float]] = {"model": [], "bare": [], "floor": []}
        for _ in range(args.runs):
            for key, c in (("model", model), ("bare", bare), ("floor", floor_cmd)):
                costs[key].append(timed(c))
        model_s, bare_s, floor_s = (statistics.median(costs[k]) for k in ("model", "bare", "floor"))
        first, warm = first_run(["render", str(examples[0]), "-o", str(tmpdir / "first.docx"), "--force"],
                                tmpdir, max(1, min(3, args.runs)))
    print(f"render / python-docx floor, median over the examples: {statistics.median(ratios):.2f}x")
    print(f"first run after install: {first:.3f} s, warm: {warm:.3f} s ({first / warm:.2f}x)")
    print(f"start-up alone: python with pydantic and the answers model {model_s:.3f} s ({model_s / floor_s:.2f}x the "
          f"floor); python with python-docx {bare_s:.3f} s; the whole floor {floor_s:.3f} s")
    print("targets: whole process <= 1.5x the floor; first run <= 2x warm")


if __name__ == "__main__":
    main()

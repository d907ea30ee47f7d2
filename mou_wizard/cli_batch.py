"""The batch forms of ``render`` and ``check`` on the command line: several answer files, or folders of
them, with a progress bar on a terminal and one line per file that failed or was skipped."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mou_wizard.errors import UserError

PROG = "mou-wizard"


def isatty(stream) -> bool:
    """Whether ``stream`` is a terminal (False for a closed or missing stream)."""
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError, AttributeError):
        return False


def is_batch(args: argparse.Namespace, inputs: list[str]) -> bool:
    """Several answer files, or a folder of them: the batch form of the command. One folder named like
    an answer file (``x.yaml/``), or rendered to a ``.docx``, is taken for one file (and refused as
    the single command refuses it)."""
    one = Path(inputs[0])
    batch = len(inputs) > 1 or (one.is_dir() and one.suffix.lower() not in (".yaml", ".yml")
                                and not str(getattr(args, "output", "")).lower().endswith(".docx"))
    if not batch and args.jobs is not None:
        raise UserError("--jobs: applies only to several answer files or a folder of them")
    if args.jobs is not None and args.jobs < 1:
        raise UserError(f"--jobs: expected a whole number of at least 1, got {args.jobs}")
    return batch


class Progress:
    """A batch's progress: a bar on standard error when it is a terminal (nothing otherwise), and one
    line on standard error per file that failed or was skipped."""

    def __init__(self, what: str) -> None:
        self.bar = None
        self.what = what

    def __enter__(self) -> "Progress":
        if isatty(sys.stderr):
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(file=sys.stderr), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.what, total=None)
        return self

    def __call__(self, outcome, total: int) -> None:
        if outcome.message:
            line = f"{PROG}: {'error: ' if outcome.status == 'failed' else ''}{outcome.message}"
            if self.bar is not None:
                self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
            else:
                print(line, file=sys.stderr)
        if self.bar is not None:
            self.bar.update(self.task, total=total, advance=1)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def render_many(args: argparse.Namespace, content) -> int:
    """``render DIR_OR_FILES... -o OUTDIR``: every answer file into the folder, a line per failure."""
    import functools

    from mou_wizard.batch import render_batch
    from mou_wizard.services import render_files

    pdf = "only" if args.pdf_only else "also" if args.pdf else None
    render = functools.partial(render_files, pdf=pdf) if pdf else None
    with Progress("Rendering") as progress:
        summary = render_batch([Path(a) for a in args.answers], Path(args.output), content,
                               jobs=args.jobs, force=args.force, final=args.final, progress=progress,
                               render=render, suffix=".pdf" if pdf == "only" else ".docx")
    print(summary.line())
    return 2 if summary.failed else 0


def check_many(args: argparse.Namespace, content) -> int:
    """Scorecards for several answer files (``--format json`` or ``csv``), the bad ones on stderr."""
    from mou_wizard import batch

    if args.format not in ("json", "csv"):
        raise UserError(f"--format {args.format}: several answer files are checked with --format json or csv")
    with Progress("Checking") as progress:
        summary = batch.check_batch([Path(a) for a in args.answers], content, state=args.state,
                                    jobs=args.jobs, progress=progress)
    outcomes = summary.ordered()
    cards = [o.data for o in outcomes if o.status == batch.CHECKED]
    failed = [o for o in outcomes if o.status == batch.FAILED]
    sys.stdout.write(batch.csv_text(cards) if args.format == "csv" else batch.json_text(cards, failed))
    if failed:
        return 2
    strict = any(c["summary"]["missing"] or c["summary"]["against"]
                 or (c["state"] and (c["state"]["summary"]["missing"] or c["state"]["summary"]["against"]))
                 for c in cards)
    return 1 if args.strict and strict else 0

"""Many answer files at once: ``render DIR_OR_FILES... -o OUTDIR`` and ``check DIR --format json|csv``.

The parent process loads the content once, warms it (the document modules imported, one draft built
in memory) and then forks its workers (multiprocessing's ``fork`` context on Linux), so each worker
starts with everything loaded; where fork is not available (macOS, Windows) the workers are spawned
and load the content themselves. Each worker handles one file at a time through the same use case
the single-file command calls (:func:`mou_wizard.services.render_file`, :func:`~mou_wizard.services.check_file`),
so a batch writes exactly what the single commands write, atomically, and fails with the same
one-line messages. One bad file never stops the rest: its outcome is ``failed`` with that message.

Adding another output kind (a PDF, say) means passing another per-file function and suffix to
:func:`render_batch`; nothing else here changes.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from mou_wizard.errors import UserError
from mou_wizard.files.answer_files import ANSWER_SUFFIXES
from mou_wizard.language.text import one_line

RENDERED, FAILED, SKIPPED, CHECKED = "rendered", "failed", "skipped", "checked"


@dataclass(frozen=True)
class Outcome:
    """What became of one answer file: ``status`` (rendered, checked, failed, skipped), the line to
    show (a failure's reason, a skip's reason) and, for ``check``, the scorecard's data."""

    index: int
    path: str
    status: str
    message: str = ""
    output: str | None = None
    data: Any = None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failed(self) -> bool:
        return any(o.status == FAILED for o in self.outcomes)

    def ordered(self) -> list[Outcome]:
        return sorted(self.outcomes, key=lambda o: o.index)

    def line(self, done: str = RENDERED, noun: str = "draft") -> str:
        n = self.count(done)
        rate = n / self.seconds if self.seconds > 0 else 0.0
        return (f"{done.capitalize()} {n} of {len(self.outcomes)} answer file{'s' if len(self.outcomes) != 1 else ''}: "
                f"{self.count(FAILED)} failed, {self.count(SKIPPED)} skipped, {self.seconds:.1f} s, "
                f"{rate:.1f} {noun}s/s")


def answer_files(inputs: Iterable[Path]) -> list[Path]:
    """The answer files named: each folder's ``*.yaml`` and ``*.yml`` files (sorted; hidden files and
    sub-folders left out), each file as given (a missing one fails later, with its own line); a file
    named twice once. A folder without answer files is an error."""
    seen: set[str] = set()
    files: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found = sorted(p for p in item.iterdir() if p.suffix.lower() in ANSWER_SUFFIXES
                           and not p.name.startswith(".") and not p.is_dir())
            if not found:
                raise UserError(f"{item}: no answer files (.yaml or .yml) in this folder")
        else:
            found = [item]
        for path in found:
            key = os.path.realpath(path)
            if key not in seen:
                seen.add(key)
                files.append(path)
    return files


def output_folder(outdir: Path) -> Path:
    """The folder the drafts go to, created when it does not exist (its parent must)."""
    if outdir.exists() and not outdir.is_dir():
        raise UserError(f"{outdir}: is a file; with several answer files, -o names the folder for the drafts")
    if not outdir.exists():
        if outdir.suffix.lower() == ".docx":
            raise UserError(f"{outdir}: with several answer files, -o names a folder for the drafts, not a .docx file")
        try:
            outdir.mkdir(parents=True)
        except OSError as e:
            raise UserError(f"{outdir}: cannot create the folder ({e.strerror or e})") from None
    if not os.access(outdir, os.W_OK):
        raise UserError(f"{outdir}: the folder is not writable")
    return outdir


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def plan(files: list[Path], outdir: Path, force: bool, suffix: str = ".docx") -> tuple[list[tuple], list[Outcome]]:
    """Each answer file's output (``OUTDIR/NAME.docx``), and the outcomes decided before any work: an
    output that exists (skipped unless ``force``), an output that is one of the inputs (never written,
    even with ``force``), two answer files that would write one output."""
    inputs = {i for i in (_file_id(p) for p in files) if i is not None}
    tasks: list[tuple] = []
    decided: list[Outcome] = []
    names: dict[str, Path] = {}
    for index, path in enumerate(files):
        out = outdir / f"{path.stem}{suffix}"
        other = names.setdefault(out.name.casefold(), path)
        if other is not path:
            decided.append(Outcome(index, str(path), FAILED, f"{path}: its output would be {out}, as {other}'s is; "
                                   "expected answer files with different names"))
            continue
        if os.path.lexists(out):
            if _file_id(out) in inputs:
                decided.append(Outcome(index, str(path), FAILED, f"{out}: is also an input of this command; expected "
                                       "a different output file (an input is never overwritten)"))
                continue
            if not force:
                decided.append(Outcome(index, str(path), SKIPPED, f"{out}: already exists; skipped (use --force to "
                                       "replace it)", str(out)))
                continue
        tasks.append((index, str(path), str(out)))
    return tasks, decided


# --- the workers ---------------------------------------------------------------------------------

_WORK: dict[str, Any] = {}  # what every worker needs: set in the parent before fork, or by _start


def _start(work: dict[str, Any] | None) -> None:
    """A worker's start: Ctrl+C is the parent's to handle; a spawned worker loads the content."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if work is not None:
        from mou_wizard.content.bundle import load_content

        work = dict(work)
        work["content"] = load_content(work.pop("content_root")).require_ok()
        _WORK.update(work)
    gc.enable()  # the parent's objects are frozen; a long batch collects its own garbage


def _reason(path: str, e: BaseException) -> str:
    if isinstance(e, UserError):
        message = one_line(str(e))
    else:  # a bug: said on one line too, and the batch goes on
        message = one_line(f"{path}: could not be processed ({type(e).__name__}: {e})")
    return message if path in message else f"{path}: {message}"


def _render_task(task: tuple) -> Outcome:
    index, path, out = task
    try:
        _WORK["render"](Path(path), Path(out), _WORK["content"], _WORK["force"], final=_WORK["final"])
    except Exception as e:
        return Outcome(index, path, FAILED, _reason(path, e))
    return Outcome(index, path, RENDERED, output=out)


def _check_task(task: tuple) -> Outcome:
    index, path = task
    try:
        data = _WORK["check"](Path(path), _WORK["content"], _WORK["state"])
    except Exception as e:
        return Outcome(index, path, FAILED, _reason(path, e))
    return Outcome(index, path, CHECKED, data=data)


def _run(worker: Callable[[tuple], Outcome], tasks: list[tuple], work: dict[str, Any], jobs: int) -> Iterator[Outcome]:
    """Each task's outcome as it completes: in this process (one job, or one task), else in a pool."""
    _WORK.clear()
    _WORK.update(work)
    if jobs <= 1 or len(tasks) <= 1:
        gc.enable()  # a long run in this process: memory stays flat (the CLI turns collection off)
        for task in tasks:
            yield worker(task)
        return
    fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform.startswith("linux")
    ctx = multiprocessing.get_context("fork" if fork else "spawn")
    initargs = None
    if not fork:
        initargs = {k: v for k, v in work.items() if k != "content"}
        initargs["content_root"] = str(work["content"].root)
    gc.collect()
    gc.freeze()  # the loaded content stays shared: the workers' collections never touch (copy) it
    pool = ctx.Pool(min(jobs, len(tasks)), initializer=_start, initargs=(initargs,))
    try:
        chunk = max(1, min(8, len(tasks) // (jobs * 8)))
        yield from pool.imap_unordered(worker, tasks, chunksize=chunk)
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        gc.unfreeze()


def _warm(content, first: Path | None) -> None:
    """Build one draft in memory, so the forked workers inherit every lazily built cache."""
    if first is None:
        return
    try:
        from mou_wizard.files.answer_files import load_answers
        from mou_wizard.services import draft_bytes

        draft_bytes(load_answers(first), content)
    except Exception:
        pass  # a bad first file fails in its turn, with its message


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def render_batch(inputs: list[Path], outdir: Path, content, *, jobs: int | None = None, force: bool = False,
                 final: bool = False, render: Callable | None = None, suffix: str = ".docx",
                 progress: Callable[[Outcome, int], None] | None = None) -> Summary:
    """``mou-wizard render DIR_OR_FILES... -o OUTDIR``: every answer file to ``OUTDIR/NAME.docx``.
    ``render(answers_path, out, content, force, final=...)`` writes one output (default:
    :func:`mou_wizard.services.render_file`); ``progress(outcome, total)`` is called as each file ends."""
    from mou_wizard.services import render_file

    start = time.perf_counter()
    files = answer_files(inputs)
    outdir = output_folder(outdir)
    tasks, decided = plan(files, outdir, force, suffix)
    summary = Summary()
    report = progress or (lambda outcome, total: None)
    for outcome in decided:
        summary.outcomes.append(outcome)
        report(outcome, len(files))
    jobs = jobs or default_jobs()
    if tasks and jobs > 1 and len(tasks) > 1:
        _warm(content, Path(tasks[0][1]))
    work = {"content": content, "render": render or render_file, "force": force, "final": final}
    for outcome in _run(_render_task, tasks, work, jobs):
        summary.outcomes.append(outcome)
        report(outcome, len(files))
    summary.seconds = time.perf_counter() - start
    return summary


def scorecard(path: Path, content, state: str | None) -> dict[str, Any]:
    """One answer file's scorecard data (``check --format json``), with its file and parties."""
    from mou_wizard.services import check_file

    rep = check_file(path, content, state)
    parties = rep.answers.parties
    return {"file": str(path), "district": parties.district_name, "agency": parties.agency_name,
            "state_code": parties.state, **{k: v for k, v in rep.data().items() if k != "format_version"}}


def check_batch(inputs: list[Path], content, *, state: str | None = None, jobs: int | None = None,
                progress: Callable[[Outcome, int], None] | None = None) -> Summary:
    """``mou-wizard check DIR``: every answer file's scorecard; a bad file is a failed outcome."""
    start = time.perf_counter()
    files = answer_files(inputs)
    summary = Summary()
    report = progress or (lambda outcome, total: None)
    work = {"content": content, "check": scorecard, "state": state}
    for outcome in _run(_check_task, [(i, str(p)) for i, p in enumerate(files)], work, jobs or default_jobs()):
        summary.outcomes.append(outcome)
        report(outcome, len(files))
    summary.seconds = time.perf_counter() - start
    return summary


CSV_COLUMNS = ("file", "district", "agency", "state", "item", "status", "source", "summary", "sections",
               "clauses", "open_questions", "against_questions")


def csv_text(cards: Iterable[dict[str, Any]]) -> str:
    """One row per answer file and SEC item."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for card in cards:
        for item in card["rubric"]:
            writer.writerow([card["file"], card["district"] or "", card["agency"] or "", card["state_code"] or "",
                             item["id"], item["status"], item["source"], item["summary"],
                             "; ".join(item["sections"]), "; ".join(item["clauses"]),
                             "; ".join(item["open_questions"]), "; ".join(item["against_questions"])])
    return buf.getvalue()


def json_text(cards: Iterable[dict[str, Any]], failed: Iterable[Outcome]) -> str:
    """``{"format_version": 1, "files": [scorecard...], "failed": [{"file", "error"}...]}``."""
    import json

    from mou_wizard.engine.reports import FORMAT_VERSION, json_default

    data = {"format_version": FORMAT_VERSION, "files": list(cards),
            "failed": [{"file": o.path, "error": o.message} for o in failed]}
    return json.dumps(data, indent=2, ensure_ascii=False, default=json_default) + "\n"

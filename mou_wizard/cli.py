"""The ``mou-wizard`` command line.

Heavy modules are imported inside each command so that ``mou-wizard render`` starts fast and never
loads the terminal UI. Every error a user can cause is a :class:`UserError`: one line on stderr,
exit status 2, no traceback, and no output file left behind.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import sys
from pathlib import Path

from mou_wizard.cli_batch import check_many, is_batch, render_many
from mou_wizard.cli_batch import isatty as _isatty
from mou_wizard.completion import VersionAction, rich_help
from mou_wizard.content.files import CONTENT_ENV
from mou_wizard.errors import UserError
from mou_wizard.language.text import one_line as _one_line, strip_controls
from mou_wizard.startup import skip_plugin_scan

PROG = "mou-wizard"


def default_answers_path() -> Path:
    from mou_wizard.folders import data_dir

    return data_dir() / "interview.yaml"


def _content(args: argparse.Namespace):
    """The content bundle, loaded once for the command (``--content DIR`` or ``MOU_WIZARD_CONTENT``)."""
    from mou_wizard.content.bundle import load_content

    return load_content(getattr(args, "content", None)).require_ok()


def cmd_render(args: argparse.Namespace) -> int:
    pdf = "only" if args.pdf_only or Path(args.output).suffix.lower() == ".pdf" else "also" if args.pdf else None
    if args.pdf_only and Path(args.output).suffix.lower() != ".pdf" and not is_batch(args, args.answers):
        raise UserError(f"{args.output}: with --pdf-only, -o names the PDF; expected a file name ending in .pdf")
    if is_batch(args, args.answers):
        return render_many(args, _content(args))
    from mou_wizard.services import read_answers, render_bytes, render_files

    answers = args.answers[0]
    if args.output == "-":  # standard output: the DOCX (or with --pdf-only, the PDF) as bytes
        if args.pdf:
            raise UserError("-o -: --pdf writes the PDF beside the DOCX file; with standard output use --pdf-only")
        if _isatty(sys.stdout):
            raise UserError("-o -: standard output is a terminal; redirect it to a file (> draft.docx) or a pipe")
        loaded = read_answers(Path(answers))  # a broken answer file is reported before the content loads
        _write_bytes(render_bytes(Path(answers), _content(args), final=args.final, pdf=args.pdf_only, loaded=loaded))
        return 0
    loaded = read_answers(Path(answers))
    for out in render_files(Path(answers), Path(args.output), _content(args), args.force, final=args.final,
                            pdf=pdf, loaded=loaded):
        print(f"Wrote {out}")
    return 0


def cmd_example(args: argparse.Namespace) -> int:
    from mou_wizard.files.examples import example_yaml

    text = example_yaml(_content(args).questions)
    if args.output and args.output != "-":
        from mou_wizard.files.answer_files import atomic_write, check_answer_file_name, check_output_path

        out = Path(args.output)
        check_answer_file_name(out)
        check_output_path(out, overwrite=args.force)
        atomic_write(out, text, overwrite=args.force)
        print(f"Wrote {out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from mou_wizard.files.answer_files import SavedAnswers

    if args.content is not None:
        from mou_wizard.content.bundle import content_root
        from mou_wizard.content.schema import add_schema_lines, write_content_schemas

        root = content_root(args.content or None)
        for path in write_content_schemas(root):
            print(f"Wrote {path}")
        for rel in add_schema_lines(root):
            print(f"Added the schema line to {root / rel}")
        return 0

    schema = SavedAnswers.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "mou-wizard answer file"
    sys.stdout.write(json.dumps(schema, indent=2, sort_keys=True) + "\n")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    if is_batch(args, args.answers) or args.format == "csv":
        return check_many(args, _content(args))
    from mou_wizard.services import check_file, read_answers

    path = Path(args.answers[0])
    loaded = read_answers(path)  # a broken answer file is reported before the content is loaded
    rep = check_file(path, _content(args), args.state, loaded=loaded)
    sys.stdout.write({"text": rep.text, "json": rep.json, "markdown": rep.markdown}[args.format]())
    return 1 if args.strict and rep.failed else 0


def _converse(session, plain: bool) -> int:
    """Run an interview or a review in plain mode or the TUI; both end in the same use case. The
    session holds its answer file's lock until it ends."""
    from mou_wizard import services

    with session:
        if plain:
            from mou_wizard.interview.plain import run_plain

            stdin = sys.stdin
            if stdin is None:
                raise UserError("standard input is closed; expected the answers, one a line")
            if hasattr(stdin, "reconfigure"):
                # Bytes that are not UTF-8 are kept apart (and refused with a message), never saved.
                stdin.reconfigure(errors="surrogateescape")
            return run_plain(session, stdin, sys.stdout,
                             coverage_line=lambda: services.coverage_sentence(session.flow.answers,
                                                                              session.content),
                             finish=lambda: services.finish(session))
        from mou_wizard.tui import run_tui

        return run_tui(session)


def cmd_review(args: argparse.Namespace) -> int:
    from mou_wizard.interview.session import ReviewSession

    session = ReviewSession(Path(args.previous), _content(args), Path(args.output) if args.output else None,
                            lock=True)
    for note in session.migration_notes:
        print(strip_controls(note), file=sys.stderr)
    return _converse(session, args.plain)


def cmd_revise(args: argparse.Namespace) -> int:
    from mou_wizard.services import revise_files

    notes, written = revise_files(Path(args.old), Path(args.new), Path(args.output), _content(args),
                                  clean=Path(args.clean) if args.clean else None, force=args.force,
                                  against=Path(args.against) if args.against else None, author=args.author,
                                  rename=args.rename, summary=not args.no_summary)
    for note in notes:
        print(note)
    for path in written:
        print(f"Wrote {path}")
    return 0


def cmd_clauses(args: argparse.Namespace) -> int:
    if args.action == "lint":
        from mou_wizard.batch import default_jobs
        from mou_wizard.checks.lint import lint
        from mou_wizard.content.bundle import load_content

        content = load_content(args.content, strict=True)
        problems = lint(content, jobs=min(2, default_jobs()))  # the whole drafts on two processes
        for p in problems:
            print(p)
        if problems:
            print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found", file=sys.stderr)
            return 1
        lib = content.library
        print(f"ok: {len(lib.clauses)} clauses in {len({c.d.section for c in lib.clauses})} sections, "
              "every SEC id served")
        return 0
    lib = _content(args).library
    if args.action == "list":
        for c in lib.clauses:
            alts = f"  [alternatives: {', '.join(a.name for a in c.d.alternatives)}]" if c.d.alternatives else ""
            print(f"{c.id:<40} {', '.join(c.d.sec) or '-':<24} {c.d.title}{alts}")
        return 0
    # show
    clause = lib.by_id().get(args.id)
    if clause is None:
        raise UserError(f"clause '{args.id}': no such clause; 'mou-wizard clauses list' shows every id")
    d = clause.d
    print(f"{d.id}: {d.title}")
    print(f"  section:    {lib.section(d.section).title} ({d.section})")
    print(f"  rubric:     {', '.join(d.sec) or '-'}")
    if d.states:
        print(f"  states:     {', '.join(d.states)}")
    print(f"  condition:  {d.when or 'always'}")
    print(f"  provenance: {d.provenance.strip()}")
    print(f"  file:       {clause.file}")
    for name, source in d.bodies():
        if name:
            alt = next(a for a in d.alternatives if a.name == name)
            print(f"\n--- alternative '{name}' (when {alt.when})")
        else:
            print()
        print(source.rstrip())
    return 0


def cmd_library(args: argparse.Namespace) -> int:
    from mou_wizard.services import library_init

    dest = Path(args.dir)
    written = library_init(dest, args.content, force=args.force)
    print(f"Wrote {len(written)} files to {dest}; start with {dest / 'README.md'}")
    print(f"Use it with: {PROG} --content {dest} ...  (or {CONTENT_ENV}={dest})")
    return 0


def cmd_interview(args: argparse.Namespace) -> int:
    from mou_wizard.files.answer_files import check_answer_file_name
    from mou_wizard.interview.session import Session
    from mou_wizard.services import check_draft_outputs, check_output

    path = Path(args.answers) if args.answers else default_answers_path()
    check_answer_file_name(path)
    if args.output:
        check_output(Path(args.output), force=args.force)
    session = Session(path, _content(args), Path(args.output) if args.output else None,
                      explicit=bool(args.answers), lock=True, force=args.force)
    try:
        check_draft_outputs(session)  # an -o that exists, before any question
    except BaseException:
        session.close()
        raise
    return _converse(session, args.plain)


def cmd_serve(args: argparse.Namespace) -> int:
    from mou_wizard.serve import serve

    return serve(args.host, args.port, Path(args.folder) if args.folder else None, args.content)


@functools.cache  # built from the code alone; a caller running several commands in one process reuses it
def build_parser(help_paths: bool = True) -> argparse.ArgumentParser:
    """The command line. ``help_paths``: name the user's own folders in the help texts (working them
    out imports platformdirs: only when help may be shown)."""
    p = argparse.ArgumentParser(
        prog=PROG,
        description="Draft a School Resource Officer MOU aligned with the SECURe rubrics. "
        "Drafts are a starting point for the parties and their counsel, not legal advice.",
        epilog=f"'{PROG}' alone (or with interview's options, e.g. '{PROG} --plain') starts or resumes the interview.",
    )
    p.add_argument("--version", action=VersionAction, help="print the version and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", metavar="DIR", help="use the prompts/, clause_library/ and templates/ in DIR "
                        f"(default: ${CONTENT_ENV}, else the content installed with mou-wizard)")

    r = sub.add_parser("render", parents=[common], help="render an answer file to a DOCX draft")
    r.add_argument("answers", nargs="+", metavar="ANSWERS",
                   help="the answer file (YAML; - reads standard input); or several, or folders of them, to "
                        "render each into -o FOLDER")
    r.add_argument("-o", "--output", required=True, help="the DOCX file to write (a name ending in .pdf: the PDF "
                   "only; - writes to standard output; several answer files: the folder for the drafts, NAME.docx "
                   "each)")
    r.add_argument("--force", action="store_true", help="overwrite the output file if it exists (several: replace "
                   "drafts already in the folder instead of skipping them)")
    r.add_argument("--jobs", type=int, metavar="N", help="several answer files: render N at a time "
                   "(default: the number of processors)")
    r.add_argument("--pdf", action="store_true", help="also write a PDF beside the DOCX (NAME.pdf), through "
                   "LibreOffice ('soffice' on the PATH)")
    r.add_argument("--pdf-only", action="store_true", help="write only the PDF: -o names it (NAME.pdf)")
    r.add_argument("--final", action="store_true",
                   help="the signing copy: no DRAFT header, disclaimer, appendix or notes; refused while any "
                        "decision is open")
    r.set_defaults(func=cmd_render)

    e = sub.add_parser("example", parents=[common], help="print a complete answer file with the recommended answers")
    e.add_argument("-o", "--output", help="write to this file instead of standard output (- is standard output)")
    e.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    e.set_defaults(func=cmd_example)

    s = sub.add_parser(
        "schema", help="print the JSON Schema of the answer file (or, with --content, write the content files' schemas)",
        description="Print the JSON Schema of the answer file. With --content, write instead the JSON Schemas of "
        "the content files (prompts/schemas/, clause_library/schemas/, templates/schemas/) into the content "
        "folder DIR, and make the first line of every content YAML file name its schema "
        "('# yaml-language-server: $schema=...'), so an editor flags a wrong key as it is typed.")
    s.add_argument("--content", nargs="?", const="", metavar="DIR",
                   help="write the content schemas into DIR (default: the content in use: $MOU_WIZARD_CONTENT, "
                   "else the bundled content) instead of printing the answer-file schema")
    s.set_defaults(func=cmd_schema)

    k = sub.add_parser("check", parents=[common], help="score an answer file against the SECURe rubric")
    k.add_argument("answers", nargs="+", metavar="ANSWERS",
                   help="the answer file (YAML; - reads standard input); or several, or folders of them (with "
                        "--format json or csv)")
    k.add_argument("--state", help="check this state's requirement pack too (default: the answers' state, "
                   "when a pack exists for it)")
    k.add_argument("--format", choices=("text", "json", "markdown", "csv"), default="text",
                   help="output format (csv: one row per answer file and SEC item)")
    k.add_argument("--jobs", type=int, metavar="N", help="several answer files: check N at a time "
                   "(default: the number of processors)")
    k.add_argument("--strict", action="store_true", help="exit 1 if any item is missing or against the rubric")
    k.set_defaults(func=cmd_check)

    c = sub.add_parser("clauses", help="list, show or lint the clause library")
    csub = c.add_subparsers(dest="action", metavar="ACTION", required=True)
    csub.add_parser("list", parents=[common], help="one line per clause")
    show = csub.add_parser("show", parents=[common], help="one clause in full")
    show.add_argument("id", help="clause id, e.g. complaints.process")
    csub.add_parser("lint", parents=[common], help="check every clause and question")
    c.set_defaults(func=cmd_clauses)

    lb = sub.add_parser("library", help="a copy of the content (clauses, questions, state packs, Word template) "
                        "that counsel can edit")
    lsub = lb.add_subparsers(dest="action", metavar="ACTION", required=True)
    li = lsub.add_parser("init", parents=[common], help="copy the content into DIR, with a README for counsel",
                         description="Copy the prompts, clause library, state packs and document template into DIR, "
                         "with a README for counsel (how to change a clause, add an alternative or a state pack, "
                         "restyle the Word template and check the result). Then use it with --content DIR or "
                         f"{CONTENT_ENV}=DIR.")
    li.add_argument("dir", metavar="DIR", help="a new or empty folder")
    li.add_argument("--force", action="store_true", help="use a folder that is not empty (the library's files in "
                    "it are replaced)")
    lb.set_defaults(func=cmd_library)

    rv = sub.add_parser("review", parents=[common], help="periodic review: walk last cycle's answers and record the review")
    rv.add_argument("previous", help="last cycle's answer file (never changed)")
    rv.add_argument("-o", "--output", help="the new answer file (default: PREVIOUS-vVERSION.yaml beside it)")
    rv.add_argument("--plain", action="store_true", help="plain lines on stdin/stdout")
    rv.set_defaults(func=cmd_review)

    rs = sub.add_parser("revise", parents=[common], help="revision draft: NEW's draft with tracked changes against OLD's")
    rs.add_argument("old", help="the previous cycle's answer file")
    rs.add_argument("new", help="the new cycle's answer file")
    rs.add_argument("-o", "--output", required=True, help="the revision DOCX to write")
    rs.add_argument("--against", metavar="SIGNED.docx",
                    help="measure against the signed document: its own text with the new answers' changes "
                    "as tracked changes (counsel's edits kept)")
    rs.add_argument("--author", metavar="NAME", help="the name on the tracked changes and comments (default: "
                    "the reviewer recorded in NEW's review, else mou-wizard)")
    rs.add_argument("--clean", help="also write the clean new draft to this DOCX")
    rs.add_argument("--no-summary", action="store_true", help="leave out the front matter (the review memo and "
                    "the summary of changes), so that accepting every change gives exactly the new MOU")
    rs.add_argument("--force", action="store_true", help="overwrite output files that exist")
    rs.add_argument("--rename", action="store_true",
                    help="the district or the agency was renamed: compare anyway and show the new name as a change")
    rs.set_defaults(func=cmd_revise)

    i = sub.add_parser("interview", parents=[common], help="answer the questions (the default command)")
    default_file = default_answers_path() if help_paths else "interview.yaml in the data folder"
    i.add_argument("answers", nargs="?", help=f"answer file to create or resume (default: {default_file})")
    i.add_argument("--plain", action="store_true", help="plain lines on stdin/stdout (screen readers, scripts)")
    i.add_argument("-o", "--output", help="where to write the finished draft (default: NAME.docx beside the "
                   "answer file; a name that exists gets -2, -3...)")
    i.add_argument("--force", action="store_true", help="let the -o draft replace a file that exists")
    i.set_defaults(func=cmd_interview)

    sv = sub.add_parser("serve", parents=[common], help="the wizard in a web browser (one interview per browser "
                        "session)", description="Serve the wizard to web browsers (textual-serve). Each browser "
                        "session gets its own new answer file in FOLDER; the draft is written beside it and "
                        "downloaded by the browser. Nothing is loaded from the internet.")
    sv.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this "
                    "computer only; 0.0.0.0 lets anyone on the network in)")
    sv.add_argument("--port", type=int, default=8000, help="the port (default: 8000)")
    sv.add_argument("--folder", metavar="FOLDER", help="where the sessions' answer files and drafts go (default: "
                    "browser-sessions in the user data folder)")
    sv.set_defaults(func=cmd_serve)

    cp = sub.add_parser("completion", help="print a shell completion script (bash, zsh or fish)",
                        description="Print a completion script for your shell. bash: add 'eval \"$(mou-wizard "
                        "completion bash)\"' to ~/.bashrc; zsh: 'mou-wizard completion zsh > "
                        "\"${fpath[1]}/_mou-wizard\"'; fish: 'mou-wizard completion fish > "
                        "~/.config/fish/completions/mou-wizard.fish'.")
    cp.add_argument("shell", choices=("bash", "zsh", "fish"))
    cp.set_defaults(func=cmd_completion)
    rich_help(p)
    return p


def cmd_completion(args: argparse.Namespace) -> int:
    from mou_wizard.completion import script

    sys.stdout.write(script(build_parser(), args.shell))
    return 0


def _default_to_interview(argv: list[str]) -> list[str]:
    """``mou-wizard --plain`` (or any of interview's options first) is ``mou-wizard interview --plain``."""
    if argv and argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version"):
        return ["interview", *argv]
    return argv


def main(argv: list[str] | None = None) -> int:
    if argv is None:  # as the program: no pydantic plugins, and no scan for them (see mou_wizard.startup)
        skip_plugin_scan()
    as_program = argv is None  # run as the program (argv from the command line), not called in-process
    argv = _default_to_interview(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser(help_paths=any(a in ("-h", "--help") for a in argv))
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["interview", *argv])
    tui = args.command in ("interview", "review") and not args.plain
    # Only as the program itself (argv from the command line), never when called in-process.
    quick = as_program and args.command not in ("interview", "review", "serve")
    if as_program and args.command != "serve":
        # A one-shot command makes few reference cycles: collecting as it goes costs more than it frees,
        # and at exit the interpreter would walk every object once more. So no collection while it
        # runs, and what it built is frozen (left out of the final collection) before it returns; the
        # output is flushed below and the interpreter still exits normally. A batch's workers
        # collect their own garbage (see mou_wizard.batch). An interview or a review starts the same
        # way (importing Textual, pydantic and the content would set off several full collections,
        # a fifth of the time to the first question) and collects again once it runs: the app turns
        # collection back on as it mounts, plain mode before it reads the first reply (see
        # ``mou_wizard.interview.session.collect_from_now``).
        gc.disable()
    try:
        return _run(args, tui)
    finally:
        if quick:
            gc.freeze()


def _run(args: argparse.Namespace, tui: bool) -> int:
    stdout = sys.stdout
    try:
        if stdout is None:
            raise UserError("standard output is closed; expected a terminal, a file or a pipe to write to")
        if tui:
            _need_terminal(args.command)
        if not tui:
            sys.stdout = _Output(stdout)
        try:
            code = args.func(args)
            sys.stdout.flush()
            return code
        finally:
            sys.stdout = stdout
    except UserError as e:
        print(f"{PROG}: error: {_one_line(str(e))}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print(f"\n{PROG}: interrupted", file=sys.stderr)
        return 130
    except _OutputGone:
        _discard_output(stdout)  # the reader went away (``| head``): nothing more to say
        return 0


def _need_terminal(command: str) -> None:
    """The full-screen wizard draws on a terminal and reads keys from one: without one (``mou-wizard <
    file``, a pipe, a cron job) it would wait for ever writing escape codes. Say so, and how to go on."""
    for name, stream in (("input", sys.stdin), ("output", sys.stdout)):
        if not _isatty(stream):
            raise UserError(f"the full-screen wizard needs a terminal, and standard {name} is not one; use "
                            f"'{PROG} {command} --plain' to answer line by line")


class _OutputGone(Exception):
    """Standard output's reader went away (a broken pipe)."""


class _Output:
    """Standard output, where a failed write (a full disk, a closed pipe) is an error a user can cause:
    one line on stderr and exit status 2, never a traceback. Control sequences are taken out of
    everything written (see :func:`~mou_wizard.language.text.strip_controls`)."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def _guard(self, call, *args):
        try:
            return call(*args)
        except BrokenPipeError:
            raise _OutputGone() from None
        except (OSError, ValueError) as e:
            _discard_output(self._stream)
            reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            raise UserError(f"cannot write to standard output ({reason})") from None

    def write(self, text: str) -> int:
        # What the commands print may quote an answer or a file name: nothing in it may drive the terminal.
        self._guard(self._stream.write, strip_controls(text))
        return len(text)

    def flush(self) -> None:
        self._guard(self._stream.flush)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def _write_bytes(data: bytes) -> None:
    """Bytes (a DOCX, a PDF) to standard output, with the same errors as text (see :class:`_Output`)."""
    out = sys.stdout
    out.flush()
    raw = getattr(out, "buffer", None)
    if raw is None:
        raise UserError("standard output cannot take bytes here; use -o FILE")
    guard = out._guard if isinstance(out, _Output) else (lambda call, *a: call(*a))
    guard(raw.write, data)
    guard(raw.flush)


def _discard_output(stream) -> None:
    """Point standard output at /dev/null, so what is still buffered cannot fail again at exit."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except OSError:
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

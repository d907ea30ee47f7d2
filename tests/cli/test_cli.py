"""End-to-end tests of the ``mou-wizard`` command line: render, example, schema, clauses, --help.

The error contract (exit status 2, one line on stderr naming the file and the field or line, no
traceback, no output file left behind) is checked on a real subprocess; the rest runs in-process.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from mou_wizard.files.answer_files import load_answers, parse_answers
from mou_wizard.cli import main

from mou_wizard.interview.flow import Flow
from support import docx_text
from support import ERROR_PREFIX, ROOT, assert_user_error
from support import run_cli as cli
from support import CONTENT, each_example

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


# --- helpers -----------------------------------------------------------------------------------------


def listing(folder: Path) -> list[str]:
    """Every entry of a folder, hidden ones (temporary files) included."""
    return sorted(os.listdir(folder))


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


# --- render ------------------------------------------------------------------------------------------


def test_examples_folder_has_answer_files():
    # The render tests below run on every example; these three must be among them.
    assert {"partial-with-skips.yaml", "rural-county-sheriff.yaml", "suburban-city-police-diversion.yaml"} <= {
        p.name for p in EXAMPLES
    }


@pytest.mark.parametrize("example", each_example(EXAMPLES, quick="partial-with-skips"))
def test_render_example_writes_a_docx_with_the_district_name(tmp_path, capsys, example):
    out = tmp_path / "draft.docx"
    rc, stdout, err = run_main(capsys, "render", str(example), "-o", str(out))
    assert (rc, stdout, err) == (0, f"Wrote {out}\n", "")
    assert listing(tmp_path) == ["draft.docx"]
    district = load_answers(example).parties.district_name
    assert district and district in example.read_text(encoding="utf-8")
    text = docx_text(out)
    assert district in text
    assert "Memorandum of Understanding" in text


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_render_twice_is_byte_identical(tmp_path, capsys, example):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run_main(capsys, "render", str(example), "-o", str(a))[0] == 0
    assert run_main(capsys, "render", str(example), "-o", str(b))[0] == 0
    assert a.read_bytes() == b.read_bytes()
    assert len(a.read_bytes()) > 10_000


@pytest.mark.slow
def test_render_is_byte_identical_across_processes(tmp_path, capsys):
    example = ROOT / "examples" / "suburban-city-police-diversion.yaml"
    a, b, c = tmp_path / "a.docx", tmp_path / "b.docx", tmp_path / "c.docx"
    # Different hash seeds: set and dict ordering must not leak into the document.
    pa = cli(tmp_path, "render", str(example), "-o", str(a), hashseed="1")
    pb = cli(tmp_path, "render", str(example), "-o", str(b), hashseed="2")
    assert (pa.returncode, pa.stderr, pa.stdout) == (0, "", f"Wrote {a}\n")
    assert (pb.returncode, pb.stderr, pb.stdout) == (0, "", f"Wrote {b}\n")
    assert a.read_bytes() == b.read_bytes()
    assert run_main(capsys, "render", str(example), "-o", str(c))[0] == 0
    assert c.read_bytes() == a.read_bytes()


@pytest.mark.slow
def test_render_force_overwrites(tmp_path, capsys):
    rural, suburban = ROOT / "examples" / "rural-county-sheriff.yaml", ROOT / "examples" / "suburban-city-police-diversion.yaml"
    out, fresh = tmp_path / "draft.docx", tmp_path / "fresh.docx"
    assert run_main(capsys, "render", str(rural), "-o", str(out))[0] == 0
    first = out.read_bytes()
    rc, stdout, err = run_main(capsys, "render", str(suburban), "-o", str(out), "--force")
    assert (rc, stdout, err) == (0, f"Wrote {out}\n", "")
    assert run_main(capsys, "render", str(suburban), "-o", str(fresh))[0] == 0
    assert out.read_bytes() == fresh.read_bytes() != first
    assert "Cedar Hills School District No. 412" in docx_text(out)
    assert "Harlan Valley Local School District" not in docx_text(out)
    assert listing(tmp_path) == ["draft.docx", "fresh.docx"]


@pytest.mark.slow
def test_render_writes_files_with_usual_permissions(tmp_path):
    """A new file follows the umask (not mkstemp's 0600); --force keeps an existing file's mode."""
    example = ROOT / "examples" / "rural-county-sheriff.yaml"
    out = tmp_path / "draft.docx"
    assert cli(tmp_path, "render", str(example), "-o", str(out), umask=0o022).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    out.chmod(0o640)
    assert cli(tmp_path, "render", str(example), "-o", str(out), "--force", umask=0o022).returncode == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


# --- the error contract ------------------------------------------------------------------------------

RURAL = ROOT / "examples" / "rural-county-sheriff.yaml"


@pytest.fixture
def outdir(tmp_path):
    d = tmp_path / "out"
    d.mkdir()
    return d


def render_fails(tmp_path: Path, outdir: Path, answers: Path | str, out: Path, *extra: str) -> str:
    before = listing(outdir)
    proc = cli(tmp_path, "render", str(answers), "-o", str(out), *extra)
    message = assert_user_error(proc)
    assert listing(outdir) == before, "an error left a file behind"
    return message


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# (file name, content, exact message after the file name)
BAD_FILES = [
    ("unknown.yaml", "schema_version: 1\nparties:\n  district_name: X\n  distrct_nickname: Y\n",
     "line 4: parties.distrct_nickname: unknown field (check the spelling; 'mou-wizard schema' lists every field)"),
    ("type.yaml", "schema_version: 1\ntraining:\n  initial_hours: forty\n",
     "line 3: training.initial_hours: expected a whole number, got 'forty'"),
    ("version99.yaml", "schema_version: 99\nparties:\n  district_name: X\n",
     "line 1: schema_version: 99 is not supported; this mou-wizard reads versions 1 to 3"),
    ("noversion.yaml", "parties:\n  district_name: X\n",
     "schema_version: missing; expected 'schema_version: 3'"),
    ("empty.yaml", "",
     "the file is empty; expected an answer file (try 'mou-wizard example')"),
]


@pytest.mark.slow
@pytest.mark.parametrize("name,text,expected", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_answer_file(tmp_path, outdir, name, text, expected):
    answers = write(tmp_path, name, text)
    message = render_fails(tmp_path, outdir, answers, outdir / "draft.docx")
    assert message == f"{answers}: {expected}"


@pytest.mark.slow
def test_yaml_syntax_error_names_the_line(tmp_path, outdir):
    answers = write(tmp_path, "syntax.yaml", "schema_version: 1\nparties:\n  district_name: X\n  schools: [A, B\n  state: VA\n")
    message = render_fails(tmp_path, outdir, answers, outdir / "draft.docx")
    assert re.match(rf"{re.escape(str(answers))}: line 5, column \d+: YAML syntax error: \S", message), message


@pytest.mark.slow
def test_missing_answer_file(tmp_path, outdir):
    missing = tmp_path / "no-such-answers.yaml"
    message = render_fails(tmp_path, outdir, missing, outdir / "draft.docx")
    assert message == f"{missing}: file not found"


@pytest.mark.slow
def test_folder_as_answer_file(tmp_path, outdir):
    folder = tmp_path / "answers.yaml"
    folder.mkdir()
    message = render_fails(tmp_path, outdir, folder, outdir / "draft.docx")
    assert message == f"{folder}: is a folder; expected an answer file (.yaml)"


@pytest.mark.slow
def test_existing_output_is_kept_without_force(tmp_path, outdir):
    out = outdir / "draft.docx"
    out.write_bytes(b"the signed version, do not touch\n")
    message = render_fails(tmp_path, outdir, RURAL, out)
    assert message == f"{out}: already exists; use --force to overwrite it"
    assert out.read_bytes() == b"the signed version, do not touch\n"


@pytest.mark.slow
def test_output_folder_does_not_exist(tmp_path, outdir):
    out = outdir / "missing" / "draft.docx"
    message = render_fails(tmp_path, outdir, RURAL, out)
    assert message == f"{out}: the folder {outdir / 'missing'} does not exist"
    assert not (outdir / "missing").exists()


@pytest.mark.slow
def test_output_under_a_regular_file(tmp_path, outdir):
    blocker = outdir / "file.txt"
    blocker.write_text("not a folder\n")
    out = blocker / "draft.docx"
    message = render_fails(tmp_path, outdir, RURAL, out)
    assert message == f"{out}: {blocker} is a file, not a folder"
    assert blocker.read_text() == "not a folder\n"


@pytest.mark.slow
def test_unwritable_output_folder(tmp_path, outdir):
    locked = outdir / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if not os.access(locked, os.W_OK):
            out = locked / "draft.docx"
            message = render_fails(tmp_path, outdir, RURAL, out)
            assert message == f"{out}: the folder {locked} is not writable"
            assert listing(locked) == []
        else:
            # Running as root: permissions do not stop writing, so use a folder that cannot exist.
            blocker = outdir / "file.txt"
            blocker.write_text("x")
            out = blocker / "draft.docx"
            message = render_fails(tmp_path, outdir, RURAL, out)
            assert message == f"{out}: {blocker} is a file, not a folder"
    finally:
        locked.chmod(0o700)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["draft", "draft.docx.txt"])  # draft.pdf: the PDF only (tests/cli/test_pdf.py)
def test_output_must_end_in_docx(tmp_path, outdir, name):
    out = outdir / name
    message = render_fails(tmp_path, outdir, RURAL, out)
    assert message == f"{out}: expected an output file name ending in .docx"


@pytest.mark.slow
def test_output_that_is_a_folder(tmp_path, outdir):
    out = outdir / "draft.docx"
    out.mkdir()
    message = render_fails(tmp_path, outdir, RURAL, out, "--force")
    assert message == f"{out}: is a folder; expected a file name ending in .docx"
    assert out.is_dir() and listing(out) == []


# --- example -----------------------------------------------------------------------------------------


def test_example_prints_a_complete_commented_answer_file(tmp_path, capsys, recommended):
    rc, text, err = run_main(capsys, "example")
    assert (rc, err) == (0, "")
    answers, _, notes = parse_answers(text, "example")
    assert notes == []
    assert answers == recommended
    assert answers.training.initial_hours == 40
    assert "interview:" not in text
    # Every question that applies is answered: an interview on this file has nothing left to ask.
    flow = Flow(answers, CONTENT.questions)
    assert flow.done and flow.current is None
    lines = text.splitlines()
    assert lines[0] == "# mou-wizard answer file: the recommended answers, which meet every SECURe rubric item."
    comments = [line.strip() for line in lines if line.strip().startswith("#")]
    assert "# What is the school district's full legal name? (SEC-1.8)" in comments
    assert len(comments) >= len(flow.applicable())
    # It renders.
    path, out = tmp_path / "answers.yaml", tmp_path / "answers.docx"
    path.write_text(text, encoding="utf-8")
    assert run_main(capsys, "render", str(path), "-o", str(out)) == (0, f"Wrote {out}\n", "")
    assert "Riverside Unified School District" in docx_text(out)


@pytest.mark.slow
def test_example_output_file_and_no_overwrite(tmp_path, capsys):
    rc, printed, _ = run_main(capsys, "example")
    assert rc == 0
    out = tmp_path / "answers.yaml"
    assert run_main(capsys, "example", "-o", str(out)) == (0, f"Wrote {out}\n", "")
    assert out.read_text(encoding="utf-8") == printed
    out.write_text("schema_version: 1\n# mine\n", encoding="utf-8")
    rc, stdout, err = run_main(capsys, "example", "-o", str(out))
    assert (rc, stdout) == (2, "")
    assert err == f"{ERROR_PREFIX}{out}: already exists; use --force to overwrite it\n"
    assert out.read_text(encoding="utf-8") == "schema_version: 1\n# mine\n"
    assert run_main(capsys, "example", "-o", str(out), "--force") == (0, f"Wrote {out}\n", "")
    assert out.read_text(encoding="utf-8") == printed
    assert listing(tmp_path) == ["answers.yaml"]


@pytest.mark.slow
def test_example_refusal_in_a_subprocess(tmp_path, outdir):
    out = outdir / "answers.yaml"
    out.write_text("keep\n")
    proc = cli(tmp_path, "example", "-o", str(out))
    assert assert_user_error(proc) == f"{out}: already exists; use --force to overwrite it"
    assert out.read_text() == "keep\n"
    assert listing(outdir) == ["answers.yaml"]


# --- schema ------------------------------------------------------------------------------------------


def test_schema_is_documented_json(capsys):
    rc, out, err = run_main(capsys, "schema")
    assert (rc, err) == (0, "")
    schema = json.loads(out)
    assert schema["title"] == "mou-wizard answer file"
    assert schema["type"] == "object"
    sections = {"parties", "partnership", "civil_rights", "hiring", "training", "evaluation"}
    assert sections <= set(schema["properties"])
    undocumented, fields = [], 0
    objects = {"(root)": schema, **{name: d for name, d in schema["$defs"].items() if "properties" in d}}
    for name, node in objects.items():
        for field, spec in node["properties"].items():
            fields += 1
            if not str(spec.get("description", "")).strip():
                undocumented.append(f"{name}.{field}")
    assert undocumented == []
    for section in sections:
        ref = schema["properties"][section]
        target = ref.get("$ref") or ref["allOf"][0]["$ref"]
        assert target.startswith("#/$defs/")
        assert schema["$defs"][target.removeprefix("#/$defs/")]["properties"]
    assert fields >= 80  # the walk really visited the sections' fields
    assert schema["$defs"]["Training"]["properties"]["initial_hours"]["description"]


# --- clauses -----------------------------------------------------------------------------------------


def test_clauses_list_one_line_per_clause(capsys):
    rc, out, err = run_main(capsys, "clauses", "list")
    assert (rc, err) == (0, "")
    lines = out.splitlines()
    lib = CONTENT.library
    assert len(lines) >= 60
    assert len(lines) == len(lib.clauses)
    assert [line.split()[0] for line in lines] == [c.id for c in lib.clauses]
    for line, clause in zip(lines, lib.clauses):
        assert clause.d.title in line
        assert re.findall(r"SEC-\d+\.\d+", line.split(clause.d.title)[0]) == list(clause.d.sec)


def test_clauses_show_an_id_from_the_list(capsys):
    _, out, _ = run_main(capsys, "clauses", "list")
    line = next(line for line in out.splitlines() if line.split()[1].startswith("SEC-"))
    clause_id = line.split()[0]
    sec_ids = re.findall(r"SEC-\d+\.\d+", line)
    rc, shown, err = run_main(capsys, "clauses", "show", clause_id)
    assert (rc, err) == (0, "")
    title = CONTENT.library.by_id()[clause_id].d.title
    assert title in line
    first, *rest = shown.splitlines()
    assert first == f"{clause_id}: {title}"
    assert f"  rubric:     {', '.join(sec_ids)}" in rest
    assert any(r.startswith("  provenance: ") for r in rest)


@pytest.mark.slow
def test_clauses_show_unknown_id(tmp_path):
    proc = cli(tmp_path, "clauses", "show", "no.such")
    message = assert_user_error(proc)
    assert message == "clause 'no.such': no such clause; 'mou-wizard clauses list' shows every id"


@pytest.mark.slow
def test_clauses_lint_is_clean(capsys):
    rc, out, err = run_main(capsys, "clauses", "lint")
    assert (rc, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 1
    assert re.fullmatch(r"ok: (\d+) clauses in (\d+) sections, every SEC id served", lines[0])
    assert lines[0].startswith(f"ok: {len(CONTENT.library.clauses)} clauses")


# --- help --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_help_lists_the_commands(tmp_path):
    proc = cli(tmp_path, "--help")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("Usage: mou-wizard ")
    assert "\x1b" not in proc.stdout  # coloured on a terminal only
    listed = re.findall(r"^    (\w+)", proc.stdout, flags=re.M)
    assert listed == ["render", "example", "schema", "check", "clauses", "library", "review", "revise",
                      "interview", "serve", "completion"]


# --- render --final: the signing copy ------------------------------------------------------------


@pytest.mark.slow
def test_render_final_is_refused_while_decisions_are_open(tmp_path, outdir):
    partial = ROOT / "examples" / "partial-with-skips.yaml"
    message = render_fails(tmp_path, outdir, partial, outdir / "signing.docx", "--final")
    assert message.startswith(f"{partial}: no signing copy while ")
    count = re.search(r"while (\d+) decisions remain open: signatories \(Signature page\); term \(22\.1\);", message)
    assert count and int(count.group(1)) >= 50
    assert message.endswith(f"and {int(count.group(1)) - 8} more; answer them (mou-wizard interview {partial}) or "
                            "render a draft without --final")


@pytest.mark.slow
def test_render_final_writes_the_signing_copy(tmp_path, recommended_file):
    out = tmp_path / "signing.docx"
    proc = cli(tmp_path, "render", str(recommended_file), "-o", str(out), "--final")
    assert (proc.returncode, proc.stderr, proc.stdout) == (0, "", f"Wrote {out}\n")
    text = docx_text(out)
    assert "DRAFT" not in text and "Appendix A" not in text and "not legal advice" not in text
    assert "IN WITNESS WHEREOF" in text
    draft = tmp_path / "draft.docx"
    assert cli(tmp_path, "render", str(recommended_file), "-o", str(draft)).returncode == 0
    assert "DRAFT" in docx_text(draft) and "Appendix A" in docx_text(draft)


def test_render_refuses_a_model_agreement_the_wizard_does_not_know(tmp_path, capsys):
    path = write(tmp_path, "ky.yaml", "schema_version: 3\npartnership:\n  model_mou: KY\n")
    for command in (["render", str(path), "-o", str(tmp_path / "x.docx")], ["check", str(path)]):
        rc, out, err = run_main(capsys, *command)
        assert rc == 2 and out == "" and not (tmp_path / "x.docx").exists()
        assert err == (f"mou-wizard: error: {path}: partnership.model_mou: 'KY': the wizard knows no model "
                       "agreement for that state; answer 'none' or the code of a state whose model it knows "
                       "(AR, MA, NE, NJ, VA)\n")


# --- garbage collection: off while a command starts, on while a session runs --------------------------

_GC_PROBE = """
import gc, sys
import mou_wizard.interview.plain as plain
import mou_wizard.interview.session as session
seen = []
real_init, real_run = session.Session.__init__, plain._run
def init(self, *a, **k):
    seen.append(("starting", gc.isenabled()))
    real_init(self, *a, **k)
def run(*a, **k):
    seen.append(("running", gc.isenabled()))
    return real_run(*a, **k)
session.Session.__init__, plain._run = init, run
from mou_wizard.cli import main
sys.argv = ["mou-wizard", *sys.argv[1:]]
try:
    main()
finally:
    print("GC", seen, file=sys.stderr)
"""


@pytest.mark.slow
def test_a_session_starts_without_collection_and_runs_with_it(tmp_path):
    import subprocess
    import sys

    from support import isolated_env

    proc = subprocess.run([sys.executable, "-c", _GC_PROBE, "interview", "--plain", str(tmp_path / "a.yaml")],
                          input="Lakeside Unified School District\nquit\n", cwd=ROOT, env=isolated_env(tmp_path),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    # Loading the content and the models set off no collection; the session itself collects its garbage.
    assert "GC [('starting', False), ('running', True)]" in proc.stderr
    assert load_answers(tmp_path / "a.yaml").parties.district_name == "Lakeside Unified School District"


def test_interview_help_names_the_default_answer_file(capsys):
    from mou_wizard.folders import data_dir

    with pytest.raises(SystemExit) as done:
        main(["interview", "--help"])
    assert done.value.code == 0
    shown = "".join(capsys.readouterr().out.split())  # (a long path may be wrapped anywhere)
    assert str(data_dir() / "interview.yaml") in shown

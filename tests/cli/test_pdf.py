"""``render --pdf`` / ``--pdf-only``: a PDF through LibreOffice headless, a clear refusal without it, and
never a hang (a fake ``soffice`` that never ends is killed, with its children, at the time limit)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from support import ROOT, assert_user_error, isolated_env

pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: "
                                   "apt install libreoffice-writer")
EXAMPLE = ROOT / "examples" / "rural-county-sheriff.yaml"


def cli(tmp_path: Path, *args: str, path: str | None = None, timeout: float = 180, **env: str):
    environ = isolated_env(tmp_path, **env)
    if path is not None:
        environ["PATH"] = path
    return subprocess.run([sys.executable, "-m", "mou_wizard", *args], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=timeout)


def pdf_text(path: Path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def check_pdf(path: Path, expect: str) -> None:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-"), data[:20]
    assert b"%%EOF" in data[-1024:]
    assert b"/Type /Page" in data or b"/Type/Page" in data  # at least one page object
    text = pdf_text(path)
    if text is not None:
        assert expect in " ".join(text.split())
        assert text.count("\f") >= 5  # a real draft runs to many pages


def fake_soffice(folder: Path, body: str) -> Path:
    """A program called ``soffice`` in ``folder`` (put first on the PATH)."""
    folder.mkdir(exist_ok=True)
    script = folder / "soffice"
    script.write_text(body)
    script.chmod(0o755)
    return script


@pytest.fixture
def example(tmp_path):
    if not EXAMPLE.exists():  # pragma: no cover
        pytest.fail(f"{EXAMPLE} is missing")
    path = tmp_path / "answers.yaml"
    shutil.copy(EXAMPLE, path)
    return path


@needs_soffice
def test_render_pdf_writes_the_docx_and_a_real_pdf_beside_it(tmp_path, example):
    from mou_wizard.files.answer_files import load_answers

    district = load_answers(example).parties.district_name
    out = tmp_path / "draft.docx"
    proc = cli(tmp_path, "render", str(example), "-o", str(out), "--pdf")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [f"Wrote {out}", f"Wrote {tmp_path / 'draft.pdf'}"]
    assert out.read_bytes().startswith(b"PK")
    check_pdf(tmp_path / "draft.pdf", district)
    # Nothing but the two outputs and the answers: no temporary file, no LibreOffice profile.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "env") == ["answers.yaml", "draft.docx",
                                                                            "draft.pdf"]


@needs_soffice
def test_pdf_only_and_two_conversions_at_once(tmp_path, example):
    """Two conversions running together each use a private profile: both finish."""
    procs, results = [], {}

    def run(name: str) -> None:
        results[name] = cli(tmp_path, "render", str(example), "-o", str(tmp_path / name), "--pdf-only")

    procs = [threading.Thread(target=run, args=(name,)) for name in ("one.pdf", "two.pdf")]
    for t in procs:
        t.start()
    for t in procs:
        t.join()
    for name, proc in results.items():
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == f"Wrote {tmp_path / name}\n"
        check_pdf(tmp_path / name, "MEMORANDUM OF UNDERSTANDING")
    assert not list(tmp_path.glob("*.docx"))  # --pdf-only writes no DOCX


def test_without_libreoffice_one_line_names_the_package(tmp_path, example):
    out = tmp_path / "draft.docx"
    proc = cli(tmp_path, "render", str(example), "-o", str(out), "--pdf", path="")
    message = assert_user_error(proc)
    assert "'soffice' is not on the PATH" in message and "libreoffice-writer" in message
    assert not out.exists() and not out.with_suffix(".pdf").exists()  # refused before any work
    proc = cli(tmp_path, "render", str(example), "-o", str(tmp_path / "x.pdf"), "--pdf-only", path="")
    assert "libreoffice-writer" in assert_user_error(proc)


def test_an_existing_pdf_is_kept_without_force(tmp_path, example):
    out = tmp_path / "draft.docx"
    out.with_suffix(".pdf").write_bytes(b"kept")
    proc = cli(tmp_path, "render", str(example), "-o", str(out), "--pdf", path="")
    assert "draft.pdf: already exists; use --force" in assert_user_error(proc)
    assert out.with_suffix(".pdf").read_bytes() == b"kept" and not out.exists()


def test_pdf_only_needs_a_pdf_name(tmp_path, example):
    proc = cli(tmp_path, "render", str(example), "-o", str(tmp_path / "draft.docx"), "--pdf-only")
    assert "with --pdf-only, -o names the PDF" in assert_user_error(proc)


def _gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] == "Z"
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not Path("/proc").is_dir() or os.name != "posix", reason="needs /proc and process groups")
def test_a_hanging_soffice_is_killed_with_its_children_at_the_time_limit(tmp_path, example):
    pids = tmp_path / "pids"
    bin_dir = tmp_path / "bin"
    fake_soffice(bin_dir, f"#!/bin/sh\necho $$ > {pids}\nsleep 300 &\necho $! >> {pids}\nwait\n")
    out = tmp_path / "draft.docx"
    started = time.monotonic()
    proc = cli(tmp_path, "render", str(example), "-o", str(out), "--pdf",
               path=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}", MOU_WIZARD_PDF_TIMEOUT="2",
               timeout=60)
    elapsed = time.monotonic() - started
    message = assert_user_error(proc)
    assert "did not finish the PDF within 2 seconds and was stopped" in message
    assert elapsed < 30
    assert not out.exists() and not out.with_suffix(".pdf").exists()  # no DOCX without its PDF either
    shell, sleeper = (int(n) for n in pids.read_text().split())
    deadline = time.monotonic() + 5
    while not (_gone(shell) and _gone(sleeper)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(shell) and _gone(sleeper), "the fake soffice or its child still runs"


def test_each_conversion_gets_a_private_profile_and_a_failure_writes_nothing(tmp_path, monkeypatch):
    """The arguments LibreOffice gets (read back from a fake): headless, a private profile per
    conversion; a conversion that produces no PDF is an error, and nothing is left behind."""
    from mou_wizard.docx.pdf import docx_to_pdf
    from mou_wizard.errors import UserError
    from mou_wizard.services import write_pdf_beside

    log = tmp_path / "args.log"
    bin_dir = tmp_path / "bin"
    fake_soffice(bin_dir, f"""#!{sys.executable}
import sys, pathlib
args = sys.argv[1:]
with open({str(log)!r}, "a") as f:
    f.write(repr(args) + "\\n")
if "FAIL" in pathlib.Path(args[-1]).read_text():
    sys.exit(0)
out = pathlib.Path(args[args.index("--outdir") + 1])
out.mkdir()
(out / "draft.pdf").write_bytes(b"%PDF-1.7 from " + pathlib.Path(args[-1]).read_bytes())
""")
    monkeypatch.setenv("PATH", str(bin_dir))
    assert docx_to_pdf(b"one") == b"%PDF-1.7 from one"
    docx = tmp_path / "d.docx"
    docx.write_bytes(b"two")
    assert write_pdf_beside(docx) == tmp_path / "d.pdf"
    assert (tmp_path / "d.pdf").read_bytes() == b"%PDF-1.7 from two"
    with pytest.raises(UserError, match="already exists"):
        write_pdf_beside(docx)
    docx.write_bytes(b"FAIL")
    with pytest.raises(UserError, match="LibreOffice could not make the PDF"):
        write_pdf_beside(docx, force=True)
    assert (tmp_path / "d.pdf").read_bytes() == b"%PDF-1.7 from two"  # the old PDF is untouched
    calls = [ast.literal_eval(line) for line in log.read_text().splitlines()]
    profiles = [a for call in calls for a in call if a.startswith("-env:UserInstallation=file:///")]
    assert len(profiles) == 3 and len(set(profiles)) == 3
    assert all("--headless" in call and call[call.index("--convert-to") + 1] == "pdf" for call in calls)
    for p in profiles:  # each private profile folder is removed afterwards
        assert not Path(p.removeprefix("-env:UserInstallation=file://")).parent.exists()

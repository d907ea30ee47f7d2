"""A DOCX turned into a PDF by LibreOffice running headless (``soffice --headless --convert-to pdf``).

Each conversion runs in a private temporary folder with its own LibreOffice profile
(``-env:UserInstallation=file:///tmp/...``), so two conversions at once (a batch, two users, a
LibreOffice window already open) never wait on each other's profile lock. The process runs in a
process group of its own and is killed, with every child it started, when it takes longer than the
time limit: a conversion never hangs. Bytes in, bytes out: the caller writes the PDF atomically.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from mou_wizard.errors import UserError

#: The programs tried, in order, on the PATH.
SOFFICE_NAMES = ("soffice", "libreoffice")
#: Seconds a conversion may take (a first run sets up its profile: a few seconds); ``$MOU_WIZARD_PDF_TIMEOUT``.
DEFAULT_TIMEOUT = 120.0
TIMEOUT_ENV = "MOU_WIZARD_PDF_TIMEOUT"
INSTALL_HINT = ("install LibreOffice (Debian or Ubuntu: 'apt install libreoffice-writer'; Fedora: 'dnf install "
                "libreoffice-writer'; macOS: 'brew install --cask libreoffice') and make sure 'soffice' is on the PATH")


def find_soffice() -> str | None:
    """The LibreOffice program on the PATH, or None."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_soffice() -> str:
    """The LibreOffice program, or a :class:`UserError` saying what to install (call before any work)."""
    found = find_soffice()
    if found is None:
        raise UserError(f"a PDF needs LibreOffice, and 'soffice' is not on the PATH; {INSTALL_HINT}")
    return found


def time_limit() -> float:
    """The time limit in seconds: ``$MOU_WIZARD_PDF_TIMEOUT`` when set, else :data:`DEFAULT_TIMEOUT`."""
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:
        raise UserError(f"{TIMEOUT_ENV}: expected a number of seconds between 0 and 3600, got {raw!r}")
    return value


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass


def docx_to_pdf(docx: bytes, name: str = "draft", *, timeout: float | None = None,
                soffice: str | None = None) -> bytes:
    """The PDF of a DOCX given as bytes. ``name``: the document's name in messages (the output file).
    Raises :class:`UserError` when LibreOffice is missing, fails, or is over its time limit."""
    program = soffice or require_soffice()
    limit = time_limit() if timeout is None else timeout
    work = Path(tempfile.mkdtemp(prefix="mou-wizard-pdf-"))
    try:
        source = work / "draft.docx"
        source.write_bytes(docx)
        profile = work / "profile"
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
                   "--nologo", "--norestore", "--nodefault", "--nolockcheck",
                   "--convert-to", "pdf", "--outdir", str(work / "out"), str(source)]
        env = dict(os.environ, HOME=str(work))  # nothing LibreOffice writes lands in the user's home
        try:
            proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, cwd=work, env=env,
                                    start_new_session=(os.name == "posix"))
        except OSError as e:
            raise UserError(f"{name}: cannot start LibreOffice ({program}: {e.strerror or e}); {INSTALL_HINT}") from None
        try:
            output, _ = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise UserError(f"{name}: LibreOffice did not finish the PDF within {limit:g} seconds and was stopped "
                            f"(set {TIMEOUT_ENV} to allow longer); no PDF written") from None
        except BaseException:
            _kill_group(proc)
            raise
        _kill_group(proc)  # anything it left running in its group (a stray soffice.bin)
        pdf = work / "out" / "draft.pdf"
        data = pdf.read_bytes() if pdf.is_file() else b""
        if proc.returncode != 0 or not data.startswith(b"%PDF"):
            said = " ".join(output.decode("utf-8", "replace").split())[-200:] or "no output"
            raise UserError(f"{name}: LibreOffice could not make the PDF (exit status {proc.returncode}: {said}); "
                            "no PDF written")
        return data
    finally:
        shutil.rmtree(work, ignore_errors=True)

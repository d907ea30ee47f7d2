"""``mou-wizard library init DIR``: a content library counsel can edit, used with --content DIR or
MOU_WIZARD_CONTENT, and checked by lint."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from support import ROOT, assert_user_error, isolated_env

pytestmark = pytest.mark.slow
EXAMPLE = ROOT / "examples" / "rural-county-sheriff.yaml"
EDIT = "Counsel for the Parties revised this sentence in the library copy."


def cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mou_wizard", *args], cwd=ROOT, env=isolated_env(tmp_path, **env),
                          capture_output=True, text=True, timeout=180)


def body_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("lib")
    dest = tmp / "mou-library"
    proc = cli(tmp, "library", "init", str(dest))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"Wrote 65 files to {dest}; start with {dest / 'README.md'}\n")
    return dest


def test_init_copies_the_content_and_a_readme_for_counsel(library):
    names = {p.relative_to(library).as_posix() for p in library.rglob("*") if p.is_file()}
    for want in ("README.md", "clause_library/13-complaints.yaml", "clause_library/sections.yaml",
                 "clause_library/states/VA.yaml", "clause_library/states/README.md", "prompts/00-parties.yaml",
                 "prompts/rubric.yaml", "prompts/choices.yaml", "templates/document.yaml", "templates/base.docx",
                 "clause_library/schemas/clauses.schema.json"):
        assert want in names, want
    assert not [n for n in names if n.endswith(".py") or "__pycache__" in n]
    for rel in names - {"README.md"}:  # byte for byte the installed content
        assert (library / rel).read_bytes() == (ROOT / rel).read_bytes(), rel
    readme = (library / "README.md").read_text()
    for topic in ("## Changing the wording of a clause", "## Adding an alternative", "## Adding or updating a state pack",
                  "## Restyling the document", "## Checking your changes", "mou-wizard clauses lint --content",
                  "MOU_WIZARD_CONTENT"):
        assert topic in readme, topic
    document = docx.Document(str(library / "templates" / "base.docx"))  # a real Word document
    assert {"MOU Article", "MOU Section", "MOU Section Body"} <= {s.name for s in document.styles}


def test_a_folder_that_is_not_empty_is_refused_without_force(tmp_path):
    dest = tmp_path / "lib"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    message = assert_user_error(cli(tmp_path, "library", "init", str(dest)))
    assert message == f"{dest}: the folder is not empty; choose a new or empty folder, or use --force to replace the " \
                      "library's files in it"
    assert sorted(p.name for p in dest.iterdir()) == ["notes.txt"]
    proc = cli(tmp_path, "library", "init", str(dest), "--force")
    assert proc.returncode == 0, proc.stderr
    assert (dest / "notes.txt").read_text() == "mine" and (dest / "templates" / "base.docx").is_file()
    (tmp_path / "file").write_text("x")
    assert "is a file; expected a folder" in assert_user_error(cli(tmp_path, "library", "init", str(tmp_path / "file")))


def test_an_edited_clause_shows_with_content_and_the_environment_variable(library, tmp_path):
    clause_file = library / "clause_library" / "01-purpose.yaml"
    original = clause_file.read_text()
    marker = "      The purpose of this MOU is "
    assert marker in original
    clause_file.write_text(original.replace(marker, f"      {EDIT} The purpose of this MOU is ", 1))
    # The base document restyled as counsel would in Word: another font, and a letterhead line.
    base = library / "templates" / "base.docx"
    document = docx.Document(str(base))
    document.styles["MOU Section Body"].font.name = "Garamond"
    header = document.sections[0].header
    header.add_paragraph("Office of the General Counsel, 1 Main Street")
    buffer = io.BytesIO()
    document.save(buffer)
    base.write_bytes(buffer.getvalue())

    lint = cli(tmp_path, "clauses", "lint", "--content", str(library))
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert lint.stdout.startswith("ok: ")

    with_option, with_env, installed = tmp_path / "a.docx", tmp_path / "b.docx", tmp_path / "c.docx"
    proc = cli(tmp_path, "render", str(EXAMPLE), "-o", str(with_option), "--content", str(library))
    assert proc.returncode == 0, proc.stderr
    proc = cli(tmp_path, "render", str(EXAMPLE), "-o", str(with_env), MOU_WIZARD_CONTENT=str(library))
    assert proc.returncode == 0, proc.stderr
    assert cli(tmp_path, "render", str(EXAMPLE), "-o", str(installed)).returncode == 0
    assert EDIT in body_text(with_option) and EDIT in body_text(with_env)
    assert EDIT not in body_text(installed)
    rendered = docx.Document(str(with_option))
    assert rendered.styles["MOU Section Body"].font.name == "Garamond"
    header_text = [p.text for p in rendered.sections[0].header.paragraphs]
    assert "Office of the General Counsel, 1 Main Street" in header_text
    assert header_text[0].startswith("Memorandum of Understanding")


def test_lint_names_a_mistake_in_the_copy(library, tmp_path):
    broken = tmp_path / "broken"
    proc = cli(tmp_path, "library", "init", str(broken))
    assert proc.returncode == 0, proc.stderr
    path = broken / "clause_library" / "13-complaints.yaml"
    path.write_text(path.read_text().replace("civil_rights.complaint_receiver == 'district'",
                                             "civil_rights.complaint_reciever == 'district'", 1))
    lint = cli(tmp_path, "clauses", "lint", "--content", str(broken))
    assert lint.returncode == 1
    assert "complaint_reciever" in lint.stdout and "13-complaints.yaml" in lint.stdout

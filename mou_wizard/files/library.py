"""``mou-wizard library init DIR``: a copy of the content (questions, clause library, state packs,
document template) that counsel can edit, with a README written for them.

The copy holds what :func:`mou_wizard.content.bundle.load_content` reads (``prompts/``,
``clause_library/`` with ``states/``, ``templates/`` with ``base.docx``), their JSON Schemas and the
content READMEs; nothing else (no program files). Every file is written whole or not at all.
"""

from __future__ import annotations

import os
from pathlib import Path

from mou_wizard.errors import UserError
from mou_wizard.fileio import read_regular
from mou_wizard.files.answer_files import atomic_write

FOLDERS = ("prompts", "clause_library", "templates")
SUFFIXES = {".yaml", ".yml", ".json", ".md", ".docx"}
README = Path(__file__).with_name("library_readme.md")
MAX_FILE = 20 * 1024 * 1024


def library_files(root: Path) -> list[Path]:
    """The content files under ``root`` that a library copy holds, relative to it, in a stable order."""
    found = []
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and path.suffix.lower() in SUFFIXES and not any(
                    part.startswith((".", "__")) for part in rel.parts):
                found.append(rel)
    return found


def _is_empty_folder(dest: Path) -> bool:
    try:
        return not any(os.scandir(dest))
    except OSError as e:
        raise UserError(f"{dest}: cannot read the folder ({e.strerror or e})") from None


def init_library(source: Path, dest: Path, *, force: bool = False) -> list[Path]:
    """Copy the content at ``source`` into ``dest`` (created if missing) with a README for counsel;
    returns the files written. A folder that is not empty is refused unless ``force`` (its files
    of the same names are then replaced; others are left alone)."""
    if dest.exists() or dest.is_symlink():
        if not dest.is_dir():
            raise UserError(f"{dest}: is a file; expected a folder for the content library")
        if not force and not _is_empty_folder(dest):
            raise UserError(f"{dest}: the folder is not empty; choose a new or empty folder, or use --force to "
                            "replace the library's files in it")
    files = [(rel, read_regular(source / rel, MAX_FILE)) for rel in library_files(source)]
    files.append((Path("README.md"), README.read_bytes()))
    written = []
    for rel, data in files:
        target = dest / rel
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise UserError(f"{target.parent}: cannot create the folder ({e.strerror or e})") from None
        atomic_write(target, data, overwrite=force)
        written.append(target)
    return written

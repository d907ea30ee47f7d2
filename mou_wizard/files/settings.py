"""The user's settings: a small JSON file, ``settings.json``, in the user's configuration folder
(:func:`mou_wizard.folders.config_dir`). Today it holds the terminal UI's theme.

A setting is a convenience: a missing, unreadable or malformed file reads as no settings (never an error
that stops a command), and a write goes through :func:`~mou_wizard.files.answer_files.atomic_write`, so
the file is whole or untouched.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mou_wizard.errors import UserError
from mou_wizard.fileio import read_regular

NAME = "settings.json"
LIMIT = 64 * 1024  # bytes: a settings file is a few lines


def settings_path() -> Path:
    from mou_wizard.folders import config_dir

    return config_dir() / NAME


def load_settings(path: Path | None = None) -> dict[str, Any]:
    """The saved settings, or {} when there are none or they cannot be read."""
    try:
        raw = read_regular(path or settings_path(), LIMIT)
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):  # missing, not a file, too large, not UTF-8, not JSON
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(name: str, value: Any, path: Path | None = None) -> Path:
    """Set one setting, keeping the others; the file written. Raises :class:`UserError` when the file
    cannot be written."""
    from mou_wizard.files.answer_files import atomic_write

    path = path or settings_path()
    data = load_settings(path)
    data[name] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"{path}: cannot create the folder {path.parent} ({e.strerror})") from None
    atomic_write(path, json.dumps(data, indent=2, sort_keys=True) + "\n")
    return path

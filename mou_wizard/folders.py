"""Where mou-wizard keeps the user's files, in each platform's usual place (through platformdirs).

| what | Linux (``$XDG_*_HOME`` when set) | macOS | Windows |
|---|---|---|---|
| the default answer file (``interview.yaml``) | ``~/.local/share/mou-wizard`` | ``~/Library/Application Support/mou-wizard`` | ``%LOCALAPPDATA%\\mou-wizard`` |
| the compiled-template cache | ``~/.cache/mou-wizard`` | ``~/Library/Caches/mou-wizard`` | ``%LOCALAPPDATA%\\mou-wizard\\Cache`` |
| the cache's signing key (``cache.key``), the settings (``settings.json``: the wizard's theme) | ``~/.config/mou-wizard`` | ``~/Library/Application Support/mou-wizard`` | ``%LOCALAPPDATA%\\mou-wizard`` |
"""

from __future__ import annotations

from pathlib import Path

APP = "mou-wizard"


def data_dir() -> Path:
    """The user's data folder: the default answer file lives here."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """The user's cache folder: the compiled-template cache (safe to delete)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def config_dir() -> Path:
    """The user's configuration folder: the key that signs the template cache, and the settings."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False))

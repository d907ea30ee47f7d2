"""Start-up settings for the ``mou-wizard`` program (not applied when mou-wizard is used as a library).

mou-wizard uses no pydantic plugins. pydantic looks for them the first time it builds a model, and
even when ``PYDANTIC_DISABLE_PLUGINS`` turns them off, the module that looks imports
``importlib.metadata`` (and with it ``email``, ``zipfile``, ``socket``...) before reading that setting:
about a twentieth of a ``mou-wizard check``. :func:`skip_plugin_scan` has that module imported as a
small one that answers "no plugins", exactly what pydantic's own answers when plugins are off; anything
else asked of it is read from pydantic's real module, loaded then.
"""

from __future__ import annotations

import os
import sys
import types
from importlib.machinery import ModuleSpec, PathFinder

PLUGINS_ENV = "PYDANTIC_DISABLE_PLUGINS"
LOADER = "pydantic.plugin._loader"
_ALL_OFF = ("__all__", "1", "true")  # the values pydantic reads as "every plugin off"


class _NoPlugins(types.ModuleType):
    """Stands in for pydantic's plugin loader while every plugin is off."""

    @staticmethod
    def get_plugins() -> tuple:
        return ()

    def __getattr__(self, name: str):
        # Dunder names are the import system asking what kind of module this is ("__path__": not a
        # package). Anything else: pydantic's own module (a later pydantic may ask for more of it).
        if name.startswith("__"):
            raise AttributeError(name)
        real = self.__dict__.get("_real")
        if real is None:
            spec = PathFinder.find_spec(LOADER, sys.modules["pydantic.plugin"].__path__)
            real = types.ModuleType(LOADER)
            real.__file__ = spec.origin
            spec.loader.exec_module(real)
            self.__dict__["_real"] = real
        return getattr(real, name)


class _Finder:
    """Finds the stand-in for pydantic's plugin loader (and nothing else) while every plugin is off."""

    @staticmethod
    def find_spec(fullname: str, path=None, target=None) -> ModuleSpec | None:
        if fullname != LOADER or os.environ.get(PLUGINS_ENV) not in _ALL_OFF:
            return None
        return ModuleSpec(fullname, _Finder)

    @staticmethod
    def create_module(spec: ModuleSpec) -> types.ModuleType:
        return _NoPlugins(spec.name)

    @staticmethod
    def exec_module(module: types.ModuleType) -> None:
        pass


def skip_plugin_scan() -> bool:
    """Turn pydantic plugins off for this process (unless the environment already says which) and
    skip the scan for them. True when the stand-in will be used; False when plugins stay as the
    environment asks (a list of plugin names to leave out) or pydantic's loader is already imported."""
    os.environ.setdefault(PLUGINS_ENV, "1")
    if os.environ[PLUGINS_ENV] not in _ALL_OFF or LOADER in sys.modules:
        return False
    if _Finder not in sys.meta_path:
        sys.meta_path.insert(0, _Finder)
    return True

"""The program's start-up: pydantic's plugin scan is skipped without changing what pydantic does.

Each case runs in a fresh interpreter, since the stand-in only takes effect before pydantic's loader
is first imported.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def run(code: str, **env: str) -> list[str]:
    environ = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"} | env
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environ)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


MODEL = (
    "from pydantic import BaseModel, ValidationError\n"
    "class M(BaseModel):\n"
    "    x: int\n"
    "assert M(x='3').x == 3\n"
    "try:\n"
    "    M(x='three')\n"
    "except ValidationError as e:\n"
    "    assert e.errors()[0]['loc'] == ('x',)\n"
    "else:\n"
    "    raise AssertionError('not refused')\n"
)


def test_models_validate_with_the_stand_in_and_metadata_is_never_imported():
    code = ("import sys\nfrom mou_wizard.startup import skip_plugin_scan\nprint(skip_plugin_scan())\n" + MODEL
            + "loader = sys.modules['pydantic.plugin._loader']\n"
              "print(type(loader).__name__, 'importlib.metadata' in sys.modules, list(loader.get_plugins()))\n")
    assert run(code) == ["True", "_NoPlugins", "False", "[]"]


def test_pydantic_itself_finds_no_plugins_when_they_are_off():
    # What the stand-in answers is what pydantic's own loader answers with plugins off.
    code = "from pydantic.plugin._loader import get_plugins\nprint(list(get_plugins()))\n"
    assert run(code, PYDANTIC_DISABLE_PLUGINS="1") == ["[]"]


def test_a_list_of_plugins_turned_off_leaves_the_scan_to_pydantic():
    code = ("import sys\nfrom mou_wizard.startup import skip_plugin_scan\nprint(skip_plugin_scan())\n" + MODEL
            + "print(type(sys.modules['pydantic.plugin._loader']).__name__)\n")
    assert run(code, PYDANTIC_DISABLE_PLUGINS="logfire") == ["False", "module"]


def test_anything_else_is_read_from_pydantics_own_loader():
    code = ("import sys\nfrom mou_wizard.startup import skip_plugin_scan\nskip_plugin_scan()\n"
            "import pydantic.plugin._loader as loader\n"
            "print(loader.PYDANTIC_ENTRY_POINT_GROUP, type(sys.modules['pydantic.plugin._loader']).__name__)\n")
    assert run(code) == ["pydantic", "_NoPlugins"]


def test_a_command_run_as_the_program_skips_the_scan(recommended_file):
    code = ("import sys, io, contextlib\n"
            f"sys.argv = ['mou-wizard', 'check', {str(recommended_file)!r}]\n"
            "from mou_wizard.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    rc = main()\n"
            "print(rc, 'importlib.metadata' in sys.modules)\n")
    assert run(code) == ["0", "False"]

"""The dependency floors work: mou-wizard installed with the oldest versions pyproject.toml allows
(``constraints-floor.txt``) renders, checks and revises. It builds a virtual environment and
downloads packages, so it runs only when asked: ``MOU_WIZARD_FLOOR_TEST=1`` (CI may set it); it is
skipped otherwise, saying so."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib

import pytest
from support import ROOT

pytestmark = pytest.mark.slow
FLOOR = ROOT / "constraints-floor.txt"


def floors_in_pyproject() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    found = {}
    for dep in deps:
        m = re.match(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][^,;\s]*)", dep)
        assert m, f"{dep}: every dependency has a floor (>=)"
        found[m.group(1).lower().replace("_", "-")] = m.group(2)
    return found


def pinned_floors() -> dict[str, str]:
    pins = {}
    for line in FLOOR.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version))


def test_the_floor_constraints_match_pyproject():
    """Every dependency's floor is pinned in constraints-floor.txt, at that floor (not above it)."""
    floors, pins = floors_in_pyproject(), pinned_floors()
    assert set(pins) == set(floors)
    for name, floor in floors.items():
        assert _key(pins[name]) == _key(floor) + (0,) * (len(_key(pins[name])) - len(_key(floor))), name


@pytest.mark.skipif(os.environ.get("MOU_WIZARD_FLOOR_TEST") != "1",
                    reason="installs the dependency floors in a new virtual environment; set MOU_WIZARD_FLOOR_TEST=1")
@pytest.mark.timeout(1800)
def test_mou_wizard_works_with_the_dependency_floors(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-c", str(FLOOR), str(ROOT)], check=True,
                   timeout=1500)
    frozen = subprocess.run([str(python), "-m", "pip", "freeze"], capture_output=True, text=True, check=True).stdout
    for name, version in pinned_floors().items():
        spelled = "[-_.]".join(re.escape(part) for part in re.split(r"[-_.]", name))
        assert re.search(rf"(?im)^{spelled}=={re.escape(version)}$", frozen), name
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "c"), XDG_CONFIG_HOME=str(tmp_path / "g"),
               XDG_DATA_HOME=str(tmp_path / "d"), PYTHONWARNINGS="error::UserWarning")
    old, new = ROOT / "examples" / "review" / "harlan-valley-2025.yaml", ROOT / "examples" / "review" / "harlan-valley-2026.yaml"
    for args in (["--version"], ["render", str(ROOT / "examples" / "rural-county-sheriff.yaml"), "-o",
                                 str(tmp_path / "d.docx")],
                 ["check", str(ROOT / "examples" / "suburban-city-police-diversion.yaml")],
                 ["revise", str(old), str(new), "-o", str(tmp_path / "r.docx")], ["clauses", "lint"]):
        proc = subprocess.run([str(python), "-m", "mou_wizard", *args], capture_output=True, text=True, env=env,
                              cwd=tmp_path, timeout=300)
        assert proc.returncode == 0, (args, proc.stderr)
        assert "Warning" not in proc.stderr, (args, proc.stderr)

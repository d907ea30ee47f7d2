"""The package's layers: a module imports only from its own package or from packages below it.

    domain (and errors) → language → templating → content → engine → files → docx → checks
        → interview → services → batch → tui → cli

Every import in every module (top-level or inside a function) is read from the source, so a new
upward import or a cycle between packages fails here. The core never imports Textual: only tui/ may.
"""

from __future__ import annotations

import ast
from pathlib import Path


from support import table

import mou_wizard

PACKAGE = Path(mou_wizard.__file__).resolve().parent
LAYERS = ["domain", "language", "templating", "content", "engine", "files", "docx", "checks", "interview",
          "services", "batch", "tui", "cli"]
# Modules outside the layered packages, and the layer they count as.
SHARED = {"errors": "domain", "fileio": "domain", "folders": "domain", "__init__": "domain", "__main__": "cli",
          "completion": "cli", "cli_batch": "cli", "serve": "cli", "startup": "cli"}


def layer_of(module: str) -> str:
    """``mou_wizard.engine.selection`` -> ``engine``; ``mou_wizard.errors`` -> ``domain``."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return SHARED.get(top, top)


def module_name(path: Path, package: Path = PACKAGE) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


_IMPORTS: dict[tuple[str, str, bool], set[str]] = {}  # the same text parsed once (the copy below)


def imports_of(path: Path, name: str) -> set[str]:
    """Every ``mou_wizard`` module (or package) the file imports, relative imports resolved."""
    text = path.read_text(encoding="utf-8")
    is_pkg = path.name == "__init__.py"
    key = (text, name, is_pkg)
    if key not in _IMPORTS:
        _IMPORTS[key] = _imports(ast.parse(text), name, is_pkg)
    return set(_IMPORTS[key])


def _statements(nodes):
    """Every statement, however deeply nested (an import is a statement: expressions are not walked)."""
    for node in nodes:
        yield node
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from _statements(getattr(node, field, None) or ())


def _imports(tree: ast.Module, name: str, is_pkg: bool) -> set[str]:
    out = set()
    for node in _statements(tree.body):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_pkg else 0)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.add(target)
            if target in ("mou_wizard",) or (node.level and not node.module):
                out |= {f"{target}.{a.name}" for a in node.names}
    return {m for m in out if m == "mou_wizard" or m.startswith("mou_wizard.") or m.split(".")[0] == "textual"}


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        if "_content" in path.parts:
            continue
        name = module_name(path, package)
        own = layer_of(name)
        for target in sorted(imports_of(path, name)):
            if target.split(".")[0] == "textual":
                if own != "tui":
                    found.append(f"{name} imports {target}: only mou_wizard.tui may import Textual")
                continue
            if target == "mou_wizard":
                continue
            other = layer_of(target)
            if other not in LAYERS:
                found.append(f"{name} imports {target}, which belongs to no layer")
            elif other != own and LAYERS.index(other) > LAYERS.index(own):
                found.append(f"{name} ({own}) imports {target} ({other}): an import reaching up")
    return found


def test_every_package_is_a_known_layer():
    packages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert packages | {m for m in modules if m not in SHARED} <= set(LAYERS)


def test_no_import_reaches_up_and_only_the_tui_imports_textual():
    assert violations() == []


def test_the_contract_fails_on_an_upward_import(tmp_path):
    """The check itself can fail: a copy of the package with one module importing from a higher layer."""
    import shutil

    copy = tmp_path / "mou_wizard"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "_content"))
    (copy / "domain" / "sneaky.py").write_text("from mou_wizard.engine.drafting import build_draft\n")
    (copy / "engine" / "widgets.py").write_text("def f():\n    from textual.app import App\n")
    found = violations(copy)
    assert found == [
        "mou_wizard.domain.sneaky (domain) imports mou_wizard.engine.drafting (engine): an import reaching up",
        "mou_wizard.engine.widgets imports textual.app: only mou_wizard.tui may import Textual",
    ]


@table("path", sorted(p for p in PACKAGE.rglob("*.py") if "_content" not in p.parts))
def test_no_module_is_much_over_500_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 550, f"{path.name}: {lines} lines; split it by what it holds"

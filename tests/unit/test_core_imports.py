"""The core (model, flow, clauses, renderer, CLI paths that render) never imports Textual."""

import subprocess

import pytest
import sys

pytestmark = pytest.mark.slow

CORE = [
    "mou_wizard.domain.answers", "mou_wizard.templating", "mou_wizard.content.questions", "mou_wizard.interview.flow",
    "mou_wizard.content.clauses", "mou_wizard.engine.drafting", "mou_wizard.docx.render", "mou_wizard.files.answer_files",
    "mou_wizard.interview.conversation", "mou_wizard.language.answer_types", "mou_wizard.interview.plain", "mou_wizard.checks.lint",
    "mou_wizard.files.examples", "mou_wizard.cli",
]


def test_core_modules_do_not_import_textual():
    code = (
        "import sys\n"
        f"for m in {CORE!r}: __import__(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_render_command_does_not_import_textual(recommended_file, tmp_path):
    code = (
        "import sys\n"
        "from mou_wizard.cli import main\n"
        f"rc = main(['render', {str(recommended_file)!r}, '-o', {str(tmp_path / 'd.docx')!r}])\n"
        "assert rc == 0, rc\n"
        "print(any(m == 'textual' or m.startswith('textual.') for m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False"

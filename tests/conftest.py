from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def recommended():
    from mou_wizard.interview.flow import recommended_answers

    return recommended_answers()


@pytest.fixture
def recommended_file(tmp_path, recommended):
    from mou_wizard.files.answer_files import save_answers

    path = tmp_path / "answers.yaml"
    save_answers(path, recommended)
    return path

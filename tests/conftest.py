import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Every test (and every subprocess it starts) keeps its caches and data under a temporary folder,
# never in the real user's home. Set before anything imports mou_wizard.
_HOME = Path(tempfile.mkdtemp(prefix="mou-wizard-tests-"))
os.environ["XDG_CACHE_HOME"] = str(_HOME / "cache")
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
atexit.register(shutil.rmtree, _HOME, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def recommended():
    from support import recommended as recommended_copy  # (imported here: an xdist controller runs no test)

    return recommended_copy()


@pytest.fixture
def recommended_file(tmp_path, recommended):
    from mou_wizard.files.answer_files import save_answers

    path = tmp_path / "answers.yaml"
    save_answers(path, recommended)
    return path

"""SVG snapshots of the TUI's key screens (pytest-textual-snapshot), at a pinned 100x32, and the small
screen (80x24: sidebar folded, draft as an overlay) next to a large one (120x40).

Deterministic by construction: the answer file is a relative path ("interview.yaml" in the test's own
working directory), so the header and the "Draft written to" message show no tmp path; the answer box's
cursor does not blink; the content (questions, clauses) comes from the repository.
Update the baselines with ``pytest tests/tui/test_tui_snapshots.py --snapshot-update`` and check them by eye.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from mou_wizard.interview.session import Session
from mou_wizard.tui.app import WizardApp
from mou_wizard.tui.screens.draft import DraftScreen
from mou_wizard.tui.screens.review import ReviewScreen
from mou_wizard.tui.widgets import MultiPicker
from test_tui import TYPED, reply_for
from support import CONTENT

pytestmark = pytest.mark.slow  # each test drives the whole app to a snapshot

SIZE = (100, 32)
SMALL, LARGE = (80, 24), (120, 40)
BOTH = pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])


@pytest.fixture
def app(tmp_path, monkeypatch) -> WizardApp:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg" / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg" / "config"))  # settings.json (the theme)
    monkeypatch.chdir(tmp_path)
    return WizardApp(Session(Path("interview.yaml"), CONTENT))


async def steady(pilot) -> None:
    pilot.app.query_one("#input", Input).cursor_blink = False
    await pilot.pause()


async def answer_everything(pilot) -> None:
    app = pilot.app
    await steady(pilot)
    while not app.flow.done:
        app.submit(reply_for(app.flow.current))
    await pilot.pause()


@pytest.mark.timeout(60)
def test_welcome(app, snap_compare):
    assert snap_compare(app, terminal_size=SIZE, run_before=steady)


@pytest.mark.timeout(60)
def test_question_with_choices(app, snap_compare):
    async def run_before(pilot):
        await steady(pilot)
        pilot.app.submit(TYPED["district_name"])
        pilot.app.submit(TYPED["agency_name"])
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    assert app.flow.current.id == "agency_kind"


@pytest.mark.timeout(60)
def test_review_screen(app, snap_compare):
    shown = []

    async def run_before(pilot):
        await answer_everything(pilot)
        shown.append(type(pilot.app.screen))

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    assert shown == [ReviewScreen]


@pytest.mark.timeout(60)
def test_finished_with_the_draft_written(app, snap_compare):
    async def run_before(pilot):
        await answer_everything(pilot)
        await pilot.press("w")
        for _ in range(200):
            await pilot.pause(0.05)
            if not app.rendering and app.query("ChatMessage").last().text.startswith("Draft written"):
                break
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    assert Path("interview.docx").exists()


async def at_agency_kind(pilot) -> None:
    await steady(pilot)
    pilot.app.submit(TYPED["district_name"])
    pilot.app.submit(TYPED["agency_name"])
    await pilot.pause()


@pytest.mark.timeout(60)
@BOTH
def test_first_question(app, snap_compare, size):
    assert snap_compare(app, terminal_size=size, run_before=steady)


@pytest.mark.timeout(60)
@BOTH
def test_choice_question_options_in_the_picker_only(app, snap_compare, size):
    assert snap_compare(app, terminal_size=size, run_before=at_agency_kind)
    assert app.flow.current.id == "agency_kind"


@pytest.mark.timeout(60)
@BOTH
def test_multi_choice_ticks_shown_by_a_mark(app, snap_compare, size):
    async def run_before(pilot):
        await steady(pilot)
        pilot.app.submit("step 1")
        multi = pilot.app.query_one(MultiPicker)
        multi.focus()
        await pilot.press("down", "space")  # untick the second goal
        await pilot.pause()
        seen.append((pilot.app.flow.current.id, 2 in multi.selected))

    seen = []
    assert snap_compare(app, terminal_size=size, run_before=run_before)
    assert seen == [("goals", False)]


@pytest.mark.timeout(60)
def test_draft_overlay_at_80x24(app, snap_compare):
    async def run_before(pilot):
        await at_agency_kind(pilot)
        await pilot.press("ctrl+l")
        for _ in range(200):
            await pilot.pause(0.05)
            if isinstance(pilot.app.screen, DraftScreen) and "Lakeside" in str(
                    pilot.app.screen.query_one("#draft-text").render()):
                break
        await pilot.pause()
        seen.append(type(pilot.app.screen))

    seen = []
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
    assert seen == [DraftScreen]


@pytest.mark.timeout(60)
def test_sidebar_shown_by_f2_at_80x24(app, snap_compare):
    async def run_before(pilot):
        await at_agency_kind(pilot)
        await pilot.press("f2")
        await pilot.pause()
        seen.append(pilot.app.query_one("#sidebar").display)

    seen = []
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
    assert seen == [True]

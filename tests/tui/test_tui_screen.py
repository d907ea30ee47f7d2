"""The terminal UI on small and large terminals (80x24, 120x40, a resize between them) and the theme
remembered across runs. Driven like test_tui.py: ``WizardApp`` under ``App.run_test`` with Pilot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mou_wizard.interview.session import Session
from mou_wizard.tui.app import WizardApp
from mou_wizard.tui.screens.draft import DraftScreen
from mou_wizard.tui.widgets import ChatLog, DraftPane, StepSidebar
from support import CONTENT
from test_tui import (DISTRICT, SIZE, TYPED, in_screen, messages, path, private_dirs, saved,  # noqa: F401
                      sidebar_lines, texts, type_and_enter, wait_until)

pytestmark = pytest.mark.slow  # each test drives the whole Textual app with Pilot


# --- small terminal ------------------------------------------------------------------------------


@pytest.mark.timeout(60)
async def test_80x24_shows_input_sidebar_and_question(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        def check(sidebar: bool = False) -> None:
            question = messages(app)[-1]
            assert question.kind == "question"
            for widget in (app.query_one("#input"), app.query_one("#chat"), question):
                assert in_screen(app, widget), widget
            assert app.query_one("#chat").region.contains_region(question.region)
            assert in_screen(app, app.query_one("#sidebar")) is sidebar  # folded away until F2

        check()
        app.submit(TYPED["district_name"])
        app.submit(TYPED["agency_name"])
        await pilot.pause()
        assert app.flow.current.id == "agency_kind"
        check()
        assert in_screen(app, app.query_one("#choices"))
        for key in ("ctrl+l", "escape", "ctrl+r", "escape", "ctrl+l", "ctrl+l", "ctrl+t", "f2"):
            await pilot.press(key)
            await pilot.pause()
        assert app.screen is app.default_screen
        check(sidebar=True)
        assert in_screen(app, app.query_one("#choices"))


@pytest.mark.timeout(60)
async def test_at_80x24_the_sidebar_folds_away_and_the_draft_covers_the_screen(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        sidebar, chat, pane = app.query_one(StepSidebar), app.query_one(ChatLog), app.query_one("#draft", DraftPane)
        assert app.screen.has_class("-narrow")
        assert not sidebar.display and chat.size.width >= 76  # the chat has the whole width
        # F2 shows the steps and hides them again.
        await pilot.press("f2")
        await pilot.pause()
        assert sidebar.display and sidebar.region.width == 28
        assert "Parties" in "\n".join(sidebar_lines(app))
        await pilot.press("f2")
        await pilot.pause()
        assert not sidebar.display and chat.size.width >= 76
        # ctrl+l: the draft over the whole screen, never a side pane squeezing the chat.
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        overlay = app.screen.query_one(DraftPane)
        assert overlay.region.width == 80 and app.focused is overlay
        text = overlay.query_one("#draft-text")
        await wait_until(pilot, lambda: str(text.render()) == app.conversation.draft_preview(0), "the draft")
        assert str(overlay.query_one("#draft-title").render()) == "Draft: the parties and basics"
        assert not pane.display
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, DraftScreen) and app.focused is app.query_one("#input")
        # ctrl+l closes it as well; the interview goes on as before.
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not isinstance(app.screen, DraftScreen) and not pane.display
        await type_and_enter(pilot, DISTRICT)
        assert saved(path)["parties"]["district_name"] == DISTRICT


@pytest.mark.timeout(60)
async def test_on_a_wide_terminal_the_sidebar_shows_and_the_draft_sits_beside_the_chat(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        sidebar, pane = app.query_one(StepSidebar), app.query_one("#draft", DraftPane)
        assert app.screen.has_class("-wide") and sidebar.display
        await pilot.press("f2")  # hides it here
        await pilot.pause()
        assert not sidebar.display
        await pilot.press("f2")
        await pilot.pause()
        assert sidebar.display
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not isinstance(app.screen, DraftScreen) and pane.display
        # Narrowed to 80 columns: the side pane and the sidebar give the chat its room back.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.has_class("-narrow") and not pane.display and not sidebar.display
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, DraftScreen)


@pytest.mark.timeout(60)
async def test_ctrl_t_toggles_the_theme(path):
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-dark"


def settings_file(tmp_path) -> Path:
    return tmp_path / "xdg" / "config" / "mou-wizard" / "settings.json"


@pytest.mark.timeout(60)
async def test_the_chosen_theme_is_remembered_for_the_next_run(path, tmp_path):
    first = WizardApp(Session(path, CONTENT))
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert first.theme == "textual-dark"
        assert not settings_file(tmp_path).exists()  # nothing chosen yet, nothing written
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert json.loads(settings_file(tmp_path).read_text()) == {"theme": "textual-light"}
        first.theme = "nord"  # as the command palette's "Change theme" does
        await pilot.pause()
        await pilot.press("ctrl+q")
    assert json.loads(settings_file(tmp_path).read_text()) == {"theme": "nord"}

    again = WizardApp(Session(path, CONTENT))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


@pytest.mark.timeout(60)
@pytest.mark.parametrize("content", ['{"theme": "no-such-theme"}', "{not json", '["textual-light"]', '{"theme": 3}'])
async def test_a_bad_settings_file_gives_the_default_theme(path, tmp_path, content):
    settings_file(tmp_path).parent.mkdir(parents=True)
    settings_file(tmp_path).write_text(content)
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert texts(app, "question")  # the interview runs as usual
        await pilot.press("ctrl+t")
        await pilot.pause()
    assert json.loads(settings_file(tmp_path).read_text()) == {"theme": "textual-light"}


@pytest.mark.timeout(60)
async def test_a_theme_that_cannot_be_saved_is_said_once_and_the_app_goes_on(path, tmp_path):
    settings_file(tmp_path).parent.parent.mkdir(parents=True)
    settings_file(tmp_path).parent.write_text("a file where the folder should be")
    app = WizardApp(Session(path, CONTENT))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme == "textual-light"
        said = [n.message for n in app._notifications]
        assert len(said) == 1 and said[0].startswith("The theme could not be remembered: ")
        assert str(settings_file(tmp_path)) in said[0]
        app.submit(TYPED["district_name"])
        await pilot.pause()
        assert saved(path)["parties"]["district_name"] == DISTRICT

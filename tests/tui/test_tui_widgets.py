"""The TUI's widgets one at a time, each in a small host app that loads the real stylesheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import OptionList

import mou_wizard.tui
from mou_wizard.engine.assessment import assess
from mou_wizard.interview.flow import StepProgress
from mou_wizard.domain.answers import Answers
from mou_wizard.tui.widgets import ChatLog, ChatMessage, ChoicePicker, MultiPicker, StepSidebar
from support import CONTENT

STYLESHEET = Path(mou_wizard.tui.__file__).resolve().parent / "app.tcss"
SIZE = (80, 24)


class Host(App):
    """Composes one widget, with the app's stylesheet, and records the messages it posts."""

    CSS_PATH = STYLESHEET

    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget
        self.selected: list[str | None] = []
        self.sent: list[list[int]] = []

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.selected.append(event.option.id)

    def on_multi_picker_send(self, event: MultiPicker.Send) -> None:
        self.sent.append(list(event.values))


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg" / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg" / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg" / "config"))  # settings.json (the theme)


PROGRESS = [
    StepProgress(0, "The parties and the document", 10, 10, "Parties"),
    StepProgress(1, "Partnership, MOU and data", 3, 16, "Partnership"),
    StepProgress(2, "Civil-rights requirements", 0, 22, "Civil rights"),
    StepProgress(3, "Recruiting and hiring SROs", 10, 10, "Hiring"),
    StepProgress(4, "Training", 0, 0, "Training"),
    StepProgress(5, "Evaluation and recognition", 0, 7, "Evaluation and recognition"),
]


@pytest.mark.timeout(30)
async def test_sidebar_lines():
    cov = assess(Answers(), CONTENT, with_state=False)
    assert len(cov.met) == 0 and cov.count("against") == 0
    partly, missing = cov.count("partly"), cov.count("missing")
    sidebar = StepSidebar(id="sidebar")
    async with Host(sidebar).run_test(size=SIZE) as pilot:
        sidebar.show(PROGRESS, 1, cov)
        await pilot.pause()
        expected = [
            "SECURe steps",
            "",
            "✓   Parties        10/10",    # every question answered
            "▶ 1 Partnership     3/16",    # the current step
            "· 2 Civil rights    0/22",
            "✓ 3 Hiring         10/10",
            "· 4 Training        0/0",     # nothing applicable is not "done"
            "· 5 Evaluation and  0/7",     # short names are cut to 14 characters
            "",
            "Rubric coverage",
            f"  0 of {cov.total} items met",
        ]
        expected += [f"  {partly} partly"] if partly else []
        expected += [f"  {missing} missing"] if missing else []
        assert str(sidebar.render()).splitlines() == expected
        # The stylesheet's fixed width holds the longest line.
        assert sidebar.region.width == 28
        assert max(map(len, expected)) <= sidebar.content_region.width


@pytest.mark.timeout(30)
async def test_sidebar_before_any_answer_says_not_yet_drafted():
    nothing = [StepProgress(p.step, p.title, 0, p.total, p.short) for p in PROGRESS]
    sidebar = StepSidebar(id="sidebar")
    async with Host(sidebar).run_test(size=SIZE) as pilot:
        sidebar.show(nothing, 0, assess(Answers(), CONTENT, with_state=False))
        await pilot.pause()
        lines = str(sidebar.render()).splitlines()
        assert lines[-2:] == ["Rubric coverage", "  not yet drafted"]
        sidebar.show(nothing, 0, None)
        await pilot.pause()
        assert str(sidebar.render()).splitlines()[-1] == "  not yet drafted"


@pytest.mark.timeout(30)
async def test_sidebar_counts_answers_against_the_rubric():
    answers = Answers.model_validate({"civil_rights": {"sro_in_discipline": True}})
    cov = assess(answers, CONTENT, with_state=False)
    assert cov.count("against") == 1
    sidebar = StepSidebar(id="sidebar")
    async with Host(sidebar).run_test(size=SIZE) as pilot:
        sidebar.show(PROGRESS, None, cov)
        await pilot.pause()
        lines = str(sidebar.render()).splitlines()
        assert "  1 against" in lines
        assert not any(line.startswith("▶") for line in lines)  # no current step: the interview is done


@pytest.mark.timeout(30)
async def test_chat_log_adds_messages_by_kind_with_markup_off():
    chat = ChatLog(id="chat")
    async with Host(chat).run_test(size=SIZE) as pilot:
        chat.add([("user", "[bold]Hi[/bold]"), ("question", "Which one? [To be agreed]"), ("warning", "[/b] careful")])
        await pilot.pause()
        said = list(chat.query(ChatMessage))
        assert [m.kind for m in said] == ["user", "question", "warning"]
        for m in said:
            assert m.has_class("message") and m.has_class(m.kind)
            assert str(m.render()) == m.text and not m.render().spans
        assert [m.text for m in said] == ["[bold]Hi[/bold]", "Which one? [To be agreed]", "[/b] careful"]
        # The real stylesheet is applied: your own messages are indented, warnings have a thick bar.
        assert said[0].styles.margin.left == 8
        assert said[2].styles.border_left[0] == "thick"
        chat.add([("done", "Finished"), ("info", "More")])
        await pilot.pause()
        assert len(chat.query(ChatMessage)) == 5
        assert not chat.can_focus


@pytest.mark.timeout(30)
async def test_a_long_chat_lays_out_only_the_latest_messages_and_keeps_the_rest():
    chat = ChatLog(id="chat")
    async with Host(chat).run_test(size=SIZE) as pilot:
        total = ChatLog.KEEP + 45
        for i in range(total):
            chat.add([("user" if i % 2 else "question", f"Message {i}")], follow=True)  # as the app adds them
        await pilot.pause()
        shown = [m.text for m in chat.query(ChatMessage)]
        assert shown == [f"Message {i}" for i in range(45, total)]
        # nothing is lost: the whole transcript, oldest first, with each message's kind
        assert chat.transcript() == [("user" if i % 2 else "question", f"Message {i}") for i in range(total)]
        notice = chat.query_one("#earlier")
        assert notice.display and str(notice.render()) == "↑ 45 earlier messages: scroll up or press PageUp to show them"
        assert chat.scroll_y == chat.max_scroll_y > 0  # still following the conversation

        # Scrolling to the top brings back a page of earlier messages, and the reader keeps their place.
        top = chat.query(ChatMessage).first()
        chat.scroll_to(y=3, animate=False)
        await pilot.pause()
        chat.scroll_home(animate=False)
        await pilot.pause()
        await pilot.pause()
        shown = [m.text for m in chat.query(ChatMessage)]
        assert shown == [f"Message {i}" for i in range(45 - ChatLog.PAGE, total)]
        assert str(notice.render()) == f"↑ {45 - ChatLog.PAGE} earlier messages: scroll up or press PageUp to show them"
        assert top.virtual_region.y == chat.scroll_y > 0  # the message that was at the top still is
        assert chat.transcript()[-1] == ("question", f"Message {total - 1}") and len(chat.transcript()) == total

        # Messages that arrive while the reader is up there are added below, and nothing is taken away.
        chat.add([("info", "Arrived while reading")])
        await pilot.pause()
        assert len(chat.query(ChatMessage)) == total - 45 + ChatLog.PAGE + 1
        # The user's own reply jumps to the bottom, and the layout is cut back to the latest messages.
        chat.add([("user", "My answer")], follow=True)
        await pilot.pause()
        assert len(chat.query(ChatMessage)) == ChatLog.KEEP
        assert chat.transcript()[-2:] == [("info", "Arrived while reading"), ("user", "My answer")]
        assert len(chat.transcript()) == total + 2


@pytest.mark.timeout(30)
async def test_a_short_chat_has_no_earlier_messages_line():
    chat = ChatLog(id="chat")
    async with Host(chat).run_test(size=SIZE) as pilot:
        chat.add([("info", f"Message {i}") for i in range(ChatLog.KEEP)], follow=True)
        await pilot.pause()
        assert len(chat.query(ChatMessage)) == ChatLog.KEEP
        assert not chat.query_one("#earlier").display
        chat.scroll_home(animate=False)
        await pilot.pause()
        assert len(chat.transcript()) == ChatLog.KEEP


@pytest.mark.timeout(30)
async def test_choice_picker_numbers_the_options():
    picker = ChoicePicker(id="choices")
    async with Host(picker).run_test(size=SIZE) as pilot:
        picker.set_choices(["the District", "the Agency", "both jointly"])
        await pilot.pause()
        options = [picker.get_option_at_index(i) for i in range(picker.option_count)]
        assert [str(o.prompt) for o in options] == ["1. the District", "2. the Agency", "3. both jointly"]
        assert [o.id for o in options] == ["1", "2", "3"]
        assert picker.highlighted == 0
        # Setting new choices replaces the old ones.
        picker.set_choices(["yes", "no"])
        await pilot.pause()
        assert [picker.get_option_at_index(i).id for i in range(picker.option_count)] == ["1", "2"]
        picker.focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert pilot.app.selected == ["2"]


@pytest.mark.timeout(30)
async def test_multi_picker_sends_the_ticked_values():
    multi = MultiPicker(id="multi")
    async with Host(multi).run_test(size=SIZE) as pilot:
        multi.set_choices(["arrests", "citations", "searches", "complaints"], {1, 3})
        await pilot.pause()
        assert multi.option_count == 4
        assert str(multi.get_option_at_index(2).prompt) == "3. searches"
        assert set(multi.selected) == {1, 3}
        multi.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert [sorted(v) for v in pilot.app.sent] == [[1, 3]]
        # Space ticks the highlighted option; Enter sends, it does not tick.
        await pilot.press("space", "down", "down", "down", "space", "enter")
        await pilot.pause()
        assert sorted(pilot.app.sent[-1]) == [3, 4]
        assert set(multi.selected) == {3, 4}
        # New choices replace the old ones and their ticks.
        multi.set_choices(["a", "b"], set())
        await pilot.pause()
        assert multi.option_count == 2 and multi.selected == []
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.sent[-1] == []

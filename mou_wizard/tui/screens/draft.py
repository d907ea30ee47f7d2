"""The draft so far as a full-screen overlay: on a narrow terminal (under the app's breakpoint) the
side pane would leave the chat a sliver, so ctrl+l opens this instead. Escape (or ctrl+l) closes it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Footer, Header

from mou_wizard.tui.widgets import DraftPane


class DraftScreen(ModalScreen[None]):
    """Shows a :class:`DraftPane` over the whole terminal; the app fills it (:meth:`show`)."""

    BINDINGS = [
        Binding("escape", "close", "Back to the chat"),
        Binding("ctrl+l", "close", "Close the draft", show=False),  # the key that opened it (a modal
        # screen does not pass keys on to the app's bindings)
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield DraftPane(id="draft-overlay")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DraftPane).focus()  # arrows and page keys scroll the draft

    def show(self, title: str, text: str) -> None:
        self.query_one(DraftPane).show(title, text)

    def action_close(self) -> None:
        self.dismiss(None)

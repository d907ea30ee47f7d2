"""What the app's thread workers post back to it: a draft preview built, a render's progress and end, a
PDF written. Workers never touch widgets; these messages carry their results to the UI thread."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from mou_wizard import services


class DraftReady(Message):
    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title, self.text = title, text


class RenderProgress(Message):
    def __init__(self, done: int, total: int, what: str) -> None:
        super().__init__()
        self.done, self.total, self.what = done, total, what


class RenderFinished(Message):
    def __init__(self, done: services.Finished | None, error: str | None = None, signable: bool = False) -> None:
        super().__init__()
        self.done, self.error, self.signable = done, error, signable


class PdfFinished(Message):
    def __init__(self, path: Path | None, error: str | None = None) -> None:
        super().__init__()
        self.path, self.error = path, error

"""The terminal UI: a chat that drafts the MOU with you.

A thin layer over :class:`mou_wizard.interview.session.Session` and its :class:`~mou_wizard.interview.conversation.Conversation`:
every reply goes to the conversation, and the app shows what it says, the step progress, the rubric
coverage and (on request) the clauses drafted so far. The answer file is written after every reply that
changes it: as soon as the screen shows the reply (so writing it never delays the next question), and at
once on quit, ctrl+s, a closed terminal or an error that ends the app, so none of them loses an answer.
The rubric coverage in the sidebar is worked out the same way, once the reply is on screen.
Rendering the DOCX and building the draft preview run in thread workers that post messages; workers
never touch widgets and never read the live conversation: each gets a copy of the answers taken on the
UI thread when it starts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Footer, Header, Input, OptionList, ProgressBar

from mou_wizard.interview.conversation import Reply
from mou_wizard import services
from mou_wizard.engine.assessment import assess
from mou_wizard.errors import UserError
from mou_wizard.interview.session import Session, collect_from_now
from mou_wizard.language.text import compile_all
from mou_wizard.files.settings import load_settings, save_setting
from mou_wizard.tui import ending
from mou_wizard.tui.messages import DraftReady, PdfFinished, RenderFinished, RenderProgress
from mou_wizard.tui.screens.draft import DraftScreen
from mou_wizard.tui.screens.review import ReviewScreen
from mou_wizard.tui.widgets import ChatLog, ChoicePicker, DraftPane, MultiPicker, StepSidebar


SIGNING_OFFER = ("Every decision is settled, so the signing copy can be written: press ctrl+g (or 'Write the "
                 "signing copy' in the command palette) for a copy without the DRAFT header, the margin notes "
                 "and the appendix, beside the draft.")


_MIME_TYPES = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               ".pdf": "application/pdf"}


class WizardApp(App):
    """mou-wizard's chat."""

    CSS_PATH = "app.tcss"
    TITLE = "mou-wizard"
    #: Under this many columns the terminal is narrow: the step sidebar starts hidden (F2 shows it) and
    #: the draft opens over the whole screen instead of beside the chat.
    NARROW = 100
    DEFAULT_THEME = "textual-dark"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW, "-wide")]
    BINDINGS = [
        # Keys the answer box does not use for editing (it takes ctrl+d, ctrl+w, ctrl+u, ctrl+k...).
        # F2 rather than ctrl+b: ctrl+b is tmux's prefix key.
        Binding("f2", "toggle_sidebar", "Steps"),
        Binding("ctrl+l", "toggle_draft", "Draft"),
        Binding("ctrl+r", "review", "Review"),
        Binding("ctrl+o", "write_draft", "Write DOCX"),
        Binding("ctrl+g", "write_signing_copy", "Signing copy", show=False),  # offered when nothing is open
        Binding("ctrl+s", "save", "Save", show=False),  # saved after every reply anyway: room in the footer
        Binding("ctrl+t", "toggle_theme", "Theme"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        # The answer box keeps the focus; these scroll the chat (a picker with the focus pages itself).
        Binding("pageup", "chat_page(-1)", "Earlier", show=False),
        Binding("pagedown", "chat_page(1)", "Later", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        session.conversation.options_in_picker = True  # listed once: in the picker, not the transcript
        self.sub_title = str(session.path)
        self.rendering = False
        self.last_draft: Path | None = None  # the draft this session last wrote (a PDF goes beside it)
        self._save_due = False     # a reply changed the answers; written once the screen shows it
        self._sidebar_due = False  # the steps and coverage are shown once the screen shows the reply

    @property
    def conversation(self):
        return self.session.conversation

    @property
    def flow(self):
        return self.session.flow

    # --- layout ------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield StepSidebar(id="sidebar")
            with Vertical(id="main"):
                yield ChatLog(id="chat")
                yield ChoicePicker(id="choices")
                yield MultiPicker(id="multi")
                yield ProgressBar(id="progress", show_eta=False)
                yield Input(placeholder="Type your answer here (or 'help')", id="input")
            yield DraftPane(id="draft")
        yield Footer()

    def on_mount(self) -> None:
        self._theme_saved = self._saved_theme()
        self.theme = self._theme_saved
        # Any change (ctrl+t or the palette's "Change theme") is remembered for the next run.
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.query_one("#progress").display = False
        reply = self.conversation.greeting(self.session.resumed)
        # The answer file is written right after the first frame (the question on screen comes first);
        # quitting, a closed terminal or an error before then writes it at once.
        self._save_soon()
        self.call_after_refresh(compile_all)  # the reply patterns, compiled before the first reply
        self._show(reply, follow=True)
        self._handle_signals()
        self.query_one("#input", Input).focus()
        # Everything loaded so far lives for the whole session: kept out of later collections.
        collect_from_now()

    # --- the conversation --------------------------------------------------------------------------

    def submit(self, text: str) -> None:
        """Send one reply to the conversation, as if typed."""
        with self.batch_update():  # one layout and paint for the reply, the answer and the next question
            self._submit(text)

    def submit_value(self, value, shown: str) -> None:
        """Send an already-typed answer (a picked option's token, or a list of tokens); the transcript
        shows ``shown``, what the user picked."""
        with self.batch_update():
            self.query_one(ChatLog).add([("user", shown)], follow=True)
            self._after(self.conversation.answer_value(value))

    def _submit(self, text: str) -> None:
        chat = self.query_one(ChatLog)
        chat.add([("user", text if text.strip() else "(Enter: the recommended answer)")], follow=True)
        self._after(self.conversation.handle(text))

    def _after(self, reply: Reply) -> None:
        """Show a reply and act on it: save, start over, quit or finish."""
        if reply.restart:
            backup = self.session.start_over()
            reply.say("info", f"Your earlier answers are kept in {backup}.")
            greeting = self.conversation.greeting(False)
            reply.messages += greeting.messages
        if reply.changed or reply.finished or reply.restart:
            self._save_soon()
        self._show(reply, follow=True)
        if reply.quit:
            self.save_now()
            self.exit()
        elif reply.finished:
            self._finish()

    def _show(self, reply: Reply, *, follow: bool | None = None) -> None:
        self.query_one(ChatLog).add([(m.kind, m.text) for m in reply.messages], follow=follow)
        self._refresh_state()

    def _save(self) -> None:
        self._save_due = False
        try:
            self.session.save()
        except UserError as e:
            self.query_one(ChatLog).add([("error", f"Could not save the answers: {e}")], follow=True)

    def _save_soon(self) -> None:
        """Write the answers right after the screen shows the reply (one write for any replies before it)."""
        if not self._save_due:
            self._save_due = True
            self.call_after_refresh(self.save_now)

    @property
    def save_due(self) -> bool:
        """Whether a reply changed the answers since they were last written."""
        return self._save_due

    def save_now(self) -> None:
        """Write the answers if a reply changed them since the last write."""
        if self._save_due:
            self._save()

    def on_unmount(self) -> None:
        # The app is ending (quit, a browser closed, an error) before a pending write had its frame:
        # write now, while the app still runs. If that fails, run_tui tries once more and reports it.
        if self._save_due:
            try:
                self.session.save()
                self._save_due = False
            except UserError:
                pass

    def _handle_signals(self) -> None:
        """A closed terminal (SIGHUP) or SIGTERM saves the answers and ends the app, within seconds even
        when the terminal no longer takes output (see mou_wizard.tui.ending)."""
        if self.is_headless:
            return  # under test: the test's event loop is not ours to take signals on
        try:
            ending.install(self)
        except (RuntimeError, ValueError):
            pass  # not the main thread, or no signals here

    def save_and_exit(self) -> None:
        self._save_due = False
        try:
            self.session.save()
        except UserError:
            pass
        self.exit()

    def _refresh_state(self) -> None:
        q = self.flow.current
        self._refresh_sidebar_soon()
        choices = self.query_one(ChoicePicker)
        multi = self.query_one(MultiPicker)
        pending = self.conversation.pending is not None
        picker = q.answer_type.picker() if q and not pending else None
        choices.display = bool(picker and not picker.multi)
        multi.display = bool(picker and picker.multi)
        if picker:
            tokens = [t for t, _ in picker.options]
            labels = [label for _, label in picker.options]
        if choices.display:
            value = self.flow.value(q)
            default = value if value is not None else q.d.recommended
            choices.set_choices(labels, tokens.index(default) if default in tokens else 0)
        if multi.display:
            # Ticked: the current answer, or else the recommended one, so Enter in the list sends it.
            current = self.flow.value(q)
            if current is None:
                current = q.d.recommended or []
            multi.set_choices(labels, {tokens.index(v) + 1 for v in current})
        if self.query_one(DraftPane).has_class("-open"):
            self._update_draft()

    def _refresh_sidebar_soon(self) -> None:
        if not self._sidebar_due:
            self._sidebar_due = True
            self.call_after_refresh(self._refresh_sidebar)

    def _refresh_sidebar(self) -> None:
        """The steps with their answers, and the rubric coverage."""
        self._sidebar_due = False
        q = self.flow.current
        progress = self.flow.progress()
        coverage = (assess(self.flow.answers, self.session.content, with_state=False)
                    if any(p.answered for p in progress) else None)
        self.query_one(StepSidebar).show(progress, q.step if q else None, coverage)

    @on(Input.Submitted, "#input")
    def _typed(self, event: Input.Submitted) -> None:
        event.input.value = ""
        self.submit(event.value)

    def _picked_tokens(self, numbers: Iterable[int]) -> list[str] | None:
        """The tokens of the options numbered (from 1) in the current question's picker."""
        q = self.flow.current
        picker = q.answer_type.picker() if q else None
        if picker is None:
            return None
        return [picker.options[n - 1][0] for n in numbers]

    @on(OptionList.OptionSelected, "#choices")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        number = event.option.id or ""
        tokens = self._picked_tokens([int(number)]) if number.isdigit() else None
        if tokens:
            self.submit_value(tokens[0], number)
        else:
            self.submit(number)
        self.query_one("#input", Input).focus()

    @on(MultiPicker.Send)
    def _ticked(self, event: MultiPicker.Send) -> None:
        numbers = sorted(event.values)
        shown = ", ".join(str(i) for i in numbers) if numbers else "none"
        tokens = self._picked_tokens(numbers)
        if tokens is not None:
            self.submit_value(tokens, shown)
        else:
            self.submit(shown)
        self.query_one("#input", Input).focus()

    # --- draft pane --------------------------------------------------------------------------------

    @property
    def narrow(self) -> bool:
        return self.size.width < self.NARROW

    def action_toggle_draft(self) -> None:
        """Beside the chat on a wide terminal; over the whole screen on a narrow one."""
        if isinstance(self.screen, DraftScreen):
            self.screen.dismiss(None)
            return
        pane = self.query_one(DraftPane)
        if self.narrow:
            pane.remove_class("-open")  # and the side pane stays shut if the terminal widens later
            self.push_screen(DraftScreen())
            self._update_draft()
            return
        pane.toggle_class("-open")
        if pane.has_class("-open"):
            self._update_draft()

    def action_toggle_sidebar(self) -> None:
        """Show or hide the steps and rubric coverage (hidden at first on a narrow terminal)."""
        bar = self.query_one(StepSidebar)
        shown = bar.display
        # F2 changes the sidebar for the current width only (-shown when narrow, -hidden when wide): a
        # sidebar shown on a wide terminal does not stay and squeeze the chat after a resize to narrow.
        if self.narrow:
            bar.remove_class("-hidden")
            bar.set_class(not shown, "-shown")
        else:
            bar.remove_class("-shown")
            bar.set_class(shown, "-hidden")

    def _update_draft(self) -> None:
        q = self.flow.current
        step = q.step if q else 1
        # The worker gets a copy taken here, on the UI thread, never the live conversation.
        self._build_preview(self.conversation.snapshot(), step)

    @work(thread=True, exclusive=True, group="draft")
    def _build_preview(self, answers, step: int) -> None:
        title = "Draft: the parties and basics" if step == 0 else f"Draft: clauses for step {step}"
        self.post_message(DraftReady(title, services.draft_preview(answers, self.session.content, step)))

    def on_draft_ready(self, message: DraftReady) -> None:
        self.query_one(DraftPane).show(message.title, message.text)
        if isinstance(self.screen, DraftScreen):
            self.screen.show(message.title, message.text)

    # --- review, finish, render --------------------------------------------------------------------

    def action_review(self) -> None:
        if isinstance(self.screen, ReviewScreen):
            return
        if isinstance(self.screen, DraftScreen):
            self.screen.dismiss(None)
        self.push_screen(ReviewScreen(self.conversation), self._after_review)

    def _after_review(self, result: str | None) -> None:
        if result == ReviewScreen.WRITE:
            self.action_write_draft()
        elif result and result.startswith(ReviewScreen.STEP):
            with self.batch_update():
                self._after(self.conversation.keep_step(int(result.removeprefix(ReviewScreen.STEP))))
        elif result:
            self.submit_change(result)
        self.query_one("#input", Input).focus()

    def submit_change(self, question_id: str) -> None:
        """Reopen one answer for editing (from the review screen)."""
        reply = self.conversation.reopen(question_id)
        self._save_soon()
        self._show(reply, follow=True)

    def _finish(self) -> None:
        text = services.coverage_sentence(self.flow.answers, self.session.content)
        self.query_one(ChatLog).add(
            [("info", text), ("info", "Review your answers (any of them can still be changed), then press "
                                      "w there, or ctrl+o here, to write the DOCX.")],
            follow=True,
        )
        self.action_review()

    def action_write_draft(self) -> None:
        if isinstance(self.screen, (ReviewScreen, DraftScreen)):
            self.screen.dismiss(None)  # the progress and the result show in the chat
        if self.rendering:
            return
        self.rendering = True
        bar = self.query_one(ProgressBar)
        bar.update(total=3, progress=0)
        bar.display = True
        self.query_one(ChatLog).add([("info", "Writing the draft…")])
        self._render(services.draft_job(self.session))  # a snapshot taken on the UI thread

    @work(thread=True, exclusive=True, group="render")
    def _render(self, job: services.DraftJob) -> None:
        try:
            done = services.finish(
                job, progress=lambda done, what: self.post_message(RenderProgress(done, 3, what))
            )
        except UserError as e:
            self.post_message(RenderFinished(None, str(e)))
        else:
            # An interview with nothing left open can be signed (a review's result is its revision draft).
            self.post_message(RenderFinished(done, signable=job.previous is None
                                             and services.signable(job.answers, job.content)))

    def on_render_progress(self, message: RenderProgress) -> None:
        self.query_one(ProgressBar).update(total=message.total, progress=message.done)

    def on_render_finished(self, message: RenderFinished) -> None:
        self.rendering = False
        self.query_one(ProgressBar).display = False
        if message.error:
            self.query_one(ChatLog).add([("error", f"The draft could not be written: {message.error}")])
        else:
            self.session.wrote(message.done.written)  # writing again replaces these, never others
            self.last_draft = message.done.draft
            self.query_one(ChatLog).add([("done", "\n".join(message.done.lines()))])
            self._offer_download(message.done.draft)
            if message.signable:
                self.query_one(ChatLog).add([("info", SIGNING_OFFER)])

    def action_write_signing_copy(self) -> None:
        """The signing copy beside the draft; refused, naming the open decisions, while any remain."""
        if self.rendering:
            return
        try:
            out = services.finish_signing_copy(self.session)
        except UserError as e:
            self.query_one(ChatLog).add([("error", f"The signing copy could not be written: {e}")])
        else:
            self.query_one(ChatLog).add([("done", f"Signing copy written to {out}")])
            self._offer_download(out)

    def action_write_pdf(self) -> None:
        """A PDF beside the draft last written (LibreOffice, in a worker thread)."""
        draft = self.last_draft
        if draft is None:
            self.query_one(ChatLog).add([("info", "Write the DOCX first (ctrl+o); the PDF goes beside it.")])
            return
        ours = Path(os.path.realpath(services.pdf_path(draft))) in self.session.written
        self.query_one(ChatLog).add([("info", "Writing the PDF with LibreOffice…")])
        self._pdf(draft, ours)

    @work(thread=True, exclusive=True, group="pdf")
    def _pdf(self, draft: Path, replace: bool) -> None:
        try:
            self.post_message(PdfFinished(services.write_pdf_beside(draft, force=replace)))
        except UserError as e:
            self.post_message(PdfFinished(None, str(e)))

    def on_pdf_finished(self, message: PdfFinished) -> None:
        if message.error:
            self.query_one(ChatLog).add([("error", f"The PDF could not be written: {message.error}")])
        else:
            self.session.wrote([message.path])
            self.query_one(ChatLog).add([("done", f"PDF written to {message.path}")])
            self._offer_download(message.path)

    def _offer_download(self, path: Path) -> None:
        """In a web browser (``mou-wizard serve``), hand a file just written to the browser as a download."""
        if not self.is_web:
            return
        self.deliver_binary(path, save_filename=path.name, mime_type=_MIME_TYPES.get(path.suffix.lower()))
        self.query_one(ChatLog).add([("info", f"Your browser is downloading {path.name}.")])

    # --- other actions -----------------------------------------------------------------------------

    def action_save(self) -> None:
        self._save()
        self.notify(f"Saved to {self.session.path}")

    def _saved_theme(self) -> str:
        """The theme chosen in an earlier run (the settings file), if this Textual still has it."""
        name = load_settings().get("theme")
        return name if isinstance(name, str) and name in self.available_themes else self.DEFAULT_THEME

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name == self._theme_saved:
            return
        try:
            save_setting("theme", theme.name)
        except UserError as e:
            self.notify(f"The theme could not be remembered: {e}", severity="warning")
        else:
            self._theme_saved = theme.name

    def action_chat_page(self, direction: int) -> None:
        """Scroll the chat a page; at the top, bring back earlier messages."""
        chat = self.query_one(ChatLog)
        if direction < 0 and chat.scroll_y <= 0:
            chat.show_earlier()
        elif direction < 0:
            chat.scroll_page_up(animate=False)
        else:
            chat.scroll_page_down(animate=False)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == self.DEFAULT_THEME else self.DEFAULT_THEME

    def action_jump(self, step: int) -> None:
        self.submit(f"step {step}")

    async def action_quit(self) -> None:
        self._save()
        self.exit()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Save", "Save the answers now (they are also saved after every reply)",
                            self.action_save)
        yield SystemCommand("Write the draft", "Render the DOCX draft from the answers so far",
                            self.action_write_draft)
        yield SystemCommand("Write the signing copy", "No DRAFT header, margin notes or appendix; only when "
                            "no decision is open", self.action_write_signing_copy)
        yield SystemCommand("Write a PDF", "A PDF beside the draft last written (needs LibreOffice)",
                            self.action_write_pdf)
        yield SystemCommand("Review answers", "All answers by step; pick one to change it", self.action_review)
        yield SystemCommand("Show or hide the draft", "The clauses drafted so far for this step",
                            self.action_toggle_draft)
        yield SystemCommand("Show or hide the steps", "The steps, answers per step and rubric coverage",
                            self.action_toggle_sidebar)
        for step in self.flow.qs.steps:
            name = "the parties" if step.number == 0 else f"step {step.number}: {step.title}"
            yield SystemCommand(f"Jump to {name}", f"Go to the first question of {name}",
                                lambda n=step.number: self.action_jump(n))
        yield from super().get_system_commands(screen)


def run_tui(session: Session) -> int:
    """Run the app; its exit status: 0, or non-zero when it ended on an error (Textual prints the
    traceback; the answers were saved after the last reply)."""
    app = WizardApp(session)
    try:
        app.run()
    finally:
        if app.save_due:  # a reply the app had no time to write before it ended (on an error, say)
            session.save()
    return app.return_code or 0

"""The conversation's commands: why, help, back, skip, keep, keep the rest, step N, change TOPIC...

A mixin of :class:`~mou_wizard.interview.conversation.Conversation`, kept apart so that each file holds
one thing: the conversation classifies a reply and answers, and a command reply lands here as
``_cmd_<name>(reply, argument)``. The methods use the conversation's flow, its pending answer and the
helpers that ask and apply (``_ask``, ``_take_safely``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mou_wizard.content.questions import Question
from mou_wizard.interview.wording import short_text, why_text
from mou_wizard.language.text import quote

if TYPE_CHECKING:  # pragma: no cover
    from mou_wizard.interview.conversation import Reply
    from mou_wizard.language.replies import Intent

COMPLETE = ("The interview is complete. Say 'answers' to review, 'change TOPIC' to edit an answer, "
            "or 'quit'.")


class Commands:
    """The ``_cmd_*`` handlers (see the module docstring)."""

    def _cmd_enter(self, r: Reply, _: str) -> None:
        q = self.flow.current
        if q is None:
            r.say("info", COMPLETE)
        elif self.flow.nav.offers_keep(self.flow, q):
            self._keep_offered(r, q)
        elif self.flow.value(q) is not None:
            # Enter on a question answered before (after 'back' or 'change') keeps that answer.
            self._take_safely(r, q, self.flow.value(q))
        else:
            self._cmd_recommended(r, "")

    def _cmd_recommended(self, r: Reply, _: str) -> None:
        q = self.flow.current
        if q is None:
            r.say("info", COMPLETE)
        elif q.d.recommended is None:
            # Only a rubric recommendation is taken this way; an example (a sample name or date) must
            # never slip into a real agreement because someone pressed Enter.
            r.say("error", "This one needs your own answer (the example only shows the form); "
                           "please type it, or say 'skip' to leave it for later.")
        else:
            self._take_safely(r, q, q.d.recommended)

    def _cmd_keep(self, r: Reply, _: str) -> None:
        q = self.flow.current
        if q is None:
            r.say("info", COMPLETE)
        elif self.flow.nav.offers_keep(self.flow, q):
            self._keep_offered(r, q)
        elif self.flow.value(q) is not None:
            self._take_safely(r, q, self.flow.value(q))
        else:
            r.say("error", "There is no earlier answer to keep here; please answer the question, or say "
                           "'skip' to leave it for later.")

    def _keep_offered(self, r: Reply, q: Question) -> None:
        self.flow.nav.mark(self.flow, q)
        self.flow.nav.advance(self.flow)
        r.say("confirm", "Kept.")
        r.changed = True
        self._ask(r)

    def _cmd_keep_rest(self, r: Reply, _: str, every_step: bool = False) -> None:
        q = self.flow.current
        kept = self.flow.nav.keep_rest(self.flow, every_step) if q is not None else None
        said = "keep all" if every_step else "keep the rest"
        if kept is None:
            r.say("info", f"'{said}' is for the periodic review. Here, press Enter (or say 'keep') to "
                          "keep an answer you came back to." if q is not None else COMPLETE)
            return
        where = ("every step" if every_step else "the parties" if q.step == 0 else f"step {q.step}")
        r.say("confirm", f"Kept {len(kept)} answer{'s' if len(kept) != 1 else ''} of {where} as "
                         f"{'they were' if len(kept) != 1 else 'it was'}." if kept else
              f"There were no more answers to keep in {where}.")
        r.changed = True
        self._ask(r)

    def _cmd_keep_all(self, r: Reply, text: str) -> None:
        self._cmd_keep_rest(r, text, every_step=True)

    def _cmd_why(self, r: Reply, _: str) -> None:
        q = self.flow.current
        r.say("help", why_text(q, self.content.rubric) if q else "There is no open question. Say 'answers' to review them.")

    def _cmd_help(self, r: Reply, _: str) -> None:
        text = self.flow.nav.help_text(self.flow)
        q = self.flow.current
        if q is not None:
            sample = q.suggestion
            looks = q.say(sample).rstrip(".") if sample is not None else q.answer_type.example()
            text += f"\n\nThis question: {short_text(q, 100)}\nAn answer looks like: {looks}"
        r.say("help", text)

    def _cmd_back(self, r: Reply, _: str) -> None:
        if self.flow.back():
            r.changed = True
            q = self.flow.current
            if self.flow.value(q) is not None and not self.flow.nav.offers_keep(self.flow, q):
                said = q.say(self.flow.value(q))
                r.say("info", f"Your current answer: {said.rstrip('.')}. Press Enter to keep it, type a new "
                              "answer, or say 'skip' to clear it.")
            self._ask(r)
        else:
            r.say("info", "This is the first question; there is nothing before it.")

    def _cmd_skip(self, r: Reply, _: str) -> None:
        q = self.flow.current
        if q is None:
            r.say("info", "There is no open question to skip.")
            return
        said = self.flow.nav.skipped_said(self.flow, q)
        cleared = self.flow.skip()
        r.say("confirm", said)
        for c in cleared[1:]:
            r.say("info", f"That makes an earlier answer moot, so I cleared it: {c.d.text.strip()}")
        r.changed = True
        self._ask(r)

    def _cmd_quit(self, r: Reply, _: str) -> None:
        r.say("info", "Your answers are saved. Run the wizard again with the same file to resume.")
        r.quit = True
        r.changed = True

    def _cmd_restart(self, r: Reply, _: str) -> None:
        r.say("info", "Starting a new interview; your current answers will be kept in a backup file.")
        r.restart = True

    def _cmd_save(self, r: Reply, _: str) -> None:
        r.changed = True
        r.say("info", "Saved.")

    def _cmd_step(self, r: Reply, arg: str) -> None:
        n = int(arg)
        if not self.flow.nav.step_in_range(n) or not self.flow.goto_step(n):
            r.say("error", self.flow.nav.step_numbers)
            return
        r.changed = True
        self._intro_shown.discard(n)
        self._ask(r)

    def _cmd_change(self, r: Reply, arg: str) -> None:
        q = self.flow.current
        if not arg:
            if q is not None and self.flow.value(q) is not None:
                self.flow.nav.ask_afresh(self.flow)
                r.say("question", self.question_text(q))
            else:
                r.say("info", "Which answer would you like to change? Say 'change' and a few words of the "
                              "question, e.g. 'change training hours', or 'answers' to see them all.")
            return
        ranked = self.flow.rank(arg)
        target = self.flow.find(arg)
        if target is not None:
            self._reopen(r, target)
            return
        candidates = [m.item for m in ranked if m.score >= 1][:3]
        if not candidates:
            r.say("error", f"I could not tell which answer you mean by {quote(arg)}. Try words from the "
                           "question, e.g. 'change review cycle', or say 'answers' to see them all.")
            return
        self.choosing = candidates
        lines = [f"Which answer do you mean by {quote(arg)}?"]
        lines += [f"  {i}. {short_text(c)}" for i, c in enumerate(candidates, start=1)]
        lines.append("Type its number, or say it in other words.")
        r.say("question", "\n".join(lines))

    def _resolve_choosing(self, r: Reply, text: str, intent: Intent, choosing: list[Question]) -> bool:
        """The pick after "Which answer do you mean?": a number or words naming one candidate."""
        t = text.strip().rstrip(".").lower()
        if t.isdigit() and 1 <= int(t) <= len(choosing):
            self._reopen(r, choosing[int(t) - 1])
            return True
        if intent.kind != "answer":
            return False
        ranked = [m for m in self.flow.rank(text) if m.item in choosing]
        if ranked and (len(ranked) == 1 or ranked[0].score > ranked[1].score):
            self._reopen(r, ranked[0].item)
            return True
        return False

    def _reopen(self, r: Reply, q: Question) -> None:
        self.pending = None
        self.choosing = None
        self.flow.goto(q.id)
        r.changed = True
        if self.flow.nav.offers_keep(self.flow, q):
            self._ask(r)
            return
        current = self.flow.value(q)
        if current is not None:
            said = q.say(current)
            r.say("info", f"Your current answer: {said.rstrip('.')}.")
        r.say("question", self.question_text(q))

    def _cmd_answers(self, r: Reply, _: str) -> None:
        r.say("info", self.answers_summary())

    def _cmd_draft(self, r: Reply, _: str) -> None:
        r.say("draft", self.draft_preview())

"""The assistant's side of the interview, UI-free: user text in, assistant messages out.

Both the plain line mode and the terminal UI drive a :class:`Conversation`. It understands answers
in natural text (each question's answer type reads it, see :mod:`mou_wizard.language.answer_types`)
and a handful of requests in plain words or as /commands: why, help, back, skip, go to step N,
change <topic>, show draft, show answers, save, quit.
The interview and the periodic review are this same conversation over a flow with another
navigator (:mod:`mou_wizard.interview.navigators`): in a review, an answered question is offered for
keeping ("Last cycle: every 24 months. Keep it?") and accepts keep / change / skip or a new answer.
The caller persists :meth:`Conversation.snapshot` and :meth:`Conversation.state` whenever ``changed``
is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from typing import Mapping

from mou_wizard.content.bundle import ContentBundle
from mou_wizard.interview.rubric_help import rubric_index
from mou_wizard.language import intents
from mou_wizard.language.text import ParseError
from mou_wizard.content.questions import Question
from mou_wizard.engine.answering import AnswerRejected
from mou_wizard.domain.answers import Answers
from mou_wizard.domain.interview_state import InterviewState
from mou_wizard.interview.flow import Flow
from mou_wizard.interview.navigators import ReviewNavigator


@dataclass(frozen=True)
class Message:
    """One thing the assistant says. ``kind``: question, confirm, info, help, warning, error, draft, done."""

    kind: str
    text: str


@dataclass
class Reply:
    messages: list[Message] = field(default_factory=list)
    changed: bool = False   # the answers or the position changed: save now
    quit: bool = False
    finished: bool = False  # the last question was just answered
    restart: bool = False   # the user asked to start a new interview (the session keeps a backup)

    def say(self, kind: str, text: str) -> None:
        self.messages.append(Message(kind, text))


COMMANDS = """\
You can answer in your own words, or say:
  why              the rubric reason behind this question
  any question?    e.g. "what does the rubric say about training hours?"
  help             this list, and help on the current question
  back             return to the previous question
  skip / not sure  leave this question for later (the draft shows a placeholder)
  recommended      take the recommended answer (or just press Enter)
  step N           jump to step N (0 = the parties, 1-5 = the SECURe steps)
  change TOPIC     change an earlier answer, e.g. "change training hours"
  answers          show your answers so far
  draft            show the clauses drafted so far for this step
  save             save now (answers are also saved after every reply)
  start over       begin a new interview (the current answers are kept in a backup file)
  quit             stop; your answers are kept and you can resume later"""

_COMMAND_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("why", re.compile(r"^/?(why|why\?|why (is|does) (this|that) matter\??|what'?s the reason\??)$")),
    ("help", re.compile(r"^/?(help|\?|commands|what can i (say|do)\??)$")),
    ("back", re.compile(r"^/?(back|go back|previous|undo)$")),
    ("skip", re.compile(r"^/skip$")),
    ("quit", re.compile(r"^/?(quit|exit|bye|stop)$")),
    ("restart", re.compile(r"^/?(start over|start again|restart|new interview)$")),
    ("save", re.compile(r"^/?save$")),
    ("answers", re.compile(r"^/?(answers|show (my )?answers|review|my answers)$")),
    ("draft", re.compile(r"^/?(draft|show (the )?draft)$")),
    ("step", re.compile(r"^/?(?:go ?to |jump to )?step\s+(\d)$")),
    ("change", re.compile(r"^/?(?:change|edit|fix|revisit)\s+(?:my\s+)?(?:answer\s+)?(?:about|on|for|to)?\s*(.+)$")),
]


_KEEP = re.compile(r"^(keep|keep it|yes|y|same|unchanged|no change|ok|okay|fine|correct|still true)\.?$")
_CHANGE = re.compile(r"^(change|change it|no|n|edit|update|different)\.?$")


def match_command(text: str) -> tuple[str, str] | None:
    t = text.strip().lower()
    for name, pattern in _COMMAND_PATTERNS:
        m = pattern.match(t)
        if m:
            return name, (m.group(m.lastindex) if m.lastindex and name in ("step", "change") else "")
    return None


def question_text(q: Question) -> str:
    """The question as the assistant asks it: text, numbered choices, and the suggested answer."""
    lines = [q.d.text.strip()]
    if q.choices and q.type in ("choice", "multichoice"):
        for i, (_, label) in enumerate(q.choices, start=1):
            lines.append(f"  {i}. {label}")
        if q.type == "multichoice":
            lines.append("  (pick any: numbers or names, 'all' or 'none')")
    if q.suggestion is not None:
        said = q.say(q.suggestion)
        word = "Recommended" if q.d.recommended is not None else "For example"
        hint = " (press Enter to accept)" if q.d.recommended is not None else ""
        lines.append(f"{word}: {said}{hint}")
    return "\n".join(lines)


def why_text(q: Question, items: Mapping[str, Mapping]) -> str:
    lines = [q.d.help.strip()]
    for sec in q.d.sec:
        item = items[sec]
        tag = " (recommended practice)" if item["source"] == "practice" else ""
        lines.append(f"  {sec}{tag}: {item['summary']}")
    return "\n".join(lines)


class Conversation:
    def __init__(self, flow: Flow, content: ContentBundle) -> None:
        self.flow = flow
        self.content = content
        self._rubric_index = None
        self._intro_shown: set[int] = set()
        # An answer that goes against the rubric waits here until the user confirms it.
        self.pending: tuple[Question, object] | None = None

    @classmethod
    def for_review(cls, answers: Answers, content: ContentBundle,
                   state: InterviewState | None = None) -> "Conversation":
        """The periodic review of ``answers`` (see :func:`mou_wizard.interview.session.start_review`)."""
        return cls(Flow(answers, content.review_questions, state, ReviewNavigator()), content)

    def snapshot(self) -> Answers:
        """The answers as they are saved."""
        return self.flow.snapshot()

    def state(self) -> InterviewState:
        """Where the conversation stands, saved beside the answers."""
        return self.flow.state()

    def rubric_help(self):
        """The rubric notes' search index (built on the first question about the rubric)."""
        if self._rubric_index is None:
            self._rubric_index = rubric_index(self.content)
        return self._rubric_index

    # --- what the assistant says unprompted --------------------------------------------------------

    def greeting(self, resumed: bool) -> Reply:
        r = Reply()
        said, ask = self.flow.nav.greeting(self.flow, resumed)
        for text in said:
            r.say("info", text)
        if ask:
            self._ask(r)
        return r

    def _ask(self, r: Reply) -> None:
        q = self.flow.current
        if q is None:
            r.say("done", self.flow.nav.finished(self.flow))
            r.finished = True
            return
        self._say_step_intro(r, q, with_intro=self.flow.nav.step_intros or q.step > 5)
        value = self.flow.value(q)
        if self.flow.nav.offers_keep(self.flow, q):
            said = q.say(value)
            r.say("question", f"{q.d.text.strip()}\nLast cycle: {said.rstrip('.')}. Keep it? "
                              "(keep, change, or type the new answer)")
        else:
            r.say("question", question_text(q))

    def _say_step_intro(self, r: Reply, q: Question, *, with_intro: bool = True) -> None:
        """Name the step (and frame it) the first time the conversation enters it."""
        if q.step in self._intro_shown:
            return
        self._intro_shown.add(q.step)
        step = self.flow.qs.step(q.step)
        label = ("The parties" if q.step == 0 else
                 f"Step {q.step} of 5: {step.title}" if q.step <= 5 else step.title)
        r.say("info", f"{label}. {step.intro}".strip() if with_intro else f"{label}.")

    # --- replies -----------------------------------------------------------------------------------

    def handle(self, text: str) -> Reply:
        r = Reply()
        cmd = match_command(text)
        if self.pending is None and cmd is None and self._handle_offer(r, text):
            return r
        if self.pending is not None:
            if cmd is None and self._confirm_pending(r, text):
                return r
            self.pending = None
        q = self.flow.current
        if cmd is not None:
            getattr(self, f"_cmd_{cmd[0]}")(r, cmd[1])
            return r
        stripped = text.strip()
        if intents.looks_like_a_question(stripped) and (q is None or q.type != "text"):
            r.say("help", self.rubric_help().answer(stripped))
            return r
        if q is None:
            r.say("info", "The interview is complete. Say 'answers' to review, 'change TOPIC' to edit an "
                          "answer, or 'quit'.")
            return r
        if intents.is_skip(stripped):
            self._cmd_skip(r, "")
            return r
        try:
            if stripped == "" and self.flow.value(q) is not None:
                # Enter on a question answered before (after 'back' or 'change') keeps that answer.
                self._apply(r, q, self.flow.value(q))
                return r
            if stripped == "" or intents.is_recommended(stripped):
                # Only a rubric recommendation is taken this way; an example (a sample name or date)
                # must never slip into a real agreement because someone pressed Enter.
                if q.d.recommended is None:
                    r.say("error", "This one needs your own answer (the example only shows the form); "
                                   "please type it, or say 'skip' to leave it for later.")
                    return r
                value = q.d.recommended
            else:
                value = q.parse(stripped)
                self._check_bounds(q, value)
            self._take(r, q, value)
        except (ParseError, AnswerRejected) as e:
            r.say("error", f"{e} You can also say 'skip', 'why' or 'help'.")
        return r

    def _handle_offer(self, r: Reply, text: str) -> bool:
        """A reply to "Last cycle: …. Keep it?" (review only): keep, change or skip; False for anything
        else, which is then taken as a new answer."""
        q = self.flow.current
        if q is None or not self.flow.nav.offers_keep(self.flow, q):
            return False
        t = text.strip().lower()
        if q.type == "yesno" and t in ("yes", "y", "no", "n"):
            return False  # on a yes/no question, "yes" and "no" are answers, not "keep" and "change"
        if t == "" or _KEEP.match(t):
            said = "Kept."
        elif intents.is_skip(t):
            said = "Left as it was for now."
        elif _CHANGE.match(t):
            self.flow.nav.ask_afresh(self.flow)
            r.say("question", question_text(q))
            return True
        else:
            return False
        self.flow.nav.mark(self.flow, q)
        self.flow.nav.advance(self.flow)
        r.say("confirm", said)
        r.changed = True
        self._ask(r)
        return True

    def answer_value(self, value) -> Reply:
        """Answer the current question with a value already in its stored form (a picked option's token,
        a list of tokens), so a picker need not turn it back into text to be parsed again. The value goes
        through the same bounds check, rubric warning and apply path as a typed answer."""
        r = Reply()
        self.pending = None
        q = self.flow.current
        if q is None:
            r.say("info", "The interview is complete. Say 'answers' to review, 'change TOPIC' to edit an "
                          "answer, or 'quit'.")
            return r
        try:
            self._check_bounds(q, value)
            self._take(r, q, value)
        except AnswerRejected as e:
            r.say("error", f"{e} You can also say 'skip', 'why' or 'help'.")
        return r

    def _take(self, r: Reply, q: Question, value) -> None:
        """Apply an answer, or hold it for confirmation when it goes against the rubric."""
        raised = [] if q.id in self.flow.confirmed else self.flow.concerns_raised(q, value)
        if raised:
            self.pending = (q, value)
            said = q.say(value)
            why = " ".join(c.text.strip() for c in raised)
            r.say("warning", f"You answered: {said.rstrip('.')}. {why}\n"
                             "Keep this answer anyway? (yes to keep it, no to answer again)")
            return
        self._apply(r, q, value)

    def _confirm_pending(self, r: Reply, text: str) -> bool:
        """Handle the reply to a rubric warning; False if the reply is something else entirely."""
        q, value = self.pending
        try:
            keep = intents.parse_yesno(text)
        except ParseError:
            return False  # not a yes/no: treat it as a fresh answer to the question
        self.pending = None
        if keep:
            self.flow.confirmed.add(q.id)
            try:
                self._apply(r, q, value)
            except AnswerRejected as e:
                r.say("error", f"{e} You can also say 'skip', 'why' or 'help'.")
        else:
            r.say("info", "All right, let's answer it again.")
            r.say("question", question_text(q))
        return True

    def _apply(self, r: Reply, q: Question, value) -> None:
        if self.flow.current is not None and self.flow.current.id == q.id:
            cleared = self.flow.answer(value)
        else:
            cleared = self.flow.set_answer(q, value)
        said = q.say(self.flow.value(q))
        r.say("confirm", f"Noted: {said.rstrip('.')}.")
        if q.id in self.flow.confirmed and self.flow.concerns_raised(q, self.flow.value(q)):
            r.say("info", "Kept as you asked; the scorecard will show this as a gap against the rubric.")
        for c in cleared:
            r.say("info", f"That makes an earlier answer moot, so I cleared it: {c.d.text.strip()}")
        if q.field == "parties.state":
            self._announce_state_pack(r)
        r.changed = True
        self._ask(r)

    def _announce_state_pack(self, r: Reply) -> None:
        from mou_wizard.content.packs import PACK_DISCLAIMER

        pack = self.content.packs.get(self.flow.answers.parties.state or "")
        if pack is None:
            r.say("info", "I have no state requirement pack for that state, so the draft follows the SECURe "
                          "rubric alone; counsel should check any state law that applies.")
            return
        added = sum(1 for q in self.flow.qs.questions if q.d.state == pack.state)
        from mou_wizard.templating import format_date

        extra = f"; that adds {added} question{'s' if added != 1 else ''} to the interview" if added else ""
        r.say("info", f"{pack.d.name}: I will also check the agreement against {len(pack.requirements)} "
                      f"requirements of {pack.d.citation} (as of {format_date(pack.d.as_of)}){extra}. "
                      f"{PACK_DISCLAIMER}")

    @staticmethod
    def _check_bounds(q: Question, value) -> None:
        problem = q.answer_type.bounds_problem(value)
        if problem:
            raise AnswerRejected(problem)

    # --- commands ----------------------------------------------------------------------------------

    def _cmd_why(self, r: Reply, _: str) -> None:
        q = self.flow.current
        r.say("help", why_text(q, self.content.rubric) if q else "There is no open question. Say 'answers' to review them.")

    def _cmd_help(self, r: Reply, _: str) -> None:
        r.say("help", COMMANDS)

    def _cmd_back(self, r: Reply, _: str) -> None:
        if self.flow.back():
            r.changed = True
            q = self.flow.current
            if self.flow.value(q) is not None and not self.flow.nav.offers_keep(self.flow, q):
                said = q.say(self.flow.value(q))
                r.say("info", f"Your current answer: {said.rstrip('.')}. Press Enter to keep it.")
            self._ask(r)
        else:
            r.say("info", "This is the first question; there is nothing before it.")

    def _cmd_skip(self, r: Reply, _: str) -> None:
        if self.flow.current is None:
            r.say("info", "There is no open question to skip.")
            return
        said = self.flow.nav.skipped_said(self.flow, self.flow.current)
        self.flow.skip()
        r.say("confirm", said)
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
        q = self.flow.find(arg)
        if q is None:
            r.say("error", f"I could not tell which answer you mean by '{arg}'. Try words from the question, "
                           "e.g. 'change review cycle', or say 'answers' to see them all.")
            return
        self._reopen(r, q)

    def reopen(self, question_id: str) -> Reply:
        """Go back to one question to change its answer (the review screen uses this)."""
        r = Reply()
        try:
            self._reopen(r, self.flow.qs.by_id()[question_id])
        except AnswerRejected as e:
            r.say("error", str(e))
        return r

    def _reopen(self, r: Reply, q: Question) -> None:
        self.pending = None
        self.flow.goto(q.id)
        r.changed = True
        if self.flow.nav.offers_keep(self.flow, q):
            self._ask(r)
            return
        current = self.flow.value(q)
        if current is not None:
            said = q.say(current)
            r.say("info", f"Your current answer: {said.rstrip('.')}.")
        r.say("question", question_text(q))

    def _cmd_answers(self, r: Reply, _: str) -> None:
        r.say("info", self.answers_summary())

    def _cmd_draft(self, r: Reply, _: str) -> None:
        r.say("draft", self.draft_preview())

    # --- summaries ---------------------------------------------------------------------------------

    def answers_summary(self) -> str:
        lines = []
        for p in self.flow.progress():
            lines.append(f"{'The parties' if p.step == 0 else f'Step {p.step}: {p.title}'} ({p.answered}/{p.total})")
            for q in self.flow.applicable():
                if q.step != p.step:
                    continue
                v = self.flow.value(q)
                said = ("(skipped)" if q.id in self.flow.skipped else "(not answered)") if v is None else \
                    q.say(v)
                lines.append(f"  {q.d.text.strip()}\n    {said}")
        return "\n".join(lines)

    def draft_preview(self, step: int | None = None) -> str:
        """The selected clauses that serve the given step (default: the current one), as text."""
        step = step if step is not None else (self.flow.current.step if self.flow.current else 1)
        return draft_preview(self.flow.answers, self.content, step)


def draft_preview(answers: Answers, content: ContentBundle, step: int) -> str:
    """The selected clauses that serve ``step`` (0: the parties and basics), as text."""
    from mou_wizard.engine.drafting import build_draft

    draft = build_draft(answers, content)
    prefix = f"SEC-{step}." if step else None
    out = []
    for article in draft.articles:
        for s in article.sections:
            if prefix is None and article.section_id not in ("purpose", "scope", "term", "definitions"):
                continue
            if prefix is not None and not any(x.startswith(prefix) for x in s.sec_ids):
                continue
            out.append(f"{s.number} {s.title}")
            out += [("    " if b.kind == "item" else "  ") + b.text for b in s.blocks]
    return "\n".join(out) or "No clauses for this step yet."

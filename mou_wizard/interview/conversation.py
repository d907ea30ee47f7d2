"""The assistant's side of the interview, UI-free: user text in, assistant messages out.

Both the plain line mode and the terminal UI drive a :class:`Conversation`. It understands answers
in natural text (each question's answer type reads it, see :mod:`mou_wizard.language.answer_types`)
and a handful of requests in plain words or as /commands: why, help, back, skip, go to step N,
change <topic>, show draft, show answers, save, quit.
The caller persists ``conversation.flow.snapshot()`` whenever ``changed`` is reported.
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
from mou_wizard.interview.flow import Flow


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

    def rubric_help(self):
        """The rubric notes' search index (built on the first question about the rubric)."""
        if self._rubric_index is None:
            self._rubric_index = rubric_index(self.content)
        return self._rubric_index

    # --- what the assistant says unprompted --------------------------------------------------------

    def greeting(self, resumed: bool) -> Reply:
        r = Reply()
        total = len(self.flow.applicable())
        answered = sum(p.answered for p in self.flow.progress())
        if self.flow.done and answered:
            skipped = len(self.flow.skipped)
            r.say("info", f"Welcome back. This interview is complete: {answered} questions answered"
                          f"{f', {skipped} skipped' if skipped else ''}. Say 'answers' to see them, "
                          "'change TOPIC' to change one, or 'start over' to begin a new interview.")
            return r
        if resumed and answered and not self.flow.done:
            r.say("info", f"Welcome back. You have answered {answered} of {total} questions; "
                          "let's pick up where you left off. (Say 'start over' to begin a new interview; "
                          "your current answers would be kept in a backup file.)")
        else:
            r.say("info",
                  "Hello. I will help the District and the Agency draft a memorandum of understanding "
                  "for School Resource Officers, following the five steps of the federal SECURe rubrics. "
                  f"There are about {total} questions, most with a recommended answer; allow 45 to 60 "
                  "minutes. Everything is saved after each reply, so you can stop and resume at any time. "
                  "Type 'help' to see what you can say. The draft is a starting point for you and your "
                  "counsel, not legal advice.")
        self._ask(r)
        return r

    def _ask(self, r: Reply) -> None:
        q = self.flow.current
        if q is None:
            self._finish(r)
            return
        self._say_step_intro(r, q)
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

    def _finish(self, r: Reply) -> None:
        skipped = len(self.flow.skipped)
        extra = (f" {skipped} questions were skipped; the draft shows them as bracketed placeholders."
                 if skipped > 1 else
                 " 1 question was skipped; the draft shows it as a bracketed placeholder." if skipped else "")
        r.say("done", f"That was the last question.{extra}")
        r.finished = True

    # --- replies -----------------------------------------------------------------------------------

    def handle(self, text: str) -> Reply:
        r = Reply()
        cmd = match_command(text)
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
            if self.flow.value(q) is not None:
                said = q.say(self.flow.value(q))
                r.say("info", f"Your current answer: {said.rstrip('.')}. Press Enter to keep it.")
            self._ask(r)
        else:
            r.say("info", "This is the first question; there is nothing before it.")

    def _cmd_skip(self, r: Reply, _: str) -> None:
        if self.flow.current is None:
            r.say("info", "There is no open question to skip.")
            return
        self.flow.skip()
        r.say("confirm", "Skipped for now; the draft will show a placeholder until it is answered.")
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
        if not 0 <= n <= 5 or not self.flow.goto_step(n):
            r.say("error", "Steps are numbered 0 (the parties) to 5 (evaluation).")
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
        current = self.flow.value(q)
        if current is not None:
            said = q.say(current)
            r.say("info", f"Your current answer: {said.rstrip('.')}.")
        r.changed = True
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
        from mou_wizard.engine.drafting import build_draft

        step = step if step is not None else (self.flow.current.step if self.flow.current else 1)
        draft = build_draft(self.flow.answers, self.content)
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

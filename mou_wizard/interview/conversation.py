"""The assistant's side of the interview, UI-free: user text in, assistant messages out.

Both the plain line mode and the terminal UI drive a :class:`Conversation`. Every reply is first
classified (:func:`mou_wizard.language.replies.classify`): an answer, a question for the assistant, a
command (why, help, back, skip, keep, step N, change TOPIC, show draft...), a correction ("change it
to X", "add X" to a list) or small talk. Only an answer is parsed, by the question's answer type (see
:mod:`mou_wizard.language.answer_types`); a question is answered and never saved, a hedge ("not sure
yet, need to ask the court") is a skip, and a doubtful free-text answer is read back for a yes or no
before it is saved ("Save 'we use the state one' as the model MOU?").

The interview and the periodic review are this same conversation over a flow with another
navigator (:mod:`mou_wizard.interview.navigators`): in a review, an answered question is offered for
keeping ("Last cycle: every 24 months. Keep it?") and accepts keep / keep the rest / change / skip or a
new answer. The caller persists :meth:`Conversation.snapshot` and :meth:`Conversation.state` whenever
``changed`` is reported.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from typing import Callable

from mou_wizard.content.bundle import ContentBundle
from mou_wizard.content.questions import Question
from mou_wizard.domain.answers import Answers
from mou_wizard.domain.interview_state import InterviewState
from mou_wizard.engine.answering import AnswerRejected
from mou_wizard.interview import edits
from mou_wizard.interview.commands import COMPLETE, Commands
from mou_wizard.interview.flow import Flow
from mou_wizard.interview.navigators import INTERVIEW_HELP, ReviewNavigator
from mou_wizard.interview.rubric_help import rubric_index
from mou_wizard.interview.wording import (
    answers_summary, doubt_reason, draft_preview, filler_reply, keep_text, names_a_party, noun, question_text, short_text,
    wants_name, why_text,
)
from mou_wizard.language import intents
from mou_wizard.language.facts import Fact, readable, split_off
from mou_wizard.language.matching import terms
from mou_wizard.language.replies import Intent, classify, name_doubt
from mou_wizard.language.text import ParseError, join_and, quote, reply_problem

__all__ = ["COMMANDS", "Conversation", "Message", "Reply", "draft_preview", "match_command", "question_text",
           "why_text"]

COMMANDS = INTERVIEW_HELP  # what 'help' lists in the interview (the review's is on its navigator)
_SMALLTALK = {"hello": "Hello!", "thanks": "You're welcome.", "sorry": "No problem.",
              "howareyou": "I'm fine, thank you."}
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


@dataclass(frozen=True)
class Pending:
    """An answer waiting for a yes or no: ``concern`` (it goes against the rubric), ``doubt`` (it may
    not be meant as the answer) or ``none`` (the reply said there is none)."""

    question: Question
    value: object
    why: str = "concern"
    also: dict = field(default_factory=dict)  # follow-up answers the same reply gave (answer field -> value)


def _topic(q: Question) -> str:
    """A question's subject in a few words ("written request"), for saying back what was filled."""
    return q.d.topics[0] if q.d.topics else short_text(q, 40)


def _said_with_topic(q: Question, value) -> str:
    """A follow-up's value said back; a bare yes or no names its subject ("written request: yes")."""
    said = q.say(value).rstrip(".")
    return f"{_topic(q)}: {said[0].lower() + said[1:]}" if q.type in ("yesno", "choice") else said


def _aside(intent: Intent) -> bool:
    """A reply that leaves the question where it is: a question, or why / help / answers / draft / save."""
    return intent.kind == "question" or (
        intent.kind == "command" and intent.name in ("why", "help", "answers", "draft", "save"))


def match_command(text: str) -> tuple[str, str] | None:
    """The command ``text`` is, as (name, argument), or None (an answer, a question...)."""
    intent = classify(text)
    if intent.kind != "command" or intent.name == "enter":
        return None
    return intent.name, intent.payload


class Conversation(Commands):
    def __init__(self, flow: Flow, content: ContentBundle, *, today: Callable[[], _dt.date] | None = None) -> None:
        """``today``: the clock replies are read against ("today", "next July 1" become that date; the
        answer stored is always the absolute date). Default: the computer's date."""
        self.flow = flow
        self.content = content
        self.today = today or _dt.date.today
        self._rubric_index = None
        self._intro_shown: set[int] = set()
        # An answer waiting for a yes or no (it goes against the rubric, or may not be meant).
        self.pending: Pending | None = None
        # The questions offered after an unclear 'change TOPIC', waiting for the user's pick.
        self.choosing: list[Question] | None = None
        self.last_answered: str | None = None  # what "change it to X" means at a fresh question
        # Facts a reply volunteered for questions not asked yet (answer field -> Fact): offered when
        # their question comes, never saved unasked.
        self.held: dict[str, Fact] = {}
        # The terminal UI shows a choice question's options in its picker: the question then does not
        # list them as well. The plain mode has no picker and keeps listing them.
        self.options_in_picker = False

    @classmethod
    def for_review(cls, answers: Answers, content: ContentBundle, state: InterviewState | None = None,
                   previous: Answers | None = None) -> "Conversation":
        """The periodic review of ``answers`` (see :func:`mou_wizard.interview.session.start_review`);
        ``previous``: last cycle's answers, which the walk quotes as "Last cycle"."""
        return cls(Flow(answers, content.review_questions, state, ReviewNavigator(previous)), content)

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
        held = self.held.pop(q.field, None)
        if held is not None and self.flow.value(q) is None and not self.flow.nav.offers_keep(self.flow, q):
            self.pending = Pending(q, held.value, "held")
            asked = question_text(q, self.flow.answers.parties.state, choices=not self.options_in_picker)
            r.say("question", f"{asked}\nYou mentioned earlier: "
                              f"{_said_with_topic(q, held.value)}. Save that? (yes, or type another answer)")
            return
        r.say("question", self._prompt(q))

    def _prompt(self, q: Question) -> str:
        if self.flow.nav.offers_keep(self.flow, q):
            nav = self.flow.nav
            return keep_text(q, self.flow.value(q), nav.previous_value(self.flow, q), nav.kind == "review")
        return self.question_text(q)

    def question_text(self, q: Question) -> str:
        """The question as asked here: its options listed unless the picker shows them."""
        return question_text(q, self.flow.answers.parties.state, choices=not self.options_in_picker)

    def _reask(self, r: Reply) -> None:
        """Ask the current question again (after small talk or a declined confirmation)."""
        q = self.flow.current
        if q is None:
            r.say("info", COMPLETE)
        else:
            r.say("question", self._prompt(q))

    def _say_step_intro(self, r: Reply, q: Question, *, with_intro: bool = True) -> None:
        """Name the step (and frame it) the first time the conversation enters it."""
        if q.step in self._intro_shown:
            return
        self._intro_shown.add(q.step)
        step = self.flow.qs.step(q.step)
        label = ("The parties" if q.step == 0 else
                 f"Step {q.step} of 5: {step.title}" if q.step <= 5 else step.title)
        r.say("info", f"{label}. {step.intro}".strip() if with_intro else f"{label}.")

    # --- replies: classify first, then act ---------------------------------------------------------

    def handle(self, text: str) -> Reply:
        r = Reply()
        problem = reply_problem(text)
        if problem:  # before anything reads it: a 5,000-digit number cannot even be turned into an int
            r.say("error", f"{problem} You can also say 'skip', 'why' or 'help'.")
            return r
        intent = self._classify(text)
        if self.pending is not None:
            if self._resolve_pending(r, text, intent):
                return r
            if not _aside(intent):  # a question or 'why' keeps the answer waiting for its yes or no
                self.pending = None
        if self.choosing is not None:
            choosing, self.choosing = self.choosing, None
            if self._resolve_choosing(r, text, intent, choosing):
                return r
        if intent.kind == "command":
            getattr(self, f"_cmd_{intent.name}")(r, intent.payload)
        elif intent.kind == "question":
            self._answer_question(r, intent)
        elif intent.kind == "smalltalk":
            r.say("info", _SMALLTALK.get(intent.name, "All right."))
            self._reask(r)
        elif intent.kind == "correction":
            self._correct(r, intent)
        elif intent.kind == "filler" and (q := self.flow.current) is not None:  # "whatever": names no answer
            offered = self.flow.nav.offers_keep(self.flow, q) or self.flow.value(q) is not None
            r.say("error", filler_reply(q, intent.payload, intent.name == "indifferent", offered))
        else:
            self._answer(r, intent)
        return r

    def _classify(self, text: str) -> Intent:
        q = self.flow.current
        if q is None:
            return classify(text)
        offered = self.flow.nav.offers_keep(self.flow, q) or self.flow.value(q) is not None
        qtype = "text" if q.type == "title" else q.type  # a title is read as a short free-text answer
        return classify(text, qtype, wants_name=wants_name(q), offered=offered, party_name=names_a_party(q))

    def _answer(self, r: Reply, intent: Intent) -> None:
        q = self.flow.current
        if q is None:
            r.say("info", COMPLETE)
            return
        if intent.name == "none":
            self._none(r, q)
            return
        facts, rest = split_off(intent.payload, q.id, q.field)
        if self._about_a_neighbour(r, q, facts, rest == intent.payload):
            return
        if rest != intent.payload:  # read the words left for this question afresh
            again = self._classify(rest)
            intent = again if again.kind == "answer" else replace(intent, payload=rest)
        try:
            parsed = q.read(rest, today=self.today())
            value, also = parsed.value, dict(parsed.also)
            self._check_bounds(q, value)
        except (ParseError, AnswerRejected) as e:
            own = facts.get(q.field)
            if own is None or self._bounds_problem(q, own.value):
                r.say("error", f"{e} You can also say 'skip', 'why' or 'help'.")
                return
            value, also = own.value, {}  # "40 hours before they start and 16 every year"
        also = self._with_facts(q, value, also, facts, r)
        doubt = intent.doubt or self._list_doubt(q, value)
        if intent.doubt and isinstance(value, str) and value != intent.payload.strip() and wants_name(q):
            doubt = name_doubt(value)  # the words said before a name are not stored ("It's Lakeview USD")
        if doubt:
            self.pending = Pending(q, value, "doubt", also)
            reason = doubt_reason(doubt, q)
            r.say("warning", f"{reason} Save {quote(intent.payload)} as {noun(q)}? "
                             "(yes to save it, no to leave it unsaved and answer again)")
            return
        self._take_safely(r, q, value, also)

    def _about_a_neighbour(self, r: Reply, q: Question, facts: dict[str, Fact], whole: bool) -> bool:
        """The whole reply answers another question of this step and not this one ("16 hours every year"
        at the initial-training question): say so, keep the facts for their question, save nothing."""
        by_field = self.flow.qs.by_field()
        others = [by_field[f] for f in facts if f in by_field and by_field[f] is not q]
        if not whole or not readable(q.field) or q.field in facts or not others or any(x.step != q.step for x in others):
            return False
        self.held.update({x.field: facts[x.field] for x in others if self.flow.value(x) is None})
        said = "; ".join(f"{_topic(x)}: {x.say(facts[x.field].value).rstrip('.')}" for x in others)
        r.say("error", f"That reads as the answer to another question ({said}), not to this one; I will offer it "
                       f"there. {short_text(q)} You can also say 'skip', 'why' or 'help'.")
        return True

    def _bounds_problem(self, q: Question, value) -> bool:
        try:
            self._check_bounds(q, value)
        except AnswerRejected:
            return True
        return False

    def _with_facts(self, q: Question, value, also: dict, facts: dict[str, Fact], r: Reply) -> dict:
        """``also`` with the facts that fill other questions now (unanswered, applying once ``value`` is
        stored, within bounds and not against the rubric), in question order; facts for questions that
        come later are held for them, and the reply says so."""
        if not facts:
            return also
        by_field = self.flow.qs.by_field()
        ctx = self.flow.context()
        held = []
        for field_, fact in sorted(facts.items(), key=lambda kv: self.flow.index(by_field[kv[0]].id)
                                   if kv[0] in by_field else 10**6):
            other = by_field.get(field_)
            if other is None or other is q or field_ in also or self.flow.value(other) is not None:
                continue
            if self._bounds_problem(other, fact.value):
                continue
            if other.step == q.step and self.flow.index(other.id) > self.flow.index(q.id) and \
                    not other.concerns_raised(fact.value, ctx):
                also[field_] = fact.value  # filled with the answer if it applies then
            else:
                self.held[field_] = fact
                held.append(other)
        if held:
            said = join_and([f"{_topic(x)}: {x.say(facts[x.field].value).rstrip('.')}" for x in held])
            r.say("info", f"I will keep what you said for later ({said}) and ask you to confirm it when "
                          f"{'that question comes' if len(held) == 1 else 'those questions come'}.")
        return also

    @staticmethod
    def _list_doubt(q: Question, value) -> str:
        """A list of names whose items read like notes ("ask the court about it"): why, or ""."""
        if q.type != "list" or not isinstance(value, list):
            return ""
        doubts = [name_doubt(str(item)) for item in value]
        return next((d for d in doubts if d), "")

    def _none(self, r: Reply, q: Question) -> None:
        """The reply says there is none ("we didn't use one") where a name is wanted."""
        value = [] if q.type == "list" else "none"
        if self.flow.concerns_raised(q, value) and q.id not in self.flow.confirmed:
            self._take_safely(r, q, value)  # the rubric's warning asks for the confirmation
            return
        self.pending = Pending(q, value, "none")
        what = noun(q)
        r.say("warning", f"So there is none? I can record {what} as 'none', or you can say 'skip' to leave "
                         "it open. Record it as 'none'? (yes or no)")

    def _take_safely(self, r: Reply, q: Question, value, also: dict | None = None) -> None:
        try:
            self._take(r, q, value, also)
        except AnswerRejected as e:
            r.say("error", f"{e} You can also say 'skip', 'why' or 'help'.")

    def _answer_question(self, r: Reply, intent: Intent) -> None:
        """A question for the assistant is answered; nothing is saved and the question stays open."""
        if intent.name == "why":
            self._cmd_why(r, "")
        elif intent.name == "recommend":
            q = self.flow.current
            if q is None:
                r.say("info", COMPLETE)
            elif q.d.recommended is not None:
                r.say("help", f"Recommended: {q.say(q.d.recommended).rstrip('.')}. Press Enter or say "
                              "'recommended' to take it; 'why' gives the rubric's reason.")
            else:
                r.say("help", "There is no recommended answer for this one: it is a fact only you know, such as "
                              f"{q.answer_type.example()!r}. Say 'why' for what it is used for.")
        elif intent.name == "sec":
            r.say("help", self.rubric_help().item(intent.payload))
        elif self.flow.current is not None and len(terms(intent.payload)) < 2:
            # "what kind?", "what do you mean?": a question about this question, not about the rubric.
            q = self.flow.current
            r.say("help", f"{q.d.help.strip()} ('why' gives the rubric's reason.)")
            r.say("question", self._prompt(q))
        else:
            r.say("help", self.rubric_help().answer(intent.payload))

    def answer_value(self, value) -> Reply:
        """Answer the current question with a value already in its stored form (a picked option's token,
        a list of tokens), so a picker need not turn it back into text to be parsed again. The value goes
        through the same bounds check, rubric warning and apply path as a typed answer."""
        r = Reply()
        self.pending = None
        self.choosing = None
        q = self.flow.current
        if q is None:
            r.say("info", COMPLETE)
            return r
        try:
            self._check_bounds(q, value)
            self._take(r, q, value)
        except AnswerRejected as e:
            r.say("error", f"{e} You can also say 'skip', 'why' or 'help'.")
        return r

    def _take(self, r: Reply, q: Question, value, also: dict | None = None) -> None:
        """Apply an answer, or hold it for confirmation when it goes against the rubric."""
        raised = [] if q.id in self.flow.confirmed else self.flow.concerns_raised(q, value)
        if raised:
            self.pending = Pending(q, value, "concern", dict(also or {}))
            said = q.say(value)
            why = " ".join(c.text.strip() for c in raised)
            r.say("warning", f"You answered: {said.rstrip('.')}. {why}\n"
                             "Keep this answer anyway? (yes to keep it, no to answer again)")
            return
        self._apply(r, q, value, also)

    def _resolve_pending(self, r: Reply, text: str, intent: Intent) -> bool:
        """Handle the yes or no to a pending answer; False if the reply is something else entirely."""
        pending = self.pending
        if intent.kind == "command" and intent.name == "keep":
            keep = True
        elif intent.kind == "command" and intent.name == "change" and not intent.payload:
            keep = False  # "no" where a saved answer is on the table
        elif intent.kind in ("command", "question", "correction"):
            return False  # e.g. 'why' or 'skip': the pending answer is dropped
        else:
            try:
                keep = intents.parse_yesno(text)
            except ParseError:
                return False  # not a yes/no: treat it as a fresh answer to the question
        self.pending = None
        q, value = pending.question, pending.value
        if not keep:
            said = "All right, nothing was saved; let's answer it again." if pending.why != "concern" else \
                "All right, let's answer it again."
            r.say("info", said)
            r.say("question", self.question_text(q))
            return True
        try:
            if pending.why == "concern":
                self.flow.confirmed.add(q.id)
                self._apply(r, q, value, pending.also)
            else:
                self._take(r, q, value, pending.also)
        except AnswerRejected as e:
            r.say("error", f"{e} You can also say 'skip', 'why' or 'help'.")
        return True

    def _apply(self, r: Reply, q: Question, value, also: dict | None = None) -> None:
        current = self.flow.current
        if current is not None and current.id == q.id:
            cleared, filled = self.flow.answer_with(value, also or {})
            said = "; ".join([q.say(self.flow.value(q)).rstrip(".")] +
                             [_said_with_topic(f, self.flow.value(f)) for f in filled])
            r.say("confirm", f"Noted: {said}.")
        else:
            cleared = self.flow.set_answer(q, value)
            said = q.say(self.flow.value(q))
            r.say("confirm", f"Changed the answer to \u201c{short_text(q)}\u201d: {said.rstrip('.')}.")
        self.last_answered = q.id
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
        extra = f"; that adds {added} question{'s' if added != 1 else ''} to the interview" if added else ""
        r.say("info", f"{pack.d.name}: I will also check the agreement against {len(pack.requirements)} "
                      f"requirements of {pack.d.citation} (texts as of {pack.d.text_as_of}){extra}. "
                      f"{PACK_DISCLAIMER}")

    @staticmethod
    def _check_bounds(q: Question, value) -> None:
        problem = q.answer_type.bounds_problem(value)
        if problem:
            raise AnswerRejected(problem)

    # --- corrections -------------------------------------------------------------------------------

    def _correct(self, r: Reply, intent: Intent) -> None:
        """ "change it to X" (a new answer), "add X" / "remove X" (a list answer edited in place)."""
        targets = self._correction_targets() if intent.name == "replace" else [self.flow.current]
        targets = [q for q in targets if q is not None]
        if not targets:
            r.say("info", COMPLETE)
            return
        problems = []
        for q in targets:
            try:
                if intent.name == "replace":
                    value = edits.parse_new_value(q, intent.payload, today=self.today())
                else:
                    value = edits.edit_list(q, self.flow.value(q), intent.name, intent.payload)
                self._check_bounds(q, value)
            except (ParseError, AnswerRejected) as e:
                problems.append(e)
                continue
            self._take_safely(r, q, value)
            return
        r.say("error", f"{problems[0]} You can also say 'skip', 'why' or 'help'.")

    def _correction_targets(self) -> list[Question | None]:
        """What "it" is in "change it to X": the question at hand when it has an answer (the review, or
        after 'back' or 'change'); else the question answered just before, or failing that (the value
        does not fit it) the question at hand."""
        q = self.flow.current
        if q is not None and (self.flow.value(q) is not None or self.flow.nav.offers_keep(self.flow, q)):
            return [q]
        last = self.flow.qs.by_id().get(self.last_answered or "")
        if last is not None and last in self.flow.order() and last is not q:
            return [last, q]
        return [q]

    def reopen(self, question_id: str) -> Reply:
        """Go back to one question to change its answer (the review screen uses this)."""
        r = Reply()
        try:
            self._reopen(r, self.flow.qs.by_id()[question_id])
        except AnswerRejected as e:
            r.say("error", str(e))
        return r

    def keep_step(self, step: int) -> Reply:
        """In the periodic review: keep every answer of ``step`` not reviewed yet ('keep the rest' there;
        the review screen's Enter on a step)."""
        r = Reply()
        if self.flow.nav.kind != "review" or not self.flow.nav.goto_step(self.flow, step):
            r.say("info", "Keeping a whole step is for the periodic review.")
            return r
        self.pending = self.choosing = None
        self._cmd_keep_rest(r, "")
        return r

    # --- summaries ---------------------------------------------------------------------------------

    def answers_summary(self) -> str:
        return answers_summary(self.flow)

    def draft_preview(self, step: int | None = None) -> str:
        """The selected clauses that serve the given step (default: the current one), as text."""
        step = step if step is not None else (self.flow.current.step if self.flow.current else 1)
        return draft_preview(self.flow.answers, self.content, step)

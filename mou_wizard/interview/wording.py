"""How the assistant words a question, its reasons, a summary of the answers and the draft so far.

Pure functions over a question, a flow or the content: the conversation (and the TUI's review screen)
call them; nothing here decides anything.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Mapping

from mou_wizard.content.bundle import ContentBundle
from mou_wizard.content.questions import Question
from mou_wizard.domain.answers import Answers
from mou_wizard.language.text import quote

if TYPE_CHECKING:  # pragma: no cover
    from mou_wizard.interview.flow import Flow


def question_text(q: Question, state: str | None = None, *, choices: bool = True) -> str:
    """The question as the assistant asks it: text, numbered choices, and the suggested answer (an
    example follows ``state``, the answers' state, once it is known: a state pack's own example).
    ``choices`` false: the options are not listed (the terminal UI shows them in its picker, once)."""
    lines = [q.d.text.strip()]
    if q.choices and q.type in ("choice", "multichoice", "model"):
        if choices:
            for i, (_, label) in enumerate(q.choices, start=1):
                lines.append(f"  {i}. {label}")
            if q.type == "multichoice":
                lines.append("  (pick any: numbers or names, 'all' or 'none')")
        elif q.type == "multichoice":
            lines.append("(In the list below: Tab to it, Space ticks, Enter sends. Or type numbers or names, "
                         "'all' or 'none'.)")
    suggestion = q.suggestion_for(state)
    if suggestion is not None:
        said = q.say(suggestion)
        word = "Recommended" if q.d.recommended is not None else "For example"
        hint = " (press Enter to accept)" if q.d.recommended is not None else ""
        lines.append(f"{word}: {said}{hint}")
    return "\n".join(lines)


def keep_text(q: Question, value, previous=None, in_review: bool = False) -> str:
    """A saved answer offered for keeping: "Last cycle: every 24 months. Keep it?". In a review,
    ``previous`` is last cycle's answer: when this review already changed it (the user came back), the
    prompt shows both, last cycle's first; an answer new in this review says so."""
    said = q.say(value).rstrip(".")
    ask = "Keep it? (keep, change, or type the new answer)"
    if not in_review or previous == value:
        return f"{q.d.text.strip()}\nLast cycle: {said}. {ask}"
    if previous is None:
        return f"{q.d.text.strip()}\nNew in this review: {said}. {ask}"
    return (f"{q.d.text.strip()}\nLast cycle: {q.say(previous).rstrip('.')}.\nChanged in this review to: {said}. "
            f"{ask}")


def why_text(q: Question, items: Mapping[str, Mapping]) -> str:
    lines = [q.d.help.strip()]
    for sec in q.d.sec:
        item = items[sec]
        tag = " (recommended practice)" if item["source"] == "practice" else ""
        lines.append(f"  {sec}{tag}: {item['summary']}")
    return "\n".join(lines)


def wants_name(q: Question) -> bool:
    """Whether a free-text question asks for a name or a short label (a district, an agency, a model MOU,
    a title, a version) rather than sentences (a summary of complaints): judged from its example."""
    if q.type not in ("text", "title"):
        return False
    sample = q.suggestion
    if sample is None:
        return True
    s = str(sample).strip()
    return len(s.split()) <= 10 and ";" not in s and not re.search(r"[.!?](\s|$)", s)


def noun(q: Question) -> str:
    """What an answer to ``q`` is, for "Save '...' as the agency's name?": from the question's first topic."""
    topic = (q.d.topics[0] if q.d.topics else q.id.replace("_", " ")).strip()
    m = re.fullmatch(r"(district|agency) name", topic, re.IGNORECASE)
    if m:
        return f"the {m.group(1).lower()}'s name"
    if q.type in ("list", "people", "multichoice") and not topic.endswith("s"):
        topic += "s"
    return f"the {topic}"


def names_a_party(q: Question) -> str:
    """Which party's official name ``q`` asks for: "district", "agency", or "" (no party's)."""
    m = re.fullmatch(r"the (district|agency)'s name", noun(q))
    return m.group(1) if m else ""


# Why a reply may not be meant as the answer (see language.replies.name_doubt), said before "Save ... as ...?"
DOUBTS = {
    "short": "That is very short for {noun}.",
    "hedge": "That sounds unsure.",
    "amount": "That reads like an amount rather than {noun}.",
    "date": "That reads like a date rather than {noun}.",
    "reference": "That points elsewhere rather than giving {noun}; the agreement would print these words as they "
                 "are, so please type {noun} itself.",
    "verb": "That reads like a note rather than {noun}.",
    "sentence": "That reads like a sentence rather than {noun}.",
    "negative": "That sounds like a no rather than {noun}.",
    "generic": "That reads like a kind of organization rather than its official name (such as {example}).",
    "people": "That reads like people rather than {noun} (such as {example}); the people who sign the agreement "
              "are asked for later.",
    "district": "That reads like a school district's name rather than {noun} (such as {example}).",
    "agency": "That reads like a law-enforcement agency's name rather than {noun} (such as {example}).",
}


def doubt_reason(doubt: str, q: Question) -> str:
    example = quote(str(q.suggestion)) if q.suggestion else "the name on its letterhead"
    return DOUBTS.get(doubt, "I am not sure that is meant as the answer.").format(noun=noun(q), example=example)


def filler_reply(q: Question, said: str, indifferent: bool, offered: bool = False) -> str:
    """What the assistant says to "ok", "sure" or "whatever" where an answer is asked for: it names no
    answer, so nothing is stored; the recommended answer, when there is one, is offered to take.
    ``offered``: an answer is shown to keep (a review, or a question come back to)."""
    if offered:
        return (f"{quote(said)} does not say whether to keep it: say 'keep' to keep the answer shown, or type "
                "the new one.")
    if q.d.recommended is not None:
        lead = (f"{quote(said)} does not choose one. If the parties have no preference, the" if indifferent
                else f"{quote(said)} does not name an answer. The")
        return (f"{lead} recommended answer is: {q.say(q.d.recommended).rstrip('.')}. Press Enter (or say "
                "'recommended') to take it, or type your own answer.")
    if q.type in ("choice", "multichoice", "model"):
        pick = "one of the options" if q.type != "multichoice" else "the options that apply"
        return (f"{quote(said)} is not an answer here: please choose {pick} (by number or a word from it), or "
                "say 'skip' to leave it for later.")
    example = f', such as "{q.say(q.suggestion)}"' if q.suggestion is not None else ""  # (whole: an example)
    return f"{quote(said)} is not an answer here: please type {noun(q)}{example}, or say 'skip' to leave it for later."


def short_text(q: Question, limit: int = 70) -> str:
    """The question in one short line, for a list of candidates."""
    text = re.sub(r"\s+", " ", q.d.text.strip())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def answers_summary(flow: "Flow") -> str:
    """Every applicable answer, step by step, with the step's count."""
    lines = []
    order = flow.order()
    for p in flow.progress():
        lines.append(f"{'The parties' if p.step == 0 else f'Step {p.step}: {p.title}'} ({p.answered}/{p.total})")
        for q in order:
            if q.step != p.step:
                continue
            v = flow.value(q)
            said = ("(skipped)" if q.id in flow.skipped else "(not answered)") if v is None else q.say(v)
            lines.append(f"  {q.d.text.strip()}\n    {said}")
    return "\n".join(lines)


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

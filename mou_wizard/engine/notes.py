"""Margin notes for counsel: each answer kept against the SECURe rubric is flagged where it shows.

"Where it shows" is worked out by drafting the clauses that read the answer again with the rubric's
(recommended) answer in its place: each clause that reads differently gets the note, and a clause the
rubric's answer would add but this answer leaves out is named in the note of the section now standing in
its place. An answer whose question has no recommended answer is flagged on every clause that reads it.
"""

from __future__ import annotations

from typing import Callable

from mou_wizard import templating
from mou_wizard.content.bundle import ContentBundle
from mou_wizard.content.questions import Question
from mou_wizard.domain.answers import Answers
from mou_wizard.domain.draft import Block
from mou_wizard.engine.open_answers import value_of
from mou_wizard.engine.selection import OpenAnswers, Selected, choose, render_clause


class _AnyRef(dict):
    """References as the draft numbers them; a clause this draft lacks reads the same in every version."""

    def __contains__(self, key: object) -> bool:
        return True

    def __missing__(self, key: str) -> str:
        return "Section [omitted]"


def kept_against(answers: Answers, content: ContentBundle) -> list[tuple[Question, str]]:
    """(question, note) for each answer that goes against the rubric, in interview order."""
    ctx = templating.answers_context(answers)
    out: dict[str, tuple[Question, str]] = {}
    for q in content.questions.questions:
        value = value_of(answers, q.field)
        if value is None or q.field in out or not q.applies(ctx):
            continue
        raised = q.concerns_raised(value, ctx)
        if not raised:
            continue
        secs = sorted({sec for c in raised for sec in (c.sec or q.d.sec)})
        why = " ".join(" ".join(c.text.split()) for c in raised)
        out[q.field] = (q, f"Kept against the SECURe rubric ({', '.join(secs)}): \u201c{q.d.text.strip()}\u201d was "
                           f"answered \u201c{q.say(value)}\u201d. {why}")
    return list(out.values())


def against_notes(answers: Answers, content: ContentBundle, selected: list[Selected], open_answers: OpenAnswers,
                  blocks_of: Callable[[str], tuple[Block, ...]], refs: dict[str, str]) -> dict[str, list[str]]:
    """Clause id -> the notes to show on it. ``blocks_of(clause_id)``: the clause's text in this draft."""
    notes: dict[str, list[str]] = {}
    for q, note in kept_against(answers, content):
        for clause_id, extra in _places(q, answers, content, selected, open_answers, blocks_of, refs).items():
            notes.setdefault(clause_id, []).append(note + extra)
    return notes


def _rubric_answers(q: Question, answers: Answers) -> Answers | None:
    """The answers with the rubric's answer to ``q`` in place of the one given (None: there is none)."""
    if q.d.recommended is None:
        return None
    section, name = q.field.split(".")
    part = getattr(answers, section).model_copy()
    try:
        setattr(part, name, q.d.recommended)  # validated and typed on assignment
    except ValueError:
        return None
    return answers.model_copy(update={section: part})


def _places(q: Question, answers: Answers, content: ContentBundle, selected: list[Selected],
            open_answers: OpenAnswers, blocks_of: Callable[[str], tuple[Block, ...]],
            refs: dict[str, str]) -> dict[str, str]:
    present = {sel.clause.id: sel for sel in selected}
    reading = [c for c in content.library.clauses if q.field in c.fields]
    rubric = _rubric_answers(q, answers)
    if rubric is None:
        return {c.id: "" for c in reading if c.id in present}
    anyref = _AnyRef(refs)

    def context_for(values):
        return content.context(rubric, {**open_answers.shown, **values})

    out: dict[str, str] = {}
    left_out: list = []
    for clause in reading:
        chosen = choose(clause, rubric, open_answers)
        if clause.id in present:
            if chosen is None:
                out[clause.id] = ""
                continue
            sel = Selected(clause, chosen[0], chosen[1], "", None, chosen[2])
            if render_clause(sel, context_for({}), anyref, context_for) != blocks_of(clause.id):
                out[clause.id] = ""
        elif chosen is not None and not any(c.d.replaces == clause.id for c in content.library.clauses
                                            if c.id in present):
            left_out.append(clause)
    # Clauses the rubric's answer would add: named on the section now standing in their place.
    order = [c.id for c in content.library.clauses]
    named: dict[str, list[str]] = {}
    for clause in left_out:
        i = order.index(clause.id)
        stand_in = next((c for c in order[i + 1:] if c in present and present[c].number), None) or \
            next((c for c in reversed(order[:i]) if c in present), None)
        if stand_in is not None:
            named.setdefault(stand_in, []).append(clause.d.title)
    for clause_id, titles in named.items():
        out[clause_id] = f" This MOU therefore leaves out: {'; '.join(titles)}."
    return out

"""Margin notes for counsel: each answer kept against the SECURe rubric is flagged where it shows.

"Where it shows" is worked out by drafting the clauses again with the rubric's (recommended) answer in
its place: each clause that reads differently gets the note, and a clause the rubric's answer would
add but this answer leaves out is named in the note of the section now standing in its place. An
answer whose question has no recommended answer is flagged on every clause that reads it.
"""

from __future__ import annotations

from typing import Callable, Mapping

from mou_wizard import templating
from mou_wizard.content.bundle import ContentBundle
from mou_wizard.content.questions import Question
from mou_wizard.domain.answers import Answers
from mou_wizard.domain.draft import Block
from mou_wizard.engine.answering import apply_answer
from mou_wizard.engine.open_answers import open_answers, value_of
from mou_wizard.engine.selection import Selected, render_clause, select


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


def _rendered(sel: Selected, answers: Answers, content: ContentBundle, refs: dict) -> tuple[Block, ...]:
    open_ = open_answers(answers, content)

    def context_for(values):
        return content.context(answers, {**open_.shown, **values})

    return render_clause(sel, context_for({}), refs, context_for)


def against_notes(answers: Answers, content: ContentBundle, selected: list[Selected],
                  blocks_of: Callable[[str], tuple[Block, ...]], refs: Mapping[str, str]) -> dict[str, list[str]]:
    """Clause id -> the notes to show on it. ``blocks_of(clause_id)``: the clause's text in this draft."""
    present = {sel.clause.id for sel in selected}
    notes: dict[str, list[str]] = {}
    for q, note in kept_against(answers, content):
        places = _places(q, answers, content, selected, present, blocks_of, refs)
        for clause_id, extra in places.items():
            notes.setdefault(clause_id, []).append(note + extra)
    return notes


def _places(q: Question, answers: Answers, content: ContentBundle, selected: list[Selected], present: set[str],
            blocks_of: Callable[[str], tuple[Block, ...]], refs: Mapping[str, str]) -> dict[str, str]:
    reading = [sel for sel in selected if q.field in sel.clause.fields]
    if q.d.recommended is None:
        return {sel.clause.id: "" for sel in reading}
    try:
        rubric_answers, _ = apply_answer(answers, content.questions, q, q.d.recommended)
    except ValueError:
        return {sel.clause.id: "" for sel in reading}
    rubric_selected = select(rubric_answers, content.library, open_answers(rubric_answers, content))
    anyref = _AnyRef(refs)
    out: dict[str, str] = {}
    for sel in reading:
        other = next((s for s in rubric_selected if s.clause.id == sel.clause.id), None)
        if other is None or _rendered(other, rubric_answers, content, anyref) != blocks_of(sel.clause.id):
            out[sel.clause.id] = ""
    # Clauses the rubric's answer would add: named on the section now standing in their place.
    order = [s.clause.id for s in rubric_selected]
    left_out: dict[str, list[str]] = {}
    for i, sel in enumerate(rubric_selected):
        if sel.clause.id in present:
            continue
        stand_in = next((c for c in order[i + 1:] if c in present), None) or \
            next((c for c in reversed(order[:i]) if c in present), None)
        if stand_in is not None:
            left_out.setdefault(stand_in, []).append(sel.clause.d.title)
    for clause_id, titles in left_out.items():
        out[clause_id] = f" This MOU therefore leaves out: {'; '.join(titles)}."
    return out


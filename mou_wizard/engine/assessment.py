"""Assess answers against the SECURe rubric and a state pack (see :mod:`mou_wizard.domain.assessment`).

Cheap enough (conditions only, no rendering) to recompute after every answer; the draft's appendix,
``mou-wizard check`` and the TUI sidebar all read the one :class:`Assessment` made here.
"""

from __future__ import annotations

from typing import Any

from mou_wizard import templating
from mou_wizard.content.bundle import ContentBundle
from mou_wizard.content.packs import PACK_DISCLAIMER, Pack, Requirement
from mou_wizard.domain.answers import Answers
from mou_wizard.domain.assessment import Assessment, ItemStatus, RequirementStatus, StateAssessment
from mou_wizard.engine.selection import Selected, select
from mou_wizard.errors import ContentError, UserError

def value_of(answers: Answers, path: str) -> Any:
    section, name = path.split(".")
    return getattr(getattr(answers, section), name)


def pack_for(content: ContentBundle, answers: Answers, state: str | None) -> Pack | None:
    """The pack to check: ``state`` (which must have a pack), else the answers' state when it has one."""
    if state:
        pack = content.packs.get(state.upper())
        if pack is None:
            known = ", ".join(sorted(content.packs)) or "none"
            raise UserError(f"--state {state}: no requirement pack for that state (packs: {known})")
        return pack
    return content.packs.get(answers.parties.state or "")


def assess(answers: Answers, content: ContentBundle, *, state: str | None = None,
           selected: list[Selected] | None = None, with_state: bool = True) -> Assessment:
    """``selected``: the answers' clause selection, when the caller has it already. ``with_state``:
    also check the state pack (``state``, or the answers' state when a pack exists for it)."""
    if selected is None:
        from mou_wizard.engine.open_answers import open_answers

        selected = select(answers, content.library, open_answers(answers, content))
    ctx = templating.answers_context(answers)
    applicable = [q for q in content.questions.questions if q.applies(ctx)]
    sections: dict[str, list[str]] = {}
    clause_ids: dict[str, list[str]] = {}
    for sel in selected:
        if sel.number:
            for sec in sel.clause.d.sec:
                sections.setdefault(sec, []).append(sel.number)
                clause_ids.setdefault(sec, []).append(sel.clause.id)
    asked: dict[str, list[str]] = {}
    open_q: dict[str, list[str]] = {}
    against: dict[str, list[str]] = {}
    for q in applicable:
        if not q.d.sec:
            continue
        value = value_of(answers, q.field)
        against_here = q.against_items(value, ctx) if value is not None else set()
        for sec in q.d.sec:
            asked.setdefault(sec, []).append(q.id)
            if value is None:
                open_q.setdefault(sec, []).append(q.id)
            elif sec in against_here:
                against.setdefault(sec, []).append(q.id)
    items = []
    for sec, item in content.rubric.items():
        if sec in against:
            status = "against"
        elif sec not in sections:
            status = "missing"
        elif sec in open_q:
            status = "partly"
        else:
            status = "met"
        items.append(ItemStatus(sec, item["summary"], item["source"], tuple(sections.get(sec, ())), status,
                                tuple(clause_ids.get(sec, ())), tuple(asked.get(sec, ())),
                                tuple(open_q.get(sec, ())), tuple(against.get(sec, ()))))
    pack = pack_for(content, answers, state) if with_state else None
    state_part = None if pack is None else _assess_pack(pack, answers, ctx, selected, {q.field for q in applicable})
    return Assessment(tuple(items), state_part)


def _assess_pack(pack: Pack, answers: Answers, ctx: dict[str, Any], selected: list[Selected],
                 asked: set[str]) -> StateAssessment:
    numbers = {sel.clause.id: sel.number for sel in selected if sel.number}
    rows = []
    for req in pack.requirements:
        rows.append(RequirementStatus(
            req.d.id, req.d.description, requirement_status(req, answers, ctx, asked, pack.file),
            tuple(numbers[c] for c in req.d.clauses if c in numbers), req.confidence,
            tuple(c for c in req.d.clauses if c in numbers), tuple(req.d.questions),
            req.source.title, req.source.address, req.text_as_of, req.d.kind))
    d = pack.d
    sources = tuple((s.title, s.address, s.text_as_of, s.confidence) for s in d.sources.values())
    return StateAssessment(pack.state, d.name, d.citation, d.text_as_of, d.confidence, d.agreement_required,
                           tuple(rows), PACK_DISCLAIMER, sources)


def requirement_status(req: Requirement, answers: Answers, context: dict[str, Any], asked: set[str],
                       file: Any = None) -> str:
    """met, partly (the check cannot pass yet because an answer it reads is open), against (every answer
    it reads is given, and they go against it: "citations allowed" where the law forbids them) or
    missing (no answer gives it: a question not asked here, or none the pack asks).
    ``asked``: the fields the interview would still ask (an open answer to a moot question is not open)."""
    try:
        ok = req.check(**context)
    except templating.TemplateErrors as e:
        raise ContentError(f"{str(file) + ': ' if file else ''}{req.d.id}: check fails: {e}") from None
    if ok:
        return "met"
    if any(value_of(answers, path) is None and path in asked for path in req.fields):
        return "partly"
    if req.fields and all(value_of(answers, path) is not None for path in req.fields):
        return "against"
    return "missing"

"""Rubric coverage of a set of answers, per SEC item: met, partly, against or missing.

* missing: no clause in the draft serves the item;
* against: an answer behind the item goes against the rubric (the question's ``concern``);
* partly: a clause serves it, but some answer it depends on is still open (the draft shows a
  placeholder there);
* met: a clause serves it and every question behind it is answered.

Cheap enough (conditions only, no rendering) to recompute after every answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from mou_wizard import templating
from mou_wizard.content.clauses import library, select
from mou_wizard.content.files import rubric
from mou_wizard.domain.answers import Answers
from mou_wizard.content.questions import question_set

STATUSES = ("met", "partly", "against", "missing")


@dataclass(frozen=True)
class ItemStatus:
    sec_id: str
    status: str
    sections: tuple[str, ...]        # draft sections that serve it
    open_questions: tuple[str, ...]  # ids of unanswered questions behind it
    against: tuple[str, ...]         # ids of questions whose answer goes against it


@dataclass(frozen=True)
class Coverage:
    items: tuple[ItemStatus, ...]

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def met(self) -> frozenset[str]:
        return frozenset(i.sec_id for i in self.items if i.status == "met")

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def missing(self) -> list[str]:
        return [i.sec_id for i in self.items if i.status == "missing"]

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in STATUSES if self.count(s)]
        return ", ".join(parts)

    def sentence(self) -> str:
        """What the assistant says about coverage at the end of an interview or on the review screen."""
        tail = f" Not addressed: {', '.join(self.missing)}." if self.missing else ""
        return f"Rubric coverage: {len(self.met)} of {self.total} SECURe items are met ({self.summary()}).{tail}"


def coverage(answers: Answers, selected: list | None = None) -> Coverage:
    """``selected``: the answers' clause selection, when the caller has it already."""
    sections: dict[str, list[str]] = {}
    for sel in selected if selected is not None else select(answers, library()):
        if sel.number:
            for sec in sel.clause.d.sec:
                sections.setdefault(sec, []).append(sel.number)
    ctx = templating.answers_context(answers)
    open_q: dict[str, list[str]] = {}
    against: dict[str, list[str]] = {}
    for q in question_set().questions:
        if not q.d.sec or not q.applies(ctx):
            continue
        section, name = q.field.split(".")
        value = getattr(getattr(answers, section), name)
        against_here = q.against_items(value, ctx) if value is not None else set()
        for sec in q.d.sec:
            if value is None:
                open_q.setdefault(sec, []).append(q.id)
            elif sec in against_here:
                against.setdefault(sec, []).append(q.id)
    items = []
    for sec in rubric():
        if sec in against:
            status = "against"
        elif sec not in sections:
            status = "missing"
        elif sec in open_q:
            status = "partly"
        else:
            status = "met"
        items.append(ItemStatus(sec, status, tuple(sections.get(sec, ())), tuple(open_q.get(sec, ())),
                                tuple(against.get(sec, ()))))
    return Coverage(tuple(items))

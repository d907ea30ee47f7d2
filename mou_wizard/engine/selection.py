"""Choosing the clauses a set of answers calls for, numbering them, and rendering their text.

Selection is deterministic: sections in ``sections.yaml`` order, clauses in file order, the first
alternative whose condition holds; a state pack's clause takes the place of the general clause it
``replaces``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from mou_wizard import templating
from mou_wizard.content.clauses import Clause, Library
from mou_wizard.domain.answers import Answers
from mou_wizard.errors import ContentError

@dataclass(frozen=True)
class Selected:
    clause: Clause
    alternative: str | None       # name of the alternative used
    template: Any | None          # None: no alternative applies yet (placeholder paragraph)
    number: str                   # "4.2" (or "" for unnumbered sections)
    article: int | None

def evaluate(condition: Callable | None, context: dict[str, Any], where: str) -> bool:
    if condition is None:
        return True
    try:
        return bool(condition(**context))
    except templating.TemplateErrors as e:
        raise ContentError(f"{where}: condition failed: {e}") from None

def select(answers: Answers, lib: Library) -> list[Selected]:
    """The clauses these answers call for, numbered as they will appear in the draft."""
    ctx = templating.answers_context(answers)
    picked: dict[str, list[tuple[Clause, str | None, Any]]] = {}
    for clause in lib.clauses:
        where = f"{clause.file.name}: {clause.id}"
        if not evaluate(clause.when, ctx, where):
            continue
        chosen = (None, None)
        for name, alt_when, tpl in clause.templates:
            if name is None or evaluate(alt_when, ctx, f"{where}: alternative '{name}'"):
                chosen = (name, tpl)
                break
        picked.setdefault(clause.d.section, []).append((clause, *chosen))
    # A state pack's clause takes the place of the general clause it strengthens.
    replacing = {item[0].d.replaces: item for items in picked.values() for item in items if item[0].d.replaces}
    if replacing:
        moved = {id(item) for item in replacing.values()}
        for sec, items in picked.items():
            out_items = []
            for item in items:
                if item[0].id in replacing:
                    out_items.append(replacing[item[0].id])
                elif id(item) not in moved:
                    out_items.append(item)
            picked[sec] = out_items
        # A replacing clause whose general clause was not selected keeps its own place.
        placed = {id(item) for items in picked.values() for item in items}
        for target, item in replacing.items():
            if id(item) not in placed:
                picked.setdefault(item[0].d.section, []).append(item)
    out: list[Selected] = []
    article = 0
    for section in lib.sections:
        items = picked.get(section.id)
        if not items:
            continue
        if section.numbered:
            article += 1
        for i, (clause, alt, tpl) in enumerate(items, start=1):
            number = f"{article}.{i}" if section.numbered else ""
            out.append(Selected(clause, alt, tpl, number, article if section.numbered else None))
    return out

def render_clause(sel: Selected, ctx: dict[str, Any], refs: dict[str, str]):
    """Render one selected clause to blocks."""
    where = f"{sel.clause.file.name}: {sel.clause.id}"
    if sel.template is None:
        title = sel.clause.d.title
        what = f"{title[:1].lower()}{title[1:]} (the answers do not yet settle which version applies)"
        return templating.to_blocks(templating.finalize(templating.Placeholder(what)))

    def ref(clause_id: str) -> str:
        if clause_id not in refs:
            raise ContentError(f"{where}: ref('{clause_id}') points at a clause that is not in this draft")
        return refs[clause_id]

    try:
        text = sel.template.render(**ctx, ref=ref)
    except ContentError:
        raise
    except templating.TemplateErrors as e:
        raise ContentError(f"{where}: text failed to render: {e}") from None
    return templating.to_blocks(text)

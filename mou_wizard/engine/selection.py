"""Choosing the clauses a set of answers calls for, numbering them, and rendering their text.

Selection is deterministic: sections in ``sections.yaml`` order, clauses in file order, the first
alternative whose condition holds; a state pack's clause takes the place of the general clause it
``replaces``.

An open answer never becomes a commitment. When a clause's condition, its choice of alternative or
its text turns on a yes/no or choice answer that is still open (or on whether an open list holds a
word), the clause is worked out once for every value that answer may take (its *worlds*, see
:class:`OpenAnswers`); where the worlds read differently, the draft shows the versions side by side
as an open decision (:mod:`mou_wizard.engine.decisions`), never the recommended one alone.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from mou_wizard import templating
from mou_wizard.content.clauses import Clause, Library
from mou_wizard.domain.answers import Answers
from mou_wizard.domain.draft import Block, Run
from mou_wizard.engine.decisions import decision_blocks, separate
from mou_wizard.errors import ContentError


@dataclass(frozen=True)
class OpenAnswers:
    """What the answers leave open, for working out the clauses that turn on it.

    ``choices``: each open yes/no or choice answer (``section.field``) and the values it may take, the
    recommended one first. ``lists``: each open list answer and the words its recommended answer holds
    (a clause asking whether the list holds a word is worked out both ways). ``shown``: values that
    stand in for answered fields when printed (a model agreement's code prints as its name)."""

    choices: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    lists: Mapping[str, frozenset[str]] = field(default_factory=dict)
    shown: Mapping[str, Any] = field(default_factory=dict)


NOTHING_OPEN = OpenAnswers()


@dataclass(frozen=True)
class World:
    """The clause worked out with the open answers it reads settled one way (``values``)."""

    values: Mapping[str, Any]
    included: bool
    alternative: str | None
    template: Any | None


@dataclass(frozen=True)
class Selected:
    clause: Clause
    alternative: str | None       # name of the alternative used
    template: Any | None          # None: no alternative applies yet (placeholder paragraph)
    number: str                   # "4.2" (or "" for unnumbered sections)
    article: int | None
    worlds: tuple[World, ...] = ()  # not empty: the clause turns on answers still open

    @property
    def open(self) -> bool:
        return bool(self.worlds)


def evaluate(condition: Callable | None, context: dict[str, Any], where: str) -> bool:
    if condition is None:
        return True
    try:
        return bool(condition(**context))
    except templating.TemplateErrors as e:
        raise ContentError(f"{where}: condition failed: {e}") from None


def _choose(clause: Clause, ctx: dict[str, Any]) -> tuple[bool, str | None, Any | None]:
    """(included, alternative name, template) of ``clause`` for the answers in ``ctx``."""
    where = f"{clause.file.name}: {clause.id}"
    if not evaluate(clause.when, ctx, where):
        return False, None, None
    for name, alt_when, tpl in clause.templates:
        if name is None or evaluate(alt_when, ctx, f"{where}: alternative '{name}'"):
            return True, name, tpl
    return True, None, None


def world_values(clause: Clause, answers: Answers, open_answers: OpenAnswers) -> list[dict[str, Any]]:
    """Every way the open answers that ``clause`` reads may be settled (empty: it reads none)."""
    axes: list[list[tuple[str, Any]]] = []
    for path in sorted(clause.fields & open_answers.choices.keys()):
        axes.append([(path, v) for v in open_answers.choices[path]])
    for path in sorted(clause.members.keys() & open_answers.lists.keys()):
        section, name = path.split(".")
        description = type(getattr(answers, section)).model_fields[name].description
        what = templating.placeholder_for(description, name).what
        recommended = open_answers.lists[path]
        words = sorted(clause.members[path])
        # Each word in or out, the recommended answer's way first.
        ways = itertools.product(*[[w in recommended, w not in recommended] for w in words])
        axes.append([(path, templating.OpenList(what, path, frozenset(w for w, inside in zip(words, way) if inside)))
                     for way in ways])
    if not axes:
        return []
    return [dict(combo) for combo in itertools.product(*axes)]


def choose(clause: Clause, answers: Answers, open_answers: OpenAnswers = NOTHING_OPEN,
           ctx: dict[str, Any] | None = None) -> tuple[str | None, Any, tuple[World, ...]] | None:
    """Whether these answers call for ``clause``: None if not, else (alternative, template, worlds).
    A clause that turns on an open answer is called for when any way of settling it calls for it; its
    worlds say how each way reads (alternative and template None when they differ)."""
    values = world_values(clause, answers, open_answers)
    if not values:
        included, alt, tpl = _choose(clause, ctx or templating.answers_context(answers, overrides=open_answers.shown))
        return (alt, tpl, ()) if included else None
    worlds = tuple(World(v, *_choose(clause, templating.answers_context(answers, overrides={**open_answers.shown, **v})))
                   for v in values)
    outcomes = {(w.included, w.alternative) for w in worlds}
    if len(outcomes) == 1:  # the open answers do not change which text is used
        included, alt = outcomes.pop()
        return (alt, worlds[0].template, worlds) if included else None
    return (None, None, worlds) if any(w.included for w in worlds) else None


def select(answers: Answers, lib: Library, open_answers: OpenAnswers = NOTHING_OPEN) -> list[Selected]:
    """The clauses these answers call for (see :func:`choose`), numbered as they will appear in the draft."""
    ctx = templating.answers_context(answers, overrides=open_answers.shown)
    picked: dict[str, list[tuple[Clause, str | None, Any, tuple[World, ...]]]] = {}
    for clause in lib.clauses:
        chosen = choose(clause, answers, open_answers, ctx)
        if chosen is not None:
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
        for i, (clause, alt, tpl, worlds) in enumerate(items, start=1):
            number = f"{article}.{i}" if section.numbered else ""
            out.append(Selected(clause, alt, tpl, number, article if section.numbered else None, worlds))
    return out


def one_item_lists(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """A list of one item is no list: a lone item after a paragraph ending in a colon joins it."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        lone = (block.kind == "item" and out and out[-1].kind == "para" and out[-1].text.rstrip().endswith(":")
                and (i + 1 == len(blocks) or blocks[i + 1].kind != "item"))
        if lone:
            out[-1] = Block("para", out[-1].runs + (Run(" "),) + block.runs, out[-1].notes + block.notes)
        else:
            out.append(block)
    return tuple(out)


def _undecided(clause: Clause) -> tuple[Block, ...]:
    """The placeholder for a clause none of whose versions applies yet, naming the versions."""
    what = templating.sentence_start(clause.d.title)
    labels = [clause.alternative_label(a.name) for a in clause.d.alternatives or ()]
    if len(labels) > 1:
        what += f" (which version: {', '.join(labels[:-1])} or {labels[-1]})"
    return templating.to_blocks(templating.finalize(templating.Placeholder(what)))


def _render_text(sel: Selected, template: Any, ctx: dict[str, Any], refs: dict[str, str], what: str = "text"):
    where = f"{sel.clause.file.name}: {sel.clause.id}"

    def ref(clause_id: str) -> str:
        if clause_id not in refs:
            raise ContentError(f"{where}: ref('{clause_id}') points at a clause that is not in this draft")
        return refs[clause_id]

    def run() -> tuple[Block, ...]:
        try:
            text = template.render(**ctx, ref=ref)
        except ContentError:
            raise
        except templating.TemplateErrors as e:
            raise ContentError(f"{where}: {what} failed to render: {e}") from None
        return one_item_lists(templating.to_blocks(text))

    memo = getattr(template, "memo", None)  # a clause text compiled with its memo (templating.compile_text)
    return run() if memo is None else memo.render(run, ctx, refs)


def render_clause(sel: Selected, ctx: dict[str, Any], refs: dict[str, str],
                  context_for: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None) -> tuple[Block, ...]:
    """Render one selected clause to blocks. ``context_for(values)``: the context with open answers
    settled as ``values`` (needed for a clause that turns on open answers)."""
    if not sel.worlds or context_for is None:
        if sel.template is None:
            return _undecided(sel.clause)
        return _render_text(sel, sel.template, ctx, refs)
    outcomes: list[tuple[Mapping[str, Any], tuple[Block, ...] | None]] = []
    for world in sel.worlds:
        wctx = context_for(world.values)
        if world.included:
            blocks = _undecided(sel.clause) if world.template is None else _render_text(sel, world.template, wctx, refs)
        elif sel.clause.otherwise is not None:
            blocks = _render_text(sel, sel.clause.otherwise, wctx, refs, "otherwise text")
        else:
            blocks = None  # this Section left out
        outcomes.append((world.values, blocks))
    versions = list(dict.fromkeys(blocks for _, blocks in outcomes))
    if len(versions) == 1:
        return versions[0] or ()
    return separate(outcomes) or decision_blocks(versions)

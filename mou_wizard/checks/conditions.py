"""Checks on what the content's conditions and templates say, in words counsel can act on.

* A quoted word compared with a choice answer (``civil_rights.complaint_receiver == 'district'``,
  ``'searches' in partnership.data_collected``, ``training.initial_deadline in ['before_assignment']``)
  must be one of that answer's choices; a misspelt one would silently never match, so the clause would
  never (or always) be drafted. The message suggests the nearest choice.
* A clause's ``states:`` names state-pack requirements (``VA-1``): each must be a US state's code with a
  pack in clause_library/states/, and a requirement of that pack.

:func:`content_problems` is what ``mou-wizard clauses lint`` calls; the smaller functions are for tests.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Iterable, Iterator

from jinja2 import nodes
from jinja2.exceptions import TemplateError

from mou_wizard.domain.answers import US_STATES, choice_type, field_info
from mou_wizard.templating import SECTIONS, parse_tree, plain_message

_REQ_ID = re.compile(r"^([A-Za-z]{2})-(\d+)$")


def choice_tokens(path: str) -> list[str] | None:
    """The choice tokens of a ``section.field`` typed with a choice list, or None for other fields."""
    try:
        _, info = field_info(path)
    except KeyError:
        return None
    enum = choice_type(info.annotation)
    return [m.value for m in enum] if enum is not None else None


def _field(node: nodes.Node, value_field: str | None) -> str | None:
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.node.name in SECTIONS:
        return f"{node.node.name}.{node.attr}"
    if value_field and isinstance(node, nodes.Name) and node.name == "value":
        return value_field
    return None


def _strings(node: nodes.Node) -> list[str] | None:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (nodes.List, nodes.Tuple)):
        return [i.value for i in node.items if isinstance(i, nodes.Const) and isinstance(i.value, str)]
    return None


def compared_literals(source: str, *, expression: bool, value_field: str | None = None) -> Iterator[tuple[str, str]]:
    """(field, quoted word) for every quoted word a condition or template compares with an answer field.

    ``value_field``: the field that ``value`` stands for (in a question's concern conditions)."""
    try:
        tree = parse_tree(source, expression=expression)
    except TemplateError:
        return  # the loader reports a condition that does not parse
    for cmp in tree.find_all(nodes.Compare):
        operands = [cmp.expr] + [op.expr for op in cmp.ops]
        for i, op in enumerate(cmp.ops):
            left, right = operands[i], operands[i + 1]
            if op.op in ("eq", "ne"):
                pairs = [(left, right), (right, left)]
            elif op.op in ("in", "notin"):
                pairs = [(right, left)]  # 'word' in field  /  field in ['a', 'b']
                if _field(left, value_field) and isinstance(right, (nodes.List, nodes.Tuple)):
                    pairs = [(left, right)]
            else:
                continue
            for field_node, literal_node in pairs:
                path = _field(field_node, value_field)
                words = _strings(literal_node)
                if path and words:
                    for word in words:
                        yield path, word


def literal_problem(path: str, word: str) -> str | None:
    """Why ``word`` cannot be an answer to the choice field ``path`` (None if it can, or not a choice)."""
    tokens = choice_tokens(path)
    if tokens is None or word in tokens:
        return None
    best = difflib.get_close_matches(word, tokens, n=1, cutoff=0.6)
    if best:
        return f"'{word}' is not a choice of {path}; did you mean '{best[0]}'?"
    return f"'{word}' is not a choice of {path} (its choices are {', '.join(repr(t) for t in tokens)})"


def literal_problems(where: str, what: str, source: str | None, *, expression: bool,
                     value_field: str | None = None) -> list[str]:
    if not source:
        return []
    out: list[str] = []
    for path, word in compared_literals(source, expression=expression, value_field=value_field):
        problem = literal_problem(path, word)
        if problem is not None:
            out.append(f"{where}: {what}: {problem}")
    return list(dict.fromkeys(out))


def state_id_problem(sid: str, packs: dict[str, Any]) -> str | None:
    """Why a clause's ``states:`` entry names no requirement (None if it names one).

    ``packs``: state code -> the requirement ids of that pack."""
    m = _REQ_ID.match(sid)
    every = [rid for ids in packs.values() for rid in ids]
    if m is None:
        return (f"'{sid}' is not a state requirement id (write the state's code and the requirement's "
                "number, e.g. VA-1)")
    code = m.group(1)
    if code != code.upper():
        return f"'{sid}': write the state code in capitals, '{code.upper()}-{m.group(2)}'"
    if code not in US_STATES:
        # a one-letter slip in the code (VX-1 for VA-1) of a requirement that exists
        near = [rid for rid in every if rid.split("-")[1] == m.group(2)
                and sum(a == b for a, b in zip(rid[:2], code)) == 1]
        hint = f"; did you mean '{near[0]}'?" if len(near) == 1 else ""
        return f"'{sid}': {code} is not a US state code{hint}"
    if code not in packs:
        have = ", ".join(sorted(packs)) or "none"
        return f"'{sid}': there is no state pack for {code} in clause_library/states/ (packs: {have})"
    if sid not in packs[code]:
        ids = list(packs[code])
        return f"'{sid}' is not a requirement of the {code} pack (its requirements are {ids[0]} to {ids[-1]})"
    return None


def states_problems(where: str, states: Iterable[str], packs: dict[str, Any]) -> list[str]:
    out = []
    for sid in states:
        problem = state_id_problem(sid, packs)
        if problem is not None:
            out.append(f"{where}: states: {problem}")
    return list(dict.fromkeys(out))


def content_problems(lib, qs, packs) -> list[str]:
    """Every problem these checks find in the loaded library, questions and packs, each once."""
    problems: list[str] = []
    for clause in lib.clauses:
        d = clause.d
        where = f"{clause.file}: {d.id}"
        problems += literal_problems(where, "condition", d.when, expression=True)
        for alt in d.alternatives or ():
            problems += literal_problems(where, f"alternative '{alt.name}' condition", alt.when, expression=True)
        for name, source in d.bodies():
            problems += literal_problems(where, f"alternative '{name}'" if name else "text", source,
                                         expression=False)
    for q in qs.questions:
        where = f"{q.file}: {q.id}"
        problems += literal_problems(where, "condition", q.d.when, expression=True)
        for concern in q.d.concerns:
            problems += literal_problems(where, "concern condition", concern.when, expression=True,
                                         value_field=q.field)
    pack_ids = {code: [r.d.id for r in pack.requirements] for code, pack in packs.items()}
    for pack in packs.values():
        for req in pack.requirements:
            problems += literal_problems(f"{pack.file}: {req.d.id}", "check", req.d.check, expression=True)
    for clause in lib.clauses:
        problems += states_problems(f"{clause.file}: {clause.d.id}", clause.d.states, pack_ids)
    return list(dict.fromkeys(problems))


# --- each problem once, in plain words ---------------------------------------------------------------

_RENDERING = re.compile(r"^(.*) \(((?:while rendering |alternative '[^']*', )?[^()]*answers\b[^()]*)\)$", re.S)


def once_in_plain_words(problems: list[str]) -> list[str]:
    """Lint's problems with Python's wording put in plain words, and a failure that lint met while
    rendering many answer sets reported once (naming the first, and how many more)."""
    order: list[str] = []
    groups: dict[str, list[str]] = {}
    for problem in problems:
        problem = plain_message(problem)
        m = _RENDERING.match(problem)
        key, label = (m.group(1), m.group(2)) if m else (problem, None)
        if key not in groups:
            order.append(key)
            groups[key] = []
        if label is not None and label not in groups[key]:
            groups[key].append(label)
    out = []
    for key in order:
        labels = groups[key]
        if not labels:
            out.append(key)
        elif len(labels) == 1:
            out.append(f"{key} ({labels[0]})")
        else:
            more = len(labels) - 1
            out.append(f"{key} ({labels[0]}; and {more} more answer set{'s' if more > 1 else ''})")
    return out

"""The clause library: loading and checking clause files, and choosing the clauses a set of answers calls for.

A clause is data (clause_library/*.yaml): id, section, title, rubric ids, a condition, text or
alternatives, provenance. Selection is deterministic: sections in ``sections.yaml`` order, clauses in
file order, the first alternative whose condition holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from mou_wizard import templating
from mou_wizard.content.files import read_yaml
from mou_wizard.errors import ContentError
from mou_wizard.domain.answers import all_field_paths

OMIT = "omit"  # ``otherwise: omit``: while the answer is open, the other choice is to leave the clause out
_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_SEC = re.compile(r"^SEC-\d\.\d+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class SectionDef(_Strict):
    id: str
    title: str
    numbered: bool = True


class AlternativeDef(_Strict):
    name: str = Field(min_length=1)
    when: str = Field(min_length=1)
    text: str = Field(min_length=1)
    label: str | None = None  # how a placeholder names this version ("the costs are shared"); default: the name


class ClauseDef(_Strict):
    id: str
    title: str = Field(min_length=1)
    sec: list[str] = Field(default_factory=list)
    states: list[str] = Field(default_factory=list)
    when: str | None = None
    provenance: str = Field(min_length=1)
    text: str | None = None
    alternatives: list[AlternativeDef] | None = None
    # What the MOU says instead when the clause's condition fails: shown as the other choice of an open
    # decision while an answer the condition reads is still open (never printed once it is answered);
    # ``omit`` when the other choice is simply to leave the clause out.
    otherwise: str | None = None
    replaces: str | None = None  # state packs: a general clause this one strengthens (used instead of it)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"expected an id like 'section.name' in lower_snake_case, not {v!r}")
        return v

    @field_validator("sec")
    @classmethod
    def _sec(cls, v: list[str], info: ValidationInfo) -> list[str]:
        known = (info.context or {}).get("rubric")
        for s in v:
            if not _SEC.match(s) or (known is not None and s not in known):
                raise ValueError(f"unknown rubric id {s!r} (expected one of SEC-1.1 ... SEC-5.4)")
        return v

    @model_validator(mode="after")
    def _one_body(self) -> "ClauseDef":
        if (self.text is None) == (self.alternatives is None):
            raise ValueError("give exactly one of 'text' or 'alternatives'")
        if self.alternatives is not None and not self.alternatives:
            raise ValueError("'alternatives' is empty")
        return self

    @property
    def section(self) -> str:
        return self.id.split(".")[0]

    def bodies(self) -> list[tuple[str | None, str]]:
        """(alternative name or None, template source) for every version of the text."""
        if self.text is not None:
            return [(None, self.text)]
        return [(a.name, a.text) for a in self.alternatives or ()]


_MEMBER = re.compile(r"'([a-z0-9_]+)'\s+(?:not\s+)?in\s+(" + "|".join(templating.SECTIONS) + r")\.([a-z_]+)\b")


@dataclass
class Clause:
    """A loaded clause: its definition, where it came from, and its compiled templates."""

    d: ClauseDef
    file: Path
    when: Callable | None
    templates: list[tuple[str | None, Callable | None, Any]]  # (alt name, alt condition, template)
    otherwise: Any | None = None  # the compiled ``otherwise`` text

    @property
    def id(self) -> str:
        return self.d.id

    def sources(self) -> list[str]:
        """Every condition and text of the clause, as written."""
        out = [self.d.when or ""] + [a.when for a in self.d.alternatives or ()]
        return out + [text for _, text in self.d.bodies()] + [self.d.otherwise or ""]

    @cached_property
    def fields(self) -> frozenset[str]:
        """The answer fields (``section.field``) its conditions and texts mention."""
        return frozenset(f for source in self.sources() for f in templating.mentioned_fields(source))

    @cached_property
    def members(self) -> Mapping[str, frozenset[str]]:
        """For each list field it asks about word by word (``'counselors' in hiring.support_staff``),
        the words it asks about."""
        found: dict[str, set[str]] = {}
        for source in self.sources():
            for m in _MEMBER.finditer(source):
                found.setdefault(f"{m.group(2)}.{m.group(3)}", set()).add(m.group(1))
        return {k: frozenset(v) for k, v in found.items()}

    def alternative_label(self, name: str) -> str:
        alt = next(a for a in self.d.alternatives or () if a.name == name)
        return alt.label or name.replace("_", " ")


@dataclass
class Library:
    sections: list[SectionDef]
    clauses: list[Clause]
    problems: list[str]

    def by_id(self) -> dict[str, Clause]:
        return {c.id: c for c in self.clauses}

    def section(self, section_id: str) -> SectionDef:
        return next(s for s in self.sections if s.id == section_id)


def _pydantic_problem(file: Path, item: str, err: ValidationError) -> list[str]:
    out = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        out.append(f"{file}: {item}{': ' + loc if loc else ''}: {msg}")
    return out


def load_library(directory: Path, rubric: Mapping[str, dict], packs: Iterable, cache: templating.TemplateCache,
                 *, strict: bool = False) -> Library:
    """Read and check every clause file in ``directory``, then the clauses each state pack adds.
    Problems are collected (not raised) so lint can list them all.

    ``strict`` adds the checks that need every template parsed again (fields that do not exist);
    lint uses it. At render time an unknown field is caught anyway, by StrictUndefined."""
    problems: list[str] = []
    load = _Loader(rubric, cache, set(all_field_paths()) if strict else None)
    sections_file = directory / "sections.yaml"
    try:
        raw = read_yaml(sections_file, cache=cache)
    except ContentError as e:
        return Library([], [], [str(e)])  # every clause would be "in no section": say only this
    raw_sections = raw.get("sections") if isinstance(raw, dict) else None
    if not isinstance(raw_sections, list):
        return Library([], [], [f"{sections_file}: expected a mapping with a list of 'sections' (each with an "
                                "id and a title)"])
    sections: list[SectionDef] = []
    for i, raw in enumerate(raw_sections):
        try:
            sections.append(SectionDef.model_validate(raw))
        except ValidationError as e:
            problems += _pydantic_problem(sections_file, f"section {i + 1}", e)
    known_sections = {s.id for s in sections}

    clauses: list[Clause] = []
    seen: dict[str, Path] = {}
    for file in sorted(directory.glob("*.yaml")):
        if file.name == "sections.yaml":
            continue
        try:
            data = read_yaml(file, cache=cache)
        except ContentError as e:
            problems.append(str(e))
            continue
        if not isinstance(data, dict) or "section" not in data or not isinstance(data.get("clauses"), list):
            problems.append(f"{file}: expected a mapping with 'section' and a list of 'clauses'")
            continue
        section = data["section"]
        if section not in known_sections:
            problems.append(f"{file}: section {section!r} is not listed in sections.yaml")
            continue
        for i, raw in enumerate(data["clauses"]):
            load.add(raw, i, file, section, seen, clauses, problems)
    _load_pack_clauses(packs, known_sections, load, seen, clauses, problems)
    ids = {c.id for c in clauses}
    for c in clauses:
        if c.d.replaces and c.d.replaces not in ids:
            problems.append(f"{c.file}: {c.id}: replaces unknown clause '{c.d.replaces}'")
    order = {s.id: i for i, s in enumerate(sections)}
    clauses.sort(key=lambda c: order[c.d.section])  # stable: file order within a section
    return Library(sections, clauses, problems)


def _load_pack_clauses(packs, known_sections, load: "_Loader", seen, clauses, problems) -> None:
    """Clauses that state packs add: selected only when the answers name that state."""
    for pack in packs:
        for i, raw in enumerate(pack.d.clauses):
            if not isinstance(raw, dict) or raw.get("section") not in known_sections:
                problems.append(f"{pack.file}: clause {i + 1}: a pack clause needs 'section:' naming an id "
                                "from sections.yaml")
                continue
            section = raw["section"]
            raw = {k: v for k, v in raw.items() if k != "section"}
            raw["when"] = pack.condition(raw.get("when"))
            load.add(raw, i, pack.file, section, seen, clauses, problems)


@dataclass
class _Loader:
    """What checking and compiling one clause needs."""

    rubric: Mapping[str, dict]
    cache: templating.TemplateCache
    fields: set[str] | None  # known answer fields, when templates are checked for unknown ones (lint)

    def add(self, raw, i: int, file: Path, section: str, seen, clauses, problems) -> None:
        """Check one clause definition and add it (problems are collected, never raised)."""
        _add_clause(self, raw, i, file, section, seen, clauses, problems)


def _add_clause(load: _Loader, raw, i: int, file: Path, section: str, seen, clauses, problems) -> None:
    label = f"clause {raw.get('id', i + 1)}" if isinstance(raw, dict) else f"clause {i + 1}"
    try:
        d = ClauseDef.model_validate(raw, context={"rubric": load.rubric})
    except ValidationError as e:
        problems += _pydantic_problem(file, label, e)
        return
    if d.section != section:
        problems.append(f"{file}: {d.id}: id must start with its section '{section}.'")
        return
    if d.id in seen:
        problems.append(f"{file}: {d.id}: duplicate id (also in {seen[d.id].name})")
        return
    seen[d.id] = file
    clause = _compile(d, file, load, problems)
    if clause is not None:
        clauses.append(clause)


def _compile(d: ClauseDef, file: Path, load: _Loader, problems: list[str]) -> Clause | None:
    where = f"{file}: {d.id}"
    fields = load.fields
    ok = True

    def check_fields(source: str, what: str, expression: bool = False) -> None:
        nonlocal ok
        if fields is None:
            return
        for f in sorted(templating.referenced_fields(source, expression=expression) - fields):
            problems.append(f"{where}: {what} reads unknown field '{f}'")
            ok = False

    def cond(expr: str | None, what: str):
        nonlocal ok
        if expr is None:
            return None
        try:
            compiled = templating.compile_condition(expr, load.cache)
        except templating.TemplateErrors as e:
            problems.append(f"{where}: {what} does not parse: {templating.condition_error(e, expr)}")
            ok = False
            return None
        check_fields(expr, what, expression=True)
        return compiled

    when = cond(d.when, "condition")
    templates = []
    for name, source in d.bodies():
        what = f"alternative '{name}'" if name else "text"
        alt_when = cond(next(a.when for a in d.alternatives if a.name == name), f"{what} condition") if name else None
        try:
            tpl = templating.compile_text(source, load.cache)
        except templating.TemplateErrors as e:
            problems.append(f"{where}: {what} template does not parse: {templating.condition_error(e)}")
            ok = False
            continue
        check_fields(source, what)
        templates.append((name, alt_when, tpl))
    otherwise = None
    if d.otherwise is not None and d.otherwise.strip() != OMIT:
        try:
            otherwise = templating.compile_text(d.otherwise, load.cache)
        except templating.TemplateErrors as e:
            problems.append(f"{where}: otherwise template does not parse: {templating.condition_error(e)}")
            ok = False
        else:
            check_fields(d.otherwise, "otherwise text")
    return Clause(d, file, when, templates, otherwise) if ok else None

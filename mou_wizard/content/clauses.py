"""The clause library: loading and checking clause files, and choosing the clauses a set of answers calls for.

A clause is data (clause_library/*.yaml): id, section, title, rubric ids, a condition, text or
alternatives, provenance. Selection is deterministic: sections in ``sections.yaml`` order, clauses in
file order, the first alternative whose condition holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mou_wizard import templating
from mou_wizard.content.files import content_dir, read_yaml, rubric
from mou_wizard.errors import ContentError
from mou_wizard.domain.answers import Answers, all_field_paths

_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_SEC = re.compile(r"^SEC-\d\.\d+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectionDef(_Strict):
    id: str
    title: str
    numbered: bool = True


class AlternativeDef(_Strict):
    name: str = Field(min_length=1)
    when: str = Field(min_length=1)
    text: str = Field(min_length=1)


class ClauseDef(_Strict):
    id: str
    title: str = Field(min_length=1)
    sec: list[str] = Field(default_factory=list)
    states: list[str] = Field(default_factory=list)
    when: str | None = None
    provenance: str = Field(min_length=1)
    text: str | None = None
    alternatives: list[AlternativeDef] | None = None
    replaces: str | None = None  # state packs: a general clause this one strengthens (used instead of it)

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"expected an id like 'section.name' in lower_snake_case, not {v!r}")
        return v

    @field_validator("sec")
    @classmethod
    def _sec(cls, v: list[str]) -> list[str]:
        known = rubric()
        for s in v:
            if not _SEC.match(s) or s not in known:
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


@dataclass
class Clause:
    """A loaded clause: its definition, where it came from, and its compiled templates."""

    d: ClauseDef
    file: Path
    when: Callable | None
    templates: list[tuple[str | None, Callable | None, Any]]  # (alt name, alt condition, template)

    @property
    def id(self) -> str:
        return self.d.id


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


def load_library(directory: Path | None = None, *, strict: bool = False) -> Library:
    """Read and check every clause file. Problems are collected (not raised) so lint can list them all.

    ``strict`` adds the checks that need every template parsed again (fields that do not exist);
    lint uses it. At render time an unknown field is caught anyway, by StrictUndefined."""
    directory = directory or content_dir("clause_library")
    problems: list[str] = []
    sections_file = directory / "sections.yaml"
    raw_sections = (read_yaml(sections_file) or {}).get("sections") or []
    sections: list[SectionDef] = []
    for i, raw in enumerate(raw_sections):
        try:
            sections.append(SectionDef.model_validate(raw))
        except ValidationError as e:
            problems += _pydantic_problem(sections_file, f"section {i + 1}", e)
    known_sections = {s.id for s in sections}
    fields = set(all_field_paths()) if strict else None

    clauses: list[Clause] = []
    seen: dict[str, Path] = {}
    for file in sorted(directory.glob("*.yaml")):
        if file.name == "sections.yaml":
            continue
        try:
            data = read_yaml(file)
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
            _add_clause(raw, i, file, section, seen, fields, clauses, problems)
    _load_pack_clauses(known_sections, fields, seen, clauses, problems)
    ids = {c.id for c in clauses}
    for c in clauses:
        if c.d.replaces and c.d.replaces not in ids:
            problems.append(f"{c.file}: {c.id}: replaces unknown clause '{c.d.replaces}'")
    order = {s.id: i for i, s in enumerate(sections)}
    clauses.sort(key=lambda c: order[c.d.section])  # stable: file order within a section
    templating.save_template_cache()
    return Library(sections, clauses, problems)


def _load_pack_clauses(known_sections, fields, seen, clauses, problems) -> None:
    """Clauses that state packs add: selected only when the answers name that state."""
    from mou_wizard.content.packs import loaded_packs

    for pack in loaded_packs().packs.values():
        for i, raw in enumerate(pack.d.clauses):
            if not isinstance(raw, dict) or raw.get("section") not in known_sections:
                problems.append(f"{pack.file}: clause {i + 1}: a pack clause needs 'section:' naming an id "
                                "from sections.yaml")
                continue
            section = raw["section"]
            raw = {k: v for k, v in raw.items() if k != "section"}
            raw["when"] = pack.condition(raw.get("when"))
            _add_clause(raw, i, pack.file, section, seen, fields, clauses, problems)


def _add_clause(raw, i: int, file: Path, section: str, seen, fields, clauses, problems) -> None:
    """Check one clause definition and add it (problems are collected, never raised)."""
    label = f"clause {raw.get('id', i + 1)}" if isinstance(raw, dict) else f"clause {i + 1}"
    try:
        d = ClauseDef.model_validate(raw)
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
    clause = _compile(d, file, fields, problems)
    if clause is not None:
        clauses.append(clause)


def _compile(d: ClauseDef, file: Path, fields: set[str] | None, problems: list[str]) -> Clause | None:
    where = f"{file}: {d.id}"
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
            compiled = templating.compile_condition(expr)
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
            tpl = templating.compile_template(source)
        except templating.TemplateErrors as e:
            problems.append(f"{where}: {what} template does not parse: {templating.condition_error(e)}")
            ok = False
            continue
        check_fields(source, what)
        templates.append((name, alt_when, tpl))
    return Clause(d, file, when, templates) if ok else None


@lru_cache(maxsize=4)
def _cached_library(directory: str) -> Library:
    return load_library(Path(directory))


def library(directory: Path | None = None) -> Library:
    """The library, loaded once per process. Raises ContentError if any clause file is broken."""
    lib = _cached_library(str(directory or content_dir("clause_library")))
    if lib.problems:
        more = f" (and {len(lib.problems) - 1} more; run 'mou-wizard clauses lint')" if len(lib.problems) > 1 else ""
        raise ContentError(lib.problems[0] + more)
    return lib


# --- selection -----------------------------------------------------------------------------------


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


def select(answers: Answers, lib: Library | None = None) -> list[Selected]:
    """The clauses these answers call for, numbered as they will appear in the draft."""
    lib = lib or library()
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

"""State requirement packs: one file per state in clause_library/states/, as data.

A pack names its statute (citation, "as of" date, confidence), says whether an agreement is required,
and lists requirements, each with a check over the answers. It may also add questions to the interview
and clauses to the draft; both are asked or selected only when the answers name that state, and a pack
clause may ``replaces`` a general clause it strengthens. Packs are a checklist for counsel, not a
guarantee of compliance: every place that shows them says so.

    state: VA
    name: Virginia
    citation: Va. Code § 22.1-280.2:3; § 9.1-184
    as_of: 2026-11-01
    confidence: statute            # statute | secondary
    agreement_required: Yes, when the local law-enforcement agency employs SROs.
    requirements:
      - id: VA-1
        description: The MOU is reviewed at least every two years and whenever either party asks.
        check: "partnership.review_cycle_months <= 24 and partnership.review_on_request"
        questions: [review_cycle, review_on_request]
        clauses: [term.review]
    examples:          # the example a question shows once the answers name this state
      model_mou: Virginia Department of Criminal Justice Services model MOU
    questions: [...]   # as in prompts/, each with `step: N`
    clauses: [...]     # as in clause_library/, each with `section: ID` (and optionally `replaces: ID`)
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from mou_wizard import templating
from mou_wizard.content.files import read_yaml
from mou_wizard.errors import ContentError
from mou_wizard.domain.answers import US_STATES

PACK_DISCLAIMER = ("State packs are a checklist for the parties and their counsel, not legal advice and not a "
                   "guarantee of compliance; statutes change, so check each citation as of its date.")


class RequirementDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z]{2}-\d+$")
    description: str = Field(min_length=1)
    check: str = Field(min_length=1)
    confidence: Literal["statute", "secondary"] | None = None
    questions: list[str] = Field(default_factory=list)
    clauses: list[str] = Field(default_factory=list)
    fails: dict[str, Any] = Field(default_factory=dict)  # example answers breaking only this (tests; unused at run time)


class PackDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    state: str
    name: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    as_of: _dt.date
    confidence: Literal["statute", "secondary"]
    agreement_required: str = Field(min_length=1)
    # The state's model agreement, by its full name, when the state publishes one: offered as an answer
    # to "which model is this MOU based on?" and printed in the draft's model-agreement clause.
    model_mou: str | None = Field(default=None, min_length=1)
    requirements: list[RequirementDef] = Field(min_length=1)
    questions: list[dict[str, Any]] = Field(default_factory=list)
    clauses: list[dict[str, Any]] = Field(default_factory=list)
    meets: dict[str, Any] = Field(default_factory=dict)  # changes to the recommended answers meeting every requirement (tests)
    # question id -> the example shown for that question once the answers name this state (a fact about
    # the state, such as its model MOU's name), in place of the question's own example
    examples: dict[str, Any] = Field(default_factory=dict)

    @field_validator("state")
    @classmethod
    def _state(cls, v: str) -> str:
        if v not in US_STATES:
            raise ValueError(f"expected a two-letter state code, not {v!r}")
        return v


@dataclass
class Requirement:
    d: RequirementDef
    check: Callable

    @cached_property
    def fields(self) -> frozenset[str]:
        """The answer fields the check reads."""
        return frozenset(templating.mentioned_fields(self.d.check))


@dataclass
class Pack:
    d: PackDef
    file: Path
    requirements: list[Requirement]

    @property
    def state(self) -> str:
        return self.d.state

    def condition(self, when: str | None) -> str:
        """A question's or clause's condition, limited to answers that name this state."""
        base = f"parties.state == '{self.state}'"
        return f"({base}) and ({when})" if when else base


@dataclass
class Packs:
    packs: dict[str, Pack]
    problems: list[str]


_FILE = re.compile(r"^[A-Z]{2}\.yaml$")


def load_packs(directory: Path, cache: templating.TemplateCache) -> Packs:
    """Every ``XX.yaml`` in ``directory`` (a missing folder means no packs)."""
    problems: list[str] = []
    packs: dict[str, Pack] = {}
    if not directory.is_dir():
        return Packs({}, [])
    for file in sorted(directory.glob("*.yaml")):
        if not _FILE.match(file.name):
            problems.append(f"{file}: state pack files are named by the state's code, e.g. VA.yaml")
            continue
        try:
            raw = read_yaml(file)
            if not isinstance(raw, dict):
                raise ContentError(f"{file}: expected a mapping with the pack's state, name, citation, as_of, "
                                   "confidence, agreement_required and requirements")
            d = PackDef.model_validate(raw)
        except ContentError as e:
            problems.append(str(e))
            continue
        except ValidationError as e:
            for err in e.errors():
                loc = ".".join(str(p) for p in err["loc"])
                problems.append(f"{file}: {loc}: {err['msg'].removeprefix('Value error, ')}")
            continue
        if d.state != file.stem:
            problems.append(f"{file}: state {d.state!r} does not match the file name")
            continue
        reqs = []
        seen = set()
        for r in d.requirements:
            if not r.id.startswith(d.state + "-"):
                problems.append(f"{file}: {r.id}: requirement ids start with the state code, e.g. {d.state}-1")
                continue
            if r.id in seen:
                problems.append(f"{file}: {r.id}: duplicate requirement id")
                continue
            seen.add(r.id)
            try:
                check = templating.compile_condition(r.check, cache)
            except templating.TemplateErrors as e:
                problems.append(f"{file}: {r.id}: check does not parse: {templating.condition_error(e, r.check)}")
                continue
            reqs.append(Requirement(r, check))
        packs[d.state] = Pack(d, file, reqs)
    return Packs(packs, problems)

"""State requirement packs: one file per state in clause_library/states/, as data.

A pack names its statute (citation) and the texts it was read from (``sources``: each with its title,
address, the date of the version read and how it was read), says whether an agreement is required, and
lists requirements, each with its source and a check over the answers. It may also add questions to the interview
and clauses to the draft; both are asked or selected only when the answers name that state, and a pack
clause may ``replaces`` a general clause it strengthens. Packs are a checklist for counsel, not a
guarantee of compliance: every place that shows them says so.

    state: VA
    name: Virginia
    citation: Va. Code § 22.1-280.2:3; § 9.1-184
    sources:
      va-mou:
        title: Code of Virginia § 22.1-280.2:3
        address: https://law.lis.virginia.gov/vacode/22.1-280.2:3/
        text_as_of: "2020"         # the version of the text read: YYYY, YYYY-MM or YYYY-MM-DD
        confidence: statute        # statute | official_summary | secondary
    source: va-mou                 # the source of `agreement_required`
    confidence: statute
    agreement_required: Yes, when the local law-enforcement agency employs SROs.
    requirements:
      - id: VA-1
        description: The MOU is reviewed at least every two years and whenever either party asks.
        source: va-mou             # confidence: may lower the source's (or say `practice`)
        check: "partnership.review_cycle_months <= 24 and partnership.review_on_request"
        questions: [review_cycle, review_on_request]
        clauses: [term.review]
    examples:          # the example a question shows once the answers name this state
      model_mou: Virginia Department of Criminal Justice Services model MOU
    questions: [...]   # as in prompts/, each with `step: N`
    clauses: [...]     # as in clause_library/, each with `section: ID` (and optionally `replaces: ID`)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mou_wizard import templating
from mou_wizard.content.files import read_yaml
from mou_wizard.errors import ContentError
from mou_wizard.domain.answers import US_STATES
from mou_wizard.domain.assessment import confidence_label, source_line  # noqa: F401  (part of this module's API)

PACK_DISCLAIMER = ("State packs are a checklist for the parties and their counsel, not legal advice and not a "
                   "guarantee of compliance; statutes change, so check each citation as of its date.")


# How a source was read. ``practice``: no statute requires it; the pack checks it as recommended practice.
Confidence = Literal["statute", "official_summary", "secondary", "practice"]
_TEXT_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class SourceDef(BaseModel):
    """A statute, regulation, or summary a pack was read from."""
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    title: str = Field(min_length=1)
    address: str | None = Field(default=None, pattern=r"^https?://\S+$")
    # The version of the text that was read: the date (or year, or year and month) it took effect or was
    # last amended; not the date it was read.
    text_as_of: str = Field(pattern=_TEXT_DATE)
    confidence: Literal["statute", "official_summary", "secondary"]

    def line(self) -> str:
        """'Title (address), text as of 2020: statute text read'."""
        return source_line(self.title, self.address, self.text_as_of, self.confidence)


class RequirementDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(pattern=r"^[A-Z]{2}-\d+$")
    description: str = Field(min_length=1)
    check: str = Field(min_length=1)
    source: str = Field(min_length=1)  # a key of the pack's `sources`
    # Lower than the source's when this requirement was not read in it; `practice` when no statute asks for it.
    confidence: Confidence | None = None
    text_as_of: str | None = Field(default=None, pattern=_TEXT_DATE)  # when it differs from the source's
    kind: Literal["term", "supporting"] = "term"
    questions: list[str] = Field(default_factory=list)
    clauses: list[str] = Field(default_factory=list)
    fails: dict[str, Any] = Field(default_factory=dict)  # example answers breaking only this (tests; unused at run time)


class PackDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    state: str
    name: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    sources: dict[str, SourceDef] = Field(min_length=1)
    source: str = Field(min_length=1)  # the source of `agreement_required`
    confidence: Confidence  # how firmly `agreement_required` was read
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

    @model_validator(mode="before")
    @classmethod
    def _no_as_of(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and "as_of" in raw:
            raise ValueError("`as_of` is replaced by `sources`, each with `text_as_of`: the date of the version of "
                             "the text that was read, not the date it was read")
        return raw

    @field_validator("state")
    @classmethod
    def _state(cls, v: str) -> str:
        if v not in US_STATES:
            raise ValueError(f"expected a two-letter state code, not {v!r}")
        return v

    @model_validator(mode="after")
    def _sources_named(self) -> "PackDef":
        for where, key in [("source", self.source)] + [(f"requirements: {r.id}: source", r.source)
                                                         for r in self.requirements]:
            if key not in self.sources:
                raise ValueError(f"{where}: {key!r} is not one of the pack's sources ({', '.join(self.sources)})")
        return self

    @property
    def text_as_of(self) -> str:
        """The dates of the texts read, earliest to latest: '2019' or '2019 to 2024'."""
        years = sorted({s.text_as_of for s in self.sources.values()})
        return years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"


@dataclass
class Requirement:
    d: RequirementDef
    check: Callable
    pack_d: "PackDef"

    @property
    def source(self) -> SourceDef:
        return self.pack_d.sources[self.d.source]

    @property
    def confidence(self) -> str:
        return self.d.confidence or self.source.confidence

    @property
    def text_as_of(self) -> str:
        return self.d.text_as_of or self.source.text_as_of

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
            raw = read_yaml(file, cache=cache)
            if not isinstance(raw, dict):
                raise ContentError(f"{file}: expected a mapping with the pack's state, name, citation, sources, "
                                   "source, confidence, agreement_required and requirements")
            d = PackDef.model_validate(raw)
        except ContentError as e:
            problems.append(str(e))
            continue
        except ValidationError as e:
            for err in e.errors():
                loc = ".".join(str(p) for p in err["loc"])
                problems.append(f"{file}: {loc + ': ' if loc else ''}{err['msg'].removeprefix('Value error, ')}")
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
            reqs.append(Requirement(r, check, d))
        packs[d.state] = Pack(d, file, reqs)
    return Packs(packs, problems)

"""JSON Schemas for the content files, generated from the loaders' models (``mou-wizard schema --content``).

Each content YAML file starts with a line naming its schema, e.g.

    # yaml-language-server: $schema=./schemas/questions.schema.json

so an editor with a YAML language server (the VS Code YAML extension, for one) flags an unknown key, a
misspelt choice or a missing field as it is typed. The schemas are committed beside the content
(``prompts/schemas/``, ``clause_library/schemas/``, ``templates/schemas/``); a test checks they match
what this module generates, so they cannot go stale.

The file-level models here only describe files; loading still goes through the loaders (questions,
clauses, packs), which accept exactly what they accepted before. Where the answers model knows the
possible values (field names, choice tokens, state codes), the schema lists them as enums.
"""

from __future__ import annotations

import copy
import functools
import json
import typing
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from mou_wizard.content.clauses import ClauseDef, SectionDef
from mou_wizard.content.packs import PackDef, RequirementDef
from mou_wizard.content.questions import QuestionDef
from mou_wizard.domain.answers import US_STATES, ReviewRecord, Signatory, all_field_paths, choice_type, field_info
from mou_wizard.domain.choices import choice_sets

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_LINE = "# yaml-language-server: $schema="
STATE_CODES = sorted(US_STATES)
_STATE_ALT = "|".join(STATE_CODES)


def review_field_paths() -> list[str]:
    return [f"review.{name}" for name in ReviewRecord.model_fields]


# --- file-level models (schema only) -------------------------------------------------------------


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")


class QuestionFile(_File):
    """One step of the interview (prompts/NN-name.yaml)."""

    step: int = Field(ge=0, le=5, description="The interview step, 0 (the parties) to 5.")
    title: str = Field(min_length=1, description="The step's title.")
    short: Optional[str] = Field(None, description="A word or two for narrow places (the sidebar).")
    intro: str = Field(description="What the step is about, shown before its first question.")
    questions: list[QuestionDef]


class ReviewFile(_File):
    """The questions a periodic review adds (prompts/review.yaml)."""

    step: Literal[6] = 6
    title: str = Field(min_length=1)
    short: Optional[str] = None
    intro: str
    questions: list[QuestionDef]


class RubricItem(_File):
    id: str = Field(pattern=r"^SEC-\d\.\d+$")
    source: Literal["seed", "federal", "practice"]
    summary: str = Field(min_length=1)


class RubricFile(_File):
    """The SECURe rubric items (prompts/rubric.yaml)."""

    steps: dict[int, str]
    items: list[RubricItem]


class ClauseFile(_File):
    """The clauses of one article (clause_library/NN-section.yaml)."""

    section: str = Field(description="An id from clause_library/sections.yaml.")
    clauses: list[ClauseDef]


class SectionsFile(_File):
    """The MOU's articles, in document order (clause_library/sections.yaml)."""

    sections: list[SectionDef]


class DocumentFile(_File):
    """The fixed parts of every draft (templates/document.yaml)."""

    core_title: str
    title: str
    header: str
    preamble: str
    witness: str
    disclaimer: str


def _choice_uses() -> dict[str, list[str]]:
    """Choice-set name -> the answer fields that hold its choices."""
    uses: dict[str, list[str]] = {}
    for path in all_field_paths() + review_field_paths():
        enum = choice_type(field_info(path)[1].annotation)
        if enum is not None:
            uses.setdefault(enum.__name__, []).append(path)
    for name, f in Signatory.model_fields.items():
        enum = choice_type(f.annotation)
        if enum is not None:
            uses.setdefault(enum.__name__, []).append(f"parties.signatories ({name})")
    return uses


def _choices_file() -> type[BaseModel]:
    """prompts/choices.yaml: every choice set, with a label for every one of its tokens."""
    uses = _choice_uses()
    sets: dict[str, Any] = {}
    for name, cls in choice_sets().items():
        tokens = {f"t_{m.value}": (str, Field(alias=m.value, min_length=1)) for m in cls}
        model = create_model(name, __config__=ConfigDict(extra="forbid"), **tokens)
        where = ", ".join(uses.get(name, ())) or "no answer field"
        sets[name] = (model, Field(description=f"The label of each choice of {where}."))
    return create_model("ChoicesFile", __base__=_File, __doc__="The wording of every choice (prompts/choices.yaml): "
                        "each choice set's tokens, each with its label.", **sets)


ChoicesFile = _choices_file()


class PackQuestion(QuestionDef):
    step: int = Field(ge=0, le=5, description="The interview step the question is asked in (0 to 5).")


PackClause = create_model(
    "PackClause", __base__=ClauseDef,
    pack_section=(str, Field(alias="section", description="An id from clause_library/sections.yaml.")),
)


class Drop(_File):
    """In a ``fails`` example: the ``meets`` answer's list without this item."""

    drop: str


def _answer_changes(name: str, *, drop: bool) -> type[BaseModel]:
    """A mapping of ``section.field`` to an interview answer for that field (``meets``/``fails``)."""
    fields: dict[str, Any] = {}
    for path in all_field_paths():
        ann = field_info(path)[1].annotation
        if drop and typing.get_origin(_strip_optional(ann)) is list:
            ann = Optional[ann | Drop]
        fields[path.replace(".", "__")] = (ann, Field(None, alias=path))
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


def _strip_optional(ann: Any) -> Any:
    args = [a for a in typing.get_args(ann) if a is not type(None)]
    return args[0] if len(args) == 1 and type(None) in typing.get_args(ann) else ann


MeetsAnswers = _answer_changes("MeetsAnswers", drop=False)
FailsAnswers = _answer_changes("FailsAnswers", drop=True)


class PackRequirement(RequirementDef):
    fails: FailsAnswers = Field(  # type: ignore[valid-type]
        default_factory=FailsAnswers,
        description="Answers that break this requirement and no other one of the pack: changes to the pack's "
        "clean answers (null clears an answer; {drop: item} takes one item out of a list).")


class StatePackFile(PackDef):
    """A state requirement pack (clause_library/states/XX.yaml)."""

    requirements: list[PackRequirement] = Field(min_length=1)  # type: ignore[assignment]
    questions: list[PackQuestion] = Field(default_factory=list)  # type: ignore[assignment]
    clauses: list[PackClause] = Field(default_factory=list)  # type: ignore[assignment]
    meets: MeetsAnswers = Field(  # type: ignore[valid-type]
        default_factory=MeetsAnswers,
        description="Changes to the recommended answers (with parties.state set to this state and the pack's "
        "questions given their recommended answers) that meet every requirement of the pack.")


# --- schemas -------------------------------------------------------------------------------------

# path of the schema file, relative to the content root -> (file model, title)
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "prompts/schemas/questions.schema.json": (QuestionFile, "mou-wizard interview step"),
    "prompts/schemas/review.schema.json": (ReviewFile, "mou-wizard review questions"),
    "prompts/schemas/rubric.schema.json": (RubricFile, "mou-wizard rubric items"),
    "prompts/schemas/choices.schema.json": (ChoicesFile, "mou-wizard choice labels"),
    "clause_library/schemas/clauses.schema.json": (ClauseFile, "mou-wizard clause file"),
    "clause_library/schemas/sections.schema.json": (SectionsFile, "mou-wizard clause library sections"),
    "clause_library/schemas/state-pack.schema.json": (StatePackFile, "mou-wizard state requirement pack"),
    "templates/schemas/document.schema.json": (DocumentFile, "mou-wizard document templates"),
}


def _value_schema(path: str) -> dict[str, Any] | None:
    """What a question's ``recommended``/``example`` may be for a choice field (None: not a choice)."""
    ann = field_info(path)[1].annotation
    enum = choice_type(ann)
    if enum is None:
        return None
    tokens = {"enum": [m.value for m in enum]}
    if typing.get_origin(_strip_optional(ann)) is list:
        return {"type": "array", "items": tokens}
    return tokens


def _question_rules(question: dict[str, Any], paths: list[str], pack: bool) -> None:
    props = question["properties"]
    props.pop("state", None)  # set by the loader, never written
    if not pack:
        props.pop("step", None)
    props["field"] = {"description": "The answer field the question fills (section.field).", "enum": paths,
                      "title": "Field", "type": "string"}
    rules = []
    for path in paths:
        values = _value_schema(path)
        if values is not None:
            rules.append({"if": {"properties": {"field": {"const": path}}, "required": ["field"]},
                          "then": {"properties": {"recommended": values, "example": values}}})
    if rules:
        question["allOf"] = rules


def _clause_rules(clause: dict[str, Any], pack: bool) -> None:
    props = clause["properties"]
    if not pack:
        props.pop("replaces", None)  # only a state pack's clause takes the place of another
    props["states"]["items"] = {"type": "string", "pattern": rf"^({_STATE_ALT})-\d+$"}
    props["states"]["description"] = "State-pack requirement ids the clause serves, e.g. VA-1."
    clause["oneOf"] = [{"required": ["text"]}, {"required": ["alternatives"]}]


def _finish(schema: dict[str, Any], model: type[BaseModel], title: str) -> dict[str, Any]:
    defs = schema.get("$defs", {})
    if model in (QuestionFile, ReviewFile):
        paths = all_field_paths() if model is QuestionFile else review_field_paths()
        _question_rules(defs["QuestionDef"], paths, pack=False)
    if model is ClauseFile:
        _clause_rules(defs["ClauseDef"], pack=False)
    if model is StatePackFile:
        _question_rules(defs["PackQuestion"], all_field_paths(), pack=True)
        _clause_rules(defs["PackClause"], pack=True)
        schema["properties"]["state"] = {"description": "The state's two-letter code (also the file name).",
                                         "enum": STATE_CODES, "title": "State", "type": "string"}
    for d in defs.values():  # rubric ids
        sec = d.get("properties", {}).get("sec")
        if sec and sec.get("type") == "array":
            sec["items"] = {"type": "string", "pattern": r"^SEC-\d\.\d+$"}
    schema["$schema"] = JSON_SCHEMA_DIALECT
    schema["title"] = title
    return schema


def content_schemas() -> dict[str, dict[str, Any]]:
    """Every content schema, by its path relative to the content root (a fresh copy each call)."""
    return copy.deepcopy(_content_schemas())


@functools.cache  # made from the code alone, and pydantic takes a while to make them
def _content_schemas() -> dict[str, dict[str, Any]]:
    return {path: _finish(model.model_json_schema(), model, title) for path, (model, title) in SCHEMAS.items()}


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_content_schemas(root: Path) -> list[Path]:
    """Write every schema under ``root`` (the folder holding prompts/, clause_library/, templates/)."""
    written = []
    for rel, schema in content_schemas().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = schema_text(schema)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def schema_for(relative: str) -> str | None:
    """The schema (path relative to the content root) a content file should name, or None."""
    parts = Path(relative).parts
    if len(parts) < 2 or not relative.endswith(".yaml"):
        return None
    folder, name = parts[0], parts[-1]
    if folder == "prompts" and len(parts) == 2:
        return {"rubric.yaml": "prompts/schemas/rubric.schema.json",
                "review.yaml": "prompts/schemas/review.schema.json",
                "choices.yaml": "prompts/schemas/choices.schema.json"}.get(name, "prompts/schemas/questions.schema.json")
    if folder == "clause_library" and len(parts) == 2:
        return ("clause_library/schemas/sections.schema.json" if name == "sections.yaml"
                else "clause_library/schemas/clauses.schema.json")
    if folder == "clause_library" and len(parts) == 3 and parts[1] == "states":
        return "clause_library/schemas/state-pack.schema.json"
    if folder == "templates" and len(parts) == 2:
        return "templates/schemas/document.schema.json"
    return None


def schema_line(relative: str) -> str | None:
    """The first line a content file should have, e.g. ``# yaml-language-server: $schema=./schemas/...``."""
    import os

    schema = schema_for(relative)
    if schema is None:
        return None
    rel = os.path.relpath(schema, os.path.dirname(relative)).replace(os.sep, "/")
    return SCHEMA_LINE + (rel if rel.startswith("..") else "./" + rel)


def content_yaml_files(root: Path) -> list[str]:
    """Every content YAML file under ``root``, relative to it."""
    out = []
    for folder in ("prompts", "clause_library", "templates"):
        for path in sorted((root / folder).rglob("*.yaml")):
            out.append(path.relative_to(root).as_posix())
    return out


def add_schema_lines(root: Path) -> list[str]:
    """Put (or correct) the schema line at the top of every content YAML file; returns those changed."""
    changed = []
    for rel in content_yaml_files(root):
        line = schema_line(rel)
        if line is None:
            continue
        path = root / rel
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        if lines and lines[0].startswith(SCHEMA_LINE):
            if lines[0] == line:
                continue
            lines[0] = line
        else:
            lines.insert(0, line)
        path.write_text("\n".join(lines), encoding="utf-8")
        changed.append(rel)
    return changed

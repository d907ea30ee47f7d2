"""The interview's questions, loaded from prompts/*.yaml and checked against the answers model."""

from __future__ import annotations

import datetime as _dt
import re
import types
from types import MappingProxyType
import typing
from dataclasses import dataclass, field as _field
from pathlib import Path
from typing import Any, Callable, Iterable, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from mou_wizard import templating
from mou_wizard.content.files import read_yaml
from mou_wizard.errors import ContentError
from mou_wizard.domain.answers import choice_type, field_info
from mou_wizard.domain.choices import ChoiceLabels
from mou_wizard.language.answer_types import AnswerType, Detail, Parsed, ReadContext, answer_type

QType = Literal["yesno", "integer", "months", "choice", "multichoice", "text", "title", "list", "people", "date",
                "state", "model"]
_QFILE = re.compile(r"^\d\d-.*\.yaml$")


class ConcernDef(BaseModel):
    """What the rubric worries about when an answer goes against it (said once, then confirmed)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    when: str = Field(min_length=1)  # a condition over `value` (the new answer) and the answers
    text: str = Field(min_length=1)
    sec: list[str] = Field(default_factory=list)  # items it bears on (default: all of the question's)


class QuestionDef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    field: str
    type: QType
    text: str = Field(min_length=1)
    help: str = Field(min_length=1)
    sec: list[str] = Field(default_factory=list)
    recommended: Any = None
    example: Any = None
    when: str | None = None
    topics: list[str] = Field(default_factory=list)
    unit: str | None = None
    min: int | None = None
    max: int | None = None
    concern: ConcernDef | list[ConcernDef] | None = None
    # choice questions: other words people use for an option (token -> phrases), and the question that
    # asks for an option's number (token -> question id), so one reply can answer both
    phrases: dict[str, list[str]] = Field(default_factory=dict)
    follow_ups: dict[str, str] = Field(default_factory=dict)
    step: int | None = Field(default=None, ge=0, le=5)  # only in state packs: the step it belongs to
    state: str | None = None  # set for questions a state pack adds

    @property
    def concerns(self) -> list[ConcernDef]:
        if self.concern is None:
            return []
        return self.concern if isinstance(self.concern, list) else [self.concern]

    @field_validator("sec")
    @classmethod
    def _sec(cls, v: list[str], info: ValidationInfo) -> list[str]:
        known = (info.context or {}).get("rubric")
        for s in v:
            if known is not None and s not in known:
                raise ValueError(f"unknown rubric id {s!r} (expected one of SEC-1.1 ... SEC-5.4)")
        return v


@dataclass(eq=False)  # one object per question: compared by identity (fast, and two questions are never "equal")
class Question:
    d: QuestionDef
    step: int
    file: Path
    condition: Callable | None
    choices: list[tuple[str, str]] | None  # (token, label) for choice / multichoice
    concern_conditions: tuple[Callable, ...] = ()
    answer_type: AnswerType = _field(init=False, repr=False, compare=False)
    # state -> this question's example for that state (a state pack's ``examples``)
    state_examples: dict[str, Any] = _field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Built once: how this question's answers are read, said back and picked.
        self.answer_type = answer_type(self.d.type, choices=self.choices, unit=self.d.unit,
                                       min=self.d.min, max=self.d.max, phrases=self.d.phrases or None)

    def attach_follow_ups(self, follow_ups: Mapping[str, "Question"]) -> None:
        """Let a reply to this choice also answer the question asking for an option's number."""
        details = {token: Detail(q.field, q.answer_type) for token, q in follow_ups.items()}
        self.answer_type = answer_type(self.d.type, choices=self.choices, unit=self.d.unit, min=self.d.min,
                                       max=self.d.max, phrases=self.d.phrases or None, details=details)

    def read(self, text: str, *, today: _dt.date | None = None) -> Parsed:
        """What ``text`` answers: this question's value and, in ``also``, the values (by answer field) of
        other questions the same reply answered (see :mod:`mou_wizard.language.answer_types`).
        ``today``: the date the reply is given on, for "today" or "next July 1"."""
        return self.answer_type.read(text, ReadContext(today=today, recommended=self.d.recommended))

    def parse(self, text: str, *, today: _dt.date | None = None) -> Any:
        """The typed value ``text`` gives for this question (ParseError with a friendly sentence if none)."""
        return self.read(text, today=today).value

    def say(self, value: Any) -> str:
        """How the assistant says ``value`` back ("40 hours", "not answered")."""
        return self.answer_type.say(value)

    @property
    def id(self) -> str:
        return self.d.id

    @property
    def field(self) -> str:
        return self.d.field

    @property
    def type(self) -> str:
        return self.d.type

    @property
    def suggestion(self) -> Any:
        """The recommended answer (rubric-aligned) or, for plain facts, the example."""
        return self.d.recommended if self.d.recommended is not None else self.d.example

    def suggestion_for(self, state: str | None) -> Any:
        """The suggestion once the state is known: the recommended answer, else that state's example (from
        its pack's ``examples``), else the question's own example, which names no state."""
        if self.d.recommended is not None:
            return self.d.recommended
        if state and state in self.state_examples:
            return self.state_examples[state]
        return self.d.example

    def concerns_raised(self, value: Any, context: dict[str, Any]) -> list[ConcernDef]:
        """The rubric concerns that answering ``value`` raises (see the question's ``concern``)."""
        if value is None:
            return []
        raised = []
        for concern, condition in zip(self.d.concerns, self.concern_conditions):
            try:
                if condition(**context, value=value):
                    raised.append(concern)
            except templating.TemplateErrors as e:
                raise ContentError(f"{self.file}: {self.id}: concern condition failed: {e}") from None
        return raised

    def raises_concern(self, value: Any, context: dict[str, Any]) -> bool:
        return bool(self.concerns_raised(value, context))

    def against_items(self, value: Any, context: dict[str, Any]) -> set[str]:
        """Rubric ids that ``value`` goes against."""
        return {sec for c in self.concerns_raised(value, context) for sec in (c.sec or self.d.sec)}

    def applies(self, context: dict[str, Any]) -> bool:
        if self.condition is None:
            return True
        try:
            return bool(self.condition(**context))
        except templating.TemplateErrors as e:
            raise ContentError(f"{self.file}: {self.id}: condition failed: {e}") from None


@dataclass
class StepInfo:
    number: int
    title: str
    intro: str
    file: Path
    short: str = ""  # a word or two for narrow places (the TUI sidebar)


@dataclass
class QuestionSet:
    steps: list[StepInfo]
    questions: list[Question]
    problems: list[str]

    def by_id(self) -> Mapping[str, Question]:
        return self._index("id")

    def by_field(self) -> Mapping[str, Question]:
        return self._index("field")

    def field_paths(self) -> tuple[tuple[Question, str, str, str], ...]:
        """Each question with its answer field, whole and split: ``(question, "section.name", section,
        name)``, in file order (storing an answer walks them all)."""
        return self._made("paths", lambda: tuple((q, q.field, *q.field.split(".")) for q in self.questions))

    def _index(self, key: str) -> Mapping[str, Question]:
        """The questions by ``key``, read-only (the flow asks for it on every move)."""
        return MappingProxyType(self._made(key, lambda: {getattr(q, key): q for q in self.questions}))

    def _made(self, key: str, make):
        """``make()``, kept until the list of questions changes."""
        made = self.__dict__.get("_indexes")
        stamp = (id(self.questions), len(self.questions))
        if made is None or made[0] != stamp:
            made = self.__dict__["_indexes"] = (stamp, {})
        if key not in made[1]:
            made[1][key] = make()
        return made[1][key]

    def step(self, number: int) -> StepInfo:
        return next(s for s in self.steps if s.number == number)


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_list(a) for a in typing.get_args(annotation))
    return False


def expected_type(path: str) -> set[str]:
    """Which question types can fill a field, judged from its annotation."""
    _, info = field_info(path)
    ann = info.annotation
    args = set(typing.get_args(ann)) | {ann}
    enum = choice_type(ann)
    if enum is not None:
        return {"multichoice"} if _is_list(ann) else {"choice"}
    if _is_list(ann):
        return {"people"} if "Signatory" in repr(ann) else {"list"}
    if bool in args:
        return {"yesno"}
    if int in args:
        return {"integer", "months"}
    if any(getattr(a, "__name__", "") == "date" for a in args):
        return {"date"}
    if path == "parties.state":
        return {"state"}
    if path == "partnership.model_mou":
        return {"model"}  # one of the state packs' model agreements, or none
    return {"text", "title"}


def load_questions(directory: Path, rubric: Mapping[str, dict], packs: Iterable, cache: templating.TemplateCache,
                   labels: ChoiceLabels, pack_problems: Iterable[str] = ()) -> QuestionSet:
    """The interview's questions: ``directory``'s step files, then the questions each state pack adds.
    ``labels``: the words of each choice, offered by choice questions."""
    problems: list[str] = list(pack_problems)
    steps: list[StepInfo] = []
    questions: list[Question] = []
    seen_ids: dict[str, Path] = {}
    seen_fields: dict[str, tuple[str, bool]] = {}
    packs = list(packs)
    ctx = _LoadContext(problems, questions, seen_ids, seen_fields, rubric, cache, labels, model_choices(packs))
    for file in sorted(p for p in directory.glob("*.yaml") if _QFILE.match(p.name)):
        try:
            data = read_yaml(file, cache=cache)
        except ContentError as e:
            problems.append(str(e))
            continue
        if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
            problems.append(f"{file}: expected a mapping with 'step', 'title', 'intro' and a list of 'questions'")
            continue
        step = data.get("step")
        if not isinstance(step, int) or not 0 <= step <= 5:
            problems.append(f"{file}: 'step' must be a number from 0 to 5")
            continue
        title = str(data.get("title", f"Step {step}"))
        steps.append(StepInfo(step, title, str(data.get("intro", "")).strip(), file, str(data.get("short", title))))
        for i, raw in enumerate(data["questions"]):
            _load_question(raw, i, step, file, None, ctx)
    for pack in packs:
        for i, raw in enumerate(pack.d.questions):
            if not isinstance(raw, dict) or not isinstance(raw.get("step"), int):
                problems.append(f"{pack.file}: question {i + 1}: a pack question needs 'step: N' (0 to 5)")
                continue
            _load_question({**raw, "state": pack.state}, i, raw["step"], pack.file, pack, ctx)
    steps.sort(key=lambda s: s.number)
    questions.sort(key=lambda q: q.step)  # stable: file order within a step
    _attach_pack_examples(packs, questions, problems)
    _resolve_follow_ups(questions, problems)
    return QuestionSet(steps, questions, problems)


def _attach_pack_examples(packs: Iterable, questions: list["Question"], problems: list[str]) -> None:
    """Each pack's ``examples`` (question id -> example) become that question's example for its state."""
    by_id = {q.id: q for q in questions}
    for pack in packs:
        for qid, example in (getattr(pack.d, "examples", None) or {}).items():
            q = by_id.get(qid)
            if q is None:
                problems.append(f"{pack.file}: examples: no question '{qid}'")
            elif q.d.recommended is not None:
                problems.append(f"{pack.file}: examples: {qid} has a recommended answer; an example is for facts only")
            else:
                q.state_examples[pack.state] = example


def _resolve_follow_ups(questions: list["Question"], problems: list[str]) -> None:
    """A choice question's ``follow_ups`` (option -> question asking for its number), checked and attached."""
    by_id = {q.id: q for q in questions}
    for q in questions:
        if not q.d.follow_ups:
            continue
        tokens = [t for t, _ in q.choices or ()]
        resolved = {}
        for token, qid in q.d.follow_ups.items():
            other = by_id.get(qid)
            if q.type != "choice":
                problems.append(f"{q.file}: {q.id}: follow_ups are for choice questions")
            elif token not in tokens:
                problems.append(f"{q.file}: {q.id}: follow_ups: no option '{token}' (expected one of {', '.join(tokens)})")
            elif other is None:
                problems.append(f"{q.file}: {q.id}: follow_ups: no question '{qid}'")
            elif other.type not in ("months", "integer"):
                problems.append(f"{q.file}: {q.id}: follow_ups: '{qid}' asks for a {other.type}, not a number")
            else:
                resolved[token] = other
        if resolved:
            q.attach_follow_ups(resolved)


@dataclass
class _LoadContext:
    problems: list[str]
    questions: list["Question"]
    seen_ids: dict[str, Path]
    seen_fields: dict[str, tuple[str, bool]]  # field -> (question id, asked by a state pack)
    rubric: Mapping[str, dict]
    cache: templating.TemplateCache
    labels: ChoiceLabels  # the words offered for each choice (prompts/choices.yaml)
    models: list[tuple[str, str]] = _field(default_factory=list)  # the choices of a "model" question


def model_choices(packs: Iterable) -> list[tuple[str, str]]:
    """(token, label) for the model-agreement question: each state pack's model, then 'none'."""
    out = [(p.state, f"{p.d.name}: {p.d.model_mou}") for p in sorted(packs, key=lambda p: p.state) if p.d.model_mou]
    return out + [("none", "none (this MOU is not based on a model agreement)")]


def _load_question(raw: Any, i: int, step: int, file: Path, pack, ctx: _LoadContext) -> None:
    """Check one question and add it; problems are collected, never raised."""
    problems = ctx.problems
    label = f"question {raw.get('id', i + 1)}" if isinstance(raw, dict) else f"question {i + 1}"
    try:
        d = QuestionDef.model_validate(raw, context={"rubric": ctx.rubric})
    except ValidationError as e:
        for err in e.errors():
            loc = ".".join(str(p) for p in err["loc"])
            problems.append(f"{file}: {label}: {loc}: {err['msg'].removeprefix('Value error, ')}")
        return
    where = f"{file}: {d.id}"
    if d.id in ctx.seen_ids:
        problems.append(f"{where}: duplicate question id (also in {ctx.seen_ids[d.id].name})")
        return
    ctx.seen_ids[d.id] = file
    try:
        _, info = field_info(d.field)
    except KeyError:
        problems.append(f"{where}: unknown field '{d.field}' (see mou_wizard/domain/answers.py)")
        return
    # A field is asked once in prompts/; state packs may each ask a field prompts/ does not (they never
    # apply together, since each is limited to its own state).
    other = ctx.seen_fields.get(d.field)
    if other is not None and (pack is None or not other[1]):
        problems.append(f"{where}: field '{d.field}' is already filled by question '{other[0]}'")
        return
    ctx.seen_fields.setdefault(d.field, (d.id, pack is not None))
    allowed = expected_type(d.field)
    if d.type not in allowed:
        problems.append(f"{where}: type '{d.type}' cannot fill '{d.field}' (expected {' or '.join(sorted(allowed))})")
        return
    when = pack.condition(d.when) if pack is not None else d.when
    condition = None
    if when:
        try:
            condition = templating.compile_condition(when, ctx.cache)
        except templating.TemplateErrors as e:
            problems.append(f"{where}: condition does not parse: {templating.condition_error(e, when)}")
            return
    try:
        concern = tuple(templating.compile_condition(c.when, ctx.cache) for c in d.concerns)
    except templating.TemplateErrors as e:
        problems.append(f"{where}: concern condition does not parse: {templating.condition_error(e, ' and '.join(c.when for c in d.concerns))}")
        return
    bad = {sec for c in d.concerns for sec in c.sec} - set(ctx.rubric)
    if bad:
        problems.append(f"{where}: concern names unknown rubric id {sorted(bad)[0]!r}")
        return
    enum = choice_type(info.annotation)
    choices = ctx.labels.options(enum) if enum is not None else None
    if d.type == "model":
        choices = list(ctx.models)
    tokens = [str(getattr(t, "value", t)) for t, _ in choices or ()]
    unknown = [t for t in d.phrases if t not in tokens]
    if d.phrases and not choices:
        problems.append(f"{where}: phrases are for choice questions")
        return
    if unknown:
        problems.append(f"{where}: phrases: no option '{unknown[0]}' (expected one of {', '.join(tokens)})")
        return
    ctx.questions.append(Question(d, step, file, condition, choices, concern))


def load_review_questions(directory: Path, rubric: Mapping[str, dict], cache: templating.TemplateCache,
                          labels: ChoiceLabels, interview: QuestionSet) -> QuestionSet:
    """What ``mou-wizard review`` asks: the interview's questions, then prompts/review.yaml's as step 6."""
    file = directory / "review.yaml"
    problems: list[str] = []
    questions: list[Question] = []
    ctx = _LoadContext(problems, questions, {}, {}, rubric, cache, labels,
                       [c for q in interview.questions if q.type == "model" for c in q.choices or ()])
    try:
        data = read_yaml(file, cache=cache)
    except ContentError as e:
        return QuestionSet(interview.steps, interview.questions, [str(e)])
    if not isinstance(data, dict) or not isinstance(data.get("questions") or [], list):
        return QuestionSet(interview.steps, interview.questions,
                           [f"{file}: expected a mapping with 'title', 'intro' and a list of 'questions'"])
    step = StepInfo(6, str(data.get("title", "This review")), str(data.get("intro", "")).strip(), file,
                    str(data.get("short", "This review")))
    for i, raw in enumerate(data.get("questions") or []):
        _load_question(raw, i, 6, file, None, ctx)
    return QuestionSet(interview.steps + [step], interview.questions + questions, problems)

"""What a set of answers leaves open: the values each open decision may take (for working out the
clauses that turn on it, :class:`~mou_wizard.engine.selection.OpenAnswers`) and the list of open
decisions a draft shows at the front (:func:`open_decisions`).

An answer is open when the interview would still ask its question: it applies to these answers and
has no value. Facts about the draft itself (``document.*``: version and date of the header) are not
decisions of the Parties and are never listed.
"""

from __future__ import annotations

from typing import Any, Iterable

from mou_wizard import templating
from mou_wizard.content.bundle import ContentBundle
from mou_wizard.content.questions import Question
from mou_wizard.domain.answers import Answers, choice_type, field_info
from mou_wizard.domain.draft import OpenDecision
from mou_wizard.engine.selection import OpenAnswers, Selected
from mou_wizard.errors import UserError

# Fields the signature page prints.
SIGNATURE_FIELDS = frozenset({"parties.signatories", "parties.district_name", "parties.agency_name"})


def value_of(answers: Answers, path: str) -> Any:
    section, name = path.split(".")
    return getattr(getattr(answers, section), name)


def open_questions(answers: Answers, content: ContentBundle) -> list[Question]:
    """The questions the interview would still ask, in interview order (one per field)."""
    ctx = templating.answers_context(answers)
    out: dict[str, Question] = {}
    for q in content.questions.questions:
        if q.field.startswith("document.") or q.field in out:
            continue
        if value_of(answers, q.field) is None and q.applies(ctx):
            out[q.field] = q
    return list(out.values())


def _recommended_first(values: list[Any], recommended: Any) -> tuple[Any, ...]:
    first = [v for v in values if v == recommended]
    return tuple(first + [v for v in values if v != recommended])


def shown_values(answers: Answers, content: ContentBundle) -> dict[str, Any]:
    """Answered fields whose stored token prints as something else (a model agreement's name)."""
    code = answers.partnership.model_mou
    if code is None or code == "none":
        return {}
    pack = content.packs.get(code)
    if pack is None or not pack.d.model_mou:
        known = ", ".join(c for c, p in sorted(content.packs.items()) if p.d.model_mou) or "none known"
        raise UserError(f"partnership.model_mou: {code!r}: the wizard knows no model agreement for that state; "
                        f"answer 'none' or the code of a state whose model it knows ({known})")
    return {"partnership.model_mou": templating.NamedToken(code, pack.d.model_mou)}


def _model_values(answers: Answers, content: ContentBundle) -> tuple[Any, ...]:
    """An open model question, worked out both ways: the state's own model (or, where the state has
    none, a placeholder naming the known models), and no model."""
    pack = content.packs.get(answers.parties.state or "")
    if pack is not None and pack.d.model_mou:
        named: Any = templating.NamedToken(pack.state, pack.d.model_mou)
    else:
        names = [p.d.name for _, p in sorted(content.packs.items()) if p.d.model_mou]
        which = f"the state model agreement this MOU is based on ({', '.join(names[:-1])} or {names[-1]})" \
            if len(names) > 1 else "the state or district model agreement this MOU is based on"
        named = templating.Placeholder(which, "partnership.model_mou")
    return (named, "none")


def open_answers(answers: Answers, content: ContentBundle) -> OpenAnswers:
    choices: dict[str, tuple[Any, ...]] = {}
    lists: dict[str, frozenset[str]] = {}
    for q in open_questions(answers, content):
        rec = q.d.recommended
        if q.type == "yesno":
            choices[q.field] = _recommended_first([True, False], rec)
        elif q.type == "choice":
            enum = choice_type(field_info(q.field)[1].annotation)
            choices[q.field] = _recommended_first(list(enum), rec)
        elif q.type == "model":
            choices[q.field] = _model_values(answers, content)
        elif q.type == "multichoice":
            lists[q.field] = frozenset(rec or ())
    return OpenAnswers(choices, lists, shown_values(answers, content))


def places(field: str, selected: Iterable[Selected], document_fields: dict[str, frozenset[str]]) -> tuple[str, ...]:
    """Where an answer shows in the draft: "Title", "Preamble", "Recitals", section numbers, "Signature page"."""
    out = [label for label, key in (("Title", "title"), ("Preamble", "preamble")) if field in document_fields[key]]
    sections: list[str] = []
    for sel in selected:
        if field in sel.clause.fields:
            if not sel.number:
                if "Recitals" not in out:
                    out.append("Recitals")
            else:
                sections.append(sel.number)
    out += sections
    if field in SIGNATURE_FIELDS:
        out.append("Signature page")
    return tuple(out)


def open_decisions(answers: Answers, content: ContentBundle, selected: list[Selected]) -> tuple[OpenDecision, ...]:
    """Each open answer, where it shows, and the question that settles it."""
    document_fields = {key: frozenset(templating.mentioned_fields(content.document.sources[key]))
                       for key in ("title", "preamble")}
    out = []
    for q in open_questions(answers, content):
        _, info = field_info(q.field)
        what = templating.placeholder_for(info.description, q.field.split(".")[1]).what
        out.append(OpenDecision(q.id, q.field, what, q.d.text, places(q.field, selected, document_fields)))
    return tuple(out)

"""Why each clause of a revision draft changed, from the answers: which answers the clause reads
changed, from what to what, and the rubric items the clause serves (the comment on each tracked
change; see :mod:`mou_wizard.docx.revision`)."""

from __future__ import annotations

from typing import Any

from mou_wizard import templating
from mou_wizard.content.bundle import ContentBundle
from mou_wizard.domain.answers import Answers, all_field_paths

# The fixed parts of the document read these fields.
_FIXED_FIELDS = {
    "title": {"parties.district_name", "parties.agency_name", "document.version", "document.draft_date"},
    "preamble": {"parties.district_name", "parties.agency_name", "parties.effective_date", "parties.district_board",
                 "parties.agency_contracting_party"},
    "signatures": {"parties.signatories", "parties.district_name", "parties.agency_name",
                   "parties.agency_contracting_party", "parties.form_approval", "parties.attestation"},
}


_KNOWN_FIELDS = set(all_field_paths())


def _fields_of_clause(clause) -> set[str]:
    """The answer fields a clause reads, in its condition, alternatives and text (a textual scan:
    fast, and a name in a string literal only adds a field that then shows no change)."""
    d = clause.d
    sources = [d.when or ""] + [text for _, text in d.bodies()] + [a.when for a in d.alternatives or ()]
    return set().union(*(templating.mentioned_fields(source) for source in sources)) & _KNOWN_FIELDS


def _said(answers: Answers, path: str, by_field: dict) -> str:
    section, name = path.split(".")
    value = getattr(getattr(answers, section), name)
    q = by_field.get(path)
    if value is None:
        return "not answered"
    if q is None:
        return str(value)
    return q.say(value).rstrip(".")


def _label(path: str, by_field: dict) -> str:
    q = by_field.get(path)
    if q and q.d.topics:
        return q.d.topics[0][:1].upper() + q.d.topics[0][1:]
    return path.split(".")[1].replace("_", " ").capitalize()


def reasons_for(old: Answers, new: Answers, changes: list[Any], content: ContentBundle) -> dict[str, str]:
    """The comment for each change: the answers behind it that changed, and the rubric items it serves."""
    clauses = content.library.by_id()
    by_field = content.questions.by_field()
    out: dict[str, str] = {}
    for change in changes:
        clause = clauses.get(change.clause_id)
        fields = _fields_of_clause(clause) if clause else _FIXED_FIELDS.get(change.clause_id, set())
        moved = [f for f in sorted(fields) if _said(old, f, by_field) != _said(new, f, by_field)]
        parts = []
        if change.clause_id == "appendix":
            out[change.clause_id] = ("Appendix A follows the changes above: each rubric item's status and the "
                                     "sections that meet it are worked out again from the new answers.")
            continue
        if moved:
            parts.append("Answers changed: " + "; ".join(
                f"{_label(f, by_field)}: {_said(old, f, by_field)} → {_said(new, f, by_field)}" for f in moved) + ".")
        elif change.kind != "changed":
            parts.append(f"Clause {change.kind} by the new answers.")
        else:
            parts.append("Wording follows other changes in the draft (for example, renumbered references).")
        if clause and clause.d.sec:
            parts.append(f"Serves {', '.join(clause.d.sec)}.")
        out[change.clause_id] = " ".join(parts)
    return out

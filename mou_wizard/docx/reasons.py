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


def said(answers: Answers, path: str, by_field: dict) -> str:
    """An answer as the draft says it ("every 24 months"), or "not answered"."""
    section, name = path.split(".")
    value = getattr(getattr(answers, section), name, None) if getattr(answers, section) is not None else None
    q = by_field.get(path)
    if value is None:
        return "not answered"
    if q is None:
        return str(value)
    return q.say(value).rstrip(".")


def label_of(path: str, by_field: dict) -> str:
    """The question's label for an answer ("Review cycle"), from its first topic or its field name."""
    q = by_field.get(path)
    if q and q.d.topics:
        return q.d.topics[0][:1].upper() + q.d.topics[0][1:]
    return path.split(".")[1].replace("_", " ").capitalize()


def fields_behind(change: Any, old: Answers, new: Answers, content: ContentBundle) -> list[str]:
    """The answers that the changed part reads and that changed from OLD to NEW."""
    clause = content.library.by_id().get(change.clause_id)
    by_field = content.questions.by_field()
    if clause is not None:
        fields = _fields_of_clause(clause)
    elif change.clause_id == "recitals":  # the recitals are the clauses of the library's recitals section
        fields = set().union(*(_fields_of_clause(c) for c in content.library.by_id().values()
                               if c.id.startswith("recitals.")))
    else:
        fields = _FIXED_FIELDS.get(change.clause_id, set())
    return [f for f in sorted(fields) if said(old, f, by_field) != said(new, f, by_field)]


def state_reason(old: Answers, new: Answers, content: ContentBundle) -> str:
    """Why a change follows a change of state: the state pack that now applies (or no longer does)."""
    a, b = old.parties.state, new.parties.state
    pack_new, pack_old = content.packs.get(b) if b else None, content.packs.get(a) if a else None
    if pack_new is not None:
        why = (f"Reason: the {pack_new.d.name} state pack ({pack_new.d.citation}; texts as of "
               f"{pack_new.d.text_as_of}) applies now")
        return why + (f" in place of the {pack_old.d.name} pack." if pack_old is not None else ".")
    if pack_old is not None:
        return f"Reason: the {pack_old.d.name} state pack ({pack_old.d.citation}) no longer applies."
    return "Reason: the state whose law governs this MOU changed."


def reasons_for(old: Answers, new: Answers, changes: list[Any], content: ContentBundle,
                appendix: str = "") -> dict[str, str]:
    """The comment for each change: the answers behind it that changed, and the rubric items it
    serves; ``appendix``: what changed in Appendix A and why (see :func:`mou_wizard.docx.summary.appendix_text`)."""
    clauses = content.library.by_id()
    by_field = content.questions.by_field()
    out: dict[str, str] = {}
    for change in changes:
        clause = clauses.get(change.clause_id)
        if change.clause_id == "appendix":
            out[change.clause_id] = "Appendix A: " + (appendix or "worked out again from the new answers.")
            if "parties.state" in fields_behind(change, old, new, content) or old.parties.state != new.parties.state:
                out[change.clause_id] += " " + state_reason(old, new, content)
            continue
        moved = fields_behind(change, old, new, content)
        parts = []
        if moved:
            parts.append("Answers changed: " + "; ".join(
                f"{label_of(f, by_field)}: {said(old, f, by_field)} → {said(new, f, by_field)}" for f in moved) + ".")
            if "parties.state" in moved:
                parts.append(state_reason(old, new, content))
        elif change.kind != "changed":
            parts.append(f"Clause {change.kind} by the new answers.")
        else:
            parts.append("Wording follows other changes in the draft (for example, renumbered references).")
        if clause and clause.d.sec:
            parts.append(f"Serves {', '.join(clause.d.sec)}.")
        out[change.clause_id] = " ".join(parts)
    return out

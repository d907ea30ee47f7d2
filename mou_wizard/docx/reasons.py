"""``mou-wizard revise OLD.yaml NEW.yaml``: the revision draft, and why each clause changed.

The tracked changes themselves come from :mod:`mou_wizard.docx.revision`; this module checks that the
two answer files belong together, and writes each change's reason from the answers: which answers the
clause reads changed, from what to what, and the rubric items the clause serves.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any


from mou_wizard import templating
from mou_wizard.content.clauses import library
from mou_wizard.engine.drafting import build_draft
from mou_wizard.errors import UserError
from mou_wizard.domain.answers import Answers, all_field_paths
from mou_wizard.content.questions import question_set

# The fixed parts of the document read these fields.
_FIXED_FIELDS = {
    "title": {"parties.district_name", "parties.agency_name", "document.version", "document.draft_date"},
    "preamble": {"parties.district_name", "parties.agency_name", "parties.effective_date"},
    "signatures": {"parties.signatories", "parties.district_name", "parties.agency_name"},
}


def _version_key(version: str | None) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version or ""))


def check_pair(old: Answers, new: Answers, old_name: str, new_name: str) -> None:
    """Refuse two answer files that are not two cycles of the same MOU, in order."""
    for field, what in (("district_name", "district"), ("agency_name", "agency")):
        a, b = getattr(old.parties, field), getattr(new.parties, field)
        if a and b and a.strip().casefold() != b.strip().casefold():
            raise UserError(f"{new_name}: parties.{field}: {what} {b!r} differs from {a!r} in {old_name}; "
                            "expected two versions of the same MOU")
    ov, nv = old.document.version, new.document.version
    if ov and nv and _version_key(nv) < _version_key(ov):
        raise UserError(f"{new_name}: document.version: {nv!r} is older than {ov!r} in {old_name}; "
                        "expected OLD first, then NEW")
    od, nd = old.document.draft_date, new.document.draft_date
    if od and nd and nd < od:
        raise UserError(f"{new_name}: document.draft_date: {nd} is earlier than {od} in {old_name}; "
                        "expected OLD first, then NEW")


_KNOWN_FIELDS = set(all_field_paths())


def _fields_of_clause(clause) -> set[str]:
    """The answer fields a clause reads, in its condition, alternatives and text (a textual scan:
    fast, and a name in a string literal only adds a field that then shows no change)."""
    d = clause.d
    sources = [d.when or ""] + [text for _, text in d.bodies()] + [a.when for a in d.alternatives or ()]
    return set().union(*(templating.mentioned_fields(source) for source in sources)) & _KNOWN_FIELDS


def _said(answers: Answers, path: str) -> str:
    section, name = path.split(".")
    value = getattr(getattr(answers, section), name)
    q = question_set().by_field().get(path)
    if value is None:
        return "not answered"
    if q is None:
        return str(value)
    return q.say(value).rstrip(".")


def _label(path: str) -> str:
    q = question_set().by_field().get(path)
    if q and q.d.topics:
        return q.d.topics[0][:1].upper() + q.d.topics[0][1:]
    return path.split(".")[1].replace("_", " ").capitalize()


def reasons_for(old: Answers, new: Answers, changes: list[Any]) -> dict[str, str]:
    """The comment for each change: the answers behind it that changed, and the rubric items it serves."""
    clauses = library().by_id()
    out: dict[str, str] = {}
    for change in changes:
        clause = clauses.get(change.clause_id)
        fields = _fields_of_clause(clause) if clause else _FIXED_FIELDS.get(change.clause_id, set())
        moved = [f for f in sorted(fields) if _said(old, f) != _said(new, f)]
        parts = []
        if change.clause_id == "appendix":
            out[change.clause_id] = ("Appendix A follows the changes above: each rubric item's status and the "
                                     "sections that meet it are worked out again from the new answers.")
            continue
        if moved:
            parts.append("Answers changed: " + "; ".join(f"{_label(f)}: {_said(old, f)} → {_said(new, f)}"
                                                        for f in moved) + ".")
        elif change.kind != "changed":
            parts.append(f"Clause {change.kind} by the new answers.")
        else:
            parts.append("Wording follows other changes in the draft (for example, renumbered references).")
        if clause and clause.d.sec:
            parts.append(f"Serves {', '.join(clause.d.sec)}.")
        out[change.clause_id] = " ".join(parts)
    return out


def revision_bytes_for(old: Answers, new: Answers, date: _dt.date | None = None) -> bytes:
    from mou_wizard.docx.revision import compare, revision_bytes

    old_draft, new_draft = build_draft(old), build_draft(new)
    changes = compare(old_draft, new_draft)
    when = date or new.document.draft_date or (new.review.date if new.review else None) or _dt.date(2000, 1, 1)
    return revision_bytes(old_draft, new_draft, reasons_for(old, new, changes), date=when)

"""What the front matter of a revision draft says (``mou-wizard revise``), worked out from the two answer
files and their drafts; :mod:`mou_wizard.docx.front` lays it out.

* The summary of changes, grouped by answer: one :class:`AnswerRow` per answer that changed (its
  question's label, the old and the new value as the draft says them, every section it touches,
  Appendix A included when a rubric item's status moved with it), then the sections no answer
  explains (renumbered references and the like).
* Rubric regressions: a SECURe item that was met in the old draft and is against or missing in the new.
* Appendix A's changes, named with the answers behind them (also the comment on the appendix).
* The review record (``review.*`` of the new answers) as a cover memo, and a stale effective date.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from mou_wizard.content.bundle import ContentBundle
from mou_wizard.docx.parts import PSEUDO_LABELS, ClauseChange, section_label
from mou_wizard.docx.reasons import fields_behind, label_of, said
from mou_wizard.domain.answers import Answers, all_field_paths
from mou_wizard.domain.draft import Draft
from mou_wizard.language.dates import add_months
from mou_wizard.templating import format_date

REGRESSED = ("against", "missing")
APPENDIX = PSEUDO_LABELS["appendix"]


@dataclass(frozen=True)
class AnswerRow:
    label: str                    # the question's label, e.g. "Refresher training"
    field: str                    # e.g. "training.refresher_hours"
    old: str                      # as the draft says it, e.g. "8 hours"
    new: str
    sections: tuple[str, ...]     # "17.2", "14.2 (added)", "old 19.4 (removed)", "Appendix A (SEC-2.5)"


@dataclass(frozen=True)
class StatusChange:
    item: str                     # "SEC-2.5" or a state requirement "VA-2"
    summary: str
    old: str                      # met | partly | against | missing | "" (not in the old draft)
    new: str
    answers: tuple[str, ...]      # "Annual notice: yes → no"

    def __str__(self) -> str:
        behind = f" ({'; '.join(self.answers)})" if self.answers else ""
        return f"{self.item}: {self.old or 'not listed'} → {self.new or 'not listed'}{behind}"


@dataclass(frozen=True)
class FrontMatter:
    memo: tuple[tuple[str, str], ...]      # (what, record) of the review, in the order a memo reads
    flags: tuple[str, ...]                 # warnings for counsel (a stale effective date)
    rows: tuple[AnswerRow, ...]
    other: tuple[str, ...]                 # sections changed that no answer explains
    regressions: tuple[StatusChange, ...]
    appendix: str                          # Appendix A's changes and the answers behind them ("" if none)
    previous: str                          # the old draft's version, e.g. "1.0"


# --- answers -------------------------------------------------------------------------------------


def changed_fields(old: Answers, new: Answers, content: ContentBundle) -> list[str]:
    """The answers (outside the review record) that read differently in NEW, in answer-file order."""
    by_field = content.questions.by_field()
    return [f for f in all_field_paths() if not f.startswith("review.")
            and said(old, f, by_field) != said(new, f, by_field)]


def _move(f: str, old: Answers, new: Answers, by_field: dict) -> str:
    return f"{label_of(f, by_field)}: {said(old, f, by_field)} → {said(new, f, by_field)}"


def _where(change: ClauseChange) -> str:
    label = section_label(change)
    return f"{label} (added)" if change.kind == "added" and change.clause_id not in PSEUDO_LABELS else label


# --- Appendix A ----------------------------------------------------------------------------------


def status_changes(old: Answers, new: Answers, old_draft: Draft, new_draft: Draft,
                   content: ContentBundle) -> list[StatusChange]:
    """Every rubric item and state requirement whose status differs between the drafts' appendices,
    with the changed answers behind it (the questions that serve it)."""
    by_field, by_id = content.questions.by_field(), content.questions.by_id()
    moved = set(changed_fields(old, new, content))

    def behind(question_ids) -> tuple[str, ...]:
        fields = [by_id[q].field for q in question_ids if q in by_id]
        return tuple(_move(f, old, new, by_field) for f in dict.fromkeys(fields) if f in moved)

    out = []
    olds = {i.sec_id: i for i in old_draft.coverage}
    for item in new_draft.coverage:
        before = olds.get(item.sec_id)
        if before is not None and before.status != item.status:
            out.append(StatusChange(item.sec_id, item.summary, before.status, item.status,
                                    behind(dict.fromkeys(before.questions + item.questions))))
    sa, sb = old_draft.state_alignment, new_draft.state_alignment
    if sa and sb and sa.code == sb.code:
        rows = {r.req_id: r for r in sa.rows}
        for r in sb.rows:
            if r.req_id in rows and rows[r.req_id].status != r.status:
                out.append(StatusChange(r.req_id, r.description, rows[r.req_id].status, r.status,
                                        behind(dict.fromkeys(rows[r.req_id].questions + r.questions))))
    return out


def _pack_phrase(code: str | None, content: ContentBundle) -> str:
    pack = content.packs.get(code) if code else None
    if pack is None:
        return "no state pack"
    return f"the {pack.d.name} state pack ({pack.d.citation}; texts as of {pack.d.text_as_of})"


def appendix_text(old: Answers, new: Answers, old_draft: Draft, new_draft: Draft, content: ContentBundle,
                  moves: list[StatusChange]) -> str:
    """What changed in Appendix A and why, in one paragraph (the appendix comment and summary line)."""
    parts = []
    sa, sb = old_draft.state_alignment, new_draft.state_alignment
    if (sa.code if sa else None) != (sb.code if sb else None):
        by_field = content.questions.by_field()
        parts.append(f"The state table now follows {_pack_phrase(sb.code if sb else None, content)} in place of "
                     f"{_pack_phrase(sa.code if sa else None, content)} ({_move('parties.state', old, new, by_field)}).")
    if moves:
        parts.append("Statuses changed: " + "; ".join(str(m) for m in moves) + ".")
    if not parts and (tuple(old_draft.coverage), old_draft.state_alignment) != (tuple(new_draft.coverage),
                                                                                new_draft.state_alignment):
        parts.append("No status changed; the section numbers it lists follow the changes above.")
    return " ".join(parts)


# --- the review record ---------------------------------------------------------------------------

_MEMO = (
    ("Date of the review", "date"),
    ("Recorded by", "reviewer"),
    ("Who took part", "participants"),
    ("What the data showed", "data_findings"),
    ("Complaints", "complaints"),
    ("Evaluation", "evaluation_results"),
    ("Changes in the law", "law_changes"),
)
NOT_RECORDED = "Not recorded."


def memo(new: Answers, content: ContentBundle) -> tuple[tuple[str, str], ...]:
    """The review record as (heading, text) lines; an item the review left empty says so."""
    review = new.review
    if review is None:
        return ()
    by_field = content.review_questions.by_field()
    out = []
    for heading, name in _MEMO:
        value = getattr(review, name)
        if value is None or (isinstance(value, str) and not value.strip()) or value == []:
            text = NOT_RECORDED
        elif name == "date":
            text = format_date(value)
        elif f"review.{name}" in by_field and not isinstance(value, str):
            text = by_field[f"review.{name}"].say(value).rstrip(".") + "."
        else:
            text = " ".join(str(value).split())
        out.append((heading, text))
    return tuple(out)


def stale_date(new: Answers, review_date: _dt.date | None) -> str | None:
    """A warning when NEW's effective date is stale against the review date: the term it starts has
    already run out, or it lies before the review (a revised MOU taking effect in the past)."""
    effective, term = new.parties.effective_date, new.parties.term_months
    if effective is None or review_date is None:
        return None
    ends = add_months(effective, term) if term else None
    if ends is not None and ends <= review_date:
        return (f"Stale effective date: the new answers give the effective date {format_date(effective)}; with a "
                f"term of {term} months the MOU ran out on {format_date(ends)}, before this review "
                f"({format_date(review_date)}). Set a new effective date (parties.effective_date).")
    if effective < review_date:
        return (f"Stale effective date: the new answers give the effective date {format_date(effective)}, before "
                f"this review ({format_date(review_date)}), so the revised MOU would take effect in the past. "
                "Set the date the revision takes effect (parties.effective_date).")
    return None


# --- all of it -----------------------------------------------------------------------------------


def front_matter(old: Answers, new: Answers, old_draft: Draft, new_draft: Draft, changes: list[ClauseChange],
                 content: ContentBundle, review_date: _dt.date | None) -> FrontMatter:
    by_field = content.questions.by_field()
    moves = status_changes(old, new, old_draft, new_draft, content)
    fields = changed_fields(old, new, content)
    touched: dict[str, list[str]] = {f: [] for f in fields}
    other: list[str] = []
    for change in changes:
        if change.clause_id == "appendix":
            continue
        behind = [f for f in fields_behind(change, old, new, content) if f in touched]
        for f in behind:
            touched[f].append(_where(change))
        if not behind:
            other.append(_where(change))
    state_moved = "parties.state" in touched and any(c.clause_id == "appendix" for c in changes)
    for f in fields:
        items = [m.item for m in moves if _move(f, old, new, by_field) in m.answers]
        if f == "parties.state" and state_moved:
            items.append("state table")
        if items:
            touched[f].append(f"{APPENDIX} ({', '.join(items)})")
    rows = tuple(AnswerRow(label_of(f, by_field), f, said(old, f, by_field), said(new, f, by_field),
                           tuple(dict.fromkeys(touched[f]))) for f in fields)
    appendix = ""
    if any(c.clause_id == "appendix" for c in changes):
        appendix = appendix_text(old, new, old_draft, new_draft, content, moves)
    regressions = tuple(m for m in moves if m.item.startswith("SEC-") and m.old == "met" and m.new in REGRESSED)
    flag = stale_date(new, review_date)
    return FrontMatter(memo(new, content), (flag,) if flag else (), rows, tuple(dict.fromkeys(other)),
                       regressions, appendix, old.document.version or "")

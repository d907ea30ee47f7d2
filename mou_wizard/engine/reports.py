"""The scorecard ``mou-wizard check`` prints: each SECURe item and each state requirement with its status,
the draft sections that meet it and the answers responsible, as text, markdown or JSON, all read from
one :class:`~mou_wizard.domain.assessment.Assessment` (the DOCX appendix and the TUI sidebar read
the same object).

JSON format (stable; ``format_version`` changes only when a key is removed or changes meaning):

    {
      "format_version": 1,
      "summary": {"met": 27, "partly": 1, "against": 1, "missing": 1, "total": 30},
      "rubric": [
        {"id": "SEC-1.4", "summary": "...", "source": "seed", "status": "met",
         "sections": ["22.3"], "clauses": ["term.review"],
         "answers": [{"question": "review_cycle", "field": "partnership.review_cycle_months",
                      "value": 24, "said": "every 24 months (every two years)", "against": false}],
         "open_questions": [], "against_questions": []},
        ...
      ],
      "open_decisions": [
        {"question": "reports_public", "field": "partnership.reports_public",
         "what": "whether the data reports are published", "text": "Should the data reports be ...?",
         "places": ["12.4"]},
        ...
      ],
      "disclaimer": "..."
    }

``open_decisions`` (added within format_version 1) lists the answers still open, as the draft's
"Open decisions" list does: what is open, the question that settles it, and where it shows ("Title",
"Preamble", "Recitals", section numbers, "Signature page"). ``render --final`` is refused while it is
not empty.

``status`` is one of met, partly (a clause serves it but an answer behind it is open), against (an answer
goes against the rubric) or missing (nothing in the draft serves it). ``source`` is seed, federal or
practice (practice items are recommended practice, not rubric requirements).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mou_wizard.content.bundle import ContentBundle
from mou_wizard.domain.answers import Answers, to_plain
from mou_wizard.domain.assessment import STATUSES, Assessment, confidence_label
from mou_wizard.domain.draft import OpenDecision
from mou_wizard.engine.assessment import assess, value_of
from mou_wizard.engine.open_answers import open_answers, open_decisions
from mou_wizard.engine.selection import select

FORMAT_VERSION = 1
DISCLAIMER = ("This scorecard checks the answers and the draft against the SECURe rubrics. It is a checklist "
              "for the parties and their counsel, not legal advice.")


@dataclass(frozen=True)
class Report:
    """An assessment with the answers behind it, ready to print in any format."""

    assessment: Assessment
    answers: Answers
    content: ContentBundle
    open_decisions: tuple[OpenDecision, ...] = ()

    def said(self, question_id: str) -> str:
        q = self.content.questions.by_id()[question_id]
        return q.say(value_of(self.answers, q.field))

    def data(self) -> dict[str, Any]:
        """The JSON object (see the module docstring)."""
        by_id = self.content.questions.by_id()
        rows = []
        for item in self.assessment.items:
            answers_rows = []
            for qid in item.questions:
                q = by_id[qid]
                value = value_of(self.answers, q.field)
                answers_rows.append({
                    "question": q.id, "field": q.field, "value": to_plain(value), "said": q.say(value),
                    "against": q.id in item.against,
                })
            rows.append({
                "id": item.sec_id, "summary": item.summary, "source": item.source, "status": item.status,
                "sections": list(item.sections), "clauses": list(item.clauses), "answers": answers_rows,
                "open_questions": list(item.open_questions), "against_questions": list(item.against),
            })
        summary = {s: self.assessment.count(s) for s in STATUSES}
        summary["total"] = self.assessment.total
        st = self.assessment.state
        state = None
        if st is not None:
            reqs = [{"id": r.req_id, "description": r.description, "kind": r.kind,
                     "source": {"title": r.source_title, "address": r.source_address}, "text_as_of": r.text_as_of,
                     "confidence": r.confidence, "confidence_label": confidence_label(r.confidence),
                     "status": r.status, "sections": list(r.sections), "clauses": list(r.clauses),
                     "questions": list(r.questions)}
                    for r in st.rows]
            counts = {s: st.count(s) for s in ("met", "partly", "against", "missing")}
            sources = [{"title": t, "address": a, "text_as_of": d, "confidence": c, "confidence_label": confidence_label(c)}
                       for t, a, d, c in st.sources]
            state = {"code": st.code, "name": st.name, "citation": st.citation, "text_as_of": st.text_as_of,
                     "sources": sources, "confidence": st.confidence, "agreement_required": st.agreement_required,
                     "summary": {**counts, "total": len(st.rows)}, "requirements": reqs, "disclaimer": st.disclaimer}
        decisions = [{"question": d.question_id, "field": d.field, "what": d.what, "text": d.question,
                      "places": list(d.places)} for d in self.open_decisions]
        return {"format_version": FORMAT_VERSION, "summary": summary, "rubric": rows, "state": state,
                "open_decisions": decisions, "disclaimer": DISCLAIMER}

    def json(self) -> str:
        import json

        return json.dumps(self.data(), indent=2, ensure_ascii=False, default=json_default) + "\n"

    def text(self, width: int = 100) -> str:
        return _text(self, width)

    def markdown(self) -> str:
        return _markdown(self)

    @property
    def failed(self) -> bool:
        """Anything missing or against the rubric, or a term the state pack requires missing or answered
        against (``--strict``).
        A missing "supporting data" row (data the law asks of someone else, e.g. a state agency) is shown, not failed."""
        st = self.assessment.state
        return bool(self.assessment.count("missing") or self.assessment.count("against")
                    or (st is not None and any(r.status in ("missing", "against") and r.kind == "term"
                                               for r in st.rows)))


def json_default(obj: Any) -> Any:
    import datetime as _dt

    if isinstance(obj, _dt.date):
        return obj.isoformat()
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def report(answers: Answers, content: ContentBundle, state: str | None = None,
           selected: list | None = None) -> Report:
    """The scorecard for these answers, with the state pack's (``state``, or else the answers' state
    when a pack exists for it). ``selected``: the clause selection, when the caller has it already."""
    if selected is None:
        selected = select(answers, content.library, open_answers(answers, content))
    return Report(assess(answers, content, state=state, selected=selected), answers, content,
                  open_decisions(answers, content, selected))


def scorecard(answers: Answers, content: ContentBundle, state: str | None = None) -> dict[str, Any]:
    """The scorecard as the JSON object."""
    return report(answers, content, state).data()


_MARK = {"met": "met", "partly": "partly", "against": "AGAINST", "missing": "MISSING"}


def _text(rep: Report, width: int) -> str:
    a = rep.assessment
    lines = [f"SECURe rubric: {a.count('met')} met, {a.count('partly')} partly, {a.count('against')} against, "
             f"{a.count('missing')} missing (of {a.total})", ""]
    lines.append(f"{'Item':<8} {'Source':<9} {'Status':<8} {'Met by':<16} What it asks")
    lines.append("-" * min(width, 100))
    for item in a.items:
        met_by = ", ".join(item.sections) or "-"
        if len(met_by) > 16:
            met_by = met_by[:15] + "…"
        summary = item.summary
        room = max(20, width - 45)
        if len(summary) > room:
            summary = summary[: room - 1] + "…"
        lines.append(f"{item.sec_id:<8} {item.source:<9} {_MARK[item.status]:<8} {met_by:<16} {summary}")
        if item.status in ("against", "partly"):
            for qid in item.against if item.status == "against" else item.open_questions:
                lines.append(f"{'':<8} {'':<9} {'':<8} {'':<16}   {qid}: {rep.said(qid)}")
    st = a.state
    if st:
        lines += ["", f"{st.name} ({st.citation}; texts as of {st.text_as_of}): "
                      f"{st.count('met')} met, {st.count('partly')} partly, {st.count('against')} against, "
                      f"{st.count('missing')} missing "
                      f"(of {len(st.rows)})",
                  f"Agreement required: {st.agreement_required}", ""]
        lines.append(f"{'Req.':<8} {'Status':<8} {'Met by':<16} Requirement")
        lines.append("-" * min(width, 100))
        for r in st.rows:
            met_by = ", ".join(r.sections) or "-"
            lines.append(f"{r.req_id:<8} {_MARK[r.status]:<8} {met_by[:16]:<16} {r.description}")
            lines.append(f"{'':<8} {'':<8} {'':<16} {r.source_note()}")
        lines += ["", "Sources:"] + [f"  {line}" for line in st.source_lines()]
        lines += ["", st.disclaimer]
    if rep.open_decisions:
        lines += ["", f"Open decisions ({len(rep.open_decisions)}; no signing copy until they are settled):"]
        for d in rep.open_decisions:
            lines.append(f"  {d.question_id}: {d.what} ({', '.join(d.places) or 'no section yet'})")
    lines += ["", DISCLAIMER]
    return "\n".join(lines) + "\n"


def _markdown(rep: Report) -> str:
    a = rep.assessment
    out = ["# Rubric scorecard", "",
           f"**SECURe rubric:** {a.count('met')} met, {a.count('partly')} partly, {a.count('against')} against, "
           f"{a.count('missing')} missing (of {a.total}).", "",
           "| Item | Source | Status | Met by | What it asks |", "|---|---|---|---|---|"]
    for item in a.items:
        text = item.summary.replace("|", "\\|")
        out.append(f"| {item.sec_id} | {item.source} | {item.status} | {', '.join(item.sections) or '-'} | {text} |")
    st = a.state
    if st:
        out += ["", f"## {st.name}", "",
                f"{st.citation} (texts as of {st.text_as_of}). "
                f"**{st.count('met')} met, {st.count('partly')} partly, {st.count('against')} against, "
                f"{st.count('missing')} missing** "
                f"(of {len(st.rows)}).", "",
                f"Agreement required: {st.agreement_required}", "",
                "| Requirement | Status | Met by | Description | Source |", "|---|---|---|---|---|"]
        for r in st.rows:
            out.append(f"| {r.req_id} | {r.status} | {', '.join(r.sections) or '-'} | "
                       f"{r.description.replace('|', chr(92) + '|')} | {r.source_note().replace('|', chr(92) + '|')} |")
        out += ["", "Sources:", ""] + [f"- {line}" for line in st.source_lines()]
        out += ["", f"_{st.disclaimer}_"]
    if rep.open_decisions:
        out += ["", "## Open decisions", "", "| Question | Open decision | Where it shows |", "|---|---|---|"]
        for d in rep.open_decisions:
            out.append(f"| {d.question_id} | {d.what.replace('|', chr(92) + '|')} | {', '.join(d.places) or '-'} |")
    out += ["", f"_{DISCLAIMER}_", ""]
    return "\n".join(out)

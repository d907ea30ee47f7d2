"""The scorecard: each SECURe item (and, later in this module's life, each state requirement) with its
status, the draft sections that meet it and the answers responsible. ``mou-wizard check`` prints it;
the DOCX appendix and the TUI sidebar show the same figures.

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
      "disclaimer": "..."
    }

``status`` is one of met, partly (a clause serves it but an answer behind it is open), against (an answer
goes against the rubric) or missing (nothing in the draft serves it). ``source`` is seed, federal or
practice (practice items are recommended practice, not rubric requirements).
"""

from __future__ import annotations

from typing import Any


from mou_wizard import templating
from mou_wizard.files.answer_files import _plain
from mou_wizard.content.clauses import library, select
from mou_wizard.content.files import rubric
from mou_wizard.engine.coverage import STATUSES, coverage
from mou_wizard.domain.answers import Answers
from mou_wizard.content.questions import question_set

FORMAT_VERSION = 1
DISCLAIMER = ("This scorecard checks the answers and the draft against the SECURe rubrics. It is a checklist "
              "for the parties and their counsel, not legal advice.")


def state_section(answers: Answers, state: str, selected: list | None = None) -> dict[str, Any]:
    """Each requirement of the state's pack: met, partly (an answer it needs is open) or missing."""
    from mou_wizard.errors import UserError
    from mou_wizard.content.packs import PACK_DISCLAIMER, packs, requirement_status

    available = packs()
    pack = available.get(state.upper())
    if pack is None:
        known = ", ".join(sorted(available)) or "none"
        raise UserError(f"--state {state}: no requirement pack for that state (packs: {known})")
    ctx = templating.answers_context(answers)
    if selected is None:
        selected = select(answers, library())
    sections = {sel.clause.id: sel.number for sel in selected if sel.number}
    reqs = []
    for req in pack.requirements:
        reqs.append({
            "id": req.d.id,
            "description": req.d.description,
            "confidence": req.d.confidence or pack.d.confidence,
            "status": requirement_status(req, answers, ctx),
            "sections": [sections[c] for c in req.d.clauses if c in sections],
            "clauses": [c for c in req.d.clauses if c in sections],
            "questions": list(req.d.questions),
        })
    counts = {s: sum(1 for r in reqs if r["status"] == s) for s in ("met", "partly", "missing")}
    return {
        "code": pack.state, "name": pack.d.name, "citation": pack.d.citation,
        "as_of": pack.d.as_of.isoformat(), "confidence": pack.d.confidence,
        "agreement_required": pack.d.agreement_required, "summary": {**counts, "total": len(reqs)},
        "requirements": reqs, "disclaimer": PACK_DISCLAIMER,
    }


def scorecard(answers: Answers, state: str | None = None, selected: list | None = None) -> dict[str, Any]:
    """The rubric scorecard, plus the state pack's (``state``, or else the state in the answers, when
    a pack exists for it). ``selected``: the clause selection, when the caller has it already."""
    from mou_wizard.content.packs import packs

    if selected is None:
        selected = select(answers, library())
    cov = coverage(answers, selected)
    ctx = templating.answers_context(answers)
    clause_ids: dict[str, list[str]] = {}
    for sel in selected:
        if sel.number:
            for sec in sel.clause.d.sec:
                clause_ids.setdefault(sec, []).append(sel.clause.id)
    questions = [q for q in question_set().questions if q.applies(ctx)]
    items = rubric()
    rows = []
    for item in cov.items:
        answers_rows = []
        for q in questions:
            if item.sec_id not in q.d.sec:
                continue
            section, name = q.field.split(".")
            value = getattr(getattr(answers, section), name)
            answers_rows.append({
                "question": q.id,
                "field": q.field,
                "value": _plain(value.model_dump() if hasattr(value, "model_dump") else
                                [v.model_dump() if hasattr(v, "model_dump") else v for v in value]
                                if isinstance(value, list) else value),
                "said": q.say(value),
                "against": q.id in item.against,
            })
        rows.append({
            "id": item.sec_id,
            "summary": items[item.sec_id]["summary"],
            "source": items[item.sec_id]["source"],
            "status": item.status,
            "sections": list(item.sections),
            "clauses": clause_ids.get(item.sec_id, []),
            "answers": answers_rows,
            "open_questions": list(item.open_questions),
            "against_questions": list(item.against),
        })
    summary = {s: cov.count(s) for s in STATUSES}
    summary["total"] = cov.total
    code = state or answers.parties.state
    state_part = state_section(answers, code, selected) if code and (state or code in packs()) else None
    return {"format_version": FORMAT_VERSION, "summary": summary, "rubric": rows, "state": state_part,
            "disclaimer": DISCLAIMER}


def _json_default(obj: Any) -> Any:
    import datetime as _dt

    if isinstance(obj, _dt.date):
        return obj.isoformat()
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def to_json(card: dict[str, Any]) -> str:
    import json

    return json.dumps(card, indent=2, ensure_ascii=False, default=_json_default) + "\n"


_MARK = {"met": "met", "partly": "partly", "against": "AGAINST", "missing": "MISSING"}


def to_text(card: dict[str, Any], width: int = 100) -> str:
    s = card["summary"]
    lines = [f"SECURe rubric: {s['met']} met, {s['partly']} partly, {s['against']} against, "
             f"{s['missing']} missing (of {s['total']})", ""]
    lines.append(f"{'Item':<8} {'Source':<9} {'Status':<8} {'Met by':<16} What it asks")
    lines.append("-" * min(width, 100))
    for row in card["rubric"]:
        met_by = ", ".join(row["sections"]) or "-"
        if len(met_by) > 16:
            met_by = met_by[:15] + "…"
        summary = row["summary"]
        room = max(20, width - 45)
        if len(summary) > room:
            summary = summary[: room - 1] + "…"
        lines.append(f"{row['id']:<8} {row['source']:<9} {_MARK[row['status']]:<8} {met_by:<16} {summary}")
        if row["status"] in ("against", "partly"):
            which = row["against_questions"] if row["status"] == "against" else row["open_questions"]
            said = {a["question"]: a["said"] for a in row["answers"]}
            for qid in which:
                lines.append(f"{'':<8} {'':<9} {'':<8} {'':<16}   {qid}: {said.get(qid, 'not answered')}")
    st = card.get("state")
    if st:
        ss = st["summary"]
        lines += ["", f"{st['name']} ({st['citation']}; as of {st['as_of']}, {st['confidence']}): "
                      f"{ss['met']} met, {ss['partly']} partly, {ss['missing']} missing (of {ss['total']})",
                  f"Agreement required: {st['agreement_required']}", ""]
        lines.append(f"{'Req.':<8} {'Status':<8} {'Met by':<16} Requirement")
        lines.append("-" * min(width, 100))
        for r in st["requirements"]:
            met_by = ", ".join(r["sections"]) or "-"
            lines.append(f"{r['id']:<8} {_MARK[r['status']]:<8} {met_by[:16]:<16} {r['description']}")
        lines += ["", st["disclaimer"]]
    lines += ["", card["disclaimer"]]
    return "\n".join(lines) + "\n"


def to_markdown(card: dict[str, Any]) -> str:
    s = card["summary"]
    out = ["# Rubric scorecard", "",
           f"**SECURe rubric:** {s['met']} met, {s['partly']} partly, {s['against']} against, "
           f"{s['missing']} missing (of {s['total']}).", "",
           "| Item | Source | Status | Met by | What it asks |", "|---|---|---|---|---|"]
    for row in card["rubric"]:
        text = row["summary"].replace("|", "\\|")
        out.append(f"| {row['id']} | {row['source']} | {row['status']} | {', '.join(row['sections']) or '-'} | {text} |")
    st = card.get("state")
    if st:
        ss = st["summary"]
        out += ["", f"## {st['name']}", "",
                f"{st['citation']} (as of {st['as_of']}, confidence: {st['confidence']}). "
                f"**{ss['met']} met, {ss['partly']} partly, {ss['missing']} missing** (of {ss['total']}).", "",
                f"Agreement required: {st['agreement_required']}", "",
                "| Requirement | Status | Met by | Description |", "|---|---|---|---|"]
        for r in st["requirements"]:
            out.append(f"| {r['id']} | {r['status']} | {', '.join(r['sections']) or '-'} | "
                       f"{r['description'].replace('|', chr(92) + '|')} |")
        out += ["", f"_{st['disclaimer']}_"]
    out += ["", f"_{card['disclaimer']}_", ""]
    return "\n".join(out)

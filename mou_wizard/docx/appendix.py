"""Appendix A: the checklist for counsel after the signature page (never part of the agreement, and left
out of a signing copy): each SECURe rubric item and each requirement of the state pack, with its
status and the sections that meet it, a key to every status and source the tables use, and, when a
state law text was read as of a date later than the draft's, a sentence saying so."""

from __future__ import annotations

import datetime as _dt

from docx.oxml.ns import qn
from lxml.etree import SubElement as _sub

from mou_wizard.docx import render as dr
from mou_wizard.domain.assessment import StateAssessment
from mou_wizard.domain.draft import Draft
from mou_wizard.language.dates import format_date

APPENDIX_TITLE = "Appendix A: Rubric and State Law Alignment"
APPENDIX_NOT_PART = (
    "This appendix is not part of the Memorandum of Understanding and is not signed. It is a checklist for the "
    "Parties and their counsel, and it is left out of the copy prepared for signature."
)
APPENDIX_INTRO = (
    "Each item of the SECURe rubrics (U.S. Department of Education and U.S. Department of Justice, 2016),"
    " how far this Memorandum of Understanding meets it, and the sections that address it."
)
APPENDIX_COLUMNS = ("Rubric item", "What it asks", "Source", "Status", "Met by")
# Column widths in twips; they add up to the 6.5-inch text width of a Letter page with 1" margins.
APPENDIX_WIDTHS = (1300, 3860, 1100, 1100, 2000)
STATE_COLUMNS = ("Requirement", "What the law asks", "Status", "Met by")
STATE_WIDTHS = (1400, 4860, 1100, 2000)
NOT_ADDRESSED = "Not addressed"

STATUS_TEXT = {"met": "Met", "partly": "Partly met", "against": "Against", "missing": "Missing", "": ""}
STATUS_KEY = {
    "met": "a section of this MOU addresses the item, and every answer it depends on has been given.",
    "partly": "a section of this MOU addresses the item, but an answer it depends on is still open.",
    "against": "an answer the Parties gave goes against what the item asks.",
    "missing": "no section of this MOU addresses the item.",
}
# The rubric's `source` tokens (prompts/rubric.yaml), as the Source column prints them.
SOURCE_TEXT = {"seed": "SECURe rubric", "federal": "Federal guidance", "practice": "Good practice"}
SOURCE_KEY = {
    "seed": "the item is in the published summary of the SECURe rubrics.",
    "federal": "the item is a condition of U.S. Department of Justice funding or other federal guidance.",
    "practice": "the item is a recommended practice that the rubrics support but do not state.",
}

_PPR, _KEEPNEXT, _KEEPLINES, _OUTLINE = qn("w:pPr"), qn("w:keepNext"), qn("w:keepLines"), qn("w:outlineLvl")


def _para(body, text: str, *, bold: bool = False, keep_next: bool = True):
    p = dr.new_paragraph(body, dr.STYLE_PREAMBLE, keep_next=keep_next)
    dr.add_run(p, text, bold=bold)
    return p


def add_subheading(body, text: str):
    """A heading inside the appendix (outline level 2, under the appendix's own): bold, kept with its
    lines and with the paragraph after it."""
    p = _para(body, text, bold=True)
    ppr = p.find(_PPR)
    _sub(ppr, _KEEPLINES)  # after w:keepNext, before w:outlineLvl: pPr children have a fixed order
    _sub(ppr, qn("w:spacing")).set(qn("w:before"), "240")  # a line's space above, after a table
    _sub(ppr, _OUTLINE).set(dr._VAL, "1")
    return p


def _key(body, title: str, labels: dict[str, str], meanings: dict[str, str], used: list[str]) -> None:
    """One paragraph: "Title Label: meaning; Label: meaning." for each token in ``used``."""
    p = dr.new_paragraph(body, dr.STYLE_PREAMBLE, keep_next=True)
    dr.add_run(p, f"{title} ", bold=True)
    for i, token in enumerate(used):
        dr.add_run(p, labels.get(token, token), bold=True)
        dr.add_run(p, f": {meanings[token][:-1]}{'.' if i == len(used) - 1 else '; '}")


def status_cell(p, status: str) -> None:
    # A gap (missing, against) is highlighted like an open answer, so a reader cannot miss it.
    dr.add_run(p, STATUS_TEXT.get(status, status), placeholder=status in ("missing", "against"))


def add_status_table(body, columns, widths, rows) -> None:
    """A table whose last two columns are a status and the sections that meet the row.
    ``rows``: (leading cell texts, status, sections)."""
    tbl = dr.new_table(body, dr.STYLE_TABLE, widths)
    for p, label in zip(dr.add_row(tbl, widths, header=True), columns):
        dr.add_run(dr.style_paragraph(p, dr.STYLE_TABLE_HEADING), label)  # the style keeps it with the next row
    for texts, status, sections in rows:
        cells = dr.add_row(tbl, widths)
        for p, text in zip(cells, texts):
            dr.add_run(dr.style_paragraph(p, dr.STYLE_TABLE_TEXT), text)
        status_cell(dr.style_paragraph(cells[-2], dr.STYLE_TABLE_TEXT), status)
        met_by = dr.style_paragraph(cells[-1], dr.STYLE_TABLE_TEXT)
        if sections:
            dr.add_run(met_by, ", ".join(sections))
        else:
            dr.add_run(met_by, NOT_ADDRESSED, placeholder=True)


def _draft_date(draft: Draft) -> str:
    value = draft.metadata.get("date")
    return value.isoformat() if isinstance(value, _dt.date) else str(value or "")[:10]


def later_than_draft(st: StateAssessment, draft_date: str) -> list[str]:
    """The dates (as the pack gives them: 2024, 2024-07 or 2024-07-01) of the texts read that are later
    than ``draft_date`` (ISO): a year is later only when the draft's year is earlier, and so on."""
    if not draft_date:
        return []
    dates = {s[2] for s in st.sources} | {r.text_as_of for r in st.rows if r.text_as_of}
    return sorted(d for d in dates if d > draft_date[: len(d)])


def date_note(st: StateAssessment, draft_date: str) -> str:
    """Why a text read as of a later date than the draft is no mistake ("" when none is later)."""
    later = later_than_draft(st, draft_date)
    if not later:
        return ""
    try:
        dated = format_date(_dt.date.fromisoformat(draft_date))
    except ValueError:
        dated = draft_date
    when = later[0] if len(later) == 1 else f"{', '.join(later[:-1])} and {later[-1]}"
    return (f"Dates: the {st.name} law was read as of {when}, later than this draft's date ({dated}). The "
            "requirements below describe the law as it was read then, which may differ from the law in force "
            "on the draft's date; counsel should confirm the law that applies on the date the Parties sign.")


def draft_date_note(draft: Draft) -> str | None:
    """The appendix's note on a state's law read as of a date later than the draft's (None: no note)."""
    st = draft.state_alignment
    return (date_note(st, _draft_date(draft)) or None) if st is not None else None


def add_appendix(body, draft: Draft) -> None:
    dr.add_run(dr.new_paragraph(body, dr.STYLE_APPENDIX_HEADING), APPENDIX_TITLE)
    _para(body, APPENDIX_NOT_PART)
    _para(body, APPENDIX_INTRO)
    st = draft.state_alignment
    statuses = [r.status for r in draft.coverage] + ([r.status for r in st.rows] if st is not None else [])
    used = [s for s in STATUS_KEY if s in statuses]
    if used:
        _key(body, "Key to the Status column.", STATUS_TEXT, STATUS_KEY, used)
    sources = [s for s in SOURCE_KEY if any(r.source == s for r in draft.coverage)]
    if sources:
        _key(body, "Key to the Source column.", SOURCE_TEXT, SOURCE_KEY, sources)
    add_status_table(body, APPENDIX_COLUMNS, APPENDIX_WIDTHS,
                     [((r.sec_id, r.summary, SOURCE_TEXT.get(r.source, r.source)), r.status, r.sections)
                      for r in draft.coverage])
    if st is None:
        return
    add_subheading(body, f"{st.name}: state law requirements")
    _para(body, f"{st.citation} (texts as of {st.text_as_of}). Agreement required: {st.agreement_required}")
    note = draft_date_note(draft)
    if note:
        _para(body, note)
    add_status_table(body, STATE_COLUMNS, STATE_WIDTHS,
                     [((r.req_id, f"{r.description} {r.source_note()}"), r.status, r.sections) for r in st.rows])
    _para(body, "Sources read for these requirements:", bold=True)
    for line in st.source_lines():
        _para(body, line)
    _para(body, st.disclaimer, keep_next=False)

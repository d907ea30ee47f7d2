"""The front matter of a revision draft, after the title block: the review record as a cover memo,
a warning for counsel (a stale effective date), and the summary of changes (grouped by answer when
the answers are known, else one row per changed section), the rubric regressions and Appendix A's
changes. It is not text of the MOU: it sits inside the bookmark :data:`SUMMARY_MARK`, in its own
styles, and :func:`mou_wizard.docx.revision.strip_summary` removes it (``--no-summary`` never writes it).
"""

from __future__ import annotations

from lxml.etree import SubElement as _sub

from mou_wizard.docx import render as dr
from mou_wizard.docx.parts import ClauseChange, describe, section_label
from mou_wizard.docx.summary import FrontMatter
from mou_wizard.docx.tracked import BM_END, BM_START, ID, NAME, TrackedWriter
from mou_wizard.domain.draft import Draft

SUMMARY_MARK = "mou_revision_summary"  # bookmark name around the front matter (first heading to the end)
STYLE_SUMMARY_HEADING = "MOURevisionSummaryHeading"
STYLE_SUMMARY_TEXT = "MOURevisionSummaryText"
STYLE_SUMMARY_TABLE_HEADING = "MOURevisionSummaryTableHeading"
STYLE_SUMMARY_TABLE = "MOURevisionSummaryTable"
SUMMARY_STYLES = (STYLE_SUMMARY_HEADING, STYLE_SUMMARY_TEXT, STYLE_SUMMARY_TABLE_HEADING, STYLE_SUMMARY_TABLE)
SUMMARY_TITLE = "Summary of changes"
MEMO_TITLE = "Review record"
SUMMARY_COLUMNS = ("Section", "What changed", "Why")
SUMMARY_WIDTHS = (1584, 3456, 4320)  # twips; 9360 = the 6.5-inch text width
ANSWER_COLUMNS = ("Answer", "Was", "Now", "Sections it changes")
ANSWER_WIDTHS = (1728, 2880, 2880, 1872)
MEMO_WIDTHS = (2304, 7056)
OTHER_CHANGES = "Other changes"
NO_CHANGES = "No changes"
NOT_PART = "This front matter is not part of the Memorandum of Understanding."


def _text(body, text: str, keep_next: bool = False, bold_lead: str = "") -> None:
    p = dr.new_paragraph(body, STYLE_SUMMARY_TEXT, keep_next=keep_next)
    if bold_lead:
        dr.add_run(p, bold_lead, bold=True)
    dr.add_run(p, text)


def _table(body, columns: tuple[str, ...], widths: tuple[int, ...], rows) -> None:
    tbl = dr.new_table(body, STYLE_SUMMARY_TABLE, widths)
    for p, label in zip(dr.add_row(tbl, widths, header=True), columns):
        dr.add_run(dr.style_paragraph(p, STYLE_SUMMARY_TABLE_HEADING), label)
    for row in rows:
        for p, text in zip(dr.add_row(tbl, widths), row):
            dr.add_run(dr.style_paragraph(p, STYLE_SUMMARY_TEXT), text)


def _heading(body, text: str):
    heading = dr.new_paragraph(body, STYLE_SUMMARY_HEADING, keep_next=True)
    dr.add_run(heading, text)
    return heading


def _intro(old: Draft, new: Draft) -> str:
    previous = dr.clean_text(old.header).strip()
    return ("This revision shows, as tracked changes, what changed from the previous draft"
            + (f" ({previous})" if previous and previous != dr.clean_text(new.header).strip() else "")
            + ". Each change carries a comment saying why. " + NOT_PART)


def add_front_matter(body, writer: TrackedWriter, old: Draft, new: Draft,
                     rows: list[tuple[ClauseChange, str]], front: FrontMatter | None) -> None:
    """Append the front matter to ``body``: with ``front``, the review memo and the summary by
    answer; without, the summary by section (``rows``: each change and its reason)."""
    bookmark = writer.new_id()
    first = len(body)
    if front is not None and (front.memo or front.flags):
        _heading(body, MEMO_TITLE)
        for flag in front.flags:
            _text(body, flag, keep_next=bool(front.memo), bold_lead="Flag for counsel: ")
        if front.memo:
            _table(body, ("Review", "Record"), MEMO_WIDTHS, front.memo)
            _text(body, "")
    _heading(body, SUMMARY_TITLE)
    body[first].insert(1, body[first].makeelement(BM_START, {ID: bookmark, NAME: SUMMARY_MARK}))
    if not rows:
        _text(body, f"{NO_CHANGES} from the previous draft.")
    elif front is None:
        _text(body, _intro(old, new), keep_next=True)
        _table(body, SUMMARY_COLUMNS, SUMMARY_WIDTHS,
               [(section_label(c), describe(c), reason) for c, reason in rows])
        _text(body, "")
    else:
        _text(body, _intro(old, new) + " The rows below group the changes by the answer behind them.",
              keep_next=True)
        table = [(r.label, r.old, r.new, ", ".join(r.sections) or "No wording depends on it")
                 for r in front.rows]
        if front.other:
            table.append((OTHER_CHANGES, "", "Follows the changes above (numbering, references, defined terms)",
                          ", ".join(front.other)))
        _table(body, ANSWER_COLUMNS, ANSWER_WIDTHS, table)
        _heading(body, "Rubric regressions")
        if front.regressions:
            _text(body, "These SECURe items were met in the previous draft and are not met in this one:",
                  keep_next=True)
            for item in front.regressions:
                _text(body, f" {item.summary} Was {item.old}, now {item.new}"
                      + (f"; the answers behind it: {'; '.join(item.answers)}." if item.answers else "."),
                      bold_lead=f"{item.item}.")
        else:
            _text(body, "None: no SECURe item that was met in the previous draft is against or missing now.")
        if front.appendix:
            _text(body, " " + front.appendix, bold_lead="Appendix A.")
    _sub(dr.new_paragraph(body, STYLE_SUMMARY_TEXT), BM_END, {ID: bookmark})  # also a space after it

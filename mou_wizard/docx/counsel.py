"""What a draft shows counsel and a signing copy leaves out: the list of open decisions at the front,
and margin comments (an answer kept against the rubric, flagged where it applies)."""

from __future__ import annotations

from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml.etree import SubElement as _sub

from mou_wizard.docx import render as dr
from mou_wizard.domain.draft import Draft

OPEN_TITLE = "Open decisions"
OPEN_INTRO = (
    "The Parties have not yet settled the following. Each is marked in the text as a bracketed "
    "\u201cTo be agreed\u201d entry or, where the answer chooses between versions of a clause, as an "
    "\u201cOpen decision\u201d that sets out each version. Answer the question in the interview (or in the "
    "answer file, under the name in brackets) and make the draft again. This list is not part of the "
    "Memorandum of Understanding; a signing copy can be made only when it is empty."
)
OPEN_COLUMNS = ("Open decision", "Where it shows", "Question to settle it")
OPEN_WIDTHS = (3000, 1860, 4500)  # twips: 6.5 inches in all
COMMENT_AUTHOR = "mou-wizard"
COMMENT_INITIALS = "MW"

_CR_START, _CR_END, _CREF = qn("w:commentRangeStart"), qn("w:commentRangeEnd"), qn("w:commentReference")
_R, _RPR, _RSTYLE, _PPR, _ID, _DATE = qn("w:r"), qn("w:rPr"), qn("w:rStyle"), qn("w:pPr"), qn("w:id"), qn("w:date")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def add_open_decisions(body, draft: Draft) -> None:
    """The list at the front of a draft with open answers (nothing when there are none)."""
    if not draft.open_decisions or draft.final:
        return
    dr.add_run(dr.new_paragraph(body, dr.STYLE_PREAMBLE, keep_next=True), OPEN_TITLE, bold=True)
    dr.add_run(dr.new_paragraph(body, dr.STYLE_PREAMBLE, keep_next=True), OPEN_INTRO)
    tbl = dr.new_table(body, dr.STYLE_TABLE, OPEN_WIDTHS)
    for p, label in zip(dr.add_row(tbl, OPEN_WIDTHS, header=True), OPEN_COLUMNS):
        dr.add_run(dr.style_paragraph(p, dr.STYLE_TABLE_HEADING), label)
    for d in draft.open_decisions:
        cells = dr.add_row(tbl, OPEN_WIDTHS)
        dr.add_run(dr.style_paragraph(cells[0], dr.STYLE_TABLE_TEXT), _sentence(d.what))
        dr.add_run(dr.style_paragraph(cells[1], dr.STYLE_TABLE_TEXT), ", ".join(d.places) or "No section yet")
        question = dr.style_paragraph(cells[2], dr.STYLE_TABLE_TEXT)
        dr.add_run(question, d.question.strip() + " ")
        dr.add_run(question, f"[{d.field}]")


_COMMENT_STYLES = (
    '<w:style xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:type="paragraph" '
    'w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/>'
    '<w:unhideWhenUsed/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/>'
    '</w:rPr></w:style>',
    '<w:style xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:type="character" '
    'w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:basedOn w:val="DefaultParagraphFont"/>'
    '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/>'
    '</w:rPr></w:style>',
)


_COMMENT_STYLE_IDS = ("CommentText", "CommentReference")  # the w:styleId of each of _COMMENT_STYLES


def _comment_styles(document: Document) -> None:
    styles = document.styles.element
    have = {s.get(qn("w:styleId")) for s in styles.iterchildren(qn("w:style"))}
    for style_id, xml in zip(_COMMENT_STYLE_IDS, _COMMENT_STYLES):
        if style_id not in have:
            styles.append(parse_xml(xml))


def add_comment(document: Document, paragraphs: list, text: str, when: str) -> None:
    """A margin comment on ``paragraphs`` (from the start of the first to the end of the last)."""
    _comment_styles(document)
    comment = document.comments.add_comment(text, author=COMMENT_AUTHOR, initials=COMMENT_INITIALS)
    comment._comment_elm.set(_DATE, when)  # python-docx stamps "now": keep the bytes stable
    cid = str(comment.comment_id)
    first, last = paragraphs[0], paragraphs[-1]
    start = first.makeelement(_CR_START, {_ID: cid})
    ppr = first.find(_PPR)
    if ppr is not None:
        ppr.addnext(start)
    else:
        first.insert(0, start)
    _sub(last, _CR_END).set(_ID, cid)
    r = _sub(last, _R)
    _sub(_sub(r, _RPR), _RSTYLE).set(qn("w:val"), "CommentReference")
    _sub(r, _CREF).set(_ID, cid)

"""Render a :class:`~mou_wizard.domain.draft.Draft` as a Word document.

The layout lives in ``templates/base.docx`` (built by ``tools/build_base.py``, then restyled in Word as counsel likes): styles with
fixed ids and one multilevel list linked to the Article / Section / Item styles, so Word (and
LibreOffice) number "Article 1.", "1.1" and "(a)" themselves. This module only places paragraphs
with those style ids; it never types a number. The numbers the clause engine computed are checked
against the order Word will count in, so cross-references cannot drift from what the page shows.

Paragraphs are built with lxml directly (``SubElement`` with Clark names) rather than through
python-docx's proxy objects: that is what keeps a 70-section draft well under 100 ms, and every
piece of user text goes in as an element's ``.text`` (escaped by lxml, never parsed as markup).

The part builders (``add_*``) are put in document order by :mod:`mou_wizard.docx.parts`, which
builds the clean document; the revision writer uses the same builders.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Iterable

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml.etree import SubElement as _sub

from mou_wizard.docx import xref
from mou_wizard.domain.draft import Article, Block, Draft, Run, Section, Signatory

# --- style ids of templates/base.docx (stable: build_base.py sets them explicitly) --------------

STYLE_TITLE = "MOUTitle"
STYLE_SUBTITLE = "MOUSubtitle"
STYLE_PREAMBLE = "MOUPreamble"
STYLE_RECITAL = "MOURecital"
STYLE_ARTICLE = "MOUArticle"
STYLE_SECTION = "MOUSection"
STYLE_SECTION_BODY = "MOUSectionBody"
STYLE_ITEM = "MOUItem"
STYLE_WITNESS = "MOUWitness"
STYLE_SIGNATURE = "MOUSignature"
STYLE_SIGNATURE_PARTY = "MOUSignatureParty"
STYLE_SIGNATURE_LINE = "MOUSignatureLine"
STYLE_SIGNATURE_DATE = "MOUSignatureDate"
STYLE_DISCLAIMER = "MOUDisclaimer"
STYLE_APPENDIX_HEADING = "MOUAppendixHeading"
STYLE_TABLE_TEXT = "MOUTableText"
STYLE_TABLE_HEADING = "MOUTableHeading"
STYLE_PLACEHOLDER = "MOUPlaceholder"  # character style: bold on yellow
STYLE_TABLE = "MOUTable"
STYLE_SIGNATURE_TABLE = "MOUSignatureTable"
# The header and footer paragraphs use the built-in "Header" / "Footer" styles (restyled in the base).

SUBJECT = "School Resource Officer MOU"
AUTHOR = "mou-wizard"
FALLBACK_DATE = _dt.datetime(2000, 1, 1)

SIGNATURE_WIDTHS = (4680, 4680)
SIGNATURE_RULE = "_" * 30
DATE_RULE = "_" * 24
BLANK_RULE = "_" * 24

# --- XML names, computed once --------------------------------------------------------------------

_P, _PPR, _PSTYLE, _KEEPNEXT = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:keepNext")
_R, _RPR, _RSTYLE, _B, _BCS = qn("w:r"), qn("w:rPr"), qn("w:rStyle"), qn("w:b"), qn("w:bCs")
_HIGHLIGHT = qn("w:highlight")
_T, _TAB = qn("w:t"), qn("w:tab")
_VAL = qn("w:val")
_TRPR, _CANTSPLIT, _TBLHEADER = qn("w:trPr"), qn("w:cantSplit"), qn("w:tblHeader")
_TR, _TC, _TCPR, _TCW = qn("w:tr"), qn("w:tc"), qn("w:tcPr"), qn("w:tcW")
_TYPE, _WIDTH, _GRIDCOL = qn("w:type"), qn("w:w"), qn("w:gridCol")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# --- text hygiene --------------------------------------------------------------------------------

# Line and page breaks inside a run become a space; \t stays a tab (w:tab).
_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x85\u2028\u2029]")
# What XML 1.0 forbids (C0 controls except \t \n \r, lone surrogates, U+FFFE/U+FFFF), plus C1
# controls, which are legal XML but never meaningful in a contract.
_INVALID = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


_DRAFT_MARK = re.compile(r"DRAFT\b")
_WITNESS_MARK = re.compile(r"IN WITNESS WHEREOF\b,?")


def clean_text(text: str) -> str:
    """Return ``text`` safe for a Word run: no XML-invalid characters, no line breaks."""
    if text.isprintable():  # most text: nothing either pattern matches is printable
        return text
    return _INVALID.sub("", _BREAKS.sub(" ", text))


# --- low-level builders --------------------------------------------------------------------------


def new_paragraph(parent, style_id: str, keep_next: bool = False):
    """Append ``<w:p>`` with the given paragraph style to ``parent`` and return it."""
    p = _sub(parent, _P)
    ppr = _sub(p, _PPR)
    _sub(ppr, _PSTYLE).set(_VAL, style_id)
    if keep_next:
        _sub(ppr, _KEEPNEXT)
    return p


def add_text(r, text: str, tag: str = _T) -> None:
    """Fill run ``r`` with ``text`` (already cleaned): ``tag`` pieces (``w:t``, or ``w:delText`` for a
    tracked deletion), ``w:tab`` for tabs."""
    first = True
    for piece in text.split("\t"):
        if not first:
            _sub(r, _TAB)
        first = False
        if piece:
            t = _sub(r, tag)
            t.text = piece
            if piece[0] == " " or piece[-1] == " " or "  " in piece or tag != _T:
                t.set(_SPACE, "preserve")  # otherwise readers may trim or collapse the spaces


def add_run(p, text: str, bold: bool = False, placeholder: bool = False) -> None:
    text = clean_text(text)
    if not text:
        return
    r = _sub(p, _R)
    _add_rpr(r, bold, placeholder)
    add_text(r, text)


def _add_rpr(r, bold: bool, placeholder: bool):
    """Give run ``r`` the formatting of bold / placeholder text; return its rPr (None: plain)."""
    if not (bold or placeholder):
        return None
    rpr = _sub(r, _RPR)
    if placeholder:
        _sub(rpr, _RSTYLE).set(_VAL, STYLE_PLACEHOLDER)
    if bold:
        _sub(rpr, _B)
        _sub(rpr, _BCS)
    if placeholder:  # after b/bCs: rPr children have a fixed order
        _sub(rpr, _HIGHLIGHT).set(_VAL, "yellow")
    return rpr


def add_runs(p, runs: Iterable[Run]) -> None:
    for run in runs:
        if run.ref and clean_text(run.text):  # "7.2" in "Section 7.2": a REF field to the section
            rpr = _add_rpr(p.makeelement(_R, {}), run.bold, run.placeholder)
            xref.add_reference(p, run.ref, clean_text(run.text), rpr)
        else:
            add_run(p, run.text, run.bold, run.placeholder)


def add_field(p, instr: str, shown: str) -> None:
    """A complex field (begin / instrText / separate / cached result / end) that Word updates."""
    xref.add_complex_field(p, f"{instr} \\* MERGEFORMAT", shown)


def add_row(tbl, widths: tuple[int, ...], header: bool = False) -> list:
    """Append a ``<w:tr>`` that never splits across pages; return its cells' (empty) paragraphs.

    Built directly in lxml, one row at a time: linear in the number of rows, unlike looking cells
    up with ``table.cell(r, c)`` (which rebuilds the table's cell grid on every call).
    """
    tr = _sub(tbl, _TR)
    trpr = _sub(tr, _TRPR)
    _sub(trpr, _CANTSPLIT)
    if header:
        _sub(trpr, _TBLHEADER)  # repeat on each page (also in the table style; LibreOffice wants it here)
    paragraphs = []
    for width in widths:
        tc = _sub(tr, _TC)
        tcw = _sub(_sub(tc, _TCPR), _TCW)
        tcw.set(_WIDTH, str(width))
        tcw.set(_TYPE, "dxa")
        paragraphs.append(_sub(tc, _P))
    return paragraphs


def style_paragraph(p, style_id: str):
    _sub(_sub(p, _PPR), _PSTYLE).set(_VAL, style_id)
    return p


# --- template ------------------------------------------------------------------------------------

def open_base(base_docx: bytes) -> Document:
    """A fresh Document parsed from the base document's bytes (``templates/base.docx``)."""
    return docx.Document(io.BytesIO(base_docx))


# --- checks --------------------------------------------------------------------------------------


def check_numbers(draft: Draft) -> None:
    """Word numbers articles 1, 2, ... and sections N.1, N.2, ... in document order; the draft's
    computed numbers (used in cross-references and the appendix) must say the same."""
    for i, article in enumerate(draft.articles, start=1):
        if article.number != i:
            raise ValueError(
                f"article {article.section_id!r} is numbered {article.number!r} but is article {i} "
                "in document order; Word would print a different number"
            )
        for j, section in enumerate(article.sections, start=1):
            if section.number != f"{i}.{j}":
                raise ValueError(
                    f"section {section.clause_id!r} is numbered {section.number!r} but is section "
                    f"{i}.{j} in document order; Word would print a different number"
                )


# --- document parts ------------------------------------------------------------------------------


def title_lines(draft: Draft) -> tuple[str, str]:
    """(heading, line under it): "Memorandum of Understanding" / "between ... concerning ...".

    A ``title`` that already starts with the core title is shown alone, as the heading.
    """
    core_title, title = clean_text(draft.core_title).strip(), clean_text(draft.title).strip()
    if core_title and title.lower().startswith(core_title.lower()):
        return title, ""
    return core_title, title


def _title_with_stop(title: str) -> str:
    title = title.rstrip()
    return title if not title or title[-1] in ".:;?!" else title + "."


def add_title(body, draft: Draft) -> None:
    """The title block: the core title and, under it, the "between ... concerning ..." line."""
    core_title, title = title_lines(draft)
    if core_title:
        add_run(new_paragraph(body, STYLE_TITLE), core_title)
    if title:
        add_run(new_paragraph(body, STYLE_SUBTITLE if core_title else STYLE_TITLE), title)


def add_article(body, article: Article) -> None:
    add_article_heading(body, article)
    for section in article.sections:
        add_section(body, section)


def add_article_heading(body, article: Article) -> None:
    add_run(new_paragraph(body, STYLE_ARTICLE), article.title)


def add_section(body, section: Section) -> None:
    """One numbered section: its heading paragraph (which carries the first block when that is a
    plain paragraph) and its other blocks."""
    blocks = section.blocks
    shares = bool(blocks) and blocks[0].kind == "para"
    p = new_paragraph(body, STYLE_SECTION, keep_next=not shares)
    if section.title:
        add_run(p, _title_with_stop(section.title), bold=True)
    if shares:
        if section.title:
            add_run(p, " ")
        add_runs(p, blocks[0].runs)
        blocks = blocks[1:]
    xref.add_bookmark(p, section.clause_id, section.number)  # what cross-references to it point at
    for block in blocks:
        add_block(body, block)


def add_block(body, block: Block) -> None:
    if block.kind == "item":
        style = STYLE_ITEM
    elif block.kind == "para":
        style = STYLE_SECTION_BODY
    else:
        raise ValueError(f"unknown block kind {block.kind!r} (expected 'para' or 'item')")
    add_runs(new_paragraph(body, style), block.runs)


def add_preamble(body, draft: Draft) -> None:
    add_runs(new_paragraph(body, STYLE_PREAMBLE), draft.preamble)


def add_recitals(body, draft: Draft) -> None:
    for block in draft.recitals:  # unnumbered, whatever their kind
        add_runs(new_paragraph(body, STYLE_RECITAL), block.runs)


def fill_signature(p, signatory: Signatory) -> None:
    """Fill a signature cell whose first (empty) paragraph is ``p``."""
    tc = p.getparent()
    style_paragraph(p, STYLE_SIGNATURE_PARTY)
    if signatory.role:  # a countersignature: "Attest for ...", "Approved as to form for ..."
        add_run(p, f"{signatory.role} for ")
    add_runs(p, signatory.organization)
    add_run(new_paragraph(tc, STYLE_SIGNATURE_LINE), "By: " + SIGNATURE_RULE)
    for label, runs in (("Name: ", signatory.name), ("Title: ", signatory.title)):
        p = new_paragraph(tc, STYLE_SIGNATURE)
        add_run(p, label)
        if any(clean_text(r.text).strip() for r in runs):
            add_runs(p, runs)
        else:  # nothing given: a rule to fill in by hand
            add_run(p, BLANK_RULE)
    add_run(new_paragraph(tc, STYLE_SIGNATURE_DATE), "Date: " + DATE_RULE)


def add_signatures(body, witness: str, signatories: tuple[Signatory, ...]) -> None:
    p = new_paragraph(body, STYLE_WITNESS)
    witness = clean_text(witness)
    mark = _WITNESS_MARK.match(witness)
    if mark:  # the traditional lead-in in bold
        add_run(p, mark.group(0), bold=True)
        witness = witness[mark.end() :]
    add_run(p, witness)
    if not signatories:
        return
    tbl = new_table(body, STYLE_SIGNATURE_TABLE, SIGNATURE_WIDTHS)
    for pair in signature_rows(signatories):
        cells = add_row(tbl, SIGNATURE_WIDTHS)
        for p, signatory in zip(cells, pair):
            if signatory is None:
                style_paragraph(p, STYLE_SIGNATURE)  # an empty cell
            else:
                fill_signature(p, signatory)
        for p in cells[len(pair) :]:
            style_paragraph(p, STYLE_SIGNATURE)  # the empty right-hand cell of an odd last row


def signature_rows(signatories: tuple[Signatory, ...]) -> list[tuple[Signatory | None, ...]]:
    """The signature table's rows: the Parties' signatures two to a row, then one row per kind of
    countersignature (attest, approved as to form), the District's on the left, the Agency's on the right."""
    main = [s for s in signatories if not s.role]
    rows: list[tuple[Signatory | None, ...]] = [tuple(main[i : i + 2]) for i in range(0, len(main), 2)]
    for role in dict.fromkeys(s.role for s in signatories if s.role):
        by_party = {s.party: s for s in signatories if s.role == role}
        rows.append((by_party.get("district"), by_party.get("agency")))
    return rows


def add_disclaimer(body, disclaimer: str) -> None:
    # A blank line separates paragraphs; single newlines are just wrapped text.
    for chunk in re.split(r"\n\s*\n", disclaimer.strip()):
        if chunk.strip():
            add_run(new_paragraph(body, STYLE_DISCLAIMER), chunk.strip())


def fill_header(p, draft: Draft) -> None:
    """Fill the running-header paragraph ``p``: core title, a tab, then the draft line."""
    add_run(p, draft.core_title)
    add_run(p, "\t")
    header = clean_text(draft.header)
    mark = _DRAFT_MARK.match(header)
    if mark:  # "DRAFT: version 1.0, ..." -> bold DRAFT, the rest plain
        add_run(p, mark.group(0), bold=True)
        header = header[mark.end() :]
    add_run(p, header)


def add_header_footer(document: Document, draft: Draft) -> None:
    section = document.sections[0]
    fill_header(section.header.paragraphs[0]._p, draft)  # creates the header part, styled "Header"

    p = section.footer.paragraphs[0]._p
    add_run(p, "Page ")
    add_field(p, "PAGE", "1")
    add_run(p, " of ")
    add_field(p, "NUMPAGES", "1")


def draft_datetime(draft: Draft) -> _dt.datetime:
    value = draft.metadata.get("date")
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return value.replace(microsecond=0)
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            d = _dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return FALLBACK_DATE
        return _dt.datetime(d.year, d.month, d.day)
    return FALLBACK_DATE


def set_core_properties(document: Document, draft: Draft) -> None:
    core = document.core_properties
    when = draft_datetime(draft)
    core.title = " ".join(t for t in title_lines(draft) if t)[:255]
    core.subject = SUBJECT
    core.author = AUTHOR
    core.last_modified_by = AUTHOR
    if draft.final:
        core.comments = "Signing copy: every decision settled; prepared with mou-wizard."
    else:
        core.comments = "Draft for the parties and their counsel; not legal advice."
    core.keywords = "School Resource Officer; MOU; SECURe"
    core.category = "Signing copy" if draft.final else "Draft"
    core.language = "en-US"
    version = draft.metadata.get("version")
    core.version = clean_text(str(version))[:255] if version is not None else ""
    core.revision = 1
    core.created = when
    core.modified = when
    core.last_printed = when


# --- public API ----------------------------------------------------------------------------------


_TBL_TEMPLATE = (
    '<w:tbl xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:tblPr><w:tblStyle w:val=""/><w:tblW w:w="0" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
    '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
    ' w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid/></w:tbl>'
)


def new_table(body, style_id: str, widths: tuple[int, ...]):
    """Append an empty fixed-layout table with the given style and column widths (twips)."""
    tbl = parse_xml(_TBL_TEMPLATE)
    tblPr = tbl[0]
    tblPr[0].set(_VAL, style_id)
    tblPr[1].set(_WIDTH, str(sum(widths)))
    grid = tbl[1]
    for width in widths:
        _sub(grid, _GRIDCOL).set(_WIDTH, str(width))
    body.append(tbl)
    return tbl


class _Entries:
    """Stands in for python-docx's zip writer: keeps each part's bytes by its name in the zip."""

    def __init__(self) -> None:
        self.items: dict[str, bytes] = {}

    def write(self, pack_uri, blob: bytes) -> None:
        self.items[pack_uri.membername] = blob


def _zip(items: dict[str, bytes]) -> bytes:
    """A zip of ``items`` with fixed entry dates (1980-01-01), order and compression."""
    first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in items]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in first + sorted(n for n in items if n not in first):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o600 << 16
            dst.writestr(info, items[name], compresslevel=6)
    return out.getvalue()


def document_bytes(document) -> bytes:
    """A python-docx document as ``.docx`` bytes, zipped once with fixed dates, order and compression
    (the same document always gives the same bytes). What python-docx's own ``save`` writes, without
    its zip: its package writer hands each part to :class:`_Entries` instead."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    entries = _Entries()
    PackageWriter._write_content_types_stream(entries, parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    PackageWriter._write_parts(entries, parts)
    return _zip(entries.items)

"""The DOCX renderer: real Word numbering, header/footer fields, placeholders, signatures, appendix,
text hygiene and byte-for-byte determinism. Each test reopens the saved file with python-docx."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from support import top_level_imports
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn

from mou_wizard.docx import render as docx_render
from mou_wizard.docx.parts import build_document, docx_bytes
from mou_wizard.domain.assessment import Assessment, ItemStatus
from mou_wizard.domain.draft import Article, Block, Draft, Run, Section, Signatory
from support import BASE_DOCX, ROOT

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}


def para(*runs: Run | str) -> Block:
    return Block("para", tuple(r if isinstance(r, Run) else Run(r) for r in runs))


def item(*runs: Run | str) -> Block:
    return Block("item", tuple(r if isinstance(r, Run) else Run(r) for r in runs))


def make_draft(**overrides) -> Draft:
    district = "Riverton Unified School District"
    agency = "Riverton Police Department"
    articles = (
        Article(
            1,
            "purpose",
            "Purpose and Goals",
            (
                Section(
                    "1.1",
                    "purpose.statement",
                    "Purpose",
                    ("SEC-1.8",),
                    (
                        para(
                            f"This MOU sets out how the {district} (the \u201cDistrict\u201d) and the "
                            f"{agency} (the \u201cAgency\u201d) work together to keep schools safe."
                        ),
                    ),
                ),
                Section(
                    "1.2",
                    "purpose.goals",
                    "Goals",
                    ("SEC-3.1",),
                    (
                        para("The Parties share these goals:"),
                        item("to keep students and staff safe;"),
                        item("to reduce arrests and referrals for school-based behaviour; and"),
                        item("to protect the civil rights of every student."),
                    ),
                ),
            ),
        ),
        Article(
            2,
            "discipline",
            "School Discipline and Prohibited Duties",
            (
                Section(
                    "2.1",
                    "discipline.no_discipline",
                    "No School Discipline",
                    ("SEC-3.2",),
                    (
                        para(
                            "School Resource Officers shall not enforce school rules or administer "
                            "school discipline. Discipline remains the responsibility of school staff."
                        ),
                        para("Officers shall not be used as a substitute for school staff in matters of:"),
                        item("dress-code violations;"),
                        item("tardiness, truancy or absence; and"),
                        item("classroom disruption."),
                    ),
                ),
                Section(
                    "2.2",
                    "discipline.exceptions",
                    "Exceptions",
                    ("SEC-3.3",),
                    (
                        item("an imminent threat to the physical safety of a student or staff member;"),
                        item("a serious crime, as defined by state law."),
                    ),
                ),
            ),
        ),
        Article(
            3,
            "training",
            "Training",
            (
                Section(
                    "3.1",
                    "training.hours",
                    "Initial Training",
                    ("SEC-4.2",),
                    (
                        para(
                            "Before assignment, each officer shall complete ",
                            Run("[number of hours]", placeholder=True),
                            " hours of training in adolescent development, de-escalation and "
                            "implicit bias, of which ",
                            Run("at least eight", bold=True),
                            " hours are delivered jointly with school staff.",
                        ),
                    ),
                ),
            ),
        ),
        Article(
            4,
            "term",
            "Term, Review, Amendment and Termination",
            (
                Section(
                    "4.1",
                    "term.term",
                    "Term",
                    ("SEC-1.4",),
                    (para("This MOU takes effect when signed by all Parties and continues for three years."),),
                ),
                Section(
                    "4.2",
                    "term.review",
                    "Review",
                    ("SEC-1.4", "SEC-1.6"),
                    (
                        para("The MOU team shall review this MOU every year, considering:"),
                        item("the data reported under this MOU;"),
                        item("complaints received; and"),
                        item("changes in law."),
                        para("The review shall be completed before the start of each school year."),
                    ),
                ),
            ),
        ),
    )
    values = dict(
        title=f"between {district} and {agency} concerning School Resource Officers",
        header="DRAFT: version 1.0, 1 August 2026",
        preamble=(
            Run("This Memorandum of Understanding (\u201cMOU\u201d) is made between the "),
            Run(district, bold=True),
            Run(" and the "),
            Run(agency, bold=True),
            Run(" (together, the \u201cParties\u201d), effective "),
            Run("[effective date]", placeholder=True),
            Run("."),
        ),
        recitals=(
            para("WHEREAS, the Parties share a commitment to safe, supportive and equitable schools;"),
            para("WHEREAS, the Parties intend that officers not be involved in school discipline;"),
            para("NOW, THEREFORE, the Parties agree as follows:"),
        ),
        articles=articles,
        signatories=(
            Signatory((Run("Dr. Alicia Moreno"),), (Run("Superintendent"),), (Run(district),)),
            Signatory((Run("Chief Daniel Okafor"),), (Run("Chief of Police"),), (Run(agency),)),
            Signatory(
                (Run("[name of board president]", placeholder=True),),
                (Run("President, Board of Education"),),
                (Run("Riverton Board of Education"),),
            ),
        ),
        witness=(
            "IN WITNESS WHEREOF, the Parties have caused this MOU to be signed by their authorized "
            "representatives as of the dates written below."
        ),
        disclaimer=(
            "This document is a draft prepared with mou-wizard for the Parties and their counsel. "
            "It is not legal advice."
        ),
        assessment=Assessment((
            ItemStatus("SEC-1.4", "The MOU is revised on a stated schedule.", "seed", ("4.2",)),
            ItemStatus("SEC-1.8", "Purpose, roles, information sharing and supervision.", "federal", ("1.1",)),
            ItemStatus("SEC-3.2", "SROs do not administer school discipline.", "seed", ("2.1", "2.2")),
            ItemStatus("SEC-5.3", "Officers' performance evaluations include school input.", "practice", ()),
        )),
        metadata={"version": "1.0", "date": "2026-08-01"},
    )
    values.update(overrides)
    return Draft(**values)


# --- helpers -------------------------------------------------------------------------------------


@pytest.fixture
def draft() -> Draft:
    return make_draft()


@pytest.fixture
def rendered(draft, tmp_path) -> Path:
    out = tmp_path / "draft.docx"
    out.write_bytes(docx_bytes(draft, BASE_DOCX))
    return out


def body_paragraphs(path: Path):
    return docx.Document(str(path)).paragraphs


def preamble(document):
    return next(p for p in document.paragraphs if p._p.pPr.pStyle.val == "MOUPreamble")


def paragraphs_with_style(path: Path, style_id: str):
    document = docx.Document(str(path))
    return [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.pStyle is not None and p._p.pPr.pStyle.val == style_id]


def part_xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


# --- numbering -----------------------------------------------------------------------------------


def test_numbering_definition_has_three_levels_with_the_right_formats(rendered):
    document = docx.Document(str(rendered))
    numbering = document.part.numbering_part.element
    abstract = numbering.findall(qn("w:abstractNum"))
    assert len(abstract) == 1
    levels = {int(lvl.get(qn("w:ilvl"))): lvl for lvl in abstract[0].findall(qn("w:lvl"))}

    def fmt(i):
        return levels[i].find(qn("w:numFmt")).get(qn("w:val")), levels[i].find(qn("w:lvlText")).get(qn("w:val"))

    assert fmt(0)[0] == "decimal" and "%1" in fmt(0)[1]
    assert fmt(1) == ("decimal", "%1.%2")
    assert fmt(2) == ("lowerLetter", "(%3)")
    # each level is linked back to its paragraph style, and no level suppresses restarting
    assert [levels[i].find(qn("w:pStyle")).get(qn("w:val")) for i in range(3)] == ["MOUArticle", "MOUSection", "MOUItem"]
    assert all(levels[i].find(qn("w:lvlRestart")) is None for i in range(3))
    # the num used by the styles points at that abstractNum
    nums = {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val")) for n in numbering.findall(qn("w:num"))}
    assert nums == {"1": abstract[0].get(qn("w:abstractNumId"))}


@pytest.mark.parametrize("style_id, ilvl", [("MOUArticle", "0"), ("MOUSection", "1"), ("MOUItem", "2")])
def test_numbered_styles_carry_numPr(rendered, style_id, ilvl):
    document = docx.Document(str(rendered))
    style = document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
    numPr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    assert numPr is not None
    assert numPr.find(qn("w:ilvl")).get(qn("w:val")) == ilvl
    assert numPr.find(qn("w:numId")).get(qn("w:val")) == "1"
    assert paragraphs_with_style(rendered, style_id), f"no paragraph uses {style_id}"


def test_paragraph_counts_follow_the_draft(rendered, draft):
    assert len(paragraphs_with_style(rendered, "MOUArticle")) == len(draft.articles)
    assert len(paragraphs_with_style(rendered, "MOUSection")) == sum(1 for _ in draft.sections())
    n_items = sum(1 for s in draft.sections() for b in s.blocks if b.kind == "item")
    assert len(paragraphs_with_style(rendered, "MOUItem")) == n_items
    assert len(paragraphs_with_style(rendered, "MOURecital")) == len(draft.recitals)


def test_article_heading_is_navigation_level_and_keeps_with_next(rendered):
    document = docx.Document(str(rendered))
    style = document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='MOUArticle']")
    assert style.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}").get(qn("w:val")) == "0"
    assert style.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    assert [p.text for p in paragraphs_with_style(rendered, "MOUArticle")][:2] == [
        "Purpose and Goals",
        "School Discipline and Prohibited Duties",
    ]


def test_no_typed_numbers(rendered):
    for p in body_paragraphs(rendered):
        assert not re.match(r"\s*(Article\s+)?\d+(\.\d+)*[.\s]", p.text), p.text
        assert not re.match(r"\s*\([a-z]\)", p.text), p.text


def test_section_title_is_bold_and_shares_the_first_paragraph(rendered):
    sections = paragraphs_with_style(rendered, "MOUSection")
    first = sections[0]
    assert first.runs[0].text == "Purpose." and first.runs[0].bold
    assert first.text.startswith("Purpose. This MOU sets out")
    # a section whose first block is an item: title alone, kept with the items
    exceptions = next(p for p in sections if p.text.startswith("Exceptions"))
    assert exceptions.text == "Exceptions."
    assert exceptions.paragraph_format.keep_with_next


def test_mismatched_numbers_are_rejected(draft):
    art = draft.articles[1]
    bad = Article(5, art.section_id, art.title, art.sections)
    with pytest.raises(ValueError, match="numbered 5"):
        build_document(Draft(**{**draft.__dict__, "articles": (draft.articles[0], bad) + draft.articles[2:]}), BASE_DOCX)
    sec = draft.articles[0].sections[1]
    bad_sec = Section("1.3", sec.clause_id, sec.title, sec.sec_ids, sec.blocks)
    art0 = Article(1, "purpose", "Purpose and Goals", (draft.articles[0].sections[0], bad_sec))
    with pytest.raises(ValueError, match="1.3"):
        build_document(Draft(**{**draft.__dict__, "articles": (art0,) + draft.articles[1:]}), BASE_DOCX)


# --- header, footer ------------------------------------------------------------------------------


def test_header_has_draft_and_version(rendered):
    document = docx.Document(str(rendered))
    header = document.sections[0].header
    assert not header.is_linked_to_previous
    text = " ".join(p.text for p in header.paragraphs)
    assert "DRAFT" in text and "version 1.0" in text and "1 August 2026" in text
    draft_run = next(r for p in header.paragraphs for r in p.runs if r.text == "DRAFT")
    assert draft_run.bold


def test_footer_has_page_and_numpages_fields(rendered):
    document = docx.Document(str(rendered))
    footer = document.sections[0].footer._element
    instr = " ".join(t.text for t in footer.iter(qn("w:instrText")))
    simple = " ".join(f.get(qn("w:instr")) for f in footer.iter(qn("w:fldSimple")))
    fields = instr + " " + simple
    assert re.search(r"\bPAGE\b", fields) and re.search(r"\bNUMPAGES\b", fields)
    kinds = [f.get(qn("w:fldCharType")) for f in footer.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"] * 2
    text = "".join(t.text for t in footer.iter(qn("w:t")))
    assert text.startswith("Page ") and " of " in text


# --- runs ----------------------------------------------------------------------------------------


def test_placeholder_runs_use_the_placeholder_style(rendered):
    document = docx.Document(str(rendered))
    placeholder = document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='MOUPlaceholder']")
    assert placeholder.get(qn("w:type")) == "character"
    assert placeholder.find(f"{qn('w:rPr')}/{qn('w:shd')}").get(qn("w:fill")) == "FFFF00"
    assert placeholder.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None
    styled = [r for p in document.paragraphs for r in p.runs if r.style.style_id == "MOUPlaceholder"]
    assert {"[effective date]", "[number of hours]"} <= {r.text for r in styled}
    assert all(r.font.highlight_color == WD_COLOR_INDEX.YELLOW for r in styled)
    plain = {r.text for p in document.paragraphs for r in p.runs if r.style.style_id != "MOUPlaceholder"}
    assert not any(t.startswith("[") for t in plain)


def test_bold_runs_are_bold(rendered):
    document = docx.Document(str(rendered))
    runs = {r.text: r for p in document.paragraphs for r in p.runs}
    assert runs["Riverton Unified School District"].bold
    assert runs["at least eight"].bold
    assert not runs[" and the "].bold


def test_control_characters_are_stripped_and_newlines_become_spaces(tmp_path):
    nasty = make_draft(
        title="between\x00 the\x07 Parties\x1f",
        preamble=(Run("Line one\nline two\r\nline three\x0b\x0cend\ud800\uffff."),),
        disclaimer="Not \x1blegal advice.",
    )
    out = tmp_path / "nasty.docx"
    out.write_bytes(docx_bytes(nasty, BASE_DOCX))
    document = docx.Document(str(out))
    texts = [p.text for p in document.paragraphs]
    assert texts[1] == "between the Parties"
    assert preamble(document).text == "Line one line two line three  end."
    assert "Not legal advice." in texts
    xml = part_xml(out, "word/document.xml")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", xml)
    assert document.core_properties.title == "Memorandum of Understanding between the Parties"


def test_text_is_data_not_markup(tmp_path):
    evil = "<w:p><w:r><w:t>injected</w:t></w:r></w:p> & {{ answers }} {% if x %}"
    out = tmp_path / "evil.docx"
    out.write_bytes(docx_bytes(make_draft(preamble=(Run(evil),)), BASE_DOCX))
    document = docx.Document(str(out))
    assert preamble(document).text == evil
    assert "injected" not in [p.text for p in document.paragraphs]


def test_tabs_become_word_tabs(tmp_path):
    out = tmp_path / "tab.docx"
    out.write_bytes(docx_bytes(make_draft(preamble=(Run("a\tb"),)), BASE_DOCX))
    p = preamble(docx.Document(str(out)))
    assert p._p.find(f".//{qn('w:tab')}") is not None
    assert p.text == "a\tb"


# --- signatures, disclaimer, appendix -----------------------------------------------------------


def test_every_signatory_has_a_block(rendered, draft):
    document = docx.Document(str(rendered))
    sig_table = document.tables[0]
    assert sig_table._tbl.tblStyle_val == "MOUSignatureTable"
    text = "\n".join(c.text for row in sig_table.rows for c in row.cells)
    for sig in draft.signatories:
        name = "".join(r.text for r in sig.name)
        assert f"Name: {name}" in text
        assert "".join(r.text for r in sig.organization) in text
        assert f"Title: {''.join(r.text for r in sig.title)}" in text
    assert text.count("By: ____") == len(draft.signatories)
    assert text.count("Date: ____") == len(draft.signatories)
    # rows never split across pages, and the witness line keeps with the table
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in sig_table.rows)
    witness = paragraphs_with_style(rendered, "MOUWitness")
    assert len(witness) == 1 and witness[0].text == draft.witness
    assert witness[0].runs[0].text == "IN WITNESS WHEREOF," and witness[0].runs[0].bold


def test_title_block(rendered, tmp_path):
    title = paragraphs_with_style(rendered, "MOUTitle")
    subtitle = paragraphs_with_style(rendered, "MOUSubtitle")
    assert [p.text for p in title] == ["Memorandum of Understanding"]
    assert [p.text for p in subtitle] == [
        "between Riverton Unified School District and Riverton Police Department concerning School Resource Officers"
    ]
    # a title that already says "Memorandum of Understanding ..." is shown once, as the heading
    out = tmp_path / "one.docx"
    out.write_bytes(docx_bytes(make_draft(title="Memorandum of Understanding on School Safety"), BASE_DOCX))
    assert [p.text for p in paragraphs_with_style(out, "MOUTitle")] == ["Memorandum of Understanding on School Safety"]
    assert paragraphs_with_style(out, "MOUSubtitle") == []


def test_missing_signatory_name_or_title_gets_a_rule(tmp_path):
    sig = Signatory((Run("[District signatory: name and title]", placeholder=True),), (), (Run("Riverton USD"),))
    out = tmp_path / "rule.docx"
    out.write_bytes(docx_bytes(make_draft(signatories=(sig,)), BASE_DOCX))
    cells = docx.Document(str(out)).tables[0].rows[0].cells
    lines = [p.text for p in cells[0].paragraphs]
    assert lines[0] == "Riverton USD"
    assert "Title: ____" in "\n".join(lines)
    assert cells[1].text == ""  # odd count: right-hand cell left empty


def test_disclaimer_is_present_and_boxed(rendered, draft):
    disclaimers = paragraphs_with_style(rendered, "MOUDisclaimer")
    assert [p.text for p in disclaimers] == [draft.disclaimer]
    document = docx.Document(str(rendered))
    style = document.styles.get_by_id("MOUDisclaimer", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    assert style.font.italic
    assert style.element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None


def test_appendix_table(rendered, draft):
    document = docx.Document(str(rendered))
    heading = paragraphs_with_style(rendered, "MOUAppendixHeading")
    assert [p.text for p in heading] == ["Appendix A: Rubric and State Law Alignment"]
    style = document.styles.element.find(f"{qn('w:style')}[@{qn('w:styleId')}='MOUAppendixHeading']")
    assert style.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None

    table = document.tables[-1]
    assert table._tbl.tblStyle_val == "MOUTable"
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Rubric item", "What it asks", "Source", "Status", "Met by"]
    assert len(rows) == len(draft.coverage) + 1
    assert rows[3] == ["SEC-3.2", "SROs do not administer school discipline.", "SECURe rubric", "", "2.1, 2.2"]
    assert rows[4][0] == "SEC-5.3" and rows[4][4] == "Not addressed"
    not_addressed = table.rows[4].cells[4].paragraphs[0].runs[0]
    assert not_addressed.style.style_id == "MOUPlaceholder"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(widths) == 9360  # 6.5 in: fits between 1-inch margins


def test_document_order(rendered):
    texts = [p.text for p in body_paragraphs(rendered) if p.text]
    assert texts[0] == "Memorandum of Understanding"
    assert texts[1].startswith("between Riverton Unified School District and")
    assert texts[2].startswith("This Memorandum of Understanding")
    assert texts[3].startswith("WHEREAS")
    order = [texts.index(t) for t in ("Purpose and Goals", "Training")]
    assert order == sorted(order)
    # disclaimer, then the appendix heading, what it is, its introduction and the keys (the table follows)
    end = texts.index("Appendix A: Rubric and State Law Alignment")
    assert texts[end - 1].startswith("This document is a draft")
    assert texts[end + 1].startswith("This appendix is not part of the Memorandum of Understanding")
    assert texts[end + 2].startswith("Each item of the SECURe rubrics")
    # this draft's rows have no status yet: only the Source column has a key
    assert [t.split(".")[0] for t in texts[end + 3:]] == ["Key to the Source column"]


# --- page setup, properties, determinism ---------------------------------------------------------


def test_page_setup_letter_one_inch_margins(rendered):
    section = docx.Document(str(rendered)).sections[0]
    assert (section.page_width.inches, section.page_height.inches) == (8.5, 11)
    assert {section.left_margin.inches, section.right_margin.inches, section.top_margin.inches, section.bottom_margin.inches} == {1.0}


def test_serif_font_by_default(rendered):
    styles_xml = part_xml(rendered, "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles_xml, re.S).group(0)
    assert 'w:ascii="Times New Roman"' in defaults and '<w:sz w:val="24"/>' in defaults


def test_two_renders_are_byte_identical(draft):
    first = docx_bytes(draft, BASE_DOCX)
    second = docx_bytes(make_draft(), BASE_DOCX)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert docx_bytes(make_draft(header="DRAFT: version 1.1, 1 August 2026"), BASE_DOCX) != first


def test_core_properties_are_fixed(rendered):
    core = docx.Document(str(rendered)).core_properties
    assert core.subject == "School Resource Officer MOU"
    assert core.author == "mou-wizard"
    assert core.title == (
        "Memorandum of Understanding between Riverton Unified School District and "
        "Riverton Police Department concerning School Resource Officers"
    )
    expected = dt.datetime(2026, 8, 1, tzinfo=dt.timezone.utc)
    assert core.created == expected and core.modified == expected and core.last_printed == expected
    assert core.revision == 1


def test_core_properties_without_date_never_use_now(tmp_path):
    out = tmp_path / "nodate.docx"
    out.write_bytes(docx_bytes(make_draft(metadata={}), BASE_DOCX))
    core = docx.Document(str(out)).core_properties
    today = dt.date.today()
    for value in (core.created, core.modified, core.last_printed):
        assert value == dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
        assert value.date() != today


def test_no_styles_with_effects_part(rendered):
    with zipfile.ZipFile(rendered) as z:
        names = z.namelist()
    assert "word/stylesWithEffects.xml" not in names
    assert "docProps/thumbnail.jpeg" not in names


def test_template_build_is_reproducible():
    import importlib.util

    path = ROOT / "tools" / "build_base.py"
    spec = importlib.util.spec_from_file_location("build_base", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == BASE_DOCX, "rerun tools/build_base.py"


def test_renderer_does_not_import_textual():
    assert "textual" not in top_level_imports(docx_render)

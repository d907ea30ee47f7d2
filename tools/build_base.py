"""Generate ``templates/base.docx``, the styled base document the DOCX renderer opens.

Run from anywhere: ``python tools/build_base.py``. The output is deterministic (same bytes on
every run with the same python-docx), so the script and ``base.docx`` are committed together; rerun
it after any change here and commit both.

What it does to python-docx's default document:

* prunes the default template to the few built-in styles the renderer uses (the latent-style table
  stays, so Word still offers its built-ins), and drops parts a generated contract should not carry
  (``stylesWithEffects.xml``, which Word would have to reconcile with our styles, the thumbnail of an
  empty page, and the customXml bibliography stub);
* sets the document defaults: Times New Roman 12 pt, single spacing, widow control, US English;
* adds the ``MOU ...`` styles with explicit, stable style ids (the renderer refers to them by id);
* replaces ``numbering.xml`` with one multilevel list (Article 1. / 1.1 / (a)) whose levels are
  linked to the Article, Section and Item paragraph styles, so Word numbers them itself;
* sets US Letter pages with 1-inch margins.

Lettered items restart at (a) in every section without extra w:num instances: a level restarts
whenever a higher level is used, unless ``w:lvlRestart`` says otherwise (ECMA-376 17.9.10), and Word
and LibreOffice both follow that rule. Likewise sections restart at N.1 in each article.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from mou_wizard.docx.render import document_bytes  # noqa: E402  (one zip writer for both files)

OUT = Path(__file__).resolve().parent.parent / "templates" / "base.docx"

# Style ids are part of the renderer's contract: change them only together with docx_render.py.
NUM_ID = 1
ABSTRACT_NUM_ID = 1

W = nsdecls("w")

# 1 inch = 1440 twips; text width on US Letter with 1-inch margins is 6.5 in = 9360 twips.
STEP = 720  # indentation step: 0.5 in

KEEP_BUILTIN = {
    "Normal",
    "DefaultParagraphFont",
    "TableNormal",
    "NoList",
    "Header",
    "HeaderChar",
    "Footer",
    "FooterChar",
}

STYLES = [
    # --- paragraph styles ------------------------------------------------------------------------
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUTitle">
      <w:name w:val="MOU Title"/><w:basedOn w:val="Normal"/><w:next w:val="MOUSubtitle"/><w:qFormat/>
      <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="120"/><w:jc w:val="center"/></w:pPr>
      <w:rPr><w:b/><w:bCs/><w:caps/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr>
    </w:style>""",
    # "between the District and the Agency concerning School Resource Officers", under the title.
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUSubtitle">
      <w:name w:val="MOU Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="MOUPreamble"/><w:qFormat/>
      <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="360"/><w:jc w:val="center"/></w:pPr>
      <w:rPr><w:b/><w:bCs/></w:rPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUPreamble">
      <w:name w:val="MOU Preamble"/><w:basedOn w:val="Normal"/><w:qFormat/>
      <w:pPr><w:spacing w:after="240"/><w:jc w:val="both"/></w:pPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOURecital">
      <w:name w:val="MOU Recital"/><w:basedOn w:val="Normal"/><w:qFormat/>
      <w:pPr><w:spacing w:after="240"/><w:ind w:firstLine="{STEP}"/><w:jc w:val="both"/></w:pPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUArticle">
      <w:name w:val="MOU Article"/><w:basedOn w:val="Normal"/><w:next w:val="MOUSection"/><w:qFormat/>
      <w:pPr><w:keepNext/><w:keepLines/>
        <w:numPr><w:ilvl w:val="0"/><w:numId w:val="{NUM_ID}"/></w:numPr>
        <w:spacing w:before="360" w:after="240"/><w:ind w:left="0" w:firstLine="0"/><w:jc w:val="center"/>
        <w:outlineLvl w:val="0"/></w:pPr>
      <w:rPr><w:b/><w:bCs/><w:caps/></w:rPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUSection">
      <w:name w:val="MOU Section"/><w:basedOn w:val="Normal"/><w:next w:val="MOUSectionBody"/><w:qFormat/>
      <w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="{NUM_ID}"/></w:numPr>
        <w:spacing w:after="160"/><w:ind w:left="{STEP}" w:hanging="{STEP}"/><w:jc w:val="both"/></w:pPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUSectionBody">
      <w:name w:val="MOU Section Body"/><w:basedOn w:val="Normal"/><w:qFormat/>
      <w:pPr><w:spacing w:after="160"/><w:ind w:left="{STEP}"/><w:jc w:val="both"/></w:pPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUItem">
      <w:name w:val="MOU Item"/><w:basedOn w:val="Normal"/><w:qFormat/>
      <w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="{NUM_ID}"/></w:numPr>
        <w:spacing w:after="120"/><w:ind w:left="{2 * STEP}" w:hanging="{STEP}"/><w:jc w:val="both"/></w:pPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUWitness">
      <w:name w:val="MOU Witness"/><w:basedOn w:val="Normal"/><w:qFormat/>
      <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="240"/><w:jc w:val="both"/></w:pPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUSignature">
      <w:name w:val="MOU Signature"/><w:basedOn w:val="Normal"/><w:qFormat/>
      <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="60"/></w:pPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUSignatureParty">
      <w:name w:val="MOU Signature Party"/><w:basedOn w:val="MOUSignature"/><w:qFormat/>
      <w:pPr><w:spacing w:before="360" w:after="0"/></w:pPr>
      <w:rPr><w:b/><w:bCs/></w:rPr>
    </w:style>""",
    # The "By:" line: room above it for a signature in ink.
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUSignatureLine">
      <w:name w:val="MOU Signature Line"/><w:basedOn w:val="MOUSignature"/><w:qFormat/>
      <w:pPr><w:spacing w:before="600" w:after="60"/></w:pPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUSignatureDate">
      <w:name w:val="MOU Signature Date"/><w:basedOn w:val="MOUSignature"/><w:qFormat/>
      <w:pPr><w:spacing w:before="240" w:after="60"/></w:pPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUDisclaimer">
      <w:name w:val="MOU Disclaimer"/><w:basedOn w:val="Normal"/><w:qFormat/>
      <w:pPr><w:keepLines/>
        <w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="808080"/>
          <w:left w:val="single" w:sz="4" w:space="4" w:color="808080"/>
          <w:bottom w:val="single" w:sz="4" w:space="4" w:color="808080"/>
          <w:right w:val="single" w:sz="4" w:space="4" w:color="808080"/></w:pBdr>
        <w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>
        <w:spacing w:before="480" w:after="0"/><w:ind w:left="144" w:right="144"/><w:jc w:val="both"/></w:pPr>
      <w:rPr><w:i/><w:iCs/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUAppendixHeading">
      <w:name w:val="MOU Appendix Heading"/><w:basedOn w:val="Normal"/><w:next w:val="MOUPreamble"/><w:qFormat/>
      <w:pPr><w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:spacing w:before="0" w:after="240"/>
        <w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr>
      <w:rPr><w:b/><w:bCs/></w:rPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUTableText">
      <w:name w:val="MOU Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/>
      <w:pPr><w:spacing w:before="20" w:after="20"/></w:pPr>
      <w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>
    </w:style>""",
    f"""<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="MOUTableHeading">
      <w:name w:val="MOU Table Heading"/><w:basedOn w:val="MOUTableText"/><w:qFormat/>
      <w:pPr><w:keepNext/></w:pPr>
      <w:rPr><w:b/><w:bCs/></w:rPr>
    </w:style>""",
    # --- character style ---------------------------------------------------------------------------
    # Yellow shading, not w:highlight: the strict schema Word validates styles against (Open XML SDK
    # StyleRunProperties) has no highlight. The renderer adds a direct w:highlight on each placeholder
    # run as well, so Word's "find highlighted text" walks through every unanswered field.
    f"""<w:style {W} w:type="character" w:customStyle="1" w:styleId="MOUPlaceholder">
      <w:name w:val="MOU Placeholder"/><w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>
      <w:rPr><w:b/><w:bCs/><w:shd w:val="clear" w:color="auto" w:fill="FFFF00"/></w:rPr>
    </w:style>""",
    # --- table styles ------------------------------------------------------------------------------
    f"""<w:style {W} w:type="table" w:customStyle="1" w:styleId="MOUTable">
      <w:name w:val="MOU Table"/><w:basedOn w:val="TableNormal"/>
      <w:pPr><w:spacing w:after="0"/></w:pPr>
      <w:tblPr>
        <w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="000000"/>
          <w:left w:val="single" w:sz="4" w:space="0" w:color="000000"/>
          <w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/>
          <w:right w:val="single" w:sz="4" w:space="0" w:color="000000"/>
          <w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/>
          <w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tblBorders>
        <w:tblCellMar><w:top w:w="29" w:type="dxa"/><w:left w:w="86" w:type="dxa"/>
          <w:bottom w:w="29" w:type="dxa"/><w:right w:w="86" w:type="dxa"/></w:tblCellMar>
      </w:tblPr>
      <w:tblStylePr w:type="firstRow">
        <w:rPr><w:b/><w:bCs/></w:rPr>
        <w:trPr><w:tblHeader/></w:trPr>
        <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/></w:tcPr>
      </w:tblStylePr>
    </w:style>""",
    f"""<w:style {W} w:type="table" w:customStyle="1" w:styleId="MOUSignatureTable">
      <w:name w:val="MOU Signature Table"/><w:basedOn w:val="TableNormal"/>
      <w:tblPr>
        <w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>
          <w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>
        <w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>
          <w:bottom w:w="0" w:type="dxa"/><w:right w:w="360" w:type="dxa"/></w:tblCellMar>
      </w:tblPr>
    </w:style>""",
]

DOC_DEFAULTS = f"""<w:docDefaults {W}>
  <w:rPrDefault><w:rPr>
    <w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>
    <w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/>
  </w:rPr></w:rPrDefault>
  <w:pPrDefault><w:pPr>
    <w:widowControl/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>
  </w:pPr></w:pPrDefault>
</w:docDefaults>"""

HEADER_STYLE_PPR = f"""<w:pPr {W}>
  <w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="808080"/></w:pBdr>
  <w:tabs><w:tab w:val="clear" w:pos="4320"/><w:tab w:val="clear" w:pos="8640"/>
    <w:tab w:val="right" w:pos="9360"/></w:tabs>
</w:pPr>"""

FOOTER_STYLE_PPR = f"""<w:pPr {W}>
  <w:tabs><w:tab w:val="clear" w:pos="4320"/><w:tab w:val="clear" w:pos="8640"/>
    <w:tab w:val="center" w:pos="4680"/><w:tab w:val="right" w:pos="9360"/></w:tabs>
  <w:jc w:val="center"/>
</w:pPr>"""

SMALL_RPR = f"""<w:rPr {W}><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>"""


APP_XML = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>mou-wizard</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _lvl(ilvl: int, fmt: str, text: str, style_id: str, left: int, hanging: int, bold: bool, suff: str) -> str:
    ind = f'<w:ind w:left="{left}" w:hanging="{hanging}"/>' if hanging else f'<w:ind w:left="{left}" w:firstLine="0"/>'
    b = "<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>'
    return f"""<w:lvl w:ilvl="{ilvl}">
      <w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:pStyle w:val="{style_id}"/>
      <w:suff w:val="{suff}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>
      <w:pPr>{ind}</w:pPr><w:rPr>{b}</w:rPr>
    </w:lvl>"""


NUMBERING = f"""<w:numbering {W}>
  <w:abstractNum w:abstractNumId="{ABSTRACT_NUM_ID}">
    <w:nsid w:val="4D4F5531"/><w:multiLevelType w:val="multilevel"/><w:tmpl w:val="4D4F5532"/>
    <w:name w:val="MOU Articles"/>
    {_lvl(0, "decimal", "Article %1.", "MOUArticle", 0, 0, True, "space")}
    {_lvl(1, "decimal", "%1.%2", "MOUSection", STEP, STEP, True, "tab")}
    {_lvl(2, "lowerLetter", "(%3)", "MOUItem", 2 * STEP, STEP, False, "tab")}
  </w:abstractNum>
  <w:num w:numId="{NUM_ID}"><w:abstractNumId w:val="{ABSTRACT_NUM_ID}"/></w:num>
</w:numbering>"""


def _replace_children(parent, new_root) -> None:
    for child in list(parent):
        parent.remove(child)
    for child in list(new_root):
        parent.append(child)


def build() -> bytes:
    document = docx.Document()
    part = document.part

    # -- drop parts a generated contract should not carry ---------------------------------------
    for rId, rel in list(part.rels.items()):
        if rel.reltype in (
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
            RT.CUSTOM_XML,
        ):
            del part.rels[rId]
    pkg_rels = part.package.rels
    for rId, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg_rels[rId]

    # -- extended properties: say who made the file, without Word's stale statistics -------------
    for rel in pkg_rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = APP_XML

    # -- styles -----------------------------------------------------------------------------------
    styles = part.styles.element
    for style in list(styles.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) not in KEEP_BUILTIN:
            styles.remove(style)
    old_defaults = styles.find(qn("w:docDefaults"))
    old_defaults.addprevious(parse_xml(DOC_DEFAULTS))
    styles.remove(old_defaults)
    for xml in STYLES:
        styles.append(parse_xml(xml))
    for style_id, ppr_xml in (("Header", HEADER_STYLE_PPR), ("Footer", FOOTER_STYLE_PPR)):
        style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{style_id}']")
        for old in style.findall(qn("w:pPr")) + style.findall(qn("w:rPr")):
            style.remove(old)
        style.append(parse_xml(ppr_xml))
        style.append(parse_xml(SMALL_RPR))

    # -- numbering --------------------------------------------------------------------------------
    _replace_children(part.numbering_part.element, parse_xml(NUMBERING))

    # -- page setup: US Letter, 1-inch margins, header/footer at 0.5 in ------------------------
    sectPr = document.sections[0]._sectPr
    sectPr.get_or_add_pgSz().set(qn("w:w"), "12240")
    sectPr.get_or_add_pgSz().set(qn("w:h"), "15840")
    pgMar = sectPr.get_or_add_pgMar()
    for side in ("top", "right", "bottom", "left"):
        pgMar.set(qn(f"w:{side}"), "1440")
    pgMar.set(qn("w:header"), "720")
    pgMar.set(qn("w:footer"), "720")
    pgMar.set(qn("w:gutter"), "0")
    for attr in ("w:rsidR", "w:rsidRPr", "w:rsidSect"):
        sectPr.attrib.pop(qn(attr), None)

    # -- settings: no revision-session ids (noise), keep the rest of python-docx's defaults -------
    settings = part._settings_part.element
    rsids = settings.find(qn("w:rsids"))
    if rsids is not None:
        settings.remove(rsids)

    # -- core properties: fixed, so the template is reproducible ----------------------------------
    import datetime as dt

    fixed = dt.datetime(2000, 1, 1)
    core = document.core_properties
    core.title = "School Resource Officer MOU (base template)"
    core.subject = "School Resource Officer MOU"
    core.author = "mou-wizard"
    core.last_modified_by = "mou-wizard"
    core.comments = "Base template generated by templates/build_base.py"
    core.keywords = ""
    core.revision = 1
    core.created = core.modified = fixed

    return document_bytes(document)


def main() -> None:
    data = build()
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(data)} bytes)")


if __name__ == "__main__":
    main()

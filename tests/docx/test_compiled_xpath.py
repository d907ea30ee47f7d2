"""The tests read documents through python-docx with each XPath compiled once (conftest's
``_xpaths_compiled_once``): the same expression finds the same nodes as python-docx's own call."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import nsmap
from lxml import etree

from support import compiled_xpath, draft_docx, recommended

EXPRESSIONS = ["w:r | w:hyperlink", "w:t | w:tab | w:br | w:cr | w:noBreakHyphen | w:ptab",
               "./w:pPr/w:pStyle/@w:val", "//w:bookmarkStart", "w:tc", "./w:r[last()]", "count(w:r)"]


def test_a_compiled_xpath_finds_what_python_docx_finds():
    document = docx.Document(io.BytesIO(draft_docx(recommended())))
    xpath = compiled_xpath()
    elements = [p._p for p in document.paragraphs] + [t._tbl for t in document.tables]
    compared = 0
    for element in elements:
        for expression in EXPRESSIONS:
            own = etree.ElementBase.xpath(element, expression, namespaces=nsmap)
            assert xpath(element, expression) == own, expression
            compared += bool(own)
    assert compared > 500
    texts = [p.text for p in document.paragraphs]
    assert any("District" in text for text in texts) and all(isinstance(text, str) for text in texts)

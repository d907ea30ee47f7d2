"""Cross-references as Word keeps them: a bookmark on each numbered section's heading paragraph and,
where clause text says "Section 7.2", a REF field to that bookmark whose cached result is "7.2".

So when counsel adds, removes or moves a section in Word, the references follow the new numbers
(``w:updateFields`` in settings.xml asks Word to update the fields when the document opens; until
then, and in readers that do not update fields, the cached number shows, which is the right one for
the document as written).

The field is ``REF _Ref_... \\n \\h``: ``\\n`` prints the paragraph's number ("7.2", as the list
level "%1.%2" shows it) rather than the heading's text, ``\\h`` makes it a link to the section.

The redline (:mod:`mou_wizard.docx.revision`) compares paragraph texts run by run, so it works on
paragraphs with the fields flattened back to their text (:func:`flatten`).
"""

from __future__ import annotations

import copy
import hashlib
import re

from docx.oxml.ns import qn
from lxml.etree import SubElement as _sub

P, R, RPR, T = qn("w:p"), qn("w:r"), qn("w:rPr"), qn("w:t")
FLDCHAR, FLDCHARTYPE, INSTRTEXT = qn("w:fldChar"), qn("w:fldCharType"), qn("w:instrText")
BM_START, BM_END, ID, NAME, VAL = qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:id"), qn("w:name"), qn("w:val")
UPDATE_FIELDS = qn("w:updateFields")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

PREFIX = "_Ref_"  # Word's own prefix for cross-reference bookmarks: hidden in its bookmark list
MAX_NAME = 40     # Word's limit on a bookmark name
BOOKMARK_ID_BASE = 100000  # clear of the ids comments and tracked changes use (0, 1, ...)

# What may follow w:updateFields in settings.xml (CT_Settings is a sequence: order matters).
_AFTER_UPDATE_FIELDS = tuple(qn(f"w:{t}") for t in (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids")) + (
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr",) + tuple(qn(f"w:{t}") for t in (
        "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType",
        "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator"))


def bookmark_name(clause_id: str) -> str:
    """A stable bookmark name for ``clause_id``: "_Ref_" and the id with every character other than a
    letter, digit or underscore made "_"; a name over 40 characters is cut and ends in a short hash of
    the id, so two long ids cannot share a name."""
    name = PREFIX + re.sub(r"[^A-Za-z0-9_]", "_", clause_id)
    if len(name) > MAX_NAME:
        digest = hashlib.sha1(clause_id.encode("utf-8")).hexdigest()[:6]
        name = name[: MAX_NAME - 7] + "_" + digest
    return name


def bookmark_id(number: str) -> int:
    """A unique, stable bookmark id for section ``number`` ("7.2")."""
    article, _, section = number.partition(".")
    return BOOKMARK_ID_BASE + int(article) * 1000 + int(section or 0)


def add_bookmark(p, clause_id: str, number: str) -> None:
    """Bookmark the whole of paragraph ``p`` (a section heading) as ``clause_id``'s section."""
    ident = str(bookmark_id(number))
    start = p.makeelement(BM_START, {ID: ident, NAME: bookmark_name(clause_id)})
    ppr = p.find(qn("w:pPr"))
    p.insert(p.index(ppr) + 1 if ppr is not None else 0, start)
    _sub(p, BM_END, {ID: ident})


def _run(p, rpr):
    r = _sub(p, R)
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    return r


def add_complex_field(p, instr: str, shown: str, rpr=None) -> None:
    """A complex field (begin / instrText / separate / cached result / end) that Word updates; every
    run carries ``rpr`` (the formatting of the text around it)."""
    _sub(_run(p, rpr), FLDCHAR).set(FLDCHARTYPE, "begin")
    it = _sub(_run(p, rpr), INSTRTEXT)
    it.set(_SPACE, "preserve")
    it.text = f" {instr} "
    _sub(_run(p, rpr), FLDCHAR).set(FLDCHARTYPE, "separate")
    _sub(_run(p, rpr), T).text = shown
    _sub(_run(p, rpr), FLDCHAR).set(FLDCHARTYPE, "end")


def add_reference(p, clause_id: str, shown: str, rpr=None) -> None:
    """A cross-reference to ``clause_id``'s section, showing ``shown`` ("7.2") until Word updates it."""
    add_complex_field(p, f"REF {bookmark_name(clause_id)} \\n \\h", shown, rpr)


def set_update_fields(settings) -> None:
    """Ask Word to update the document's fields when it opens (``settings``: the w:settings element)."""
    if settings.find(UPDATE_FIELDS) is not None:
        return
    element = settings.makeelement(UPDATE_FIELDS, {VAL: "true"})
    following = next((c for c in settings if c.tag in _AFTER_UPDATE_FIELDS), None)
    if following is not None:
        following.addprevious(element)
    else:
        settings.append(element)


def has_references(element) -> bool:
    return any((it.text or "").strip().startswith("REF ") for it in element.iter(INSTRTEXT))


def flatten(element) -> None:
    """Replace every field under ``element`` (in a draft's body: the REF fields) by its cached result
    (plain runs) and drop the cross-reference bookmarks: the paragraphs then read, run by run, as plain text."""
    for bm in [e for e in element.iter(BM_START) if (e.get(NAME) or "").startswith(PREFIX)]:
        ident = bm.get(ID)
        for end in [e for e in bm.getparent().iter(BM_END) if e.get(ID) == ident]:
            end.getparent().remove(end)
        bm.getparent().remove(bm)
    fields = (char.getparent().getparent() for char in element.iter(FLDCHAR))  # char -> its run -> paragraph
    for p in list(dict.fromkeys(p for p in fields if p is not None and p.tag == P)):  # each once, in order
        state = None  # None outside a field, "code" before its separator, "result" after it
        for r in [c for c in p if c.tag == R]:
            fld = r.find(FLDCHAR)
            kind = fld.get(FLDCHARTYPE) if fld is not None else None
            if kind == "begin":
                state = "code"
                p.remove(r)
            elif kind == "separate":
                state = "result"
                p.remove(r)
            elif kind == "end":
                state = None
                p.remove(r)
            elif state == "code":
                p.remove(r)

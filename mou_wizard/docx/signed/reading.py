"""Reading SIGNED: the .docx as python-docx opens it, or one clear line saying why it cannot be used."""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from mou_wizard.errors import UserError

# Every kind of revision mark: a signed document must have none left.
_REVISION_MARKS = frozenset(qn(f"w:{tag}") for tag in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
    "tcPrChange", "tblGridChange", "numberingChange", "cellIns", "cellDel", "cellMerge"))
_STORY_PART = re.compile(r"/word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_signed(data: bytes, name: str) -> Document:
    """SIGNED's bytes as a python-docx Document, or a :class:`UserError` naming ``name`` and saying
    what to do: not a .docx (or not even a zip), a password-protected (encrypted OLE) file, an old
    binary .doc, a damaged package, or tracked changes not yet accepted or rejected."""
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            raise UserError(f"{name}: is password-protected; open it in Word, remove the password (File > Info > "
                            "Protect Document > Encrypt with Password, clear it), save it and run revise again")
        raise UserError(f"{name}: is an old Word 97-2003 document (.doc), not a .docx; open it in Word or "
                        "LibreOffice, save it as a Word Document (.docx) and run revise again")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UserError(f"{name}: is not a Word document (.docx); expected the signed MOU as Word or LibreOffice "
                        "saves it")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            bad = z.testzip()
        if bad is not None:
            raise zipfile.BadZipFile(f"damaged entry {bad}")
        document = docx.Document(io.BytesIO(data))
        stories = [document.part.element] + [
            etree.fromstring(part.blob) if not hasattr(part, "element") else part.element
            for part in document.part.package.iter_parts()
            if _STORY_PART.search(str(part.partname)) and part is not document.part]
    except Exception as e:  # python-docx and zipfile raise many kinds for a package that is no Word document
        reason = str(e).splitlines()[0][:120] if str(e) else type(e).__name__
        raise UserError(f"{name}: is not a Word document (.docx) that can be read ({reason}); open it in Word, "
                        "save it as a Word Document (.docx) and run revise again") from None
    if document.element.body is None:
        raise UserError(f"{name}: is a Word package without a document body; open it in Word, save it as a Word "
                        "Document (.docx) and run revise again")
    pending = sum(1 for root in stories for e in root.iter() if e.tag in _REVISION_MARKS)
    if pending:
        raise UserError(f"{name}: has {pending} tracked change{'s' if pending != 1 else ''} not yet accepted or "
                        "rejected; in Word choose Review > Accept All Changes (or reject them), save, and run "
                        "revise again")
    return document

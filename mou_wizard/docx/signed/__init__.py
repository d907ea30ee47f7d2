"""A revision measured against the signed document (``mou-wizard revise OLD NEW --against SIGNED.docx``).

The parties never sign the generated draft as it came out: counsel edits it in Word (reworded
sentences, clauses added or struck, a renamed party, a signature block changed) and the document as
executed is what next year's review must be measured against. So this revision is SIGNED's own
text, with only the changes that the new answers make (the difference between OLD's and NEW's
drafts, worked out part by part and paragraph by paragraph as :mod:`mou_wizard.docx.revision` does)
written into it as native tracked changes, a comment on each naming the answers behind it. People's
edits in SIGNED are kept as they are and never shown as changes; SIGNED's XML is edited in place, so
the styles, numbering and runs of every untouched paragraph stay exactly as they were:

* rejecting every change gives SIGNED's paragraphs, text and properties, unchanged;
* accepting every change gives SIGNED with the new answers' changes made.

Where each change goes: OLD's draft paragraphs (body and table cells, in document order) are lined
up with SIGNED's, first those whose text is the same (headings and untouched clauses anchor the
rest), then, between those anchors, by word similarity or by the same section title (counsel's
numbering typed in front of a paragraph is ignored). A paragraph the new answers rewrite is changed
word by word inside SIGNED's paragraph: each changed passage of OLD's text is found in SIGNED's by
its words. When the sentence around it reads in SIGNED as it did in OLD's draft, the change is made
there; when counsel changed that sentence too, the change is still proposed (in place when the
passage itself survived, otherwise as the new draft's sentence instead of the signed one) and the
comment says so: "Conflict: the signed text says ...". A paragraph, row or clause the new answers
add goes after the signed text of what precedes it in the new draft; one they remove is struck in
SIGNED. Where the old text cannot be found at all (a clause struck by counsel), nothing is added
there and the comment lists it as "Not applied: ...". Paragraphs inserted take the properties that
SIGNED gives paragraphs of the same kind (its styles, its numbering), runs SIGNED's run properties.

SIGNED must be a .docx without pending tracked changes: :func:`open_signed` refuses anything else
with one line saying what to do. Public API: :func:`open_signed`, :func:`signed_revision`,
:class:`SignedRevision`, :class:`Note`.

Modules, in the order they build on each other: ``reading`` (open SIGNED or refuse it), ``text`` (a
paragraph's text character by character, cut between runs; words, sentences, quotations),
``lineup`` (which signed paragraph is which old one; the parties' names as signed), ``notes``
(conflicts and changes not applied; one record per change), ``words`` (changes inside a paragraph),
``blocks`` (paragraphs, tables and rows struck, inserted or paired) and ``build`` (the whole
revision: every change, a comment on each, the running header, the file).
"""

from mou_wizard.docx.signed.build import signed_revision
from mou_wizard.docx.signed.notes import Note, SignedRevision
from mou_wizard.docx.signed.reading import open_signed

__all__ = ["Note", "SignedRevision", "open_signed", "signed_revision"]

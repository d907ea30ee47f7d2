"""What a signed revision tells: the notes on conflicts and changes not applied, and one record per change."""

from __future__ import annotations

from dataclasses import dataclass, field

from mou_wizard.docx.parts import ARTICLE_PREFIX, PSEUDO_LABELS, ClauseChange, section_label


@dataclass(frozen=True)
class Note:
    """Something the reviewer must look at: a change made where counsel had changed the text too
    ("conflict"), one that could not be made ("not applied"), or a party's name in the new text
    written the way counsel renamed it ("name")."""

    kind: str    # "conflict" | "not applied" | "name" (a party's name written as SIGNED has it)
    where: str   # the clause or part, e.g. "Periodic review (21.3)"
    detail: str

    def comment(self) -> str:
        return f"{'Name as signed' if self.kind == 'name' else self.kind.capitalize()}: {self.detail}"

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.detail}"


@dataclass(frozen=True)
class SignedRevision:
    data: bytes                 # the revision .docx
    changes: int                # changes of the new answers (one comment each)
    notes: tuple[Note, ...]     # conflicts and changes not applied, in document order


@dataclass
class _Record:
    """One change of the new answers, as it lands in SIGNED."""

    change: ClauseChange
    reason: str
    touched: list = field(default_factory=list)   # SIGNED paragraphs changed, inserted or struck
    notes: list[Note] = field(default_factory=list)
    where: object = None                          # a signed paragraph near the change, for a comment
    renamed: list[tuple[str, str]] = field(default_factory=list)  # party names written as SIGNED has them

    @property
    def label(self) -> str:
        c = self.change
        if c.clause_id in PSEUDO_LABELS:
            return PSEUDO_LABELS[c.clause_id]
        if c.clause_id.startswith(ARTICLE_PREFIX):
            return f"Article heading {c.title!r}"
        return f"{c.title} ({section_label(c)})"

    def note(self, kind: str, detail: str) -> None:
        self.notes.append(Note(kind, self.label, detail))

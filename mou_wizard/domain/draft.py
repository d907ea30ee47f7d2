"""The draft as a plain document tree: what the clause engine produces and the DOCX renderer consumes.

Nothing here knows about Word. Numbers ("4", "4.2") are computed once by the clause engine so that
cross-references, the appendix and the revision code agree with what Word's own numbering shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mou_wizard.domain.assessment import Assessment, ItemStatus, StateAssessment


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting. ``placeholder`` marks an unanswered field (``field``, when
    known); ``ref`` (a clause id) makes the text a cross-reference to that clause's section number ("7.2")."""

    text: str
    bold: bool = False
    placeholder: bool = False
    ref: str = ""
    field: str = ""  # a placeholder: the answer field it stands for, when known


@dataclass(frozen=True)
class Block:
    """One paragraph of a section. ``kind`` is ``"para"`` or ``"item"`` (a lettered (a), (b) item).
    ``notes``: margin comments for counsel on this paragraph (e.g. an answer kept against the rubric);
    they are not part of the text and a signing copy leaves them out."""

    kind: str
    runs: tuple[Run, ...]
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Section:
    """A numbered section (one clause of the library), e.g. 4.2."""

    number: str
    clause_id: str
    title: str
    sec_ids: tuple[str, ...]
    blocks: tuple[Block, ...]
    alternative: str | None = None  # name of the alternative used, when the clause has several


@dataclass(frozen=True)
class Article:
    """An article (one section of the library), e.g. Article 4. ``number`` is None for the recitals."""

    number: int | None
    section_id: str
    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Signatory:
    name: tuple[Run, ...]
    title: tuple[Run, ...]
    organization: tuple[Run, ...]
    role: str = ""  # "" for a Party's signature; "Attest" or "Approved as to form" for a countersignature
    party: str = ""  # a countersignature's Party, "district" or "agency": its column on the signature page


@dataclass(frozen=True)
class OpenDecision:
    """An answer the Parties have not given yet: the question that settles it and where it shows."""

    question_id: str
    field: str                        # "partnership.reports_public"
    what: str                         # what is open, in words: "whether the data reports are published"
    question: str                     # the interview's question
    places: tuple[str, ...]           # "12.4", "Recitals", "Signature page", ...


@dataclass(frozen=True)
class Draft:
    title: str
    header: str                       # e.g. "DRAFT: version 1.0, 1 August 2026"
    preamble: tuple[Run, ...]         # "This Memorandum of Understanding ... is made between ..."
    recitals: tuple[Block, ...]       # "WHEREAS ..." paragraphs (unnumbered)
    articles: tuple[Article, ...]     # numbered articles, in order (recitals not included)
    signatories: tuple[Signatory, ...]
    disclaimer: str
    assessment: Assessment            # the rubric and state-pack statuses the appendix shows
    core_title: str = "Memorandum of Understanding"
    witness: str = "IN WITNESS WHEREOF, the Parties have signed this MOU as of the dates written below."
    metadata: dict = field(default_factory=dict)  # e.g. {"version": "1.0", "date": "2026-08-01"}
    open_decisions: tuple[OpenDecision, ...] = ()  # listed at the front of a draft; none in a signing copy
    final: bool = False               # a signing copy: no DRAFT header, disclaimer, appendix or notes

    @property
    def coverage(self) -> tuple[ItemStatus, ...]:
        return self.assessment.items

    @property
    def state_alignment(self) -> StateAssessment | None:
        return self.assessment.state

    def sections(self):
        for article in self.articles:
            yield from article.sections

    def plain_text(self) -> str:
        """The document's text, one paragraph a line (used for determinism checks and previews)."""
        lines = [self.title, self.header]
        lines += [f"Open decision: {d.what} ({', '.join(d.places) or 'no section'})" for d in self.open_decisions]
        lines.append("".join(r.text for r in self.preamble))
        lines += [b.text for b in self.recitals]
        for article in self.articles:
            lines.append(f"Article {article.number}. {article.title}")
            for s in article.sections:
                lines.append(f"{s.number} {s.title}")
                lines += [b.text for b in s.blocks]
        for sig in self.signatories:
            line = " / ".join("".join(r.text for r in part) for part in (sig.name, sig.title, sig.organization))
            lines.append(f"{sig.role} for {line}" if sig.role else line)
        lines.append(self.disclaimer)
        lines += [f"{c.sec_id}: {c.status} {', '.join(c.sections) or 'not addressed'}" for c in self.coverage]
        if self.state_alignment:
            lines += [f"{r.req_id}: {r.status} {', '.join(r.sections) or 'not addressed'}"
                      for r in self.state_alignment.rows]
        return "\n".join(lines)

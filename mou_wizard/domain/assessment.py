"""How a set of answers and its draft stand against the SECURe rubric and a state pack: the one typed
result that the draft's appendix, ``mou-wizard check`` (text, JSON, markdown) and the TUI sidebar read.

Statuses of a rubric item:

* missing: no clause in the draft serves the item;
* against: an answer behind the item goes against the rubric (the question's ``concern``);
* partly: a clause serves it, but some answer it depends on is still open;
* met: a clause serves it and every question behind it is answered.

A state requirement is met, partly (an answer its check reads is still open), against (the answers it
reads are given and go against it) or missing.
"""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("met", "partly", "against", "missing")


@dataclass(frozen=True)
class ItemStatus:
    """One rubric item. ``questions``: the applicable questions that serve it, in interview order."""

    sec_id: str
    summary: str
    source: str                       # seed | federal | practice
    sections: tuple[str, ...]         # draft sections that serve it ("4.2")
    status: str = ""
    clauses: tuple[str, ...] = ()     # ids of the clauses behind those sections
    questions: tuple[str, ...] = ()
    open_questions: tuple[str, ...] = ()
    against: tuple[str, ...] = ()     # questions whose answer goes against it


# How a state pack's source was read, in words (the tokens are the packs' `confidence` values).
CONFIDENCE_LABELS = {
    "statute": "statute text read",
    "official_summary": "official summary; not read in the statute text",
    "secondary": "secondary source; not read in the statute text",
    "practice": "recommended practice; not a requirement of the statute",
}
KIND_LABELS = {"term": "term of the agreement",
               "supporting": "supporting data: the state's duty, not a term the law requires of the agreement"}


def confidence_label(token: str) -> str:
    return CONFIDENCE_LABELS.get(token, token)


def source_line(title: str, address: str | None, text_as_of: str, confidence: str) -> str:
    """'Title (address), text as of 2020: statute text read'."""
    where = f" ({address})" if address else ""
    return f"{title}{where}, text as of {text_as_of}: {confidence_label(confidence)}"


@dataclass(frozen=True)
class RequirementStatus:
    req_id: str
    description: str
    status: str                       # met | partly | against | missing
    sections: tuple[str, ...]
    confidence: str = ""
    clauses: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    source_title: str = ""
    source_address: str | None = None
    text_as_of: str = ""
    kind: str = "term"                # term | supporting (data the state collects; not a term of the agreement)

    def source_note(self) -> str:
        """'Supporting data ... Source: Title, text as of 2020: statute text read.'"""
        kind = f"{KIND_LABELS['supporting'][0].upper()}{KIND_LABELS['supporting'][1:]}. " if self.kind == "supporting" else ""
        return f"{kind}Source: {source_line(self.source_title, None, self.text_as_of, self.confidence)}."


@dataclass(frozen=True)
class StateAssessment:
    """A state pack's requirements, with the pack's citation, sources, their dates and confidence."""

    code: str
    name: str
    citation: str
    text_as_of: str                   # the dates of the texts read: '2020' or '2019 to 2024'
    confidence: str
    agreement_required: str
    rows: tuple[RequirementStatus, ...]
    disclaimer: str
    sources: tuple[tuple[str, str | None, str, str], ...] = ()  # (title, address, text_as_of, confidence)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    def source_lines(self) -> list[str]:
        return [source_line(*s) for s in self.sources]


@dataclass(frozen=True)
class Assessment:
    items: tuple[ItemStatus, ...]
    state: StateAssessment | None = None

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def met(self) -> frozenset[str]:
        return frozenset(i.sec_id for i in self.items if i.status == "met")

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.status == status)

    @property
    def missing(self) -> list[str]:
        return [i.sec_id for i in self.items if i.status == "missing"]

    def summary(self) -> str:
        return ", ".join(f"{self.count(s)} {s}" for s in STATUSES if self.count(s))

    def sentence(self) -> str:
        """What the assistant says about coverage at the end of an interview or on the review screen."""
        tail = f" Not addressed: {', '.join(self.missing)}." if self.missing else ""
        return f"Rubric coverage: {len(self.met)} of {self.total} SECURe items are met ({self.summary()}).{tail}"

"""Answers to questions about the rubric, in the user's own words, from the project's own content.

"What does the rubric say about training hours?" is matched against each SECURe item's summary,
the text of the questions that serve it and the titles of the clauses that meet it. The answer
cites the SEC ids and says plainly when nothing relevant is found. No text is invented here: every
sentence comes from prompts/ or clause_library/.

The index is built from plain data the caller passes in (the language layer does not load content),
so whoever holds the questions and clauses builds it once: :meth:`RubricIndex.build`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from mou_wizard.language.matching import TermIndex

__all__ = ["Hit", "RubricIndex"]

NOTHING = ("I have nothing in my rubric notes about that. I can answer questions about the SECURe "
           "rubric items, such as training hours, complaints, searches, data reporting or the "
           "discipline boundary; 'why' explains the current question.")


@dataclass(frozen=True)
class Hit:
    sec_id: str
    score: float


@dataclass(frozen=True)
class RubricIndex:
    """The rubric items, searchable by their summaries and the text that serves each of them."""

    items: Mapping[str, Mapping[str, str]]
    terms: TermIndex
    asks: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    clauses: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, items: Mapping[str, Mapping[str, str]], documents: Mapping[str, Sequence[str]],
              *, asks: Mapping[str, tuple[str, str]] | None = None,
              clauses: Mapping[str, Sequence[str]] | None = None) -> "RubricIndex":
        """``items``: SEC id -> {"summary", "source"} (the rubric); ``documents``: SEC id -> more text
        to search (question text and topics, clause titles); ``asks``: SEC id -> (question text, the
        recommended answer said back) to quote; ``clauses``: SEC id -> titles of clauses that meet it."""
        docs = {sec: [item["summary"], *documents.get(sec, ())] for sec, item in items.items()}
        focus = {sec: item["summary"] for sec, item in items.items()}
        return cls(items, TermIndex.build(docs, focus), dict(asks or {}), dict(clauses or {}))

    def search(self, text: str, limit: int = 3) -> list[Hit]:
        return [Hit(h.key, h.score) for h in self.terms.search(text, limit)]

    def answer(self, text: str) -> str:
        """A short answer citing SEC ids, or a plain statement that the notes have nothing on it."""
        hits = self.search(text)
        if not hits:
            return NOTHING
        lines = ["From the SECURe rubric notes:"]
        for h in hits:
            lines += self._describe(h.sec_id)
        return "\n".join(lines)

    def item(self, sec_id: str) -> str:
        """One rubric item by its id ("what is SEC-1.8?"), or a plain statement that there is none."""
        if sec_id not in self.items:
            ids = sorted(self.items, key=lambda s: tuple(int(x) for x in s.removeprefix("SEC-").split(".")))
            span = f"; its items run from {ids[0]} to {ids[-1]}" if ids else ""
            return f"There is no {sec_id} in the SECURe rubric{span}."
        return "\n".join(["From the SECURe rubric notes:", *self._describe(sec_id)])

    def _describe(self, sec_id: str) -> list[str]:
        item = self.items[sec_id]
        tag = " (recommended practice, not a rubric requirement)" if item["source"] == "practice" else ""
        lines = [f"  {sec_id}{tag}: {item['summary']}"]
        if sec_id in self.asks:
            question, said = self.asks[sec_id]
            lines.append(f"    The interview asks: {question} Recommended: {said}.")
        titles = list(self.clauses.get(sec_id, ()))[:3]
        if titles:
            lines.append(f"    Clauses that address it: {'; '.join(titles)}.")
        return lines

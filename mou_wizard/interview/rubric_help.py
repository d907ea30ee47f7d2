"""The index behind "what does the rubric say about ...?", built from the content bundle.

The language layer only takes plain text (it loads no content); this is where the interview hands it
the rubric, the questions that serve each item and the clauses that meet it.
"""

from __future__ import annotations

from mou_wizard.content.bundle import ContentBundle
from mou_wizard.language.rubric_qa import RubricIndex


def rubric_index(content: ContentBundle) -> RubricIndex:
    items = content.rubric
    documents: dict[str, list[str]] = {sec: [] for sec in items}
    asks: dict[str, tuple[str, str]] = {}
    for q in content.questions.questions:
        for sec in q.d.sec:
            documents[sec] += [q.d.text, " ".join(q.d.topics)]
            if q.d.recommended is not None:  # the first question with a recommendation is quoted
                asks.setdefault(sec, (q.d.text.strip(), q.say(q.d.recommended)))
    clauses: dict[str, list[str]] = {}
    for c in content.library.clauses:
        for sec in c.d.sec:
            documents[sec].append(c.d.title)
            clauses.setdefault(sec, []).append(c.d.title)
    return RubricIndex.build(items, documents, asks=asks, clauses=clauses)

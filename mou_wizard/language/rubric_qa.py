"""Answers to questions about the rubric, in the user's own words, from the project's own content.

"What does the rubric say about training hours?" is matched against each SECURe item's summary,
the help text of the questions that serve it and the titles of the clauses that meet it. The answer
cites the SEC ids and says plainly when nothing relevant is found. No text is invented here: every
sentence comes from prompts/ or clause_library/.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

_STOP = set(
    "a an the of to and or in on for with by is are be do does did what whats which who whom how when where why "
    "about say says said rubric rubrics secure mou this that these those it its i we our us you your me my can "
    "should would could must may there their they them tell anything any some much many more need needs "
    "please know want like".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


# Everyday words for what the notes say in other words.
_SYNONYMS = {
    "review": ("revis",), "revis": ("review",), "updat": ("revis",), "hire": ("select", "recruit"),
    "hir": ("select", "recruit"), "remov": ("reassign",), "fire": ("remov", "reassign"),
    "cop": ("sro",), "officer": ("sro",), "kid": ("student",), "parent": ("famili",),
    "privacy": ("ferpa",), "record": ("ferpa",), "force": ("restraint",), "handcuff": ("restraint",),
}


def terms(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in _STOP]


def query_terms(text: str) -> set[str]:
    found = set(terms(text))
    for t in list(found):
        found.update(_SYNONYMS.get(t, ()))
    return found


@dataclass(frozen=True)
class Hit:
    sec_id: str
    score: float


def _index(content: Any) -> tuple[dict[str, set[str]], dict[str, float], dict[str, set[str]]]:
    items = content.rubric
    docs: dict[str, list[str]] = {sec: [items[sec]["summary"]] for sec in items}
    for q in content.questions.questions:
        for sec in q.d.sec:
            docs[sec] += [q.d.text, " ".join(q.d.topics)]
    for c in content.library.clauses:
        for sec in c.d.sec:
            docs[sec].append(c.d.title)
    bags = {sec: set(terms(" ".join(parts))) for sec, parts in docs.items()}
    df: dict[str, int] = {}
    for bag in bags.values():
        for t in bag:
            df[t] = df.get(t, 0) + 1
    idf = {t: math.log(1 + len(bags) / n) for t, n in df.items()}
    summaries = {sec: set(terms(items[sec]["summary"])) for sec in items}
    return bags, idf, summaries


def search(text: str, content: Any, limit: int = 3) -> list[Hit]:
    """``content``: the content bundle (rubric, questions and clauses are read from it)."""
    bags, idf, summaries = _index(content)
    query = query_terms(text)
    if not query:
        return []
    # A word the notes never use counts half as much as a typical word: "locker" should not sink
    # "searches", but a question made only of unknown words finds nothing.
    typical = sorted(idf.values())[len(idf) // 2]
    total = sum(idf.get(t, typical / 2) for t in query)
    hits = []
    for sec, bag in bags.items():
        matched = query & bag
        if matched:
            # Words in the item's own summary weigh double: that is what the item is about.
            weight = sum(idf[t] * (2 if t in summaries[sec] else 1) for t in matched)
            hits.append(Hit(sec, weight / total))
    hits.sort(key=lambda h: (-h.score, h.sec_id))
    best = hits[0].score if hits else 0
    return [h for h in hits[:limit] if h.score >= 0.6 and h.score >= best * 0.75]


def looks_like_a_question(text: str) -> bool:
    t = text.strip().lower()
    return t.endswith("?") or t.startswith(("what does the rubric", "what do the rubrics", "tell me about"))


def answer(text: str, content: Any) -> str:
    """A short answer citing SEC ids, or a plain statement that the notes have nothing on it."""
    hits = search(text, content)
    if not hits:
        return ("I have nothing in my rubric notes about that. I can answer questions about the SECURe "
                "rubric items, such as training hours, complaints, searches, data reporting or the "
                "discipline boundary; 'why' explains the current question.")
    items = content.rubric
    lines = ["From the SECURe rubric notes:"]
    for h in hits:
        item = items[h.sec_id]
        tag = " (recommended practice, not a rubric requirement)" if item["source"] == "practice" else ""
        lines.append(f"  {h.sec_id}{tag}: {item['summary']}")
        related = [q for q in content.questions.questions if h.sec_id in q.d.sec and q.d.recommended is not None]
        if related:
            q = related[0]
            said = q.say(q.d.recommended)
            lines.append(f"    The interview asks: {q.d.text.strip()} Recommended: {said}.")
        titles = [c.d.title for c in content.library.clauses if h.sec_id in c.d.sec][:3]
        if titles:
            lines.append(f"    Clauses that address it: {'; '.join(titles)}.")
    return "\n".join(lines)

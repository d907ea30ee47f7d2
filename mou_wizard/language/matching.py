"""How the language layer compares words: the one place for normalising, stemming, stopwords,
synonyms and scoring.

Three matchers use it, each tuned to what it compares:

* picking an option (:mod:`.choices`): replies against short option labels, where only singular and
  plural differ (:func:`plural_stem`) and everyday words name the parties (:data:`CHOICE_SYNONYMS`);
* finding a topic ("change training hours"): :func:`best_topic` scores words found in each
  candidate's topics and text;
* searching notes ("what does the rubric say about hiring?"): :class:`TermIndex`, a small tf-idf
  over word stems (:func:`stem`), with :data:`SEARCH_SYNONYMS` for notes that say it in other words.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Sequence, TypeVar

from mou_wizard.language.numbers import ORDINAL_BY_NUMBER
from mou_wizard.language.text import LazyPattern, ascii_text

__all__ = [
    "CHOICE_STOPWORDS", "CHOICE_SYNONYMS", "SEARCH_STOPWORDS", "SEARCH_SYNONYMS", "Hit", "TermIndex",
    "TopicMatch", "acronyms", "best_topic", "clear_topic", "compact", "rank_topics", "item_words", "label_key", "plural_stem", "query_terms", "stem",
    "terms", "topic_words",
]

T = TypeVar("T")


# --- options: short labels -----------------------------------------------------------------------

CHOICE_STOPWORDS = {
    "the", "a", "an", "of", "and", "to", "for", "with", "on", "in", "at", "by", "or", "is", "are", "be", "we",
    "i", "our", "option", "choice", "please", "want", "choose", "pick", "select", "use", "go", "let", "lets",
    "let's", "s", "its", "it", "that", "this", "one", "just", "only", "like", "would", "prefer", "take", "about",
    "u", "us", "id", "wed", "d", "them", "they", "must", "should", "will", "can", "may", "shall", "do", "does",
    "have", "has", "all", "their", "your", "my",
}
# Everyday words for the parties, tried only when a word matches no option at all: "the police" is
# the Agency, "the school district" is the District, "both" is jointly.
CHOICE_SYNONYMS = {
    "police": ("agency", "enforcement", "sros"), "sheriff": ("agency", "enforcement"),
    "sheriffs": ("agency", "enforcement"), "department": ("agency",),
    "officers": ("sros", "agency"), "officer": ("sros", "agency"),
    "enforcement": ("agency",), "office": ("agency",), "school": ("district",), "schools": ("district",),
    "division": ("district",),
    "both": ("jointly", "joint"), "together": ("jointly", "joint"), "shared": ("jointly", "joint"),
    "parents": ("families",), "kids": ("students",), "youth": ("students",), "guardians": ("families",),
    "dept": ("department", "agency"), "ell": ("learner",), "ells": ("learner",), "esl": ("learner",), "lep": ("learner",),
    "fewer": ("reduce",), "less": ("reduce",), "lower": ("reduce",), "no": ("none", "without"),
    "nobody": ("none", "without"),
    "gender": ("sex",), "cussing": ("profanity",), "cursing": ("profanity",), "swearing": ("profanity",),
    "cheating": ("dishonesty",), "plagiarism": ("dishonesty",), "guns": ("firearm", "weapon"),
    "gun": ("firearm", "weapon"), "firearms": ("firearm",), "knives": ("weapon",), "dealing": ("distribution",),
    "selling": ("distribution",), "principals": ("administrators", "principals"), "parent": ("families",),
    "cops": ("police", "agency", "enforcement"), "phones": ("phone",), "ells": ("learner",),
}
ROMAN = {"1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v", "6": "vi", "7": "vii", "8": "viii", "9": "ix",
         "10": "x", "11": "xi", "12": "xii"}
CONNECTORS = {"and", "with", "of", "for", "the", "on", "in", "to"}


def plural_stem(w: str) -> str:
    """Singular of a plural ("policies" -> "policy"): option labels differ from replies mostly in number."""
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and re.search(r"(?:ss|x|ch|sh|z)es$", w):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def item_words(text: str) -> list[str]:
    """The words of a reply or label, with "2nd" as "second" and "Title 6" as "title vi" so both sides agree."""
    t = ascii_text(text).lower()
    t = t.replace("u.s.", "us")
    t = re.sub(r"'s\b", "", t)
    t = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: ORDINAL_BY_NUMBER.get(int(m.group(1)), m.group(1)), t)
    t = re.sub(r"\btitle (\d+)\b", lambda m: "title " + ROMAN.get(m.group(1), m.group(1)), t)
    return re.findall(r"[a-z0-9]+", t.replace("'", ""))


def acronyms(label: str) -> set[str]:
    """Acronyms from runs of capitalized words: "Family Educational Rights and Privacy Act" -> "ferpa".

    Lower-case connectors ("and", "with", "of") are skipped, as acronyms do (IDEA, ADA).
    """
    out: set[str] = set()
    run: list[str] = []
    for w in re.findall(r"[A-Za-z][A-Za-z'.\-]*", label) + ["."]:
        if w[:1].isupper():
            run.append(w[0].lower())
        elif w.lower() in CONNECTORS and run:
            continue
        else:
            for a in range(len(run) - 2):  # the endings of the run: "Title II ... Disabilities Act" -> "ada"
                out.add("".join(run[a:]))
            run = []
    return out


def compact(text: str) -> str:
    """Words only, lower case, no leading "the": how exact token and label matches are compared."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", "").replace("\u2019", ""))
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def label_key(text: str) -> str:
    """A label as one string of its words, for catching a misspelling of the whole label."""
    t = " ".join(item_words(text))
    return re.sub(r"^the ", "", t)


# --- notes: tf-idf over stems --------------------------------------------------------------------

SEARCH_STOPWORDS = set(
    "a an the of to and or in on for with by is are be do does did what whats which who whom how when where why "
    "about say says said rubric rubrics secure mou this that these those it its i we our us you your me my can "
    "should would could must may there their they them tell anything any some much many more need needs "
    "please know want like".split()
)
_WORD = LazyPattern(r"[a-z0-9]+")


def stem(word: str) -> str:
    """A crude stem ("hiring" -> "hir", "searches" -> "search"), so notes and questions meet halfway."""
    for suffix in ("ings", "ing", "ies", "es", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


# Everyday words (as stems) for what the notes say in other words.
SEARCH_SYNONYMS = {
    "review": ("revis",), "revis": ("review",), "updat": ("revis",), "hire": ("select", "recruit"),
    "hir": ("select", "recruit"), "remov": ("reassign",), "fire": ("remov", "reassign"),
    "cop": ("sro",), "officer": ("sro",), "kid": ("student",), "parent": ("famili",),
    "privacy": ("ferpa",), "record": ("ferpa",), "force": ("restraint",), "handcuff": ("restraint",),
}


def terms(text: str) -> list[str]:
    """The stems of the words worth searching for."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in SEARCH_STOPWORDS]


def query_terms(text: str) -> set[str]:
    """A question's stems, with their synonyms."""
    found = set(terms(text))
    for t in list(found):
        found.update(SEARCH_SYNONYMS.get(t, ()))
    return found


@dataclass(frozen=True)
class Hit:
    key: str
    score: float


@dataclass(frozen=True)
class TermIndex:
    """Documents as bags of stems with inverse document frequencies; ``focus`` words weigh double.

    Built from plain text (key -> parts), so any layer can index what it has.
    """

    bags: dict[str, set[str]]
    idf: dict[str, float]
    focus: dict[str, set[str]]

    @classmethod
    def build(cls, documents: dict[str, Sequence[str]], focus: dict[str, str] | None = None) -> "TermIndex":
        bags = {key: set(terms(" ".join(parts))) for key, parts in documents.items()}
        df: dict[str, int] = {}
        for bag in bags.values():
            for t in bag:
                df[t] = df.get(t, 0) + 1
        idf = {t: math.log(1 + len(bags) / n) for t, n in df.items()}
        return cls(bags, idf, {key: set(terms(text)) for key, text in (focus or {}).items()})

    def search(self, text: str, limit: int = 3) -> list[Hit]:
        """The best keys for ``text``, each scored 0..~2; only those close to the best and above 0.6."""
        query = query_terms(text)
        if not query or not self.idf:
            return []
        # A word the notes never use counts half as much as a typical word: "locker" should not sink
        # "searches", but a question made only of unknown words finds nothing.
        typical = sorted(self.idf.values())[len(self.idf) // 2]
        total = sum(self.idf.get(t, typical / 2) for t in query)
        hits = []
        for key, bag in self.bags.items():
            matched = query & bag
            if matched:
                # Words in the focus text weigh double: that is what the document is about.
                focus = self.focus.get(key, set())
                weight = sum(self.idf[t] * (2 if t in focus else 1) for t in matched)
                hits.append(Hit(key, weight / total))
        hits.sort(key=lambda h: (-h.score, h.key))
        best = hits[0].score if hits else 0
        return [h for h in hits[:limit] if h.score >= 0.6 and h.score >= best * 0.75]


# --- topics: which earlier answer "training hours" means -------------------------------------------


def topic_words(text: str) -> list[str]:
    """The words of a topic request worth matching: longer than two letters, or numbers."""
    return [w for w in text.lower().replace("?", " ").split() if len(w) > 2 or w.isdigit()]


def best_topic(text: str, candidates: Iterable[tuple[T, Sequence[str], str]], threshold: float = 0.5) -> T | None:
    """The candidate ``text`` most likely names, or None below ``threshold``.

    Each candidate is (item, topics, other text). A word found in the topics counts double, one found
    anywhere else once (as a substring, so "train" finds "training"); naming a topic exactly adds 2.
    """
    words = topic_words(text)
    if not words:
        return None
    phrase = " ".join(words)
    best, best_score = None, 0.0
    for item, topics, other in candidates:
        joined = " ".join(topics).lower()
        hay = f"{joined} {other.lower()}"
        score = sum((2.0 if w in joined else 1.0) for w in words if w in hay) / len(words)
        if any(phrase == t.lower() for t in topics):
            score += 2
        if score > best_score:
            best, best_score = item, score
    return best if best_score >= threshold else None


# Words that name no topic: "change my answer about the training hours" is about "training hours".
TOPIC_STOPWORDS = (SEARCH_STOPWORDS - {"mou", "secure"}) | {"change", "answer", "answers", "question", "questions", "edit", "fix",
                                      "one", "bit", "part", "thing", "again", "go", "back", "earlier", "previous"}


@dataclass(frozen=True)
class TopicMatch:
    item: object
    score: float
    coverage: float = 1.0  # the share of the reply's words found in the candidate


def rank_topics(text: str, candidates: Iterable[tuple[T, Sequence[str], str]]) -> list[TopicMatch]:
    """Every candidate ``text`` may name, best first (scores above 0).

    Each candidate is (item, topics, other text). A word is matched at the start of a word ("train"
    finds "training"); one found in the topics counts 2, one found only in the other text 1, and the
    sum is divided by the number of words, so a reply whose words mostly match nothing scores low.
    Naming one of the topics exactly (singular or plural) adds 2; a topic's words all named adds 1.
    """
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_text(text).lower().replace("'", ""))
             if w not in TOPIC_STOPWORDS and (len(w) > 2 or w.isdigit())]
    if not words:
        return []
    said = [plural_stem(w) for w in words]
    out = []
    for item, topics, other in candidates:
        topic_words = [[w for w in re.findall(r"[a-z0-9]+", t.lower().replace("'", "")) if w not in TOPIC_STOPWORDS]
                       for t in topics]
        in_topics = {w for tw in topic_words for w in tw}
        in_other = set(re.findall(r"[a-z0-9]+", other.lower().replace("'", "")))

        def found(w: str, bag: set[str]) -> bool:
            return any(x.startswith(w) or (len(x) > 3 and w.startswith(x) and len(w) - len(x) <= 3) for x in bag)

        points = [2.0 if found(w, in_topics) else 1.0 if found(w, in_other) else 0.0 for w in words]
        score = sum(points) / len(words)
        if score <= 0:
            continue
        if any(said == [plural_stem(x) for x in tw] for tw in topic_words):  # "complaint": "complaints"
            score += 2
        elif any(tw and all(found(x, set(words)) for x in tw) for tw in topic_words):
            score += 1
        out.append(TopicMatch(item, score, sum(1 for p in points if p) / len(words)))
    out.sort(key=lambda m: -m.score)
    return out


def clear_topic(ranked: Sequence[TopicMatch]) -> object | None:
    """The item a ranking clearly points at, or None when the words name no topic or several equally.

    Clear: nearly every word of the reply is found in the best (two in three at least), and it names a
    topic outright (score 2 or more: every word found in its topics, or a topic named) and stands ahead
    of the next, or it is well above the rest (half a point at least).
    """
    if not ranked or ranked[0].coverage < 2 / 3:
        return None
    best = ranked[0].score
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if best >= 2 and best > second:
        return ranked[0].item
    if best >= 1.5 and best - second >= 0.5:
        return ranked[0].item
    return None

"""Picking options: "2", "the sheriff", "Title VI, 504 and FERPA", "all except 2".

The words of each option are indexed once per list of choices (see :mod:`.matching` for how words are
compared); a reply is matched by number, token, label, distinctive words or a close misspelling, and an
ambiguous reply is refused with the candidates rather than guessed.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any

from mou_wizard.language.matching import (
    CHOICE_STOPWORDS as _STOP, CHOICE_SYNONYMS as _SYNONYMS, acronyms as _acronyms, compact as _compact,
    item_words as _item_words, label_key as _label_key, plural_stem as _stem,
)
from mou_wizard.language.numbers import ORDINAL_BY_NUMBER as _ORDINAL_BY_NUMBER, ORDINALS as _ORDINALS
from mou_wizard.language.numbers import words_to_digits as _words_to_digits
from mou_wizard.language.text import (
    Choice, ParseError, ascii_text as _ascii, clean as _clean, join_and as _join_and, quote as _quote,
)

__all__ = ["label_for", "parse_choice", "parse_multichoice"]


_NUMBER_ITEM_RE = re.compile(r"(?:(?:option|number|no\.?|choice)\s*|#\s*)?\(?\s*(\d+)\s*[.)]?")


class _Index:
    """Precomputed matching data for one list of choices."""

    def __init__(self, choices: tuple[Choice, ...]):
        self.choices = choices
        self.tokens = [c[0] for c in choices]
        self.label_keys = [_label_key(c[1]) for c in choices]
        self.token_keys = [c[0].replace("_", " ").lower() for c in choices]
        self.words: list[set[str]] = []
        self.stems: list[set[str]] = []
        self.all_words: set[str] = set()
        for token, label in choices:
            ws = set(_item_words(label)) | set(token.lower().split("_")) | _acronyms(label)
            ws -= {"the", "a", "an", "of", "and", "to", "or", "s"}
            self.words.append(ws)
            self.stems.append({_stem(w) for w in ws})
            self.all_words |= ws
        # how many list fragments the longest label splits into ("citations and tickets" -> 2), so a
        # multichoice answer only tries to rejoin that many fragments into one label
        self.max_parts = max(
            len([f for f in _SPLIT_RE.split(label)[::2] if f.strip()]) for _, label in choices
        )
        self.word_list = sorted(self.all_words)
        self.label_words = [{w for w in _item_words(label) if w not in _STOP} for _, label in choices]
        self._quality_memo: dict[str, list[int]] = {}  # word -> _qualities(word); words repeat across spans
        self.exact_keys: dict[str, int] = {}
        for i, (token, _) in enumerate(choices):
            self.exact_keys.setdefault(_compact(token.replace("_", " ")), i)
        for i, (_, label) in enumerate(choices):
            self.exact_keys.setdefault(_compact(label), i)
        self.fuzzy_targets = {}
        for i, (key, tkey) in enumerate(zip(self.label_keys, self.token_keys)):
            self.fuzzy_targets.setdefault(key, set()).add(i)
            self.fuzzy_targets.setdefault(tkey, set()).add(i)

    def exact(self, item: str) -> int | None:
        """Index of the choice named exactly: its number, token or label (None if not exact)."""
        s = item.strip().lower()
        m = _NUMBER_ITEM_RE.fullmatch(s)
        if m:
            n = int(m.group(1))
            return n - 1 if 1 <= n <= len(self.choices) else None
        return self.exact_keys.get(_compact(s))

    def match(self, item: str, strict: bool = False, said: str | None = None) -> tuple[int | None, list[int]]:
        """(index, []) for a unique match, (None, candidates) when ambiguous, (None, []) when unknown.

        ``strict`` (used when rejoining list fragments) needs every word in one option: no whole-label
        misspellings and no partial matches. ``said``: the reply as typed (``item`` may be lower-cased),
        to tell a proper name ("Maple Grove") from everyday words.
        """
        t = _strip_item(item)
        if not t:
            return None, []
        exact = self.exact(t)
        if exact is not None:
            return exact, []
        n = len(self.choices)
        if re.fullmatch(r"\d+", t) and t not in self.all_words:
            return None, []
        # a number in words ("two"), or an ordinal ("the second one"), unless a label uses that word
        digits = _words_to_digits(t)
        if re.fullmatch(r"\d+", digits) and t not in self.all_words and 1 <= int(digits) <= n:
            return int(digits) - 1, []
        m = re.fullmatch(r"(?:the )?([a-z]+|\d+(?:st|nd|rd|th))( one| option| choice)?", t)
        if m:
            word, suffix = m.group(1), m.group(2)
            if word == "last":
                pos = n
            elif word[:1].isdigit():
                pos = int(word[:-2])
            else:
                pos = _ORDINALS.get(word)
            as_word = _ORDINAL_BY_NUMBER.get(pos or 0, word)
            if pos and 1 <= pos <= n and (suffix or as_word not in self.all_words):
                return pos - 1, []
        words = [w for w in _item_words(t) if w not in _STOP]
        if not words:
            return None, []
        qualities = [self._qualities(w) for w in words]
        scored = [  # (score, index) of the options that contain every word
            (sum(q[i] for q in qualities), i) for i in range(n) if all(q[i] for q in qualities)
        ]
        if len(scored) == 1:
            return scored[0][1], []
        if scored:
            scored.sort(reverse=True)
            if scored[0][0] > scored[1][0]:
                return scored[0][1], []
            best = [i for s, i in scored if s == scored[0][0]]
            # a tie goes to the one option whose every word the user named: "the school district"
            # is "the District", not "the District and the Agency jointly"
            named = set(words)
            for w in words:
                named.update(_SYNONYMS.get(w, ()))
            named |= {_stem(w) for w in named}
            full = [i for i in best if self.label_words[i] and all(
                c in named or _stem(c) in named for c in self.label_words[i])]
            if len(full) == 1:
                return full[0], []
            # the user's words as they stand in one option's wording: "events on school property" is
            # "school-sponsored events on school property", not "... away from school property"
            phrase = f" {' '.join(_item_words(t))} "
            within = [i for i in best if phrase in f" {' '.join(_item_words(self.choices[i][1]))} "]
            if len(within) == 1:
                return within[0], []
            return None, sorted(best)
        if strict:
            return None, []
        # a misspelling of a whole label or token; two close labels ("first amendment") are no match
        close = difflib.get_close_matches(_label_key(t), list(self.fuzzy_targets), n=3, cutoff=0.75)
        hits = {i for c in close for i in self.fuzzy_targets[c]}
        # ... as long as every word is close to one of its words: "Maple Grove Police Department" is a
        # name, not a misspelling of "municipal police department"
        if len(hits) == 1 and all(q[next(iter(hits))] for q in qualities):
            return hits.pop(), []
        # some words match nothing ("sheriff's department"): accept the one option that every
        # distinctive word (a word found in a single option) names, if it holds at least half the words.
        # When the reply also holds a name that matches nothing (two unknown words, or a capitalized one:
        # "Maple Grove Division of Police"), the distinctive word must be in the option itself
        # ("sheriff"), not only an everyday synonym of one of its words ("division"): such a reply is an
        # agency's name, not a kind of agency.
        distinctive = {q.index(max(q)) for q in qualities if sum(1 for x in q if x >= 2) == 1}
        if len(distinctive) == 1:
            i = distinctive.pop()
            capitalized = {w.lower() for w in re.findall(r"[A-Za-z][\w'-]*", said or item) if w[0].isupper()}
            unknown = [w for w, q in zip(words, qualities) if not any(q)]
            named = len(unknown) > 1 or any(w in capitalized for w in unknown)
            direct = any(q[i] >= 3 and sum(1 for x in q if x >= 2) == 1 for q in qualities)
            if (direct or not named) and 2 * sum(1 for q in qualities if q[i]) >= len(words):
                return i, []
        return None, []

    def _qualities(self, w: str) -> list[int]:
        """How well ``w`` matches each option: 4 the word is in it, 3 its stem or plural is, 2 it is a prefix
        of one of its words or an everyday synonym of one, 1 a close misspelling of one (tried only when no
        option has the word, a prefix or a synonym), 0 none."""
        cached = self._quality_memo.get(w)
        if cached is not None:
            return cached
        if len(self._quality_memo) > 4096:
            self._quality_memo.clear()
        stem = _stem(w)
        out = []
        for ws, stems in zip(self.words, self.stems):
            if w in ws:
                out.append(4)
            elif stem in stems or w + "s" in ws or w + "es" in ws:
                out.append(3)
            elif len(w) >= 3 and any(x.startswith(w) for x in ws):
                out.append(2)
            else:
                out.append(0)
        for alt in _SYNONYMS.get(w, ()) if not any(out) else ():
            hits = [3 if alt in ws or alt in stems else 0 for ws, stems in zip(self.words, self.stems)]
            if any(hits):
                out = [2 if h else 0 for h in hits]
                break
        if not any(out) and len(w) >= 4:
            close = set(difflib.get_close_matches(w, self.word_list, n=3, cutoff=0.8))
            out = [1 if ws & close else 0 for ws in self.words]
        self._quality_memo[w] = out
        return out

    def describe(self, indexes: list[int]) -> str:
        parts = [f"{i + 1} ({self.choices[i][1]})" for i in indexes]
        return _join_and(parts, "or")


def _strip_item(item: str) -> str:
    t = _clean(item)
    t = re.sub(r"^(?:option|number|no\.|choice|#)\s*(?=\S+$)", "", t)
    t = re.sub(r"^\((\d+)\)$|^(\d+)[.)]$", lambda m: m.group(1) or m.group(2), t)
    return t.strip(" \"'")


@lru_cache(maxsize=256)
def _index(choices: tuple[Choice, ...]) -> _Index:
    return _Index(choices)


def _get_index(choices: list[Choice] | None) -> _Index:
    if not choices:
        raise ValueError("choice questions need a list of (token, label) choices")
    # tokens may be given as enum members: use their value
    return _index(tuple((str(getattr(t, "value", t)), str(l)) for t, l in choices))


def _choice_example(idx: _Index) -> str:
    return idx.token_keys[0]


def parse_choice(text: str, choices: list[Choice]) -> str:
    """One option: by number ("2"), token, label, a distinctive word ("sheriff") or a close misspelling."""
    idx = _get_index(choices)
    n = len(idx.choices)
    t = _strip_item(text)
    if not t:
        raise ParseError(f'I need one of the options: type its number from 1 to {n} or a word from it, such as "1" or "{_choice_example(idx)}".')
    if re.fullmatch(r"-?\d+", t) and not (1 <= int(t) <= n) and t not in idx.all_words:
        raise ParseError(f'There is no option {t}; type a number from 1 to {n}, such as "1".')
    i, candidates = idx.match(t, said=text)
    if i is not None:
        return idx.tokens[i]
    if candidates:
        raise ParseError(f'{_quote(text)} could mean {idx.describe(candidates)}, so please type one number, such as "{candidates[0] + 1}".')
    raise ParseError(f'I couldn\'t match {_quote(text)} to any of the options; type a number from 1 to {n} or a word from the option, such as "1" or "{_choice_example(idx)}".')


_ALL = {"all", "all of them", "all of the above", "everything", "every one", "everyone", "all options", "all the above",
        "each", "each of them", "the lot", "all of these", "all of those", "any", "all apply"}
_NONE = {"none", "none of them", "none of the above", "nothing", "neither", "no", "no one", "nobody", "n/a", "na",
         "none of these", "none apply", "nope", "not any"}
_SPLIT_RE = re.compile(r"(\s*(?:[,;/&+\n]|\band\b|\bplus\b|\bas well as\b)\s*)", re.IGNORECASE)


def parse_multichoice(text: str, choices: list[Choice]) -> list[str]:
    """Several options: "1, 3 and 5", "1-3", "all", "none", "Title VI, 504 and FERPA", "all except 2"."""
    idx = _get_index(choices)
    s = _clean(text)
    if not s:
        raise ParseError('I need one or more options, listed by number or name, such as "1, 3 and 5", "all" or "none".')
    if s in _ALL or (s in ("both", "both of them") and len(idx.choices) == 2):
        return list(idx.tokens)
    if s in _NONE:
        return []
    original = re.sub(r"[\s.!?]+$", "", _ascii(text or "").strip())  # keeps the user's case for messages
    m = re.fullmatch(
        r"(?:all|everything|every one|all of them|all options|all of the above)\s*(?:,\s*)?"
        r"(?:except(?: for)?|but(?: not)?|apart from|other than|minus|without|excluding|save|not)\s+(.+)",
        original, re.IGNORECASE | re.DOTALL)
    if m:
        excluded = set(_multi_items(m.group(1), idx))
        if not excluded:
            raise ParseError('I need the options to leave out, such as "all except 2".')
        return [t for t in idx.tokens if t not in excluded]
    picked = set(_multi_items(original, idx))
    return [t for t in idx.tokens if t in picked]


def _multi_items(s: str, idx: _Index) -> list[str]:
    n = len(idx.choices)
    s = re.sub(r"^(?:only|just)\s+", "", s.strip())
    if re.fullmatch(r"\d+(?:\s+\d+)+", s):  # "1 3 5"
        s = ", ".join(s.split())
    parts = _SPLIT_RE.split(s)
    frags = [(parts[k], k) for k in range(0, len(parts), 2)]
    frags = [(f.strip(), k) for f, k in frags if f.strip() and _clean(f)]

    def span_text(a: int, b: int) -> str:  # original text of fragments a..b-1 with their separators
        return "".join(parts[frags[a][1]: frags[b - 1][1] + 1])

    out: list[str] = []
    i = 0
    while i < len(frags):
        frag = frags[i][0]
        # a whole label that itself contains "and", "/" or commas: longest exact match first
        took = False
        for j in range(min(len(frags), i + idx.max_parts), i + 1, -1):
            e = idx.exact(span_text(i, j))
            if e is not None:
                out.append(idx.tokens[e])
                i = j
                took = True
                break
        if took:
            continue
        r = re.fullmatch(r"(\d+)\s*(?:-|to|through|thru|\.\.)\s*(\d+)", _clean(frag))
        if r:
            lo, hi = int(r.group(1)), int(r.group(2))
            if not (1 <= lo <= hi <= n):
                raise ParseError(f'I can\'t use the range {_quote(frag)}; the options are numbered 1 to {n}, so try a range such as "1-{min(3, n)}".')
            out.extend(idx.tokens[lo - 1: hi])
            i += 1
            continue
        t = _strip_item(frag)
        if re.fullmatch(r"-?\d+", t) and not (1 <= int(t) <= n) and t not in idx.all_words:
            raise ParseError(f'There is no option {t}; the options are numbered 1 to {n}, so list numbers such as "1, 3 and 5".')
        hit, candidates = idx.match(frag)
        if hit is not None:
            out.append(idx.tokens[hit])
            i += 1
            continue
        # an ambiguous or partial fragment may make sense together with its neighbours:
        # "conference and circle", "physical and mechanical restraints"
        joined = None
        for a, b in ((i, i + 2), (i, i + 3), (i - 1, i + 1)):
            if a < 0 or b > len(frags) or b - a < 2:
                continue
            h, _ = idx.match(span_text(a, b), strict=True)
            if h is not None:
                joined = (h, b)
                break
        if joined:
            out.append(idx.tokens[joined[0]])
            i = joined[1]
            continue
        if candidates:
            raise ParseError(f'{_quote(frag)} could mean {idx.describe(candidates)}, so please use the numbers, such as "{candidates[0] + 1}".')
        raise ParseError(f'I couldn\'t match {_quote(frag)} to any of the options; list their numbers or names separated by commas, such as "1, 3 and 5".')
    return out



def label_for(value: Any, choices: list[Choice] | None) -> str:
    """The label of ``value`` (a token or an enum member) among ``choices``; the token if it has none."""
    token = getattr(value, "value", value)
    for t, label in choices or ():
        if getattr(t, "value", t) == token:
            return label
    return str(token)


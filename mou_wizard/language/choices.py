"""Picking options: "2", "the sheriff", "Title VI, 504 and FERPA", "all except 2".

The words of each option are indexed once per list of choices (see :mod:`.matching` for how words are
compared); a reply is matched by number, token, label, distinctive words, a close misspelling or one of
the option's ``phrases`` (other words people use for it, given by the question), and an ambiguous reply
is refused with the candidates rather than guessed.

A reply that says what an option is *not* ("not the sheriff", "no bus stops") never picks that option:
a word of negation the option's own words do not hold stops every guess. Several options can be named
by what is left out ("everyone except community organizations", "all but 2"), by the recommended
answer ("the recommended ones plus grade level") or by a count ("all six", when there are six).
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
    Choice, LazyPattern, ParseError, ascii_text as _ascii, clean as _clean, join_and as _join_and, quote as _quote,
)

__all__ = ["label_for", "parse_choice", "parse_multichoice"]


_NUMBER_ITEM_RE = LazyPattern(r"(?:(?:option|number|no\.?|choice)\s*|#\s*)?\(?\s*(\d+)\s*[.)]?")


# Words that say an option is not wanted: a reply holding one that the option's own words do not is
# never matched to it by a guess.
_NEGATORS = {"not", "no", "never", "except", "excluding", "exclude", "without", "nor", "neither", "dont",
             "doesnt", "wont", "shouldnt", "cannot", "cant", "instead", "rather", "minus", "but", "none", "nothing"}


class _Index:
    """Precomputed matching data for one list of choices (and the extra phrases for each option)."""

    def __init__(self, choices: tuple[Choice, ...], phrases: tuple[tuple[str, ...], ...] = ()):
        self.choices = choices
        self.tokens = [c[0] for c in choices]
        self.label_keys = [_label_key(c[1]) for c in choices]
        self.token_keys = [c[0].replace("_", " ").lower() for c in choices]
        self.words: list[set[str]] = []
        self.stems: list[set[str]] = []
        self.all_words: set[str] = set()
        phrases = phrases or tuple(() for _ in choices)
        self.own_words: list[set[str]] = []  # every word of the label, token and phrases (negations included)
        for (token, label), extra in zip(choices, phrases):
            ws = set(_item_words(label)) | set(token.lower().split("_")) | _acronyms(label)
            for phrase in extra:
                ws |= {w for w in _item_words(phrase) if w not in _STOP}
            self.own_words.append(set(ws) | {w for phrase in extra for w in _item_words(phrase)})
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
        owners: dict[str, set[int]] = {}
        for i, extra in enumerate(phrases):
            for phrase in extra:
                owners.setdefault(_compact(phrase), set()).add(i)
        for key, who in owners.items():  # a phrase two options share names neither outright
            if len(who) == 1:
                self.exact_keys.setdefault(key, next(iter(who)))
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
        i, candidates = self._match(item, strict, said)
        if i is not None and not self.negations_fit(item, i):
            return None, []
        return i, [c for c in candidates if self.negations_fit(item, c)]

    def negations_fit(self, item: str, i: int) -> bool:
        """False when ``item`` says "not", "no", "except"... and option ``i``'s own words do not."""
        own = self.own_words[i]
        for w in _item_words(item):
            if w in _NEGATORS and w not in own and not any(s in own for s in _SYNONYMS.get(w, ())):
                return False
        return True

    def _match(self, item: str, strict: bool = False, said: str | None = None) -> tuple[int | None, list[int]]:
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
            last = qualities[-1]
            if named and sum(1 for x in last if x >= 2) == 1 and not _ends_as(words[-1], self.choices[i][1]):
                # a name says what it is by its last word: "Lakeside Area School District" is a school
                # district, not a "school district police department"; but "Harlan County Sheriff" is a
                # "county sheriff's office", and "Virginia State Police" ends in a word the options share
                return None, []
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


def _ends_as(word: str, label: str) -> bool:
    """Whether a name ending in ``word`` is the kind of thing ``label`` names: ``word`` is the label's
    last word or a possessive in it ("sheriff" for "county sheriff's office")."""
    tokens = [t for t in re.findall(r"[a-z][a-z'\-]*", _ascii(label).lower())]
    heads = {tokens[-1]} if tokens else set()
    heads |= {t.removesuffix("'s") for t in tokens if t.endswith("'s")}
    return word in heads or _stem(word) in {_stem(h) for h in heads}


def _strip_item(item: str) -> str:
    t = _clean(item)
    t = re.sub(r"^(?:option|number|no\.|choice|#)\s*(?=\S+$)", "", t)
    t = re.sub(r"^\((\d+)\)$|^(\d+)[.)]$", lambda m: m.group(1) or m.group(2), t)
    return t.strip(" \"'")


@lru_cache(maxsize=256)
def _index(choices: tuple[Choice, ...], phrases: tuple[tuple[str, ...], ...]) -> _Index:
    return _Index(choices, phrases)


Phrases = dict[str, list[str]] | None  # token -> other words people use for that option


def _get_index(choices: list[Choice] | None, phrases: Phrases = None) -> _Index:
    if not choices:
        raise ValueError("choice questions need a list of (token, label) choices")
    # tokens may be given as enum members: use their value
    pairs = tuple((str(getattr(t, "value", t)), str(l)) for t, l in choices)
    extra = tuple(tuple((phrases or {}).get(t, ())) for t, _ in pairs)
    return _index(pairs, extra if any(extra) else ())


def _choice_example(idx: _Index) -> str:
    return idx.token_keys[0]


def parse_choice(text: str, choices: list[Choice], phrases: Phrases = None) -> str:
    """One option: by number ("2"), token, label, a distinctive word ("sheriff"), a close misspelling or
    one of ``phrases`` (token -> other words people use for the option)."""
    idx = _get_index(choices, phrases)
    n = len(idx.choices)
    t = _strip_item(text)
    if not t:
        raise ParseError(f'I need one of the options: type its number from 1 to {n} or a word from it, such as "1" or "{_choice_example(idx)}".')
    if re.fullmatch(r"-?\d+", t) and not (1 <= int(t) <= n) and t not in idx.all_words:
        raise ParseError(f'There is no option {t}; type a number from 1 to {n}, such as "1".')
    if t.lower() in _BARE_NO and "none" not in idx.tokens:  # "no" is no option ("no arrests except..." is one)
        raise ParseError(f'{_quote(text)} is not one of the options; type the number of the one the parties choose, '
                         f'from 1 to {n}, or a word from it, such as "1" or "{_choice_example(idx)}".')
    i, candidates = idx.match(t, said=text)
    if i is not None:
        return idx.tokens[i]
    if candidates:
        raise ParseError(f'{_quote(text)} could mean {idx.describe(candidates)}, so please type one number, such as "{candidates[0] + 1}".')
    if any(w in _NEGATORS for w in _item_words(t)):
        raise ParseError(f'I can\'t tell which option {_quote(text)} means, since it says what is not wanted; please name the '
                         f'one that is, by its number from 1 to {n} or a word from it, such as "1" or "{_choice_example(idx)}".')
    raise ParseError(f'I couldn\'t match {_quote(text)} to any of the options; type a number from 1 to {n} or a word from the option, such as "1" or "{_choice_example(idx)}".')


_BARE_NO = {"no", "n", "nope", "nah", "no thanks"}
_ALL = {"all", "all of them", "all of the above", "everything", "every one", "everyone", "all options", "all the above",
        "each", "each of them", "the lot", "all of these", "all of those", "any", "all apply"}
_NONE = {"none", "none of them", "none of the above", "nothing", "neither", "no", "no one", "nobody", "n/a", "na",
         "none of these", "none apply", "nope", "not any"}
_SPLIT_RE = LazyPattern(r"(\s*(?:[,;/&+\n]|\band\b|\bplus\b|\bas well as\b)\s*)", re.IGNORECASE)


# "all", "everyone", "all of the above", "all the groups", "every option"
_ALL_RE = LazyPattern(r"(?:all|every ?one|everybody|everything|each(?: one)?|the lot|every \w+)"
                     r"(?: of)?(?: the| them| these| those| your)?(?: above| listed| options?| groups?| items?| ones?"
                     r"| laws?| topics?| choices?| categories| kinds?| sorts?| types?| of them| of these| of those){0,2}")
_NONE_RE = LazyPattern(r"(?:none|nothing|no one|nobody|no options?|neither)(?: of (?:them|these|those|the above))?")
_REC_RE = LazyPattern(r"(?:(?:all|just|only) )?(?:of )?(?:the |your |all the |all your )?(?:recommended|suggested|default)"
                     r"(?: ones?| options?| items?| groups?| answers?| list| set| choices?| laws?| topics?| measures?)?")
_ADD_RE = LazyPattern(r"\s*(?:,\s*)?(?:plus|and also|and|as well as|also|with|along with|together with|\+|,)\s+(.+)",
                     re.IGNORECASE | re.DOTALL)
_EXCEPT_RE = LazyPattern(r"\s*(?:,\s*|;\s*)?\b(except(?: for)?|excluding|but not|but no|but without|but|apart from|"
                        r"other than|minus|without|save for|leaving out|leave out|not|no)\b\s*(.*)$",
                        re.IGNORECASE | re.DOTALL)


def parse_multichoice(text: str, choices: list[Choice], phrases: Phrases = None, recommended: Any = None) -> list[str]:
    """Several options: "1, 3 and 5", "1-3", "all", "none", "Title VI, 504 and FERPA", "all except 2",
    "everyone but the students", "all six", "the recommended ones plus grade level" (``recommended``:
    the question's recommended tokens, or None when it has none)."""
    idx = _get_index(choices, phrases)
    s = _clean(text)
    if not s:
        raise ParseError('I need one or more options, listed by number or name, such as "1, 3 and 5", "all" or "none".')
    if s in _ALL or (s in ("both", "both of them") and len(idx.choices) == 2):
        return list(idx.tokens)
    if s in _NONE:
        return []
    rec = None if recommended is None else [str(getattr(t, "value", t)) for t in recommended]
    counted = _all_n(s, idx, rec)
    if counted is not None:
        return counted
    original = re.sub(r"[\s.!?]+$", "", _ascii(text or "").strip())  # keeps the user's case for messages
    base, excluded = original, None
    m = _EXCEPT_RE.search(original)
    if m:
        base, excluded = original[: m.start()].strip(" ,;"), m.group(2).strip(" ,;")
    whole = _base_set(base, idx, rec) if m and base else None
    if whole is not None and excluded:  # "all except 2", "the recommended ones but not age", "none except arrests"
        return _without(whole, excluded, idx)
    try:
        picked = _base_set(original, idx, rec)
        if picked is None:
            picked = set(_multi_items(original, idx))
        return [t for t in idx.tokens if t in picked]
    except ParseError:
        if not m:
            raise
        if not base:  # "not X", "no X": what is wanted is not said
            raise ParseError(f'Please name the options to include; to leave some out, say "all except '
                             f'{excluded or 2}".') from None
        # "arrests and searches but not restraints"
        return _without(set(_multi_items(base, idx)), excluded, idx)


# words for the options of a question as a whole ("all the goals", "every measure")
_OPTION_NOUNS = set("""goals goal options option items item groups group laws law topics topic choices choice
categories category measures measure channels channel matters matter places place people staff kinds kind types
type sorts things criteria alternatives recipients sources partners ways forms""".split())


def _base_set(s: str, idx: _Index, rec: list[str] | None) -> set[str] | None:
    """The options "all", "none" or "the recommended ones (plus ...)" name; None when ``s`` is a list."""
    t = _clean(s)
    if t in _ALL or _ALL_RE.fullmatch(t):
        return set(idx.tokens)
    m = re.fullmatch(r"(?:all|every|each)(?: of)?(?: the| them| these| those| your| our)? ([a-z]+)", t)
    if m and m.group(1) in _OPTION_NOUNS and m.group(1) not in idx.all_words:
        return set(idx.tokens)  # "all the goals": a word for the options themselves
    if t in _NONE or _NONE_RE.fullmatch(t):
        return set()
    m = _REC_RE.match(t)
    if m and _REC_RE.match(t).end() > 0:
        rest = t[m.end():]
        if rest and not _ADD_RE.fullmatch(rest):
            return None
        if rec is None:
            raise ParseError('This question has no recommended answer, so please list the options you want by '
                             'number or name, such as "1, 3 and 5".')
        picked = set(rec)
        if rest:
            picked |= set(_multi_items(_ADD_RE.fullmatch(rest).group(1), idx))
        return picked
    return None


def _without(whole: set[str], excluded: str | None, idx: _Index) -> list[str]:
    """``whole`` less the options ``excluded`` names; from none, "none except X" is just X."""
    out = set(_multi_items(excluded, idx)) if excluded else set()
    if not out:
        raise ParseError('I need the options to leave out, such as "all except 2".')
    if not whole:
        return [t for t in idx.tokens if t in out]
    return [t for t in idx.tokens if t in whole and t not in out]


def _all_n(s: str, idx: _Index, rec: list[str] | None) -> list[str] | None:
    """ "all six": every option when there are six, the recommended ones when they are six; else asked."""
    m = re.fullmatch(r"(?:all|each of|every one of)(?: of)?(?: the| them| these| those)? (\w+)"
                     r"(?: of (?:them|these|those|the above))?(?: options| items| groups| ones| of them| listed)?",
                     _words_to_digits(s))
    if not m or not m.group(1).isdigit():
        return None
    n, total = int(m.group(1)), len(idx.choices)
    if n == total:
        return list(idx.tokens)
    if rec is not None and n == len(rec):
        return [t for t in idx.tokens if t in set(rec)]
    raise ParseError(f'There are {total} options, so I\'m not sure which {n} you mean; say "all" for all {total}, '
                     f'or list the ones you want, such as "1, 3 and 5".')


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


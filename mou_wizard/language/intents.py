"""What a reply means beyond its value: yes or no, "skip" / "not sure", "the recommended one", or a
question about the rubric rather than an answer.

The conversation checks these before parsing an answer, so "not sure" never becomes "no"; what kind of
reply a text is (an answer, a question, a command...) is decided first, by
:func:`mou_wizard.language.replies.classify`, which uses these.
"""

from __future__ import annotations

import re

from mou_wizard.language.text import LazyPattern, ParseError, clean as _clean

__all__ = ["hedged", "is_list_edit", "is_recommended", "is_skip", "looks_like_a_question", "parse_yesno"]


# --- yes / no ------------------------------------------------------------------------------------

_YESNO_HELP = 'I need a yes or no answer, such as "yes" or "no".'

_NEG_PHRASES = [
    r"absolutely not", r"definitely not", r"certainly not", r"of course not", r"surely not", r"not at all",
    r"no way", r"not really", r"no thanks?(?: you)?", r"i (?:don'?t|do not) think so", r"(?:don'?t|do not) think so",
    r"(?:i'?d |we'?d )?rather not", r"better not", r"(?:hell|heck) no", r"not a chance", r"by no means",
    r"(?:do|does|did|will|would|shall|should|can|could|may|is|are|have|has|must) not",
]
_POS_PHRASES = [
    r"no problem", r"not a problem", r"of course", r"that'?s (?:right|correct|true)",
    r"that is (?:right|correct|true)", r"sounds good", r"go ahead", r"by all means", r"why not", r"you bet",
    r"for sure", r"(?:i|we) agree", r"sure thing", r"please do", r"that works", r"(?:fine|works) (?:by|for) (?:me|us)",
    r"let'?s do (?:it|that)", r"(?:i|we|it|they|he|she|this|that) (?:do|does|did|will|shall|should|can|could|may|is|are|have|has|must|would)",
]
_NEG_RE = LazyPattern(r"\b(?:" + "|".join(_NEG_PHRASES) + r")(?![\w'])")
_POS_RE = LazyPattern(r"\b(?:" + "|".join(_POS_PHRASES) + r")(?![\w'])")  # "we can" but not "we can't"

_YES_WORDS = {
    "yes", "y", "ye", "yep", "yeah", "yea", "yah", "ya", "yup", "yess", "yesss", "yse", "ys", "yez", "yeas", "sure", "surely", "agreed",
    "agree", "correct", "affirmative", "absolutely", "definitely", "certainly", "true", "ok", "okay", "alright",
    "indeed", "aye", "right", "always", "totally", "exactly", "__pos__",
}
_NO_WORDS = {
    "no", "n", "nope", "nah", "naw", "never", "negative", "false", "nay", "not", "disagree", "incorrect",
    "wrong", "cannot", "noo", "nop", "__neg__",
}
_HEDGE_WORDS = {
    "but", "unless", "except", "if", "only", "maybe", "perhaps", "probably", "possibly", "depends", "depending",
    "sometimes", "partly", "partially", "might", "comment", "idea", "clue", "know", "unsure", "kind", "sort",
    "somewhat", "mostly", "usually", "mind", "dunno", "idk", "or", "neither", "nor", "preferably", "ideally",
    "hopefully", "generally", "typically", "normally", "cause", "case-by-case", "occasionally", "rarely",
}
_FILLER_WORDS = {
    "please", "thanks", "thank", "you", "we", "i", "it", "they", "he", "she", "that", "this", "so", "do", "does",
    "did", "will", "would", "shall", "should", "can", "could", "have", "has", "had", "is", "are", "was", "were",
    "be", "we'll", "it'll", "they'll", "i'll", "that's", "thats", "it's", "its", "really", "thing", "very", "much",
    "the", "a", "of", "all", "at", "to", "for", "we've", "i've", "they're", "we're", "sir", "ma'am", "oh", "well",
    "um", "uh", "hmm", "yet", "still", "also", "too", "again", "then", "one", "answer", "is", "definitely",
}


_NT_WORDS = {"dont", "wont", "doesnt", "didnt", "isnt", "arent", "cant", "shouldnt", "wouldnt", "couldnt",
             "havent", "hasnt", "mustnt", "wasnt", "werent", "shant"}
_GUESS_SO_RE = LazyPattern(r"(?<!not )(?<!n't )(?<!dont )\b(?:i|we) (?:think|believe|guess|suppose|hope) so\b")
_UNSURE_RE = LazyPattern(r"\bnot (?:really |quite |totally )?(?:sure|certain)\b|\bunsure\b|\buncertain\b")


def parse_yesno(text: str) -> bool:
    """Yes or no: "yes", "y", "sure", "of course", "agreed"... / "no", "nope", "not really", "we won't"..."""
    s = _clean(text)
    s = re.sub(r"[,;:!?.()\-]+", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    if not s:
        raise ParseError(_YESNO_HELP)
    if _UNSURE_RE.search(s):
        raise ParseError('I need a plain yes or no here, such as "yes" or "no" (or type "skip" to come back to it later).')
    m = _GUESS_SO_RE.search(s)
    if m:  # "I think so": a yes said unsure is not saved as a yes
        raise ParseError(f'That sounds unsure ("{text.strip().rstrip(".!")}"): I need a plain yes or no, such as "yes" '
                         'or "no" (or type "skip" to come back to it later).')
    # "I'd say no", "the answer is yes", "that would be a no"
    s = re.sub(r"^(?:(?:i|we)(?:'d| would)? say|(?:my|our|the) answer is|(?:that|it)(?:'s| is| would be| will be)(?: a)?)\s+(?=\S)", "", s)
    s = _NEG_RE.sub(" __neg__ ", s)
    s = _POS_RE.sub(" __pos__ ", s)
    tokens = s.split()
    if tokens and (tokens[0] in _YES_WORDS or tokens[0] in _NO_WORDS):
        # after the answer, "no" before a word is that word's "no" ("yes, no sustained complaints")
        tokens = tokens[:1] + [t for k, t in enumerate(tokens[1:], start=1)
                               if not (t == "no" and k + 1 < len(tokens) and tokens[k + 1] not in _YES_WORDS
                                       and tokens[k + 1] not in _NO_WORDS and tokens[k + 1] not in _FILLER_WORDS)]
    pos = neg = 0
    unknown = hedge = False
    for tok in tokens:
        if tok in _HEDGE_WORDS:
            hedge = True
        elif tok in _YES_WORDS:
            pos += 1
        elif tok in _NO_WORDS or tok.endswith("n't") or (tok.endswith("nt") and tok in _NT_WORDS):
            neg += 1
        elif tok not in _FILLER_WORDS:
            unknown = True
    if hedge:
        raise ParseError('I need a plain yes or no here, such as "yes" or "no" (or type "skip" to come back to it later).')
    if pos and neg:
        raise ParseError('That sounds like both yes and no, so I need a plain answer, such as "yes" or "no".')
    if not pos and not neg:
        raise ParseError(_YESNO_HELP)
    lead = tokens[0]
    lead_polar = lead in _YES_WORDS or lead in _NO_WORDS or lead.endswith("n't") or lead in _NT_WORDS
    if unknown and not lead_polar:
        raise ParseError(_YESNO_HELP)
    return pos > 0



# --- recommended / skip --------------------------------------------------------------------------

_REC_CORE = {"recommended", "recommendation", "recommendations", "recommend", "recommends", "default",
             "defaults", "suggested", "suggestion", "suggestions", "suggest", "suggests"}
_REC_FILLER = {
    "ok", "okay", "yes", "yeah", "yep", "sure", "fine", "just", "please", "the", "your", "you", "use", "take", "go",
    "with", "i'll", "ill", "we'll", "let's", "lets", "i", "we", "accept", "pick", "choose", "keep", "one", "answer",
    "option", "value", "that", "whatever", "is", "it", "sounds", "good", "do", "as", "apply", "select",
    "stick", "to", "a", "same", "for", "me", "us", "now", "give", "want", "like", "i'd", "we'd", "id", "thats",
    "that's", "then", "go", "agree", "follow", "of", "course", "choice", "setting", "settings", "alright",
    "works", "will", "do", "have", "rubric", "standard", "recommended", "by", "say", "said", "there", "here",
}


def is_recommended(text: str) -> bool:
    """True for "recommended", "use the recommendation", "default", "ok the suggestion" and the like."""
    words = re.findall(r"[a-z']+", _clean(text))
    if not words or not any(w in _REC_CORE for w in words):
        return False
    return all(w in _REC_CORE or w in _REC_FILLER for w in words)


_SKIP_PATTERNS = [
    r"(?:let'?s |please |can we |could we |i'?ll |we'?ll |i'?d like to |i want to )?skip(?: (?:it|this|that|this one|this question|that one|for now|it for now|this for now|please))*",
    r"(?:i'?m |i am |we'?re |we are )?(?:really |still |just |honestly )?(?:not sure|unsure|uncertain|undecided|not certain)(?: yet| about (?:this|that|it))?(?: yet)?",
    r"(?:i |we )?(?:really |honestly |just )?(?:don'?t|do not) know(?: yet)?",
    r"idk|dunno|i dunno|no idea|no clue|not a clue|beats me|who knows|tbd|to be determined|tba|to be decided",
    r"(?:i'?ll |we'?ll |i |we )?pass",
    r"(?:(?:ask(?: me)?|come back(?: to (?:it|this|that))?|decide|answer|do|fill (?:it|this) in|revisit(?: (?:it|this))?) )?later",
    r"(?:leave (?:it |this )?blank|leave (?:it|this) for (?:now|later)|not now|next question|can'?t say|not decided yet|haven'?t decided)",
]
_SKIP_RE = LazyPattern(r"(?:" + "|".join(_SKIP_PATTERNS) + r")(?: (?:for now|yet|please))?")


def is_skip(text: str) -> bool:
    """True for "skip", "not sure", "don't know", "dunno", "later", "unsure", "pass", "i'm not sure"..."""
    s = _clean(text)
    s = re.sub(r"[,;:!?.]+", " ", s)
    s = re.sub(r"^(?:um+|uh+|hmm+|well|honestly|sorry|oh)\s+", "", re.sub(r"\s+", " ", s).strip())
    return bool(s) and _SKIP_RE.fullmatch(s) is not None



_WH_RE = LazyPattern(r"^(?:what(?:'?s)?|why|how(?! about\b)|which|who|whom|when|where)\b\s+\S+")
_AUX_RE = LazyPattern(r"^(?:(?:is|are|was|does|do|did|can|could|should|would|will|shall|must|isn'?t|aren'?t|"
                     r"doesn'?t|don'?t)\s+(?:we|i|you|they|it|that|this|there|the|a|an|our|these|those|most|other|"
                     r"any|\d+|[a-z]+ty|ten|twenty)|may\s+(?:we|i|you|they|it|the|sros?|officers?))\b\s*\S*")


def looks_like_a_question(text: str) -> bool:
    """A question for the assistant ("what does the rubric say about...?", "is 40 enough"), not an answer:
    it ends with a question mark, or opens as a question does ("what ...", "does that include ...")."""
    t = text.strip().lower()
    if t.endswith("?") or t.startswith(("what does the rubric", "what do the rubrics", "tell me about")):
        return True
    t = re.sub(r"^(?:(?:um+|uh+|so|ok|okay|well|wait|hmm+),?\s+)+", "", _clean(t))
    return bool(_WH_RE.match(t) or _AUX_RE.match(t))


# "maybe 30 days", "probably quarterly": a value said unsure
_HEDGE_RE = LazyPattern(r"\b(?:maybe|perhaps|possibly|probably|not sure|unsure|i'?m not certain|i guess not|"
                       r"or something|something like that|give or take|or so|more or less|thereabouts|ballpark|ish)\b|"
                       r"(?<=\d)ish\b|-ish\b"
                       # "about 40", "around $95,000", "roughly two years": a number said as a guess
                       r"|\b(?:about|around|approximately|approx|roughly|circa)(?=\s*(?:\$|\d|(?:one|two|three|four|"
                       r"five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
                       r"a hundred|a dozen|a year|a month|half)\b))")


def hedged(text: str) -> str | None:
    """The unsure words in a reply that gives a value ("maybe 30 days" -> "maybe"), or None."""
    m = _HEDGE_RE.search(_clean(text))
    return m.group(0).lstrip("-") if m else None


_EDIT_RE = LazyPattern(r"^(?:please\s+)?(?:add|remove|drop|delete|take out|take off|get rid of|also add|and add|"
                      r"plus add|uncheck|untick|deselect)\b\s+\S", re.IGNORECASE)


def is_list_edit(text: str) -> bool:
    """ "add grade level", "remove restraints": a change to a list already given, not a whole answer."""
    return bool(_EDIT_RE.match(text.strip()))

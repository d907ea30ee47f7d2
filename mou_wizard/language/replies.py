"""What a reply is before what it says: an answer, a question, a command, a correction or small talk.

The conversation classifies every reply first (:func:`classify`) and acts on the :class:`Intent`;
only a reply classified as an answer is handed to the question's answer type to be parsed. So "why do
you need this?" is explained and never saved as a name, "not sure yet, need to ask the juvenile
court" is a skip rather than two diversion partners, and "change it to 40 hours" is a new answer to
the question at hand rather than a jump to the state question.

Kinds of intent (``Intent.kind``) and their names (``Intent.name``):

* ``answer``: the reply is an answer to the question (``payload``: the text to parse). ``name`` is
  ``none`` for a negative where a name is wanted ("we didn't use one"). ``doubt`` says why a free-text
  answer may not be meant as one (a hedge word, a sentence rather than a name...), so the
  conversation asks before saving it.
* ``question``: a question for the assistant: ``why`` (about the current question: "why do you need
  this?"), ``recommend`` ("what do you recommend?"), ``sec`` (a rubric item by id, ``payload``
  "SEC-1.8") or ``rubric`` (anything else).
* ``command``: ``enter`` (an empty reply), ``why``, ``help``, ``back``, ``skip`` (also "not sure",
  "we haven't decided", "need to check with ..."), ``recommended``, ``keep``, ``keep_rest``, ``keep_all``,
  ``change`` (``payload``: the topic, empty for "change" alone), ``step`` (``payload``: the number),
  ``answers``, ``draft``, ``save``, ``quit``, ``restart``.
* ``correction``: ``replace`` ("change it to X", "make it X": ``payload`` X), ``add`` / ``remove``
  ("add Oak Street School" to a list answer).
* ``smalltalk``: ``hello``, ``thanks``, ``sorry``.
* ``filler``: at any question but a yes/no one, a reply that names no answer: ``ack`` ("ok", "sure",
  "sounds good") or ``indifferent`` ("whatever", "either", "up to you"); ``payload`` is the reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mou_wizard.language.intents import is_recommended, is_skip
from mou_wizard.language.names import people_named
from mou_wizard.language.text import LazyPattern, ascii_text, is_kind_word

__all__ = ["Intent", "LIST_TYPES", "classify", "name_doubt", "prose_doubt"]

LIST_TYPES = ("list", "multichoice", "people")


@dataclass(frozen=True)
class Intent:
    kind: str           # answer | question | command | correction | smalltalk | filler
    name: str = ""      # see the module docstring
    payload: str = ""   # the answer text, the topic, the step number, the new value, the question
    doubt: str = ""     # answers only: why it may not be meant as the answer ("" when it plainly is)


# --- commands ------------------------------------------------------------------------------------

_STEP_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_STEP_RE = LazyPattern(r"/?(?:(?:go|jump|skip|move|take me|back) ?to |goto |change |edit |revisit )?(?:the )?step\s+(\d+|"
                      + "|".join(_STEP_WORDS) + r")|(?:go|jump|move|take me|back) ?to the (parties|review questions)")
_STEP_NAMES = {"parties": "0", "review questions": "6"}

_COMMANDS: list[tuple[str, re.Pattern]] = [
    ("why", LazyPattern(r"/?(?:why|why is that|why this|why (?:is|does) (?:this|that|it) matter|what'?s the reason"
                       r"|what is the reason)")),
    ("help", LazyPattern(r"/?(?:help|\?|commands|what can i (?:say|do|type)|what are my options|how does this work"
                        r"|i'?m (?:lost|confused)|options)")),
    ("back", LazyPattern(r"/?(?:back|go back|previous|previous question|undo|last question|the last question)")),
    ("skip", LazyPattern(r"/skip")),
    ("quit", LazyPattern(r"/?(?:quit|exit|bye|goodbye|stop|stop for now|that'?s all for (?:now|today))")),
    ("restart", LazyPattern(r"/?(?:start over|start again|restart|new interview|start a new interview)")),
    ("save", LazyPattern(r"/?(?:save|save it|save now|save my answers)")),
    ("answers", LazyPattern(r"/?(?:answers|show (?:me )?(?:my |the )?answers|my answers|list (?:my |the )?answers"
                           r"|review|what have i (?:said|answered)(?: so far)?)")),
    ("draft", LazyPattern(r"/?(?:draft|show (?:me )?(?:the )?draft|preview|show (?:me )?(?:the )?clauses)")),
    ("keep_all", LazyPattern(r"/?keep (?:all|everything|them all|all of them|all (?:the |my |our )?(?:other |remaining )?answers"
                            r"|all (?:the )?steps|every answer|all the others|the rest of the answers|all the rest of the answers)")),
    ("keep_rest", LazyPattern(r"/?keep (?:all )?(?:the )?(?:rest|remaining|others|other answers|rest of (?:this|the) step"
                             r"|everything else|the remaining answers|rest of them)")),
    ("keep", LazyPattern(r"/?(?:keep|keep it|keep that|keep this|keep as is|keep the (?:old|current|same|last) "
                        r"(?:one|answer)|same|same as before|same as last (?:time|cycle|year)|unchanged|no change"
                        r"|no changes|leave it|leave it as (?:it is|is)|as is|still true|still the same)")),
]

# With a saved answer on the table ("Last cycle: ... Keep it?", or after 'back'): yes keeps, no reopens.
_KEEP_WORDS = LazyPattern(r"(?:yes|y|yep|yeah|ok|okay|fine|correct|right|that'?s right|that'?s correct|sure"
                         r"|good|looks good|that'?s fine|still correct)")
_CHANGE_WORDS = LazyPattern(r"(?:change|change it|change that|no|n|nope|edit|edit it|update|update it|different"
                           r"|it'?s different now|that changed|not any more|not anymore)")

_CHANGE_TOPIC = LazyPattern(r"/?(change|edit|revisit|go to|jump to|take me to|go back to|back to|fix|update|correct"
                           r"|redo)\s+(?:my\s+|the\s+|our\s+)?(?:answer\s+|question\s+)?"
                           r"(?:(?:about|on|for|to|regarding)\s+)?(.+)")
# Where a reply is free text, "update ..." or "correct ..." may begin the answer itself.
_TOPIC_VERBS_ANYWHERE = {"change", "edit", "revisit", "go to", "jump to", "take me to", "go back to", "back to"}

# "change it to 40 hours", "make that quarterly", "it should be 48": a new answer to the question at hand.
_REPLACE = [
    LazyPattern(r"(?:(?:no|actually|sorry|oops|wait)[,;:]?\s+)?(?:please\s+)?(?:change|set|switch|update|correct|"
               r"turn)\s+(?:it|that|this|this one|that one|the answer|my answer|our answer|the value)\s+"
               r"(?:to|into|as)\s+(.+)"),
    LazyPattern(r"(?:(?:no|actually|sorry|oops|wait)[,;:]?\s+)?(?:please\s+)?(?:make|put)\s+(?:it|that|this|"
               r"the answer|my answer)\s+(?:(?:to|as|into)\s+)?(.+)"),
    LazyPattern(r"(?:(?:no|actually|sorry|oops|wait)[,;:]?\s+)?(?:it|that|this|the answer)\s+(?:should be|should "
               r"have been|is actually|was meant to be|ought to be|needs to be)\s+(.+)"),
    LazyPattern(r"(?:actually|correction)[,;:]?\s+(?:it'?s|it is|make it|change it to)\s+(.+)"),
]
_ADD = LazyPattern(r"(?:please\s+)?(?:also\s+)?(?:add|include|append|plus)\s+(?!to\b)(.+)")
_REMOVE = LazyPattern(r"(?:please\s+)?(?:remove|drop|delete|take out|take off|exclude|leave out|cross out|strike)\s+(.+)")


# --- skips and hedges ----------------------------------------------------------------------------

# The start of a reply that puts the answer off: "not sure yet, need to ask the juvenile court".
_HEDGE_START = LazyPattern(
    r"(?:(?:um+|uh+|hmm+|well|honestly|sorry|oh|so)[,;:]?\s+)*"
    r"(?:"
    r"(?:i'?m |i am |we'?re |we are )?(?:still |really |just |honestly )?(?:not (?:sure|certain)|unsure|uncertain|"
    r"undecided|not decided)\b"
    r"|(?:i |we |they |the board |the district |the agency )?(?:still )?(?:haven'?t|have not|hasn'?t|has not|"
    r"didn'?t|did not)\s+(?:yet\s+)?(?:decided|agreed|settled|figured|confirmed|chosen|picked|worked out|"
    r"made up|determined)\b"
    r"|(?:i |we )?(?:really |honestly |just )?(?:don'?t|do not) know\b"
    r"|(?:i |we |i'?ll |we'?ll |i'?d |we'?d )?(?:still )?(?:need|needs|have|has|want|will need|would need|got|must)"
    r" to (?:check|ask|confirm|find out|talk|speak|decide|verify|look|see|consult|run it by|discuss|think|"
    r"get back|double.check|clarify)\b"
    r"|(?:let me|let us|let'?s|i'?ll|we'?ll|i will|we will|i should|we should) (?:check|ask|confirm|find out|"
    r"get back|think about|look into|decide later|come back)\b"
    r"|(?:still )?(?:deciding|discussing|checking|waiting (?:on|for)|working (?:on|it out)|figuring)\b"
    r"|tbd|tba|tbc|to be (?:decided|determined|confirmed|agreed|announced)\b"
    r"|no idea\b|no clue\b|not yet (?:decided|known|sure|agreed|settled|confirmed)|depends on\b|it depends\b"
    r")"
)


# --- questions -----------------------------------------------------------------------------------

_SEC_RE = LazyPattern(r"\bsec[-\s]?(\d)\s?\.\s?(\d{1,2})\b")
_WH = (r"(?:what|what'?s|whats|why|how|which|who|whom|whose|when|where|is there|are there)")
_INTERROGATIVE = LazyPattern(
    r"(?!how about\b)" + _WH + r"\s+(?:is|are|was|were|does|do|did|should|would|can|could|will|must|may|might|"
    r"shall|about|if|kind|sort|type|exactly|happens|counts|means|many|much|often|long|else|sros?|officers?|"
    r"rubric)\b"
    r"|(?:is|are|does|do|did|should|would|could|can|will|must|may|shall|might|has|have)\s+(?:the|a|an|we|i|"
    r"you|there|they|sros?|officers?|schools?|districts?|agenc(?:y|ies)|police|rubric|my|our|every|each|"
    r"students?|parents?|families|anyone|someone|he|she)\b"
    r"|(?:is|are|does|did|should|would|could|can|will|must|shall|might|has)\s+(?:it|that|this|these|those|\d+)\b"
    r"|(?:tell me|explain|describe|define|clarify|remind me)\b"
)
# Replies that say the question was not understood: explain it.
_PARDON = {"what", "huh", "pardon", "come again", "sorry", "i don't understand", "i dont understand",
           "i do not understand", "what do you mean", "meaning", "eh", "say again"}
# After "why", the words of a question about the current question itself ("why do you need this?"),
# rather than about the rubric ("why can't SROs discipline students?").
_WHY_META = {
    "why", "do", "does", "did", "is", "are", "would", "you", "we", "i", "need", "needed", "needs", "ask", "asking",
    "asked", "matter", "matters", "important", "question", "know", "want", "care", "required", "require",
    "relevant", "necessary", "for", "this", "that", "it", "here", "info", "information", "answer", "the", "one",
    "should", "must", "have", "to", "give", "tell", "even", "so", "what", "s", "whats", "what's", "point", "of",
    "about", "a", "me", "us", "anyway", "exactly", "there", "mean", "means", "meaning", "purpose", "used", "use",
}
_META_QUESTION = LazyPattern(
    r"(?:what|what'?s|whats) (?:is |does |do )?(?:this|that|it)(?: question)? (?:for|mean|about)"
    r"|what do you mean|what does (?:this|that|it)(?: question)? mean|what(?:'?s| is) the point(?: of (?:this|that))?"
    r"|how (?:is|will) (?:this|that|it) (?:be )?used"
)
_RECOMMEND_QUESTION = LazyPattern(
    r"(?:so |and |ok,? )?(?:what|which)(?: one)? (?:do|would|does) (?:you|the rubric) (?:recommend|suggest|advise)"
    r"(?: here| for this(?: one)?)?|what(?:'?s| is) (?:the |your )?(?:recommend(?:ed|ation)|suggest(?:ed|ion)|default)"
    r"(?: answer| one)?(?: here| for this(?: one)?)?|what should (?:we|i) (?:pick|choose|say|answer|put)(?: here)?"
    r"|any (?:recommendation|suggestion)s?"
)
_ASSISTANT_HELP = LazyPattern(
    r"(?:who|what) are you|are you (?:a bot|a robot|human|a person|an ai)|(?:can|could) you help(?: me)?|"
    r"how do i (?:answer|use this|do this)|what (?:do) i (?:type|say|do)(?: here)?|what can you do"
)


# --- small talk ----------------------------------------------------------------------------------

_SMALLTALK = [
    ("hello", LazyPattern(r"(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)|"
                         r"hi there|hello there|hey there)(?: there)?(?: (?:again|assistant|wizard))?")),
    ("thanks", LazyPattern(r"(?:ok(?:ay)?[, ]+)?(?:thanks|thank you|thx|ty|cheers|much appreciated|great,? thanks|"
                          r"thanks a lot|thank you very much|many thanks|appreciate it)(?: (?:so much|a lot|again))?")),
    ("sorry", LazyPattern(r"(?:sorry|oops|my bad|whoops|my mistake|typo)")),
    ("howareyou", LazyPattern(r"how are you(?: doing| today)?|how'?s it going")),
]


# A reply that only acknowledges, or leaves the choice to the assistant: at any question but a yes/no one
# it names no answer and is never read as one (a close match would make "sure" "secure", "right" "civil
# rights", "cool" "school", and a list would hold a school named "ok").
_ACK_WORDS = {"ok", "okay", "k", "kk", "sure", "sure thing", "fine", "fine by me", "alright", "all right", "got it",
              "cool", "great", "good", "sounds good", "looks good", "makes sense", "yes", "y", "yep", "yeah",
              "yes please", "right", "correct"}
_JUNK_WORDS = {"true", "false", "test", "testing", "asdf", "hmm", "hmmm", "um", "umm", "uh", "blah", "x", "xx", "xxx",
               "the", "it", "this", "that", "here", "there"}
_INDIFFERENT = LazyPattern(r"(?:whatever|any|anything|either|either one|either way|any of them|any of those|"
                           r"both are fine|either is fine|(?:i |we )?(?:don'?t|do not) care|idc|meh|no preference|"
                           r"(?:it )?(?:doesn'?t|does not) matter|up to you|(?:you|u) (?:pick|choose|decide)|"
                           r"your (?:call|choice)|anything works|any is fine|whatever works|yes and no|sort of|"
                           r"kind of|kinda|sorta|standard|the standard one|the usual|usual|normal|as usual|"
                           r"whatever the (?:law|state) (?:says|requires))")


# --- negatives where a name is wanted ------------------------------------------------------------

_NONE_RE = LazyPattern(
    r"(?:no|none|nope|nothing|n/?a|not applicable|no one|nobody|nil|null|zero|none at all|not any|there is none|"
    r"there are none|there'?s none)"
    r"|(?:no|not (?:a|an|any))\s+(?:model(?: mou)?|mou|one|name|partners?|programs?|template|such (?:thing|program)|"
    r"schools?|agreement|diversion(?: programs?| partners?)?|court|title|supervisor|version|departures?|changes?)"
    r"(?: at all| yet| so far)?"
    r"|(?:we|i|they|the district)\s+(?:don'?t|do not|didn'?t|did not|never|won'?t|will not)\s+"
    r"(?:have|use|need|follow|base (?:it|this) on|work with|plan to use|had|used)\b.*"
    r"|there (?:is|are|was|were)(?:n'?t| not| no)\b.*|there'?s (?:no|not)\b.*"
    r"|(?:we |i )?(?:have|had) (?:none|nothing|no\b.*)"
    r"|(?:none|nothing|no one) (?:yet|so far|for now|at the moment|right now|currently)"
)


# --- doubtful free text --------------------------------------------------------------------------

_HEDGE_WORDS = LazyPattern(
    r"\b(?:maybe|probably|perhaps|possibly|presumably|i think|i guess|i believe|i suppose|not sure|unsure|tbd|"
    r"or something|something like|for now|i assume|we think|hopefully|roughly|sort of|kind of|if (?:i|we) "
    r"(?:remember|recall))\b|\?"
)
# Too short or too vague to be a name or a description (the acknowledgments and the junk above included)
_SHORT_WORDS = _ACK_WORDS | _JUNK_WORDS | {
    "no", "n", "same", "nope", "whatever", "dunno", "idk", "next", "done", "one", "both", "neither", "either",
    "standard", "usual", "the usual", "normal", "as usual", "yes and no", "various", "misc", "etc", "n/a", "na",
}
_VERBS = {
    "ask", "check", "call", "contact", "use", "using", "need", "needs", "find", "get", "let", "lets", "let's", "wait",
    "talk", "see", "look", "go", "put", "write", "enter", "type", "leave", "say", "tell", "give", "try", "decide",
    "pick", "choose", "make", "set", "fill", "send", "email", "follow", "base", "based", "copy", "just", "do",
    "don't", "dont", "didn't", "didnt", "have", "had", "think", "guess", "want", "will", "should", "would",
    "could", "can", "must", "might", "may", "probably", "maybe", "perhaps", "depends", "skip", "change", "add",
    "remove", "keep", "go", "show", "tell", "answer", "ignore", "same", "whatever", "sounds",
}
_PRONOUNS = {
    "i", "we", "i'm", "im", "we're", "our", "ours", "us", "you", "your", "yours", "they", "they're", "it's", "me",
    "my", "mine", "don't", "dont", "didn't", "didnt", "isn't", "isnt", "haven't", "havent", "hasn't", "can't", "cant",
    "won't", "wont", "wasn't", "aren't", "doesn't", "doesnt", "we'll", "we've", "i've", "i'll", "i'd", "we'd", "he",
    "she", "them", "their", "theirs", "there's", "that's", "what's",
}


_NEGATIVE_WORDS = {"no", "not", "nothing", "nobody", "none", "never", "nope", "nah", "zero"}


# How a school district's name ends, and the words of a law-enforcement agency's name: a name typed for
# the wrong party ("Lakeside Area School District" given as the agency's name) is asked about.
_DISTRICT_NAME_END = LazyPattern(r"(?:school district|schools|school system|usd|isd|unified|school board|"
                                 r"board of education|school committee|school division)\.?$", re.IGNORECASE)
_AGENCY_WORDS = LazyPattern(r"\b(?:police|sheriff|sheriff's|marshal|marshals|patrol|constable|troopers?|"
                            r"law enforcement|public safety)\b", re.IGNORECASE)
_SCHOOL_WORDS = LazyPattern(r"\b(?:schools?|district|usd|isd|education|unified)\b", re.IGNORECASE)


# An amount alone: a number with a unit of time, money or share (a bare number may be a version, "1.0")
_AMOUNT = LazyPattern(r"(?:about |around |roughly )?(?:\$\s?[\d,.]+(?:\s?(?:k|m|million|thousand))?|[\d,.]+\s?%|"
                      r"(?:[\d,.]+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a|an)\s?"
                      r"(?:years?|yrs?|months?|mos?|weeks?|wks?|days?|hours?|hrs?|percent|dollars?|minutes?|mins?))")


# A day alone ("today", "next week", "8/1"), typed where a name or a label is asked
_WHEN = LazyPattern(r"(?:right )?now|today|tonight|tomorrow|yesterday|asap|(?:this|next|last) (?:week|month|year)|"
                    r"(?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}/\d{1,2}(?:/\d{2,4})?")


def _other_party(text: str, party: str) -> str:
    """The other party ("district" or "agency") whose name ``text`` reads as, when ``party``'s name is
    asked for; "" when it reads as neither or could be either ("Lakeside ISD Police Department")."""
    agency, school = _AGENCY_WORDS.search(text), _SCHOOL_WORDS.search(text)
    if party == "agency" and not agency and _DISTRICT_NAME_END.search(text.strip()):
        return "district"
    if party == "district" and agency and not school:
        return "agency"
    return ""


def name_doubt(text: str, party: str = "") -> str:
    """Why ``text`` may not be meant as a name (a district, an agency, a model MOU, a title), or "".

    ``short``: a bare "yes", "ok" or a letter or two; ``hedge``: "maybe", "I think", a question mark;
    ``amount``: a number with a unit ("3 years", "$5,000"); ``date``: a day alone ("today", "next week");
    ``reference``: it points elsewhere ("same as
    above", "per state law", "see attached"); ``verb``: it starts with a verb ("ask the
    chief"); ``negative``: it starts with "no" or "not" ("no comment"); ``sentence``: it reads as a
    sentence about the name ("the one the state gave us");
    ``generic``, for a party's name (``party``: "district" or "agency"): only words for a kind of
    organization ("County sheriff"); ``people``, for a party's name: it names people ("Dr. Ellen Mays,
    Superintendent, and Sheriff Tom Brandt"), not an organization; ``district`` or ``agency``: it reads as
    the other party's name.
    """
    raw = ascii_text(text or "").strip()
    t = raw.lower().rstrip(".!")
    words = re.findall(r"[a-z0-9][a-z0-9'&.\-]*", t)
    if not words:
        return "short"
    if t in _SHORT_WORDS or (len(words) == 1 and re.fullmatch(r"[a-z]{1,2}", raw.strip(".!"))):
        return "short"
    if _HEDGE_WORDS.search(t):
        return "hedge"
    if _AMOUNT.fullmatch(t):  # "3 years", "40 hours", "$5,000" typed where a name is asked
        return "amount"
    if _WHEN.fullmatch(t):  # "today", "next week": the document would print the word itself
        return "date"
    if len(words) <= 8 and _REFERENCE.fullmatch(t):  # "same as above", "per state law", "see attached"
        return "reference"
    capitals = [w for w in re.findall(r"[A-Za-z][A-Za-z'\-]*", raw) if len(w) > 3]
    titled = len(capitals) >= 2 and all(w[0].isupper() for w in capitals)
    if words[0] in _VERBS and not titled:  # "ask the chief", but "Will County Sheriff's Office"
        return "verb"
    if words[0] in _NEGATIVE_WORDS and not titled:  # "no comment", "not applicable here"
        return "negative"
    if any(w in _PRONOUNS for w in words):
        return "sentence"
    lower = [w for w in re.findall(r"[A-Za-z][A-Za-z'\-]*", raw) if w[0].islower()]
    if len(words) >= 8 and len(lower) * 4 >= len(words) * 3:  # many words, nearly all in lower case
        return "sentence"
    if party and all(is_kind_word(w) for w in words):
        return "generic"
    if party and people_named(raw):
        return "people"
    return _other_party(raw, party) if party else ""


# A short note to self rather than an answer: "ask our lawyer", "check with the county attorney"
_TODO = LazyPattern(r"(?:(?:i|we)(?:'ll| will| need to| have to| must| should)\s+|(?:need|have) to\s+|to be\s+)?"
                    r"(?:ask|check|call|contact|email|find out|look (?:it )?up|look into|talk to|talk with|wait for|"
                    r"decide|confirm|verify|research|figure out|follow up|get back)\b.{0,60}")
# A pointer to another answer ("same as above", "see the District's"), which the agreement would print as is
# ... or to a law, a policy or a paper not named ("per state law", "see attached")
_POINTER_TEXT = (r"(?:see|per|as per|according to|as (?:required|provided|set out|stated|allowed) (?:by|in)|under) "
                 r"(?:the |state |federal |our |their |district |agency |applicable |local )*(?:law|laws|statute|"
                 r"statutes|code|policy|policies|rules?|regulations?|contract|agreement|attached|above|below)"
                 r"|see attached|attached|see the attached")
_POINTER = LazyPattern(_POINTER_TEXT)
_REFERENCE = LazyPattern(r"(?:the )?(?:same(?: as| one| address| thing)?|ditto|as above|see above|as before)\b.{0,40}|"
                         + _POINTER_TEXT)


_PROSE_NEGATIVES = {"no", "n", "nope", "nah", "n/a", "na", "not applicable", "none", "nothing", "no one"}


def prose_doubt(text: str) -> str:
    """Why ``text`` may not be meant as a free-text answer in sentences (a summary, a description), or "".

    ``short``, ``hedge``; ``negative``: a bare "no"; ``verb``: a short note to self ("ask our lawyer");
    ``reference``: a pointer to another answer ("same as above")."""
    t = ascii_text(text or "").strip().lower().rstrip(".!")
    if t in _PROSE_NEGATIVES:  # printed as it stands, "no" would be the parties' statement
        return "negative"
    if t in _SHORT_WORDS - {"same"}:
        return "short"
    if re.search(r"\b(?:maybe|probably|perhaps|i think|i guess|not sure|unsure|tbd)\b", t) and len(t.split()) <= 6:
        return "hedge"
    if len(t.split()) <= 8 and _TODO.fullmatch(t):
        return "verb"
    if len(t.split()) <= 8 and _REFERENCE.fullmatch(t):
        return "reference"
    return ""


# --- the classifier ------------------------------------------------------------------------------


def _norm(text: str) -> str:
    """Single spaces, no surrounding quotes, no final full stop or "!" (the case is kept)."""
    s = re.sub(r"\s+", " ", ascii_text(text or "")).strip().strip("\"'`")
    return re.sub(r"[\s.!]+$", "", s).strip()


def _bare(s: str) -> str:
    """Without end punctuation or a question mark, for matching whole phrases."""
    return re.sub(r"[\s.!?,;:]+$", "", s).strip()


def classify(text: str, question_type: str | None = None, *, wants_name: bool = False,
             offered: bool = False, party_name: str = "") -> Intent:
    """What ``text`` is, as a reply to a question of ``question_type`` ("text", "list", "choice"...; None
    when no question is open).

    ``wants_name``: the question asks for a name or a short label (a district, an agency, a model MOU),
    so a negative ("we didn't use one") is not a name and a doubtful reply is flagged. ``offered``: a
    saved answer is on the table ("Last cycle: ... Keep it?", or after 'back'), so "yes" / "keep" keeps
    it and "no" / "change" asks again (except on a yes/no question, where they are answers).
    ``party_name``: the party ("district" or "agency") whose official name the question asks for, or "":
    a kind of organization alone ("County sheriff", "the school district"), people, or the other party's
    name is flagged too.
    """
    raw = ascii_text(text or "").strip()
    said = _norm(raw)  # the user's spelling, for the parts of the reply that become an answer
    t = said.lower()   # the same length: a match in ``t`` is the same span of ``said``
    if len(t) != len(said):  # a letter whose lower case is longer (rare): spans would not line up
        said = t
    if not t:
        return Intent("command", "enter")
    bare = _bare(t)
    asks = raw.rstrip().endswith("?")

    # Commands said in a word or two.
    for name, pattern in _COMMANDS:
        if pattern.fullmatch(bare) or (name == "help" and pattern.fullmatch(t)):  # "?" alone is help
            return Intent("command", name)
    m = _STEP_RE.fullmatch(bare)
    if m:
        n = m.group(1)
        return Intent("command", "step", _STEP_NAMES[m.group(2)] if n is None else str(_STEP_WORDS.get(n, n)))
    if offered and question_type != "yesno":
        if _KEEP_WORDS.fullmatch(bare) or bare in _ACK_WORDS:  # "sounds good" keeps the answer shown
            return Intent("command", "keep")
        if _CHANGE_WORDS.fullmatch(bare):
            return Intent("command", "change")
    if bare in ("change", "edit", "change an answer", "change my answer", "change something", "edit an answer"):
        return Intent("command", "change")
    if is_skip(bare):
        return Intent("command", "skip")
    if is_recommended(bare):
        return Intent("command", "recommended")

    # Corrections: a new answer to the question at hand, or an edit of a list answer.
    for pattern in _REPLACE:
        m = pattern.fullmatch(t)
        if m:
            return Intent("correction", "replace", said[m.start(1):m.end(1)].strip())
    if question_type in LIST_TYPES:
        m = _ADD.fullmatch(t)
        if m:
            return Intent("correction", "add", said[m.start(1):m.end(1)].strip())
        m = _REMOVE.fullmatch(t)
        if m:
            return Intent("correction", "remove", said[m.start(1):m.end(1)].strip())

    # Questions for the assistant are answered, never saved.
    question = _question(t, bare, asks)
    if question is not None:
        return question

    m = _CHANGE_TOPIC.fullmatch(bare)
    if m and (question_type != "text" or m.group(1) in _TOPIC_VERBS_ANYWHERE):
        return Intent("command", "change", m.group(2).strip())

    if _HEDGE_START.match(t) or (bare in ("not yet", "none yet", "nothing yet") and question_type != "yesno"):
        return Intent("command", "skip")  # at a yes/no question, "not yet" is a no

    for name, pattern in _SMALLTALK:
        if pattern.fullmatch(bare):
            return Intent("smalltalk", name)

    if question_type not in (None, "yesno"):  # (at a yes/no question, "ok" and "sure" are a yes)
        if _INDIFFERENT.fullmatch(bare):
            return Intent("filler", "indifferent", said)
        if bare in _ACK_WORDS or bare in _JUNK_WORDS:
            return Intent("filler", "ack", said)
        # "per state law" chooses no option and is no number (where text is typed, it is asked about below)
        if question_type not in ("text", "list", "people") and _POINTER.fullmatch(t):
            return Intent("filler", "indifferent", said)

    if (question_type in ("text", "list") and _NONE_RE.fullmatch(bare)
            and not any(w[:1].isupper() for w in said.split()[1:])):  # "No Limits Program" is a name
        return Intent("answer", "none", said)

    doubt = ""
    if question_type == "text":
        doubt = name_doubt(raw, party=party_name) if wants_name else prose_doubt(raw)
    return Intent("answer", "", (text or "").strip(), doubt)


def _question(t: str, bare: str, asks: bool) -> Intent | None:
    sec = _SEC_RE.search(t)
    if sec and (asks or re.match(r"(?:what|tell|explain|show|define|which|and|about|what about)\b", t)
                or re.fullmatch(r"sec[-\s]?\d\s?\.\s?\d{1,2}", bare)):
        return Intent("question", "sec", f"SEC-{sec.group(1)}.{sec.group(2)}")
    if _RECOMMEND_QUESTION.fullmatch(bare):
        return Intent("question", "recommend", bare)
    if _ASSISTANT_HELP.fullmatch(bare):
        return Intent("command", "help")
    if bare in _PARDON and (asks or bare not in ("sorry", "meaning")):
        return Intent("question", "why", bare)
    if _META_QUESTION.match(bare):
        return Intent("question", "why", bare)
    if not asks and not _INTERROGATIVE.match(bare):
        return None
    words = re.findall(r"[a-z']+", bare)
    if words and words[0] == "why" and all(w in _WHY_META for w in words):
        return Intent("question", "why", bare)
    return Intent("question", "rubric", bare)


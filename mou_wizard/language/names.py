"""Free text, titles, lists of names and US states; signatories are read in :mod:`.people`."""

from __future__ import annotations

import difflib
import re
from typing import Any

from mou_wizard.language.intents import hedged
from mou_wizard.language.people import names_a_person, parse_people, say_people
from mou_wizard.language.text import LazyPattern, ParseError, ascii_text as _ascii, clean as _clean, quote as _quote

__all__ = ["STATE_NAMES", "jurisdiction_name", "parse_list", "parse_people", "parse_state", "parse_text", "parse_title",
           "people_named", "say_people", "say_state"]


# "It's Riverside Unified School District", "the name is ...", "we're called ...": words before a name
_NAME_LEAD_RE = LazyPattern(
    r"^(?:(?:it'?s|it is|that'?s|that is|we'?re|we are|they'?re|they are)\s+(?:called\s+|named\s+)?"
    r"|(?:(?:the|our|its|their)\s+(?:full\s+|legal\s+|official\s+|proper\s+)*name\s+is|(?:it'?s|we'?re)\s+called"
    r"|called|named)\s+)(?=\S)", re.IGNORECASE)
_ORG_WORDS = {"district", "schools", "school", "police", "department", "office", "sheriff", "sheriff's", "county",
              "city", "unified", "public", "model", "mou", "agreement", "division", "board", "isd", "usd"}


# Replies that say there is no answer yet, rather than giving one ("we don't have one yet")
_NOT_YET_RE = LazyPattern(
    r"^(?:(?:i|we)\s+(?:don'?t|do not|haven'?t|have not|aren'?t|are not|can'?t|cannot)\b|(?:not|none|nothing)\s+yet\b"
    r"|(?:still\s+)?(?:to be|yet to be)\s+(?:decided|determined|chosen|picked)\b|(?:haven'?t|have not|not)\s+"
    r"(?:decided|picked|chosen)\b)", re.IGNORECASE)


def parse_text(text: str) -> str:
    """Free text, stripped; empty is refused. Words said before a name ("It's Riverside USD", "the name is
    ...") are left out when what follows is a name: capitalized, or naming an organization. A question
    ("what name should we use?") or a reply that there is no answer yet ("we don't have one yet") is not
    an answer, and is refused."""
    t = (text or "").strip()
    if not t:
        raise ParseError('I need an answer in words here, such as "Riverside Unified School District" (or type "skip" to come back to it later).')
    if t.endswith("?"):
        raise ParseError('That sounds like a question. To answer, type the answer itself; or say "why" for the '
                         'reason behind this question, or "skip" to come back to it later.')
    if _NOT_YET_RE.match(t):
        raise ParseError('If there is no answer yet, say "skip" to come back to it later; otherwise type the answer '
                         'itself.')
    m = _NAME_LEAD_RE.match(t)
    if m:
        rest = t[m.end():].strip()
        words = {w.lower() for w in re.findall(r"[A-Za-z']+", rest)}
        if rest and (rest[0].isupper() or words & _ORG_WORDS):
            t = re.sub(r"^the\s+(?=\S)", "", rest)  # "we're the Oak Park Police Department"; "The ..." is kept
    return t


# Words that make a reply the name of an organization, even one that holds a title ("Harlan County Sheriff",
# "Office of the Sheriff", "Chief Joseph School District")
_ORGANIZATION_WORDS = {"district", "schools", "school", "police", "department", "office", "county", "city", "town",
                       "township", "village", "borough", "parish", "state", "unified", "public", "division", "board",
                       "isd", "usd", "agency", "service", "services", "patrol", "bureau", "commission", "authority",
                       "government", "constabulary", "academy", "college", "university", "safety"}


def people_named(text: str) -> list[str]:
    """The people a reply names instead of an organization: each part of it ("Dr. Ellen Mays", "Sheriff
    Tom Brandt", or a title alone, "Superintendent") that names a person and holds no word of an
    organization's name. Empty when the reply names no one."""
    return [item for item in _split_items(text) if _is_person(item)]


def _is_person(item: str) -> bool:
    words = {w.lower().removesuffix("'s") for w in re.findall(r"[A-Za-z']+", item)}
    return not words & _ORGANIZATION_WORDS and names_a_person(item)


def parse_title(text: str) -> str:
    """A role or job title, without a leading article or possessive: "the building principal" ->
    "building principal", "our SRO sergeant" -> "SRO sergeant"."""
    t = parse_text(text)
    t = re.sub(r"^(?:(?:it should be|it'?s|it is|that'?s|that is|that would be)\s+)?"
               r"(?:the|a|an|our|their|its|each|every|the school'?s|the agency'?s|the district'?s)\s+(?=\S)",
               "", t, flags=re.IGNORECASE)
    t = re.sub(r"\s*\.$", "", t)
    if not t:
        raise ParseError('I need a title here, such as "Principal" or "SRO Unit Sergeant".')
    return t


_BULLET_RE = LazyPattern(r"^\s*(?:[-*\u2022\u00b7]+|\d+[.)])\s+")


def _split_items(text: str) -> list[str]:
    """Split a list: newlines or semicolons if used, else commas with a final "and"; "&" stays."""
    t = _ascii(text or "").strip()
    if re.search(r"[\n;]", t):
        items = re.split(r"\s*[\n;]+\s*", t)
    elif "," in t:
        items = [p for p in re.split(r"\s*,\s*", t)]
        nonempty = [p for p in items if p.strip()]
        if nonempty:
            last = nonempty[-1]
            last = re.sub(r"^and\s+", "", last, flags=re.IGNORECASE)
            tail = re.split(r"\s+and\s+", last, flags=re.IGNORECASE)
            items = nonempty[:-1] + tail
    else:
        parts = re.split(r"\s+and\s+", t, flags=re.IGNORECASE)
        # "Lincoln High and Adams Elementary" -> two; "Science and Technology Academy" -> one
        items = parts if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts) else [t]
    out = []
    for it in items:
        it = _BULLET_RE.sub("", it).strip().rstrip(".").strip()
        if it:
            out.append(it)
    return out


_VAGUE_ITEM_RE = LazyPattern(r"^(?:all|every|each|any|both|most|some)\b(?: (?:of )?(?:our|the|its|their|those|these))?",
                            re.IGNORECASE)


# An item that stands for names not given: "TBD", "etc.", "and others", "Lakeside High and the rest"
_PLACEHOLDER_ITEM_RE = LazyPattern(
    r"^(?:(?:and\s+|&\s+)?(?:tbd|tba|to be (?:named|determined|decided)|etc\.?|et cetera|others|other schools|"
    r"more|the rest|so on|misc\.?|various|\.{3}|\u2026|\?+)|.*\s(?:and|&)\s+(?:others|more|the rest|so on)|.*\setc\.?)$",
    re.IGNORECASE)


def parse_list(text: str) -> list[str]:
    """Items separated by new lines, semicolons, commas or a final "and"; each must name one thing
    ("all of our high schools", "TBD", "and others" are asked about, not stored), and none may be said
    unsure ("Lakeside Middle, maybe")."""
    items = _split_items(text)
    if not items:
        raise ParseError('I need one or more items separated by commas, such as "Riverside High School, Riverside Middle School".')
    unsure = next((w for w in map(hedged, items) if w), None)
    if unsure:
        raise ParseError(f'That sounds unsure ("{unsure}"): please list only the ones that are settled, separated by '
                         'commas, such as "Riverside High School, Riverside Middle School", or say "skip" to come '
                         'back to it later.')
    vague = [it for it in items if _VAGUE_ITEM_RE.match(it) or _PLACEHOLDER_ITEM_RE.match(it)]
    if vague or any(it.endswith("?") for it in items):
        which = f"{_quote(vague[0])} does not name them, so please name" if vague else "Please name"
        raise ParseError(f'{which} each one, separated by commas, such as "Riverside High School, '
                         'Riverside Middle School".')
    return items


STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico", "GU": "Guam",
    "VI": "U.S. Virgin Islands", "AS": "American Samoa", "MP": "Northern Mariana Islands",
}
_STATE_BY_NAME = {re.sub(r"[^a-z ]", "", n.lower()): c for c, n in STATE_NAMES.items()}
_STATE_BY_NAME.update({
    "washington dc": "DC", "washington d c": "DC", "dc": "DC", "d c": "DC", "washington state": "WA",
    "virgin islands": "VI", "us virgin islands": "VI", "northern marianas": "MP", "mariana islands": "MP",
    "commonwealth of puerto rico": "PR",
    # the abbreviations people write (the postal codes are read as codes)
    "tex": "TX", "calif": "CA", "cal": "CA", "penn": "PA", "penna": "PA", "mass": "MA", "wash": "WA", "ill": "IL",
    "ind": "IN", "mich": "MI", "minn": "MN", "wis": "WI", "wisc": "WI", "fla": "FL", "ariz": "AZ", "colo": "CO",
    "conn": "CT", "okla": "OK", "tenn": "TN", "ala": "AL", "ark": "AR", "miss": "MS", "neb": "NE", "nebr": "NE",
    "nev": "NV", "ore": "OR", "oreg": "OR", "w va": "WV", "n c": "NC", "s c": "SC", "n d": "ND", "s d": "SD",
    "n y": "NY", "n j": "NJ", "n m": "NM", "n h": "NH", "r i": "RI", "del": "DE", "md": "MD", "kans": "KS",
})
_STATE_HELP = 'I need a US state, such as "VA" or "Virginia".'
# Postal codes that are also words typed on their own ("ok", "oh", "me", "or", "in", "hi"): a state is
# taken from these two letters only in capitals ("OH"), and never from "OK", far more often "okay" than
# Oklahoma.
_WORD_CODES = frozenset({"OK", "OH", "ME", "OR", "IN", "HI"})

# How an agreement names the sovereign whose law governs it: four states are commonwealths.
_JURISDICTION = {
    "KY": "the Commonwealth of Kentucky", "MA": "the Commonwealth of Massachusetts",
    "PA": "the Commonwealth of Pennsylvania", "VA": "the Commonwealth of Virginia",
    "DC": "the District of Columbia", "PR": "the Commonwealth of Puerto Rico",
    "MP": "the Commonwealth of the Northern Mariana Islands", "GU": "the Territory of Guam",
    "VI": "the Territory of the U.S. Virgin Islands", "AS": "the Territory of American Samoa",
}


def jurisdiction_name(code: str) -> str:
    """The state as an agreement names it: "VA" -> "the Commonwealth of Virginia", "OH" -> "the State of Ohio"."""
    code = code.upper()
    if code in _JURISDICTION:
        return _JURISDICTION[code]
    if code not in STATE_NAMES:
        raise ValueError(f"{code!r} is not a US state code")
    return f"the State of {STATE_NAMES[code]}"


def parse_state(text: str) -> str:
    """A state's two-letter postal code from its code or name: "va", "Virginia", "New York" -> "NY"."""
    s = _clean(text).replace(".", "")
    s = re.sub(r"[^a-z ]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^(?:(?:we are|we re|were|it is|it s|its|our state is|we re located|located) )?(?:in )?", "", s)
    s = re.sub(r"^(?:the )?(?:state|commonwealth) of ", "", s)
    s = re.sub(r"^the ", "", s)
    if not s:
        raise ParseError(_STATE_HELP)
    if len(s) == 2 and s.upper() in STATE_NAMES:
        typed = re.sub(r"[^A-Za-z]", "", text)[-2:]  # the code as typed: "OH" is Ohio, "oh" may be "oh"
        if s.upper() in _WORD_CODES and (typed != s.upper() or typed == "OK"):
            name = STATE_NAMES[s.upper()]
            raise ParseError(f'Do you mean {name}? "{text.strip()}" is also a word, so please type the state\'s '
                             f'name, such as "{name}".')
        return s.upper()
    if s in _STATE_BY_NAME:
        return _STATE_BY_NAME[s]
    if s.endswith(" state") and s[:-6] in _STATE_BY_NAME:
        return _STATE_BY_NAME[s[:-6]]
    names = list(_STATE_BY_NAME)
    if len(s) >= 4:
        pref = {_STATE_BY_NAME[n] for n in names if n.startswith(s)}
        if len(pref) == 1:
            return pref.pop()
    close = difflib.get_close_matches(s, names, n=2, cutoff=0.8)
    codes = {_STATE_BY_NAME[c] for c in close}
    if len(codes) == 1:
        return codes.pop()
    raise ParseError(f'I don\'t know the state {_quote(text.strip())}; I need a US state, such as "VA" or "Virginia".')



def say_state(value: Any) -> str:
    code = str(value).upper()
    name = STATE_NAMES.get(code)
    return f"{name} ({code})" if name else code

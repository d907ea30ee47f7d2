"""Signatories as people write them, and said back in a form that reads back.

    "Jane Doe, Superintendent, district; Sam Roe, Chief of Police, agency"     (the form said back)
    "Dr. Ellen Mays, Superintendent, and Sheriff Tom Brandt"
    "Dr. Karen Holt, Superintendent, and Chief Robert Mendez for the police"
    "Dr. Ana Ruiz (Division Superintendent) for the school division; Chief Marcus Lee for the police"
    "the superintendent, Dana Whitfield, and the sheriff, Tom Kerr"

Each person needs a name, a title and the party they sign for (district, agency or another partner,
which also needs its organization). The party is taken from words that say it ("district", "for the
police", "on behalf of the board", a party named after "for": "for Riverside Juvenile Court") or, when
none do, from the title: a superintendent, principal, board president or chair signs for the district;
a chief, sheriff, commissioner, captain or director of public safety for the agency. A title a person
is introduced with ("Sheriff Tom Brandt") is their title; the name keeps everything else, honorifics
included ("Dr. Ellen Mays"). When something stays unclear, the error asks only about that (the title of
one person, the party of another) and says back what was understood. A name not yet known ("the board
chair, TBD"), several people at once ("each principal") or an organization given as a signer ("Lakeside
County Sheriff's Office") is asked about, never saved as a person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mou_wizard.language.text import LazyPattern, ParseError, ascii_text as _ascii, join_and as _join_and

__all__ = ["names_a_person", "parse_people", "say_people"]

HELP = ('For each person I need name, title and party (district, agency or other), such as '
        '"Jane Doe, Superintendent, district; Sam Roe, Chief of Police, agency".')

# --- words --------------------------------------------------------------------------------------

# Words that head a title, by the party a person with that title signs for (None: it depends).
_TITLE_HEADS = {
    "superintendent": "district", "superintendant": "district", "supt": "district", "principal": "district",
    "principle": "district", "sherrif": "agency", "sherriff": "agency", "cheif": "agency", "president": "district", "chair": "district",
    "chairman": "district", "chairwoman": "district", "chairperson": "district", "trustee": "district",
    "headmaster": "district", "provost": "district", "vice": None, "assistant": None, "associate": None,
    "deputy": None, "acting": None, "interim": None, "executive": None, "director": None, "manager": None,
    "officer": None, "administrator": None, "coordinator": None, "secretary": None, "treasurer": None,
    "clerk": None, "member": None, "head": None, "ceo": None, "cfo": None, "coo": None,
    "chief": "agency", "sheriff": "agency", "undersheriff": "agency", "commissioner": "agency",
    "captain": "agency", "lieutenant": "agency", "lt": "agency", "sergeant": "agency", "sgt": "agency",
    "major": "agency", "colonel": "agency", "col": "agency", "marshal": "agency", "constable": "agency",
    "trooper": "agency", "capt": "agency", "commander": "agency",
    "judge": "other", "magistrate": "other", "prosecutor": "other", "mayor": "other",
}
# Words that only say what a title is about, or where ("of Police", "Division", "Public Safety").
_CONTEXT = set("""
police sheriff sheriffs department dept office division district county city state board education schools school
public safety security law enforcement community partnerships services service operations affairs relations programs
program instruction learning students student support administration human resources finance financial business
information technology academic academics curriculum special transportation facilities planning research
accountability equity engagement family families youth juvenile court courts justice unit patrol criminal
investigations staff unified independent consolidated regional area township borough village parish municipal
metropolitan metro general corrections probation attorney attorneys prosecuting prosecutors governing trustees
elementary middle high pd isd usd cusd sd of the and for on in at presiding senior lead first general special
regional national resource sro sros liaison safe emergency risk management legal counsel elected superintendents
""".split())
_CONNECTORS = {"of", "the", "and", "for", "on", "in", "at", "to"}
_HONORIFICS = {"dr", "mr", "mrs", "ms", "miss", "mx", "hon", "honorable", "rev", "reverend", "prof"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "edd", "esq", "md"}

# Words for a party, said on their own or after "for", "on behalf of", "representing".
_PARTY_WORDS = {
    "district": "district", "school": "district", "schools": "district", "school district": "district",
    "school division": "district", "division": "district", "board": "district", "school board": "district",
    "board of education": "district", "the school system": "district", "school system": "district",
    "school committee": "district", "school corporation": "district", "isd": "district", "usd": "district",
    "agency": "agency", "police": "agency", "sheriff": "agency", "department": "agency", "police department": "agency",
    "law enforcement": "agency", "law enforcement agency": "agency", "sheriff's office": "agency",
    "sheriffs office": "agency", "sheriff office": "agency", "sheriff's department": "agency",
    "sheriffs department": "agency", "pd": "agency", "police dept": "agency", "the cops": "agency", "cops": "agency",
    "department of public safety": "agency", "public safety": "agency",
    "other": "other", "partner": "other", "other partner": "other", "an other partner": "other",
}
_PARTY_ALT = "|".join(re.escape(w) for w in sorted(_PARTY_WORDS, key=len, reverse=True))
_FOR_RE = LazyPattern(r"\s*,?\s*\b(?:(?:who |and )?(?:signs?|signing|will sign)\s+)?(?:for|on behalf of|representing)"
                     r"\s+(?:the\s+)?(?P<what>[^,()]+?)\s*$", re.IGNORECASE)
_LEAD_RE = LazyPattern(r"^(?:(?:the\s+)?(?:signers?|signatories|signatures?)(?:\s+(?:are|will be|would be|is))?\s*:?|"
                      r"(?:it'?ll|it will|that'?ll|that will|they'?ll|they will) be|(?:to be\s+)?signed by|"
                      r"signing(?: for us)?(?: will be| are)?:?|we(?:'ll| will) have)\s+", re.IGNORECASE)


def _words(text: str) -> list[str]:
    return [w.lower().rstrip(".").removesuffix("'s").replace("'", "")
            for w in re.findall(r"[A-Za-z][A-Za-z'.\-]*", text)]


def _name_words(text: str) -> list[str]:
    """The words of ``text`` that can only be part of a person's name."""
    return [w for w in _words(text) if w not in _TITLE_HEADS and w not in _CONTEXT and w not in _HONORIFICS
            and w not in _SUFFIXES and w not in _PARTY_WORDS]


def _party_of(text: str) -> str | None:
    """The party a field names on its own: "district", "the police", "Sheriff's Office", "party: agency"."""
    f = re.sub(r"^(?:the|our|an?)\s+", "", re.sub(r"[\s\-]+", " ", _ascii(text).strip().lower()))
    f = re.sub(r"^party\s*:?\s*", "", f).strip(" .")
    return _PARTY_WORDS.get(f)


def _party_of_org(text: str) -> tuple[str | None, str | None]:
    """(party, organization) for what follows "for": a party word, or a named organization."""
    party = _party_of(text)
    if party is not None:
        return party, None
    words = set(_words(text))
    if words & {"court", "courts", "judge", "prosecutor", "prosecutors", "probation", "attorney", "mayor", "city",
                "juvenile", "youth", "bureau", "council", "commission", "services", "nonprofit", "foundation"} \
            and not words & {"police", "sheriff", "school", "schools"}:
        return "other", text.strip()
    if words & {"police", "sheriff", "sheriffs", "enforcement", "pd", "patrol", "troopers", "constable"}:
        return "agency", None
    if words & {"school", "schools", "district", "division", "board", "education", "isd", "usd", "cusd"}:
        return "district", None
    return None, None


def _title_party(title: str) -> str | None:
    """The party a title implies: "Superintendent" the district, "Chief of Police" the agency (None: unclear)."""
    words = _words(title)
    ws = set(words)
    if ws & {"police", "sheriff", "sheriffs", "sherrif", "sherriff", "undersheriff", "enforcement", "trooper",
             "troopers", "constable", "marshal", "patrol"} or "public safety" in " ".join(words):
        return "agency"
    if "district attorney" in " ".join(words) or ws & {"judge", "magistrate", "prosecutor", "mayor", "court", "probation"}:
        return "other"
    if "chief" in ws and ws & {"financial", "operating", "academic", "executive", "information", "staff", "technology"}:
        return "district" if ws & {"school", "schools", "academic", "education", "district"} else None
    if ws & {"school", "schools", "education", "superintendent", "superintendant", "supt", "principal", "principle",
             "trustee", "headmaster", "board", "division"}:
        return "district"
    heads = [_TITLE_HEADS[w] for w in words if _TITLE_HEADS.get(w)]
    if heads and len(set(heads)) == 1 and not ("commissioner" in ws and ws & {"county", "city"}):
        return heads[0]
    return None


def _is_title(text: str) -> bool:
    """A field with no word of a name: a title ("Superintendent", "Chief of Police", "Office of Safety")."""
    words = [w for w in _words(text) if w not in _HONORIFICS]
    return bool(words) and not _name_words(text)


def _title_in_place(text: str) -> bool:
    """A field right after a name, read as that person's title: it holds a title word and is not itself
    "Title First Last", or it is one unknown word ("Comptroller")."""
    names = _name_words(text)
    if any(w in _TITLE_HEADS for w in _words(text)):
        title, name = _split_title_name(text)
        return not (title and len(_name_words(name)) >= 2)
    return len(names) <= 1 and len(_words(text)) == 1


# --- one person -----------------------------------------------------------------------------------


@dataclass
class _Person:
    name: str | None = None
    titles: list[str] = field(default_factory=list)
    party: str | None = None
    org: str | None = None
    said: str = ""

    def title(self) -> str | None:
        return ", ".join(self.titles) if self.titles else None

    def value(self) -> dict:
        out = {"name": self.name, "title": self.title(), "party": self.party or _title_party(self.title() or "")}
        if self.org:
            out["organization"] = self.org
        return out


_PLACE_WORDS = {"high", "middle", "elementary", "school", "academy", "office", "unit", "bureau", "division",
                "department", "campus", "center"}


def _names_a_place(text: str) -> bool:
    """ "Lincoln High", "Office of Safety": a place a title belongs to, not a person."""
    words = _words(text)
    return bool(words) and words[-1] in _PLACE_WORDS and len(_name_words(text)) <= 2


# The last word of a place or an organization named after a person ("Dr. Martin Luther King Jr.
# Elementary", "Judge Harris Teen Court", "Chief Joseph Middle School").
_NAMED_THING_ENDS = _PLACE_WORDS | {
    "elementary", "middle", "high", "institute", "college", "university", "program", "programs", "services",
    "court", "council", "association", "alliance", "coalition", "network", "foundation", "league", "club",
    "clinic", "hospital", "church", "library", "project", "initiative", "team", "agency", "society", "house",
    "home", "practice", "group", "ministries", "ministry", "inc", "llc", "partners", "partnership", "k-8",
}


def names_a_person(item: str) -> bool:
    """Whether one item of a list names a person rather than a place or an organization: "Dr. Ellen
    Mays", "Sheriff Tom Brandt", or a title alone ("Superintendent"). A name that ends as a place or an
    organization does ("Chief Joseph Middle School", "Dr. Lee's counseling practice") is not a person."""
    words = _words(item)
    if not words or words[-1] in _NAMED_THING_ENDS or re.search(r"'s\s+\w", item):
        return False
    if words[0] in _HONORIFICS and _name_words(item):
        return True
    title, name = _split_title_name(item)
    if title and _name_words(name):
        return True
    return (all(w in _TITLE_HEADS or w in _CONTEXT or w in _CONNECTORS for w in words)
            and any(_TITLE_HEADS.get(w) for w in words))


def _split_title_name(text: str) -> tuple[str | None, str]:
    """("Sheriff", "Tom Brandt") for "Sheriff Tom Brandt"; (None, text) when no title leads or ends it."""
    tokens = text.split()
    lowered = [w.lower().rstrip(".,").removesuffix("'s").replace("'", "") for w in tokens]
    k = 0
    seen_head = False
    while k < len(tokens) and (lowered[k] in _TITLE_HEADS or (lowered[k] in _CONTEXT and k > 0 or
                                                               lowered[k] in ("police", "school", "board", "county"))):
        seen_head = seen_head or lowered[k] in _TITLE_HEADS
        k += 1
    while k > 0 and lowered[k - 1] in _CONNECTORS:
        k -= 1
    if seen_head and 0 < k < len(tokens) and _name_words(" ".join(tokens[k:])):
        return " ".join(tokens[:k]), " ".join(tokens[k:])
    j = len(tokens)
    while j > 0 and (lowered[j - 1] in _TITLE_HEADS or lowered[j - 1] in _CONTEXT):
        j -= 1
    if j < len(tokens) and any(w in _TITLE_HEADS for w in lowered[j:]) and _name_words(" ".join(tokens[:j])):
        while j < len(tokens) and lowered[j] in _CONNECTORS:
            j += 1
        return " ".join(tokens[j:]), " ".join(tokens[:j])
    return None, text


def _strip_article(title: str) -> str:
    return re.sub(r"^(?:the|our|their|its|an?)\s+", "", title.strip(), flags=re.IGNORECASE)


def _fields_of(chunk: str) -> list[str]:
    """Comma fields outside parentheses; a parenthesis adds its own fields ("Ruiz (Superintendent)")."""
    out: list[str] = []
    for part in re.split(r",(?![^()]*\))", chunk):
        while True:
            m = re.fullmatch(r"\s*([^()]*?)\s*\(([^()]*)\)\s*(.*?)\s*", part, flags=re.DOTALL)
            if not m:
                out.append(part)
                break
            out += [m.group(1), *m.group(2).split(",")]
            part = m.group(3)
    return [f.strip() for f in out]


def _split_and(field_text: str, first: bool) -> list[str]:
    """ "Superintendent Dana Whitfield and Chief Marcus Bell" -> two people; "Director of School and
    Community Partnerships" stays one title: "and" parts people when what follows it holds a name, or,
    opening the list, when both sides are titles ("the superintendent and the sheriff")."""
    parts = re.split(r"\s+(?:and|&)\s+(?![^()]*\))", field_text)
    if len(parts) > 1 and all(parts) and all(_name_words(p) for p in parts[1:]):
        return parts
    if len(parts) > 1 and first and all(any(w in _TITLE_HEADS for w in _words(p)) for p in parts):
        return parts
    return [field_text]


# --- the list -------------------------------------------------------------------------------------


def _people_in(chunk: str) -> list[_Person]:
    """The people of one chunk (a line or a part between semicolons)."""
    chunk = re.sub(rf"^({_PARTY_ALT})\s*[:\-]\s*(?=\S)", r"\1, ", chunk, flags=re.IGNORECASE)  # "district: Jane Doe"
    pieces: list[tuple[str, bool]] = []  # (field, starts a new person)
    for f in _fields_of(chunk):
        new = False
        m = re.match(r"(?:and|&)\s+(.*)$", f, flags=re.IGNORECASE | re.DOTALL)
        if m:
            f, new = m.group(1), True
        parts = _split_and(f, not pieces)
        for k, p in enumerate(parts):
            pieces.append((p, new or k > 0))
    people: list[_Person] = []
    cur = _Person()
    leading_party: str | None = None

    def close() -> None:
        nonlocal cur
        if cur.name or cur.titles or cur.party:
            people.append(cur)
        cur = _Person()

    for k, (text, new) in enumerate(pieces):
        text = text.strip().rstrip(".") if not re.search(r"\b(?:jr|sr|dr|st|supt|sgt|lt|col|capt|dept|asst|mr|mrs|ms|inc|co)\.$", text.strip(), re.I) else text.strip()
        if not text:
            if cur.party == "other" and cur.org is None and cur.name:
                cur.org = ""
            continue
        party_here = None
        m = _FOR_RE.search(text)
        if m and (_party_of_org(m.group("what"))[0] or not _name_words(m.group("what"))):
            party_here, org_here = _party_of_org(m.group("what"))
            text = text[: m.start()].strip()
        else:
            org_here = None
        if new and (cur.name or cur.titles):
            close()
        if not text:
            cur.party, cur.org = party_here or cur.party, org_here or cur.org
            continue
        if set(_words(text)) <= _SUFFIXES and cur.name:  # "Tom Brandt, Jr., Sheriff"
            cur.name = f"{cur.name}, {text}"
            continue
        alone = _party_of(text)
        if alone is not None and any(w in _TITLE_HEADS for w in _words(text)) and not cur.titles:
            alone = None  # "Tom Hill, Sheriff, agency", "and the sheriff, Tom Kerr": a title here
        if alone is None and cur.party is None and not any(w in _TITLE_HEADS for w in _words(text)):
            named, _ = _party_of_org(text)  # "Captain Joe Ruiz, Riverside PD"
            if named in ("district", "agency") and (cur.name or cur.titles):
                alone = named
        if alone is not None:
            if cur.name is None and not cur.titles:
                leading_party = alone  # "district, Jane Doe, Superintendent"
                continue
            if cur.party is not None and cur.party != alone:
                close()
                leading_party = alone
                continue
            cur.party = alone
            continue
        if cur.party == "other" and cur.org is None and cur.name and not _is_title(text):
            cur.org = text
            continue
        if cur.name and cur.titles and not new and _names_a_place(text):
            cur.titles.append(text)  # "Principal, Lincoln High": where the title holds
            continue
        if _is_title(text) or (cur.name and not cur.titles and not new and _title_in_place(text)):
            if cur.titles and cur.name and cur.party:
                close()
            cur.titles.append(_strip_article(text))
        else:
            title, name = _split_title_name(text)
            if cur.name is not None:
                # a second name: a new person, unless this names the organization after the party
                later = pieces[k + 1:]
                if cur.party in ("district", "agency") and cur.org is None and title is None and not any(
                        _is_title(t) or _party_of(t) for t, _ in later):
                    cur.org = text
                    continue
                close()
            if title is not None and any(_is_title(t) for t, n in pieces[k + 1:k + 2] if not n):
                title, name = None, text  # "Judge Ann Lee, Presiding Judge": the title is said apart
            cur.name = name
            if title is not None:
                cur.titles.insert(0, _strip_article(title))
        if leading_party and cur.party is None:
            cur.party, leading_party = leading_party, None
        if party_here:
            cur.party, cur.org = party_here, org_here or cur.org
    close()
    if leading_party and people and people[-1].party is None:
        people[-1].party = leading_party
    return people


def parse_people(text: str) -> list[dict]:
    """Signatories, each {name, title, party[, organization]} (see the module docstring)."""
    t = _ascii(text or "").strip()
    t = _LEAD_RE.sub("", t)
    if not t:
        raise ParseError(HELP)
    # "..., district and Sam Roe, ...": a party word ending a field, then "and", starts the next person
    t = re.sub(rf"(,\s*(?:{_PARTY_ALT}))\s+and\s+(?=\S)", r"\1; ", t, flags=re.IGNORECASE)
    chunks = [re.sub(r"^\s*(?:[-*\u2022\u00b7]+|\d+[.)])\s+", "", c).strip() for c in re.split(r"\s*[\n;]+\s*", t)]
    # "Ellen Mays - Superintendent - district": a dash or a bar with spaces around it separates fields
    chunks = [re.sub(r"\s+[-\u2013\u2014|]\s+", ", ", c) for c in chunks]
    people: list[_Person] = []
    for chunk in chunks:
        if chunk:
            people += _people_in(chunk)
    if not people:
        raise ParseError(HELP)
    problems = [_problem(p) for p in people]
    if any(problems):
        raise ParseError(_unclear_message(people, problems))
    return [p.value() for p in people]


# A name not yet known ("TBD", "vacant"), and words for several people ("each principal")
_PLACEHOLDER_NAME = LazyPattern(r"(?:tbd|tba|tbn|t\.b\.d\.?|unknown|vacant|n/?a|none|nobody|no one|\?+|x+|"
                                r"to be (?:named|determined|decided|announced|confirmed)|not (?:yet )?(?:named|known))",
                                re.IGNORECASE)
_GROUP_NAME = {"each", "every", "all", "both", "any", "the", "our", "their", "whoever"}
# Words that name no one: pronouns ("me and the chief") and words for people in general ("both parties")
_NO_ONE = {"me", "myself", "us", "we", "you", "him", "her", "them", "ourselves", "someone", "somebody",
           "both", "parties", "party", "people", "usual", "everyone", "everybody", "signers", "signatories",
           "officials", "representatives", "reps", "members", "anyone", "anybody", "same", "those", "these"}
# How an organization's name ends, read as a title ("Lakeside County Sheriff's Office", "... School District")
_ORGANIZATION_ENDS = {"office", "department", "dept", "district", "agency", "schools"}


def _problem(p: _Person) -> str | None:
    """What is still unclear about one person, as a question (None: nothing)."""
    who = p.name
    title = p.title()
    party = p.party or (_title_party(title) if title else None)
    if p.name and p.name.lower() in _GROUP_NAME:  # "each principal": several people, none named
        return f"the name of each {title or 'signer'}, each as a signer of their own"
    if _is_organization(p):
        said = " ".join(x for x in (p.name, title) if x)
        return f"the name and title of the person who signs for {said} (that is an organization, not a person)"
    if p.name and _PLACEHOLDER_NAME.fullmatch(p.name.strip()):
        return f"the name of the {title}" if title else "the name of one of the signers"
    if p.name and set(_words(p.name)) & _NO_ONE:  # "me and the chief": no one is named
        return f'the full name of each signer ("{p.name}" is not a name)'

    if not p.name:
        what = f"the {title}" if title else "one of the signers"
        return f"the name of {what}"
    if not title and not party:
        return f"{who}'s title and the party they sign for (district, agency or another partner)"
    if not title:
        return f"{who}'s title"
    if not party:
        return f"whether {who} ({title}) signs for the district, the agency or another partner"
    if party == "other" and not p.org:
        return f"the organization {who} signs for, as another partner"
    return None


def _is_organization(p: _Person) -> bool:
    """Whether what was read as a person is an organization ("Lakeside County Sheriff's Office" read as
    "Lakeside", titled "County Sheriff's Office"; "Lakeside Area School District" with no title)."""
    title_words, name_words = _words(p.title() or ""), _words(p.name or "")
    if title_words:
        return title_words[-1] in _ORGANIZATION_ENDS and title_words[0] not in _TITLE_HEADS
    return bool(name_words) and name_words[-1] in _ORGANIZATION_ENDS


def _typed(p: _Person) -> str:
    """One person in the form this parser reads, with a [placeholder] for what is missing."""
    party = p.party or (_title_party(p.title() or "") if p.title() else None)
    if _is_organization(p):
        return f"[name], [title], {party or '[district or agency]'}"
    named = (p.name and p.name.lower() not in _GROUP_NAME and not _PLACEHOLDER_NAME.fullmatch(p.name.strip())
             and not set(_words(p.name)) & _NO_ONE)
    fields = [p.name if named else "[name]", p.title() or "[title]", party or "[district or agency]"]
    if party == "other":
        fields.append(p.org or "[organization]")
    return ", ".join(fields)


def _unclear_message(people: list[_Person], problems: list[str | None]) -> str:
    clear = [say_people([p.value()]) for p, prob in zip(people, problems) if prob is None]
    asks = [prob for prob in problems if prob]
    got = f"I have {_join_and(clear)}. " if clear else ""
    example = "; ".join(_typed(p) for p in people)
    return (f"{got}I still need {_join_and(asks)}: please give the signers again with that filled in, "
            f'such as "{example}".')


# --- saying back ----------------------------------------------------------------------------------


def _field(obj: Any, name: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)


def say_people(value: Any) -> str:
    """Signatories said back in the form parse_people reads: "Jane Doe (Superintendent, district)"."""
    out = []
    for p in value:
        party = _field(p, "party")
        party = getattr(party, "value", party)
        inner = [str(_field(p, "title") or ""), str(party or "")]
        if _field(p, "organization"):
            inner.append(str(_field(p, "organization")))
        out.append(f"{_field(p, 'name')} ({', '.join(x for x in inner if x)})")
    return "; ".join(out) if out else "none"

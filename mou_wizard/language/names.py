"""Free text, lists of names, signatories ("Jane Doe, Superintendent, district") and US states."""

from __future__ import annotations

import difflib
import re
from typing import Any

from mou_wizard.language.text import ParseError, ascii_text as _ascii, clean as _clean, lc as _lc, quote as _quote

__all__ = ["STATE_NAMES", "jurisdiction_name", "parse_list", "parse_people", "parse_state", "parse_text", "say_people", "say_state"]


def parse_text(text: str) -> str:
    """Free text, stripped; empty is refused."""
    t = (text or "").strip()
    if not t:
        raise ParseError('I need an answer in words here, such as "Riverside Unified School District" (or type "skip" to come back to it later).')
    return t


_BULLET_RE = re.compile(r"^\s*(?:[-*\u2022\u00b7]+|\d+[.)])\s+")


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


def parse_list(text: str) -> list[str]:
    """Items separated by new lines, semicolons, commas or a final "and"."""
    items = _split_items(text)
    if not items:
        raise ParseError('I need one or more items separated by commas, such as "Riverside High School, Riverside Middle School".')
    return items


# --- people --------------------------------------------------------------------------------------

_PEOPLE_HELP = ('For each person I need name, title and party (district, agency or other), such as '
                '"Jane Doe, Superintendent, district; Sam Roe, Chief of Police, agency".')

_PARTY_WORDS = {
    "district": "district", "school": "district", "schools": "district", "school district": "district",
    "the district": "district", "for the district": "district", "school division": "district",
    "agency": "agency", "police": "agency", "sheriff": "agency", "department": "agency",
    "the agency": "agency", "for the agency": "agency", "police department": "agency",
    "law enforcement": "agency", "law enforcement agency": "agency", "sheriff's office": "agency",
    "sheriffs office": "agency", "sheriff office": "agency", "the police": "agency",
    "other": "other", "partner": "other", "other partner": "other", "an other partner": "other",
}


_PARTY_ALT = "|".join(re.escape(w) for w in sorted(_PARTY_WORDS, key=len, reverse=True))


def _party_of(field: str) -> str | None:
    f = re.sub(r"[\s\-]+", " ", _clean(field).replace("party:", "").replace("party", "").strip())
    return _PARTY_WORDS.get(f)


def parse_people(text: str) -> list[dict]:
    """Signatories: "Jane Doe, Superintendent, district; Sam Roe, Chief of Police, agency; ..."."""
    t = _ascii(text or "").strip()
    if not t:
        raise ParseError(_PEOPLE_HELP)
    # "..., district and Sam Roe, ..." : a party word ending a field, then "and", starts the next person
    t = re.sub(rf"(,\s*(?:{_PARTY_ALT}))\s+and\s+(?=\S)", r"\1; ", t, flags=re.IGNORECASE)
    chunks = [c.strip() for c in re.split(r"\s*[\n;]+\s*", t)]
    chunks = [_BULLET_RE.sub("", c).strip().rstrip(".") for c in chunks]
    people: list[dict] = []
    for chunk in chunks:
        if not chunk:
            continue
        # the read-back form "Jane Doe (Superintendent, district)" is accepted too
        m = re.fullmatch(r"([^()]+?)\s*\(([^()]*)\)", chunk)
        if m:
            chunk = m.group(1) + ", " + m.group(2)
        fields = [f.strip() for f in chunk.split(",")]
        # the party first: "district: Jane Doe, Superintendent", "other: Ann Lee, Judge, Riverside Juvenile Court"
        m = re.fullmatch(rf"({_PARTY_ALT})\s*[:\-]\s*(.+)", chunk, flags=re.IGNORECASE | re.DOTALL)
        if m:
            rest = [f.strip() for f in m.group(2).split(",")]
            party_field = m.group(1)
            if _party_of(party_field) == "other" and len(rest) >= 3:
                fields = rest[:-1] + [party_field, rest[-1]]
            else:
                fields = rest + [party_field]
        people.extend(_people_from_fields(fields, chunk))
    if not people:
        raise ParseError(_PEOPLE_HELP)
    return people


def _people_from_fields(fields: list[str], chunk: str) -> list[dict]:
    out: list[dict] = []
    i = 0
    while i < len(fields):
        if not fields[i]:
            i += 1
            continue
        name = fields[i]
        if _party_of(name):
            raise ParseError(f"I couldn't find a name before {_quote(name)}; " + _lc(_PEOPLE_HELP))
        parties = [j for j in range(i + 2, len(fields)) if _party_of(fields[j])]
        if not parties:
            raise ParseError(f"I couldn't find the party for {_quote(', '.join(fields[i:]))}; " + _lc(_PEOPLE_HELP))
        p = parties[0]
        title = ", ".join(f for f in fields[i + 1: p] if f)
        if not title:
            raise ParseError(f"I couldn't find the title for {_quote(name)}; " + _lc(_PEOPLE_HELP))
        party = _party_of(fields[p])
        person = {"name": name, "title": title, "party": party}
        rest = fields[p + 1:]
        # another person follows only if a later field names a party again
        first = 3 if party == "other" else 2  # the next person needs a name and a title before the party
        more = [j for j in range(first, len(rest)) if _party_of(rest[j])]
        if party == "other":
            if not rest or not rest[0]:
                raise ParseError(f'For {_quote(name)}, who signs for another partner, I need the organization too, such as "Judge Ann Lee, Presiding Judge, other, Riverside Juvenile Court".')
            if more:
                person["organization"] = rest[0]
                i = p + 2
            else:
                person["organization"] = ", ".join(f for f in rest if f)
                i = len(fields)
        else:
            if more:
                i = p + 1
            else:
                org = ", ".join(f for f in rest if f)
                if org:
                    person["organization"] = org
                i = len(fields)
        out.append(person)
    return out



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
})
_STATE_HELP = 'I need a US state, such as "VA" or "Virginia".'

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
    s = re.sub(r"^(?:the )?(?:state|commonwealth) of ", "", s)
    s = re.sub(r"^the ", "", s)
    if not s:
        raise ParseError(_STATE_HELP)
    if len(s) == 2 and s.upper() in STATE_NAMES:
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


def say_state(value: Any) -> str:
    code = str(value).upper()
    name = STATE_NAMES.get(code)
    return f"{name} ({code})" if name else code

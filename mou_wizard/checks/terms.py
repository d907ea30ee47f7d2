"""Defined terms, used consistently: every term the draft defines is used, and every capitalised term
the clauses use as a defined term is defined.

A term is *defined* where clause text puts it in bold (``**Imminent Threat** means ...``, the
Definitions article) or where the preamble puts it in quotation marks (``(the "District")``).

A term is *used* where a capitalised phrase follows an article or a similar word ("the Agency Head",
"an Imminent Threat", "each School", "any Use of Force"). Phrases that name a law, a government body
or a programme ("the Family Educational Rights and Privacy Act", "the U.S. Department of Education",
"the Commonwealth of Virginia") are names, not defined terms, and are left alone; so is the text that
answers supply (only the library's own words are read, not the values printed into them).

:func:`term_problems` is what ``mou-wizard clauses lint`` calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jinja2 import nodes
from jinja2.exceptions import TemplateError

from mou_wizard.language.names import STATE_NAMES
from mou_wizard.templating import parse_tree

_BOLD = re.compile(r"\*\*([^*]+?)\*\*")
_QUOTED = re.compile(r'"([A-Z][A-Za-z\- ]*)"')

# Words after which a capitalised phrase is read as a defined term.
_DETERMINERS = ("the", "a", "an", "each", "any", "every", "no", "this", "that", "these", "those", "its",
                "their", "another", "other", "such", "all", "either", "neither", "both", "one", "whose")
_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][A-Za-z]*(?:-[A-Za-z]+)*)"
_CONNECTOR = r"(?:of|and|with|for|to|on|the|in)"
# A capitalised run: words joined by spaces, and by a connector only when a capitalised word follows.
_RUN = rf"{_WORD}(?:\s+(?:{_CONNECTOR}\s+)*{_WORD})*"
_USE = re.compile(rf"\b(?i:{'|'.join(_DETERMINERS)})\s+({_RUN})")
# Connectors that join two separate terms ("the Principal and SRO"); "of" stays inside one ("Use of Force").
_SPLIT = re.compile(r"(?:\s+(?:and|with|for|to|on|the|in))+\s+")

# A run is a name rather than a defined term when it ends with, or starts with, one of these words:
# a law, a public body, a place in this MOU ("this Section"), the document's own title.
_NAME_ENDS = {"Act", "Amendment", "Amendments", "Constitution", "Rules", "Regulations"}
_NAME_STARTS = {"Department", "Office", "Commonwealth", "State", "States", "United", "U.S.", "Territory",
                "National", "Uniform", "Safe", "Article", "Section", "Appendix", "Memorandum"}
# Acronyms that name something outside this MOU (a programme, a set of rubrics), not a defined term.
_NAMES = {"SECURe", "COPS", "NASRO"}
# States, days and months are names too.
_PROPER = set(STATE_NAMES.values()) | {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}


@dataclass
class _Text:
    where: str                      # "02-definitions.yaml: definitions.terms" or "document.yaml: preamble"
    text: str                       # the library's own words, markup and template code removed
    defines: list[str] = field(default_factory=list)


def literal_text(source: str) -> str:
    """The words a template writes itself: its text and quoted strings, never the answers it prints."""
    try:
        tree = parse_tree(source)
    except TemplateError:
        return ""
    parts = [node.data for node in tree.find_all(nodes.TemplateData)]
    # Quoted strings the template prints (' and the MOU Team'); a choice token such as
    # 'imminent_threat' or a ref() target is not prose.
    parts += [node.value for node in tree.find_all(nodes.Const)
              if isinstance(node.value, str) and not re.fullmatch(r"[a-z0-9_.]*", node.value)]
    text = " ".join(parts)
    text = re.sub(r"(?m)^\s*- ", " ", text)  # lettered-item markers
    return re.sub(r"\s+", " ", text)


def _variants(term: str) -> set[str]:
    """A term as it may appear: singular or plural ("Working Day" / "Working Days")."""
    out = {term}
    if term.endswith("s") and not term.endswith("ss") and term[-2:] != "'s":
        out.add(term[:-1])
    else:
        out.add(term + "s")
    return out


def _is_name(run: str) -> bool:
    words = run.split()
    return (words[-1] in _NAME_ENDS or words[0] in _NAME_STARTS or any(w in _NAMES for w in words)
            or run in _PROPER or words[0] in _PROPER)


def used_terms(text: str) -> set[str]:
    """The capitalised phrases ``text`` uses as defined terms (names of laws and bodies left out)."""
    found = set()
    for m in _USE.finditer(text):
        run = m.group(1)
        if _is_name(run):
            continue
        for part in _SPLIT.split(run):
            if part and part[0].isupper():
                found.add(part)
    return found


def _texts(library, document_sources: dict[str, str]) -> list[_Text]:
    out = []
    for clause in library.clauses:
        for name, source in clause.d.bodies():
            where = f"{clause.file.name}: {clause.id}" + (f": alternative '{name}'" if name else "")
            out.append(_Text(where, literal_text(source), _BOLD.findall(source)))
    for key, source in document_sources.items():
        defines = _QUOTED.findall(source) if key == "preamble" else []
        out.append(_Text(f"document.yaml: {key}", literal_text(source), defines))
    return out


def term_problems(library, document_sources: dict[str, str]) -> list[str]:
    """Defined terms nobody uses, and capitalised terms used but never defined, one message each."""
    texts = _texts(library, document_sources)
    defined: dict[str, str] = {}
    for t in texts:
        for term in t.defines:
            defined.setdefault(term, t.where)
    known = {v for term in defined for v in _variants(term)}
    problems = []
    seen: set[str] = set()
    for t in texts:
        for term in sorted(used_terms(_BOLD.sub(r"\1", t.text))):
            if term in known or term in seen:
                continue
            seen.add(term)
            problems.append(f"{t.where}: uses '{term}' as a defined term, but no clause defines it "
                            "(define it in the Definitions article, or write it in lower case)")
    corpus = " ".join(_BOLD.sub(" ", t.text) for t in texts)
    for term, where in defined.items():
        if not any(re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", corpus) for v in _variants(term)):
            problems.append(f"{where}: defines '{term}', but no clause uses it")
    return problems


def document_sources(path) -> dict[str, str]:
    """The fixed texts of templates/document.yaml that are part of the agreement."""
    from mou_wizard.content.files import read_yaml

    data = read_yaml(path) or {}
    return {k: data[k] for k in ("title", "preamble", "witness") if isinstance(data.get(k), str)}

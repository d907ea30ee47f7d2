"""The wording of every choice (prompts/choices.yaml): choice set -> token -> label.

The answers model knows only the tokens (:mod:`mou_wizard.domain.choices`); the words the interview
offers and the draft prints are read here, so counsel can edit them without touching Python. Every
token needs a label and every label must name a known choice set and token; each problem is one line
naming the file and the key (``AgencyKind.county_sheriff``), collected like every other loader's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mou_wizard.content.files import read_yaml
from mou_wizard.domain.choices import ChoiceLabels, choice_sets
from mou_wizard.errors import ContentError

CHOICES_FILE = "choices.yaml"


def _close(word: str, known: list[str]) -> str:
    import difflib

    near = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
    return f"; did you mean '{near[0]}'?" if near else f" (expected one of {', '.join(known)})"


def load_labels(file: Path, cache: Any = None) -> tuple[ChoiceLabels, list[str]]:
    """The labels in ``file`` and the problems found (empty when every token has exactly one good label).

    A choice without a usable label falls back to its token, so the rest of the content still loads
    and lint can list every problem; commands stop at the first problem (``require_ok``).
    """
    sets = choice_sets()
    try:
        data = read_yaml(file, cache=cache)
    except ContentError as e:
        return ChoiceLabels({}), [str(e)]
    if not isinstance(data, dict):
        return ChoiceLabels({}), [f"{file}: expected each choice set (AgencyKind: ...) with a label for each token"]
    problems: list[str] = []
    labels: dict[str, dict[str, str]] = {}
    for name, given in data.items():
        if name not in sets:
            problems.append(f"{file}: {name}: no such choice set{_close(str(name), list(sets))}")
            continue
        tokens = [m.value for m in sets[name]]
        if not isinstance(given, dict):
            problems.append(f"{file}: {name}: expected each of its tokens with a label, e.g. '{tokens[0]}: ...'")
            continue
        for token, label in given.items():
            key = f"{name}.{token}"
            if token not in tokens:
                problems.append(f"{file}: {key}: {name} has no choice '{token}'{_close(str(token), tokens)}")
            elif label is None or (isinstance(label, str) and not label.strip()):
                problems.append(f"{file}: {key}: the label is empty (write its words after '{token}:')")
            elif not isinstance(label, str):
                problems.append(f"{file}: {key}: the label must be words, not {label!r}")
            else:
                labels.setdefault(name, {})[token] = " ".join(label.split())
    for name, cls in sets.items():
        if name not in data:
            problems.append(f"{file}: {name}: no labels for this choice set (it needs one for each of "
                            f"{', '.join(m.value for m in cls)})")
            continue
        given = data[name]
        if isinstance(given, dict):
            problems += [f"{file}: {name}.{m.value}: no label (add '{m.value}: ...' under {name})"
                         for m in cls if m.value not in given]
        seen: dict[str, str] = {}
        for token, label in labels.get(name, {}).items():
            other = seen.setdefault(label.casefold(), token)
            if other != token:
                problems.append(f"{file}: {name}.{token}: same label as {name}.{other} ('{label}'), so a reply "
                                "could not tell them apart")
    return ChoiceLabels(labels), problems

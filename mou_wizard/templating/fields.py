"""Which answer fields (``section.field``) a template or condition reads."""

from __future__ import annotations

import functools
import re

from jinja2 import nodes

from mou_wizard.templating.sandbox import ENV, SECTIONS


@functools.lru_cache(maxsize=8192)
def parse_tree(source: str, *, expression: bool = False):
    """The syntax tree of a template (or, with ``expression``, a condition), parsed once per source:
    lint reads the same clause text for the fields it uses, the words it compares and its prose. The
    tree is shared, so callers only walk it, never change it. Raises Jinja's TemplateError."""
    return ENV.parse(f"{{{{ ({source}) }}}}" if expression else source)


_FIELD_MENTION = re.compile(r"\b(" + "|".join(SECTIONS) + r")\.([a-z_]+)\b")


def mentioned_fields(source: str) -> set[str]:
    """``section.field`` names appearing in a template or condition: a textual scan, fast enough for
    run time (a name inside a string literal would count too; lint uses :func:`referenced_fields`)."""
    return {f"{m.group(1)}.{m.group(2)}" for m in _FIELD_MENTION.finditer(source)}


def referenced_fields(source: str, *, expression: bool = False) -> set[str]:
    """``section.field`` names a template (or, with ``expression``, a condition) reads."""
    ast = parse_tree(source, expression=expression)
    out = set()
    for node in ast.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name in SECTIONS:
            out.add(f"{node.node.name}.{node.attr}")
    return out

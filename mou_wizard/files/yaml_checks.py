"""Checks on an answer file before any value is built from it: YAML tags other than plain values'
(``!include``, ``!!python/object``) and mapping keys that are not field names are refused, and bytes
that are not UTF-8 are named for what they look like (a Word document, UTF-16 text)."""

from __future__ import annotations

from typing import Any


class BadNode(Exception):
    """A node of the composed YAML that may not be built; ``mark`` says where it stands."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.mark = mark


def _cut(text: Any, limit: int = 40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# The tags plain YAML values carry (written or implied); any other tag (``!include``,
# ``!!python/object``) is refused before a value is built.
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in
                        ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge"))


def _tag(node: Any) -> str:
    tag = getattr(node, "tag", None)
    return str(getattr(tag, "value", tag))


def check_tags_and_keys(root: Any, kinds: tuple[type, type] | None = None) -> None:
    """Refuse a YAML tag other than plain values' and a mapping key that is not a field name.
    ``kinds``: the parser's (mapping, scalar) node classes (default: ruamel's)."""
    if kinds is None:
        from ruamel.yaml.nodes import MappingNode, ScalarNode
    else:
        MappingNode, ScalarNode = kinds  # noqa: N806 - classes

    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        tag = _tag(node)
        if tag not in _PLAIN_TAGS:
            shown = "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag
            raise BadNode(f"the YAML tag {_cut(shown)} is not allowed in an answer file; expected plain values "
                            "(text, numbers, dates, true/false, lists)", node.start_mark)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if not isinstance(key, ScalarNode) or _tag(key) not in ("tag:yaml.org,2002:str",
                                                                         "tag:yaml.org,2002:merge"):
                    shown = key.value if isinstance(key, ScalarNode) else "a list or mapping"
                    raise BadNode(f"{_cut(shown)} is not a field name; expected a name like district_name",
                                    key.start_mark)
                stack.append(value)
        elif isinstance(node.value, list):
            stack.extend(node.value)


def not_text(raw: bytes) -> str:
    """Why bytes that are not UTF-8 are no answer file, naming what they look like when that is clear."""
    if raw.startswith(b"PK\x03\x04"):
        return ("looks like a Word document or another zip file; expected a YAML answer file (the answers, "
                "not the draft)")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "is UTF-16 text; expected a YAML answer file saved as UTF-8"
    return "not a text file; expected a YAML answer file"

"""Reading an answer file quickly, for commands that only read it (render, check, revise).

ruamel.yaml's round-trip loader keeps comments and line numbers, which saving an answer file and
naming the line of an error need, but it is a pure-Python parser: for a complete answer file it takes
ten times as long as PyYAML's C loader with the same checks. :func:`plain_data` reads with the C
loader, resolving plain scalars as YAML 1.2 does (the rules ruamel uses): only ``true``/``false`` are
booleans (``yes``, ``no``, ``on``, ``off`` stay text), ``0o17`` is octal and ``017`` seventeen as in
ruamel, ``1e3`` is a number, ``1:20`` is text. Anything this path cannot take exactly as ruamel would
(a duplicate key, an explicit tag, a merge key, a date with a time, a date or number Python cannot
hold, aliases over budget, any syntax error) returns None, and the caller reads the file with ruamel, whose message names the line.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml._yaml import CParser

from mou_wizard.content.files import alias_problem
from mou_wizard.files.yaml_checks import BadNode, check_tags_and_keys


class _Unsure(Exception):
    """Something the fast path does not decide: ruamel reads the file instead."""


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core schema resolution, with ruamel.yaml's patterns (see ruamel.yaml.resolver)."""


_Resolver.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("float", r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
                 |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
                 |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
                 |[-+]?\.(?:inf|Inf|INF)
                 |\.(?:nan|NaN|NAN))$""", "-+0123456789."),
    ("int", r"""^(?:[-+]?0b[0-1_]+
                 |[-+]?0o?[0-7_]+
                 |[-+]?[0-9_]+
                 |[-+]?0x[0-9a-fA-F_]+)$""", "-+0123456789"),
    ("merge", r"^(?:<<)$", "<"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("timestamp", r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
                 |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?
                 (?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
                 (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""", "0123456789"),
):
    _Resolver.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern, re.X), list(_first))


class _Constructor(yaml.constructor.SafeConstructor):
    def construct_yaml_int(self, node: Any) -> int:
        # As ruamel reads YAML 1.2: 0o17 is octal, 0x1F hex, 0b101 binary; 017 is seventeen.
        text = self.construct_scalar(node).replace("_", "")
        sign = -1 if text[:1] == "-" else 1
        digits = text.lstrip("+-")
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith(("0x", "0b")):
            return sign * int(digits, 0)
        return sign * int(digits)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        if len(node.value) > 10:
            raise _Unsure("a date with a time")  # ruamel keeps its own timestamp type
        return super().construct_yaml_timestamp(node)

    def construct_mapping(self, node: Any, deep: bool = False) -> dict:
        if isinstance(node, yaml.MappingNode):
            keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
            if len(keys) != len(set(keys)):
                raise _Unsure("a duplicate key")  # ruamel refuses it, naming the line
        return super().construct_mapping(node, deep)

    def construct_undefined(self, node: Any) -> Any:
        raise _Unsure(f"the tag {node.tag}")


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_timestamp)
_Constructor.add_constructor(None, _Constructor.construct_undefined)

# An explicit tag (``!!str 12``, ``!x``), a merge key (``<<:``) or a lone ``=`` is read by ruamel as
# its own kind of value: such a file goes to ruamel (a ``!`` after a space in an answer's text too,
# which only costs time).
_RULED_OUT = re.compile(r"(?:^|[\s\[{,])(?:!|<<\s*:|=\s*(?:$|[,\]}#]))", re.M)


class _Loader(CParser, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


_MAX_DEPTH = 16  # an answer file is four or five levels deep


def _deeper_than(root: yaml.Node, limit: int) -> bool:
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(node, yaml.MappingNode):
            stack.extend((child, depth + 1) for pair in node.value for child in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
    return False


def plain_data(text: str) -> Any | None:
    """The data of answer-file text as plain Python values, or None when ruamel must read it."""
    found = plain_document(text)
    return None if found is None else found[0]


def plain_document(text: str) -> tuple[Any, yaml.Node] | None:
    """The data of answer-file text as plain Python values and the composed document it was built
    from (which knows the line of each key and item: see :func:`node_line`), or None when ruamel must
    read it."""
    if _RULED_OUT.search(text):
        return None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None or alias_problem(node):
                return None
            if _deeper_than(node, _MAX_DEPTH):
                return None  # ruamel gives up on very deep nesting with its own message
            check_tags_and_keys(node, (yaml.MappingNode, yaml.ScalarNode))  # else ruamel says where
            return loader.construct_document(node), node
        finally:
            loader.dispose()
    except (yaml.YAMLError, _Unsure, BadNode, ValueError, OverflowError, TypeError, RecursionError):
        return None


def node_line(node: yaml.Node, loc: tuple) -> int | None:
    """1-based line of the innermost part of ``loc`` (keys and item indexes) found in the document
    ``node``: a key's own line, an item's line, as ruamel's line records give them."""
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and not isinstance(part, int):
            pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
            if pair is None:
                break
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line

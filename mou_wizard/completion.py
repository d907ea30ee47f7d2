"""The command line's helpers that need no package of the core: ``--version``, coloured help and shell
completion scripts (``mou-wizard completion bash|zsh|fish``).

bash and zsh scripts come from shtab, which reads the argparse parser; fish (which shtab does not
write) gets a short script made here from the same parser. Each is imported only when used.
"""

from __future__ import annotations

import argparse

PROG = "mou-wizard"
# Arguments that name a file or a folder: completed with file (folder) names.
FILE_ARGS = {"answers", "output", "previous", "old", "new", "against", "clean"}
DIR_ARGS = {"content"}


class VersionAction(argparse.Action):
    """``--version``: the installed package's version (read from its metadata only when asked for)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        import mou_wizard

        print(f"{PROG} {mou_wizard.__version__}")
        parser.exit()


def _help_formatter(prog: str) -> argparse.HelpFormatter:
    """Coloured help (rich-argparse; plain text when not on a terminal, or with ``NO_COLOR``)."""
    try:
        from rich_argparse import RichHelpFormatter
    except ImportError:  # pragma: no cover - a dependency, but help must never fail for want of colour
        return argparse.HelpFormatter(prog)
    return RichHelpFormatter(prog)


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """A parser's sub-commands by name (aliases left out)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def rich_help(parser: argparse.ArgumentParser) -> None:
    """Give every parser, sub-commands' included, the coloured help formatter."""
    parser.formatter_class = _help_formatter
    for sub in subparsers(parser).values():
        rich_help(sub)


def _mark_files(parser: argparse.ArgumentParser) -> None:
    import shtab

    for action in parser._actions:
        if action.dest in FILE_ARGS:
            action.complete = shtab.FILE
        elif action.dest in DIR_ARGS:
            action.complete = shtab.DIRECTORY
    for sub in subparsers(parser).values():
        _mark_files(sub)


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_options(parser: argparse.ArgumentParser, condition: str) -> list[str]:
    lines = []
    for action in parser._actions:
        if not action.option_strings or action.help == argparse.SUPPRESS:
            continue
        parts = [f"complete -c {PROG}", f"-n {_fish_quote(condition)}"]
        for opt in action.option_strings:
            parts.append(f"-l {opt[2:]}" if opt.startswith("--") else f"-s {opt[1:]}")
        if action.nargs != 0:
            parts.append("-r")
            if action.choices:
                parts.append(f"-f -a {_fish_quote(' '.join(action.choices))}")
            elif action.dest in DIR_ARGS:
                parts.append("-f -a '(__fish_complete_directories)'")
            elif action.dest in FILE_ARGS:
                parts.append("-F")
        if action.help:
            parts.append(f"-d {_fish_quote(action.help.split(';')[0].split('(')[0].strip()[:70])}")
        lines.append(" ".join(parts))
    return lines


def fish_script(parser: argparse.ArgumentParser) -> str:
    """A fish completion script: the commands, their sub-commands, options and choices."""
    lines = [f"# fish completion for {PROG} (mou-wizard completion fish)", f"complete -c {PROG} -f"]
    commands = subparsers(parser)
    top = "__fish_use_subcommand"
    lines += _fish_options(parser, top)
    for name, sub in commands.items():
        helps = {a.dest: a.help for a in parser._subparsers._group_actions[0]._choices_actions}
        lines.append(f"complete -c {PROG} -n {top} -a {name} -d {_fish_quote((helps.get(name) or name)[:70])}")
        inside = f"__fish_seen_subcommand_from {name}"
        lines += _fish_options(sub, inside)
        actions = subparsers(sub)
        if actions:
            lines.append(f"complete -c {PROG} -n {_fish_quote(inside)} -a {_fish_quote(' '.join(actions))}")
        for action in sub._actions:
            if not action.option_strings and action.choices and not isinstance(action, argparse._SubParsersAction):
                lines.append(f"complete -c {PROG} -n {_fish_quote(inside)} -a {_fish_quote(' '.join(action.choices))}")
            elif not action.option_strings and action.dest in FILE_ARGS:
                lines.append(f"complete -c {PROG} -n {_fish_quote(inside)} -F")
    return "\n".join(lines) + "\n"


def script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script for ``shell`` (bash, zsh or fish)."""
    if shell == "fish":
        return fish_script(parser)
    import shtab

    _mark_files(parser)
    return shtab.complete(parser, shell=shell)

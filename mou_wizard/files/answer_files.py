"""Reading and writing answer files (YAML): clear errors, forward migration, comments kept, atomic writes."""

from __future__ import annotations

import errno
import functools
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from mou_wizard.content.files import alias_problem, yaml_error_message
from mou_wizard.errors import UserError
from mou_wizard.domain.answers import SCHEMA_VERSION, Answers, to_plain
from mou_wizard.domain.interview_state import InterviewState
from mou_wizard.files.migrations import MIGRATIONS, MigrationError
from mou_wizard.files.yaml_checks import BadNode, check_tags_and_keys, not_text


# An answer file larger than this is refused before it is parsed (a complete one is about 10 kB).
MAX_FILE_BYTES = 5 * 1024 * 1024


class _BadValue(Exception):
    """A scalar the YAML parser cannot turn into a value (2026-02-30, year 0, a 5,000-digit number)."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.mark = mark


class _BadAliases(Exception):
    """Aliases that would repeat too many values, or an alias inside what it names."""


@functools.lru_cache(maxsize=1)
def _constructor():
    from ruamel.yaml.constructor import RoundTripConstructor

    class Constructor(RoundTripConstructor):
        """ruamel's round-trip constructor, with a clear error for a date or number Python cannot hold."""

        def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
            try:
                return super().construct_yaml_timestamp(node, values)
            except (ValueError, OverflowError) as e:
                raise _BadValue(f"{_cut(node.value)} is not a real date ({e}); expected a date like 2026-08-01",
                                node.start_mark) from None

        def construct_yaml_int(self, node: Any) -> Any:
            try:
                return super().construct_yaml_int(node)
            except ValueError:
                digits = sum(c.isdigit() for c in str(node.value))
                raise _BadValue(f"a number with {digits:,} digits is far too long; expected a whole number",
                                node.start_mark) from None

        def get_single_data(self) -> Any:
            # Aliases are checked on the composed graph, before any value is built (billion laughs).
            node = self.composer.get_single_node()
            if node is None:
                return None
            problem = alias_problem(node)
            if problem:
                raise _BadAliases(problem)
            try:
                check_tags_and_keys(node)
            except BadNode as e:
                raise _BadValue(str(e), e.mark) from None
            return self.construct_document(node)

    Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
    Constructor.add_constructor("tag:yaml.org,2002:int", Constructor.construct_yaml_int)
    return Constructor


def _cut(text: Any, limit: int = 40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_KEY_AT_START = re.compile(r"\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s|$)")


def where_in_text(name: str, text: str, line: int) -> str:
    """``FILE: line N: KEY`` for a 0-based line of ``text`` (the key written at the start of that line,
    when there is one), to name where a value the parser refused stands."""
    lines = text.splitlines()
    m = _KEY_AT_START.match(lines[line]) if 0 <= line < len(lines) else None
    return f"{name}: line {line + 1}" + (f": {m.group(1)}" if m else "")


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.Constructor = _constructor()
    y.representer.ignore_aliases = lambda *args: True  # a hand-edited file never has linked values
    y.preserve_quotes = True
    y.width = 100
    y.indent(mapping=2, sequence=4, offset=2)
    return y


_FRIENDLY = {
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
    "string_type": "expected text",
    "list_type": "expected a list",
    "date_parsing": "expected a date like 2026-08-01",
    "date_from_datetime_parsing": "expected a date like 2026-08-01",
    "date_type": "expected a date like 2026-08-01",
    "model_type": "expected a mapping of fields",
    "model_attributes_type": "expected a mapping of fields",
    "dict_type": "expected a mapping of fields",
    "extra_forbidden": "unknown field (check the spelling; 'mou-wizard schema' lists every field)",
    "missing": "this field is required",
    "string_too_short": "must not be empty",
}


def describe_error(err: dict) -> str:
    kind = err["type"]
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        return f"expected one of {expected}, got {_short_repr(err['input'])}"
    if kind in _FRIENDLY:
        msg = _FRIENDLY[kind]
        if kind not in ("extra_forbidden", "missing") and not isinstance(err.get("input"), (dict, list)):
            msg += f", got {_short_repr(err['input'])}"
        return msg
    return _cut(err["msg"].removeprefix("Value error, "), 300)


def _short_repr(value: Any) -> str:
    try:
        text = repr(value)
    except ValueError:  # an int too long to print
        return "a number far too long"
    return _cut(text, 60)


def _line_of(data: Any, loc: tuple) -> int | None:
    """1-based line of the innermost location ruamel knows about (or the fast reader's document,
    :func:`~mou_wizard.files.fast_yaml.node_line`)."""
    if hasattr(data, "start_mark"):
        from mou_wizard.files.fast_yaml import node_line

        return node_line(data, loc)
    line = None
    node = data
    for part in loc:
        lc = getattr(node, "lc", None)
        try:
            if lc is not None:
                if isinstance(part, int):
                    line = lc.item(part)[0] + 1
                elif part in node:
                    line = lc.key(part)[0] + 1
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return line


class SavedAnswers(Answers):
    """What an answer file holds: the answers and, beside them, where an unfinished interview stands.
    Used for the answer file's JSON Schema; the two parts are read into separate objects."""

    interview: InterviewState | None = Field(
        default=None, description="Progress of an unfinished interview (written by the wizard; safe to delete)."
    )


@dataclass
class AnswerFile:
    """One answer file, read: the answers, the interview's place (None when the file has none), the
    round-trip YAML document (so a save keeps comments and key order) and any migration notes."""

    answers: Answers
    state: InterviewState | None = None
    data: Any = None
    notes: list[str] = field(default_factory=list)


def _validate(model, plain: dict, data: Any, name: str, loc_prefix: tuple = ()):
    try:
        return model.model_validate(plain)
    except ValidationError as e:
        err = e.errors()[0]
        loc = loc_prefix + tuple(err["loc"])
        field_ = ".".join(str(p) for p in loc) or "(top level)"
        line = _line_of(data, loc)  # None when a migration moved the key
        prefix = f"{name}: line {line}" if line else name
        more = f" (and {e.error_count() - 1} more problem{'s' if e.error_count() > 2 else ''})" if e.error_count() > 1 else ""
        raise UserError(f"{prefix}: {field_}: {describe_error(err)}{more}") from None


def parse_answer_file(text: str, name: str, round_trip: bool = True) -> AnswerFile:
    """Parse answer-file text into its answers and interview state (errors name the file, line and field).
    ``round_trip=False``: for reading only (no ``data`` to save back), through PyYAML's C loader when
    it can take the file exactly as ruamel would (see :mod:`~mou_wizard.files.fast_yaml`; its document
    gives the line a problem is on); a file it cannot take is read with ruamel, whose errors name the line."""
    if not round_trip:
        from mou_wizard.files.fast_yaml import plain_document

        found = plain_document(text)
        if found is not None and isinstance(found[0], dict):
            return _answer_file(found[0], name, round_trip=False, lines=found[1])
    from ruamel.yaml.error import YAMLError

    try:
        data = _yaml().load(text)
    except YAMLError as e:
        raise UserError(yaml_error_message(name, e)) from None
    except _BadValue as e:
        raise UserError(where_in_text(name, text, e.mark.line) + f": {e}") from None
    except _BadAliases as e:
        raise UserError(f"{name}: {e}") from None
    except RecursionError:
        raise UserError(f"{name}: the YAML is nested too deeply; an answer file is a mapping of sections "
                        "a few levels deep") from None
    return _answer_file(data, name)


def _answer_file(data: Any, name: str, round_trip: bool = True, lines: Any = None) -> AnswerFile:
    """``lines``: where the line of a key is found (default: ``data``, ruamel's round-trip data)."""
    lines = data if lines is None else lines
    if data is None:
        raise UserError(f"{name}: the file is empty; expected an answer file (try 'mou-wizard example')")
    if not isinstance(data, dict):
        got = "a list" if isinstance(data, list) else "text" if isinstance(data, str) else type(data).__name__
        raise UserError(f"{name}: expected a mapping of answers at the top level, got {got}")
    version = data.get("schema_version")
    where = f"{name}: line {_line_of(lines, ('schema_version',))}" if "schema_version" in data else name
    if version is None:
        raise UserError(f"{name}: schema_version: missing; expected 'schema_version: {SCHEMA_VERSION}'")
    if isinstance(version, bool) or not isinstance(version, int):
        raise UserError(f"{where}: schema_version: expected a whole number, got {version!r}")
    if version > SCHEMA_VERSION or (version < SCHEMA_VERSION and version not in MIGRATIONS):
        raise UserError(
            f"{where}: schema_version: {version} is not supported; this mou-wizard reads versions "
            f"{min([*MIGRATIONS, SCHEMA_VERSION])} to {SCHEMA_VERSION}"
        )
    notes = []
    try:
        plain = to_plain(dict(data))
    except RecursionError:
        raise UserError(f"{name}: the YAML is nested too deeply; an answer file is a mapping of sections "
                        "a few levels deep") from None
    while plain["schema_version"] < SCHEMA_VERSION:
        v = plain["schema_version"]
        try:
            migrated = MIGRATIONS[v](plain)
        except MigrationError as e:
            line = _line_of(lines, e.loc) if e.loc else None
            raise UserError(f"{name}: line {line}: {e}" if line else f"{name}: {e}") from None
        plain, said = migrated if isinstance(migrated, tuple) else (migrated, [])
        plain["schema_version"] = v + 1
        notes.append(f"migrated {name} from schema_version {v} to {v + 1}")
        notes += [f"{name}: {note}" for note in said]
    raw_state = plain.pop("interview", None)
    answers = _validate(Answers, plain, lines, name)
    state = None if raw_state is None else _validate(InterviewState, raw_state, lines, name, ("interview",))
    return AnswerFile(answers, state, data if round_trip else None, notes)


def parse_answers(text: str, name: str) -> tuple[Answers, Any, list[str]]:
    """Parse answer-file text. Returns (answers, the round-trip YAML data, migration notes)."""
    f = parse_answer_file(text, name)
    return f.answers, f.data, f.notes


def read_answer_file(path: Path | str, round_trip: bool = True) -> AnswerFile:
    """An answer file read and parsed; ``-`` reads standard input (named "standard input" in messages).
    ``round_trip`` False: for reading only (the fast reader; see :func:`parse_answer_file`)."""
    from mou_wizard.fileio import STDIN_NAME, FileTooLarge, NotRegularFile, is_stdio, read_regular, read_stdin

    if is_stdio(path):
        path = STDIN_NAME
        read = read_stdin
    else:
        read = functools.partial(read_regular, path)  # never waits on a pipe, never reads past the limit
    path = Path(path)
    too_big = (f"{path}: the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; an answer file is a few "
               "kilobytes (expected a YAML answer file)")
    try:
        raw = read(MAX_FILE_BYTES)
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it
    except FileNotFoundError:
        raise UserError(f"{path}: file not found") from None
    except NotRegularFile as e:
        if e.kind == "a folder":
            raise UserError(f"{path}: is a folder; expected an answer file (.yaml)") from None
        raise UserError(f"{path}: is {e.kind}, not a regular file; expected an answer file (.yaml)") from None
    except FileTooLarge:
        raise UserError(too_big) from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: {not_text(raw)}") from None
    except OSError as e:
        if e.errno == errno.ENAMETOOLONG:
            raise UserError(f"{path}: {_name_problem(path, e)}") from None
        raise UserError(f"{path}: cannot read the file ({e.strerror})") from None
    return parse_answer_file(text, str(path), round_trip)


def load_answers(path: Path | str) -> Answers:
    """An answer file's answers, for reading only (the fast reader; see :func:`parse_answer_file`)."""
    return read_answer_file(path, round_trip=False).answers


def load_interview_state(path: Path | str) -> InterviewState | None:
    """The interview's place recorded in an answer file (None when it has none)."""
    return read_answer_file(path).state


def load_answers_with_data(path: Path | str, round_trip: bool = True) -> tuple[Answers, Any, list[str]]:
    f = read_answer_file(path, round_trip)
    return f.answers, f.data, f.notes


def answers_data(answers: Answers, state: InterviewState | None = None) -> dict:
    """The answers as plain YAML-ready data: unanswered fields left out, choices as their tokens; the
    interview state (when given) last, under ``interview``."""
    data = to_plain(answers.model_dump(mode="python", exclude_none=True))
    # Keep empty sections out of the file; keep schema_version first.
    data = {k: v for k, v in data.items() if v != {} or k == "schema_version"}
    if state is not None:
        data["interview"] = to_plain(state.model_dump(mode="python", exclude_none=True))
    return data


def _merge(target: Any, new: dict) -> None:
    """Update a round-trip mapping in place so comments and key order survive.

    A key that is new to the file goes where the model puts it (before the first existing key that
    follows it in ``new``), so a file written answer by answer reads in interview order."""
    for key in [k for k in target if k not in new]:
        del target[key]
    order = list(new)
    for i, (key, value) in enumerate(new.items()):
        if key in target and isinstance(target[key], dict) and isinstance(value, dict):
            _merge(target[key], value)
        elif key in target:
            if to_plain(target[key]) != value:
                target[key] = value
        else:
            later = [k for k in order[i + 1 :] if k in target]
            if later and hasattr(target, "insert"):
                target.insert(list(target).index(later[0]), key, value)
            else:
                target[key] = value


def dump_answers(answers: Answers, original: Any | None = None, state: InterviewState | None = None) -> str:
    data = answers_data(answers, state)
    if original is not None:
        _merge(original, data)
        data = original
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()


ANSWER_SUFFIXES = (".yaml", ".yml")


def check_answer_file_name(path: Path, option: str | None = None) -> None:
    """Refuse an answer file to be written whose name does not end in .yaml or .yml (so a draft's
    name, ``answers.docx``, is never taken for one and replaced by answers, or the other way round)."""
    if Path(path).suffix.lower() not in ANSWER_SUFFIXES:
        what = f"{option} " if option else ""
        raise UserError(f"{path}: expected {what}an answer file name ending in .yaml or .yml")
    longest = max((len(os.fsencode(part)) for part in Path(path).parts), default=0)
    if longest > 255:
        raise UserError(f"{path}: the file name is too long ({longest:,} bytes; at most 255)")


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (links followed; hard links too, when both exist)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        try:
            return os.path.realpath(a) == os.path.realpath(b)
        except (OSError, ValueError):
            return False


def check_distinct(outputs: list[Path], inputs: list[Path]) -> None:
    """Refuse a command whose output is one of its inputs (even with --force), or that would write one
    file twice."""
    for i, out in enumerate(outputs):
        for inp in inputs:
            if same_file(out, inp):
                raise UserError(f"{out}: is also an input of this command ({inp}); expected a different "
                                "output file (an input is never overwritten)")
        for other in outputs[:i]:
            if same_file(out, other):
                raise UserError(f"{out}: is named twice as an output ({other}); expected two different files")


def _name_problem(path: Path, e: OSError) -> str:
    if e.errno == errno.ENAMETOOLONG:
        longest = max((len(os.fsencode(part)) for part in path.parts), default=0)
        if longest > 255:
            return f"the file name is too long ({longest:,} bytes; at most 255)"
        return "the path is too long"
    return e.strerror or str(e)


def check_output_path(path: Path, *, overwrite: bool) -> Path:
    """Refuse an output path we cannot or may not write; returns the file to replace: ``path`` itself,
    or the file a symbolic link at ``path`` points to (an answer file kept behind a link stays one)."""
    path = Path(path)
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except NotADirectoryError:
        link = None  # a folder on the way is a file: said below
    except OSError as e:
        raise UserError(f"{path}: {_name_problem(path, e)}") from None
    target = path
    if link is not None and stat.S_ISLNK(link.st_mode):
        real = Path(os.path.realpath(path))
        try:
            st = os.stat(path)
        except OSError:
            raise UserError(f"{path}: is a link to {real}, which does not exist; expected a file name") from None
        target = real
    else:
        st = link
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise UserError(f"{path}: is a folder; expected a file name")
        if not stat.S_ISREG(st.st_mode):
            raise UserError(f"{path}: is not a regular file (a device, a pipe or a socket); expected a file name")
        if st.st_mode & (stat.S_ISUID | stat.S_ISGID):
            raise UserError(f"{path}: is a program with special permissions (setuid or setgid); refusing to "
                            "replace it")
        if not overwrite:
            raise UserError(f"{path}: already exists; use --force to overwrite it")
    folder = target.parent if str(target.parent) else Path(".")
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{path}: {folder} is a file, not a folder")
    if not folder.is_dir():
        raise UserError(f"{path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UserError(f"{path}: the folder {folder} is not writable")
    return target


def atomic_write(path: Path | str, content: bytes | str, *, overwrite: bool = True) -> None:
    """Write a whole file or nothing: a temporary file in the same folder, then an atomic rename.

    A symbolic link is written through (its target is replaced, the link stays). A new file gets the
    usual permissions (0o666 less the umask); a replaced one keeps its read and write bits, never more
    than a new file would get (no execute, setuid or setgid bit is ever copied). With ``overwrite``
    false an existing file is refused, even one that appears while the file is being written."""
    path = Path(path)
    target = check_output_path(path, overwrite=overwrite)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        data = content.encode("utf-8") if isinstance(content, str) else content
    except UnicodeEncodeError:
        raise UserError(f"{path}: cannot be saved: the text holds characters that are not valid UTF-8") from None
    fresh = 0o666 & ~_umask()
    try:
        mode = os.stat(target).st_mode & fresh  # overwriting keeps the file's read and write bits
    except OSError:
        mode = fresh  # a new file gets the usual permissions, not mkstemp's 0600
    from mou_wizard.fileio import TempFile, remove_stale_temps

    remove_stale_temps(folder)  # what a process killed mid-write here may have left
    try:
        # Unnamed while it is written (or a short name: a 250-byte file name is legal, and must not
        # fail for its temporary file).
        temp = TempFile(folder)
    except OSError as e:
        raise UserError(f"{path}: cannot write in {folder} ({e.strerror})") from None
    try:
        temp.write(data, mode)
        temp.publish(target, overwrite=overwrite)
    except FileExistsError:
        raise UserError(f"{path}: already exists; use --force to overwrite it") from None
    except OSError as e:
        raise UserError(f"{path}: cannot write the file ({_name_problem(path, e)})") from None
    finally:
        temp.discard()


@functools.lru_cache(maxsize=1)
def _umask() -> int:
    """The process umask (read once: setting it back and forth is not thread-safe)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_answers(path: Path | str, answers: Answers, original: Any | None = None,
                 state: InterviewState | None = None) -> None:
    """Write the answers (and the interview's place, when given) atomically, keeping ``original``'s
    comments and key order."""
    atomic_write(path, dump_answers(answers, original, state))


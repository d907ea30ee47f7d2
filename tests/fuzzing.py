"""Property-based checks shared by the tests (a few hundred examples, in CI) and ``benchmarks/fuzz.py``
(as many as you like): random answer files through ``mou-wizard render``, random lines through the
plain interview. Each check runs one example and says how it ended; anything unexpected (a traceback,
a message that is not one line, a file left half-written, an answer file that no longer loads) fails
an assertion."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import tempfile
import typing
from enum import Enum
from pathlib import Path

import yaml
from hypothesis import strategies as st
from pydantic import BaseModel

from support import CONTENT, ERROR_PREFIX, ROOT, recommended

# --- every field of an answer file ---------------------------------------------------------------


def _model_of(annotation) -> type[BaseModel] | None:
    for a in (annotation, *typing.get_args(annotation)):
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
    return None


def answer_fields() -> list[tuple[str, str, typing.Any]]:
    """(section, field, annotation) for every field an answer file may hold, the review record and the
    interview's place included."""
    from mou_wizard.domain.answers import Answers
    from mou_wizard.domain.interview_state import InterviewState

    out = []
    sections = {name: _model_of(f.annotation) for name, f in Answers.model_fields.items()}
    sections["interview"] = InterviewState
    for section, model in sections.items():
        if model is None:
            continue
        for name, f in model.model_fields.items():
            out.append((section, name, f.annotation))
    return out


FIELDS = answer_fields()


def _enum_tokens() -> list[str]:
    from mou_wizard.domain.choices import choice_sets

    return sorted({m.value for cls in choice_sets().values() for m in cls})


def _right_type(annotation) -> st.SearchStrategy:
    """Values of the type the field holds (still maybe out of range: a negative term, 2,001 characters)."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    a = args[0]
    origin = typing.get_origin(a)
    if origin is list:
        (item,) = typing.get_args(a) or (str,)
        return st.lists(_right_type(item), max_size=5)
    if isinstance(a, type) and issubclass(a, Enum):
        return st.sampled_from([m.value for m in a])
    if isinstance(a, type) and issubclass(a, BaseModel):
        return st.fixed_dictionaries({}, optional={n: _right_type(f.annotation) for n, f in a.model_fields.items()})
    if a is bool:
        return st.booleans()
    if a is int:
        return st.integers(min_value=-5, max_value=1000) | st.integers()
    if a is dt.date:
        return st.dates()
    return st.text(max_size=60) | st.sampled_from(["Brookfield Area School District", "VA", "1.0", "x" * 2001])


SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
           | st.text(max_size=40) | st.dates() | st.datetimes() | st.sampled_from(_enum_tokens())
           | st.sampled_from(["", " ", "yes", "null", "~", "2026-02-30", "1e999", "0x1F", "- a", "*", "&a"]))
ANY_VALUE = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)


@st.composite
def answer_documents(draw) -> dict:
    """A complete set of recommended answers with a few fields given random values of the right type
    or of any type, removed, or a whole section replaced."""
    from mou_wizard.files.answer_files import answers_data

    data = answers_data(recommended())
    for section, name, annotation in draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=6)):
        how = draw(st.sampled_from(["right"] * 6 + ["any"] * 2 + ["remove"] * 2 + ["section"]))
        if how == "section":
            data[section] = draw(ANY_VALUE)
            continue
        if not isinstance(data.get(section), dict):
            data[section] = {}
        if how == "remove":
            data[section].pop(name, None)
        else:
            data[section][name] = draw(_right_type(annotation) if how == "right" else ANY_VALUE)
    if draw(st.integers(0, 9)) == 0:
        data["schema_version"] = draw(ANY_VALUE)
    return data


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def render_outcome(data: dict) -> str:
    """Render ``data`` as an answer file in-process (``mou-wizard render``): "ok" or "refused". A
    refusal is one line on stderr, exit status 2, and no output file."""
    from unittest import mock

    from mou_wizard.cli import main

    # The content is the repository's, loaded once (reading it again for each example would be most of
    # the time); the answer file is what varies.
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp, \
            mock.patch("mou_wizard.content.bundle.load_content", lambda *a, **k: CONTENT):
        path, out = Path(tmp) / "answers.yaml", Path(tmp) / "draft.docx"
        path.write_text(dump(data), encoding="utf-8")
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            rc = main(["render", str(path), "-o", str(out)])
        err = stderr.getvalue()
        if rc == 0:
            assert err == "" and stdout.getvalue() == f"Wrote {out}\n", err
            assert out.read_bytes()[:2] == b"PK"
            return "ok"
        assert rc == 2, (rc, err)
        assert stdout.getvalue() == ""
        assert err.startswith(ERROR_PREFIX) and err.count("\n") == 1 and err.endswith("\n"), err
        assert "Traceback" not in err
        assert sorted(os.listdir(tmp)) == ["answers.yaml"], "a refusal left a file behind"
        return "refused"


# --- lines typed into the plain interview ---------------------------------------------------------

TYPED = st.sampled_from([
    "", "why", "help", "back", "skip", "not sure", "recommended", "keep", "yes", "no", "y", "n", "0", "-1",
    "40 hours", "every two years", "24 months", "3 years", "Title VI, 504 and FERPA", "step 0", "step 3", "step 9",
    "change training hours", "change it to 48 hours", "change district name", "add Lincoln Elementary",
    "remove Lincoln Elementary", "answers", "draft", "save", "what does the rubric say about training hours?",
    "what is SEC-1.8?", "what kind?", "we haven't decided", "Brookfield Area School District", "VA", "Virginia",
    "June 15, 2026", "2026-02-30", "county sheriff", "Ana Ruiz, Superintendent, district", "hello", "thanks",
    "1" * 400, "x" * 3000, "\x1b]0;title\x07", "\x00", "\ud800", "start over", "yes" * 50,
])
STARTS = st.sampled_from([None, "partial-with-skips.yaml", "rural-county-sheriff.yaml"])
LINES = st.lists(TYPED | st.text(max_size=30).map(lambda s: s.replace("\n", " ").replace("\r", " ")), max_size=25)


def interview_outcome(lines: list[str], start: str | None = None) -> str:
    """Type ``lines`` into the plain interview (in-process) on a new answer file or a copy of the
    example ``start``, then reload the answer file. Returns "finished" or "saved". The conversation
    never raises, and the file always loads again."""
    from mou_wizard import services
    from mou_wizard.files.answer_files import read_answer_file
    from mou_wizard.interview.plain import run_plain
    from mou_wizard.interview.session import Session

    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        path = Path(tmp) / "answers.yaml"
        if start is not None:
            path.write_bytes((ROOT / "examples" / start).read_bytes())
        out = io.StringIO()
        typed = io.StringIO("".join(line + "\n" for line in lines))
        with Session(path, CONTENT) as session:
            rc = run_plain(session, typed, out, coverage_line=lambda: services.coverage_sentence(
                session.flow.answers, CONTENT), finish=lambda: services.finish(session))
            done = session.flow.done
        assert rc == 0
        assert "\x1b" not in out.getvalue()
        saved = read_answer_file(path)  # always loads again
        with Session(path, CONTENT):
            pass  # and a new session resumes from it
        leftovers = [n for n in os.listdir(tmp) if n.startswith(".mou-")]
        assert leftovers == [], leftovers
        assert saved.answers is not None
        return "finished" if done else "saved"

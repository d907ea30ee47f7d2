"""The fast reader (PyYAML's C loader, YAML 1.2 resolution) gives exactly what ruamel gives: the same
Answers, interview state and migration notes on every example, the same values for tricky scalars,
and the same error message (with its line) for a bad file: a value the model refuses is reported from
its own document, and what ruamel's reader refuses first is handed to ruamel."""

from __future__ import annotations

import pytest

from mou_wizard.domain.answers import to_plain
from mou_wizard.errors import UserError
from mou_wizard.files.answer_files import _yaml, parse_answer_file
from mou_wizard.files.examples import example_yaml
from mou_wizard.files.fast_yaml import plain_data
from support import CONTENT, ROOT

FILES = sorted((ROOT / "examples").rglob("*.yaml"))


def both(text: str, name: str = "a.yaml"):
    return parse_answer_file(text, name, round_trip=False), parse_answer_file(text, name)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_example_reads_the_same_and_takes_the_fast_path(path):
    text = path.read_text()
    assert isinstance(plain_data(text), dict)  # the C loader took it (nothing sent back to ruamel)
    fast, slow = both(text, str(path))
    assert fast.answers == slow.answers and fast.state == slow.state and fast.notes == slow.notes
    assert fast.data is None and slow.data is not None  # nothing to save back from the fast read


def test_the_recommended_answers_and_an_old_version_read_the_same():
    text = example_yaml(CONTENT.questions)
    assert isinstance(plain_data(text), dict)
    fast, slow = both(text)
    assert fast.answers == slow.answers
    old = "schema_version: 2\npartnership:\n  stakeholders: [families]\n  model_mou: our county's model\n"
    fast, slow = both(old)
    assert fast.answers == slow.answers and fast.notes == slow.notes and len(fast.notes) == 3


TRICKY = ["yes", "no", "on", "off", "y", "n", "Yes", "ON", "Off", "NO", "true", "True", "FALSE", "~", "null", "",
          "010", "0o10", "0x1F", "0b101", "1_000", "1:20", "1e3", "1.5", ".5", "+1", "-0", ".inf", "2026-08-01",
          "2026-8-1", "2026-08-01T10:00:00", "12:30", "=", '"q"', "'0012'", "00", "0.", "-0o7", "0o8", "09",
          "!!str 12", '!!int "3"', "!foo bar", "[yes, no]", "{x: on}", "2026-02-30", "0x", "|\n  yes\n",
          "123456789012345678901234567890", "'it''s'", "Dr. O'Neil! Yes", "#"]


@pytest.mark.parametrize("value", TRICKY)
def test_a_tricky_scalar_reads_as_ruamel_reads_it_or_goes_to_ruamel(value):
    text = f"a: {value}\n"
    fast = plain_data(text)
    try:
        slow = to_plain(dict(_yaml().load(text)))
    except Exception:
        assert fast is None  # ruamel refuses it, and says where
        return
    if fast is not None:
        assert repr(fast) == repr(slow)


@pytest.mark.parametrize("value, expected", [("yes", "yes"), ("off", "off"), ("0o17", 15), ("1e3", 1000.0)])
def test_yaml_1_1_words_stay_text_in_answers(value, expected):
    assert plain_data(f"a: {value}\n") == {"a": expected}
    text = f"schema_version: 3\nparties:\n  district_name: {value}\n"
    fast, slow = both(text) if isinstance(expected, str) else (None, None)
    if fast is not None:
        assert fast.answers.parties.district_name == slow.answers.parties.district_name == value


@pytest.mark.parametrize("text", [
    "schema_version: 3\npartnership:\n  mou_team: on\n",              # YAML 1.1 would make it true
    "schema_version: 3\ntraining:\n  initial_hours: forty-ish\n",
    "schema_version: 3\nparties:\n  district_name: A\n  district_name: B\n",  # a duplicate key
    "schema_version: 3\nparties:\n  effective_date: 2026-02-30\n",
    "schema_version: 3\nparties: [\n",
    "schema_version: 3\na: &x [1, 2]\nb: *x\n",
])
def test_a_bad_file_gives_ruamels_message_with_its_line(text):
    with pytest.raises(UserError) as slow:
        parse_answer_file(text, "a.yaml")
    with pytest.raises(UserError) as fast:
        parse_answer_file(text, "a.yaml", round_trip=False)
    assert str(fast.value) == str(slow.value)
    assert "line" in str(fast.value) or "a.yaml:" in str(fast.value)


def test_a_value_the_model_refuses_is_reported_from_the_fast_read_with_its_line(monkeypatch):
    from mou_wizard.files import answer_files

    text = ("schema_version: 3\nparties:\n  district_name: Riverside USD\n  schools:\n    - North High\n"
            "    - [a, b]\ntraining:\n  initial_hours: forty-ish\n")
    with pytest.raises(UserError) as slow:
        parse_answer_file(text, "a.yaml")
    monkeypatch.setattr(answer_files, "_yaml", None)  # ruamel is not asked
    with pytest.raises(UserError) as fast:
        parse_answer_file(text, "a.yaml", round_trip=False)
    assert str(fast.value) == str(slow.value)
    assert str(fast.value).startswith("a.yaml: line 6: parties.schools.1: ")


@pytest.mark.parametrize("text", [
    "schema_version: 3\nparties:\n  1: x\n",                             # a key that is not a field name
    "schema_version: 3\nparties:\n  schools: " + "[" * 40 + "]" * 40 + "\n",  # nesting ruamel gives up on
])
def test_what_ruamels_reader_refuses_first_is_left_to_it(text):
    assert plain_data(text) is None
    with pytest.raises(UserError) as slow:
        parse_answer_file(text, "a.yaml")
    with pytest.raises(UserError) as fast:
        parse_answer_file(text, "a.yaml", round_trip=False)
    assert str(fast.value) == str(slow.value)

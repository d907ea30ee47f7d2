"""A condition's result is remembered by the values it reads: asked again on the same values it is not
run again, and any change to a value it reads (or a value it cannot key) runs it again."""

from __future__ import annotations

from mou_wizard.domain.answers import Answers
from mou_wizard.templating import answers_context, compile_condition
from mou_wizard.templating.memo import ConditionMemo, reads


def answers(**parties) -> Answers:
    a = Answers()
    for name, value in parties.items():
        setattr(a.parties, name, value)
    return a


class Counting:
    def __init__(self, condition) -> None:
        self.condition, self.calls = condition, 0

    def __call__(self, **context) -> bool:
        self.calls += 1
        return self.condition(**context)


def test_reads_names_each_section_field_and_each_name_used_whole():
    assert reads("parties.state == 'IL' and (hiring.count or 0) > 2 and value") == (
        ("hiring", "count"), ("parties", "state"), ("value", None))
    assert reads("document.review.cycle == 'x'") == (("document", "review"),)


def test_the_result_follows_the_answer_it_reads():
    condition = compile_condition("parties.state == 'IL'")
    a = answers(state="IL")
    assert condition(**answers_context(a)) is True
    a.parties.state = "VA"  # the same model, changed in place
    assert condition(**answers_context(a)) is False
    a.parties.state = "IL"
    assert condition(**answers_context(a)) is True


def test_the_same_values_run_the_condition_once_and_a_new_value_again():
    memo = ConditionMemo("parties.state == 'IL'")
    run = Counting(compile_condition("parties.state == 'IL'"))
    a = answers(state="IL", district_name="Riverside USD")
    assert memo.call(run, answers_context(a)) is True
    a.parties.district_name = "Lakeside USD"  # not read by the condition
    assert memo.call(run, answers_context(a)) is True
    assert run.calls == 1
    a.parties.state = "VA"
    assert memo.call(run, answers_context(a)) is False
    assert run.calls == 2


def test_an_override_is_read_like_an_answer():
    condition = compile_condition("parties.state == 'IL'")
    a = answers(state="VA")
    assert condition(**answers_context(a)) is False
    assert condition(**answers_context(a, overrides={"parties.state": "IL"})) is True


def test_records_are_keyed_by_their_fields():
    expr = "not parties.signatories"
    memo, run = ConditionMemo(expr), Counting(compile_condition(expr))
    context = answers_context(answers(signatories=None))
    assert memo.call(run, context) is True
    assert memo.call(run, context) is True
    assert run.calls == 1  # None is a value
    from mou_wizard.domain.answers import Signatory

    signer = Signatory(name="Dr. Ellen Mays", title="Superintendent", party="district")
    assert memo.call(run, answers_context(answers(signatories=[signer]))) is False
    assert memo.call(run, answers_context(answers(signatories=[signer]))) is False
    assert run.calls == 2  # the same record again: remembered
    other = Signatory(name="Tom Brandt", title="Sheriff", party="agency")
    assert memo.call(run, answers_context(answers(signatories=[other]))) is False
    assert run.calls == 3  # another person: run again


def test_a_value_that_cannot_be_keyed_runs_the_condition_each_time():
    expr = "value.a == 1"
    memo, run = ConditionMemo(expr), Counting(compile_condition(expr))
    assert memo.call(run, {"value": {"a": 1}}) is True
    assert memo.call(run, {"value": {"a": 2}}) is False
    assert memo.call(run, {"value": {"a": 2}}) is False
    assert run.calls == 3  # a mapping outside the answers views is not keyed: run each time


def test_true_and_one_are_different_values():
    expr = "value is sameas true"
    memo, run = ConditionMemo(expr), Counting(compile_condition(expr))
    assert memo.call(run, {"value": True}) is True
    assert memo.call(run, {"value": 1}) is False
    assert run.calls == 2


def test_lists_are_keyed_by_their_items():
    expr = "'North High' in parties.schools"
    condition = compile_condition(expr)
    a = answers(schools=["North High"])
    assert condition(**answers_context(a)) is True
    a.parties.schools = ["South High"]
    assert condition(**answers_context(a)) is False
    a.parties.schools.append("North High")  # the same list, changed in place
    assert condition(**answers_context(a)) is True

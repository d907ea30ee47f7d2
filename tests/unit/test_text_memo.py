"""A clause text's blocks are remembered by the values it reads and the sections it cites: asked again
on the same values it is not rendered again, and a change to any value it reads, or to the number of
a section it cites, renders it again. A draft made with warm memos is the draft made without them."""

from __future__ import annotations

import copy

from support import ROOT, load_copy

from mou_wizard.domain.answers import Answers
from mou_wizard.engine.answering import apply_answer, recommended_answers
from mou_wizard.engine.drafting import build_draft
from mou_wizard.engine.selection import Selected, render_clause
from mou_wizard.templating import SectionRef, answers_context, compile_text
from mou_wizard.templating.memo import template_reads


class Counting:
    """A compiled text that counts its renders."""

    def __init__(self, source: str) -> None:
        self.template = compile_text(source)
        self.memo, self.calls = self.template.memo, 0

    def render(self, **context):
        self.calls += 1
        return self.template.render(**context)


def blocks(text: Counting, answers: Answers, refs: dict) -> str:
    clause = type("C", (), {"file": type("F", (), {"name": "x.yaml"})(), "id": "x.one"})()
    sel = Selected(clause, None, text, "1.1", 1)
    return "".join(r.text for b in render_clause(sel, answers_context(answers), refs) for r in b.runs)


def test_template_reads_names_fields_and_each_section_cited():
    assert template_reads("{{ parties.district_name }} under {{ ref('team.meetings') }}") == (
        ("parties", "district_name"), ("ref", "team.meetings"))
    # A citation worked out at render time cannot be keyed: ref is then read whole.
    assert ("ref", None) in template_reads("{% set c = 'team.meetings' %}{{ ref(c) }}")


def test_the_same_values_render_once_and_a_changed_value_again():
    text = Counting("The {{ parties.district_name }} shall meet.")
    a = Answers()
    a.parties.district_name = "Riverside USD"
    assert blocks(text, a, {}) == "The Riverside USD shall meet."
    a.parties.agency_name = "Riverside Police Department"  # not read by the text
    assert blocks(text, a, {}) == "The Riverside USD shall meet."
    assert text.calls == 1
    a.parties.district_name = "Lakeside USD"
    assert blocks(text, a, {}) == "The Lakeside USD shall meet."
    assert text.calls == 2


def test_a_cited_section_renumbered_renders_again():
    text = Counting("As {{ ref('team.meetings') }} provides.")
    first = {"team.meetings": SectionRef("team.meetings", "2.1")}
    assert blocks(text, Answers(), first) == "As Section 2.1 provides."
    assert blocks(text, Answers(), dict(first)) == "As Section 2.1 provides."
    assert text.calls == 1
    assert blocks(text, Answers(), {"team.meetings": SectionRef("team.meetings", "3.4")}) == "As Section 3.4 provides."
    assert text.calls == 2


def test_a_citation_worked_out_at_render_time_renders_every_time():
    text = Counting("{% set c = 'team.meetings' %}As {{ ref(c) }} provides.")
    refs = {"team.meetings": SectionRef("team.meetings", "2.1")}
    assert blocks(text, Answers(), refs) == blocks(text, Answers(), refs) == "As Section 2.1 provides."
    assert text.calls == 2


def test_a_draft_does_not_depend_on_the_drafts_made_before_it():
    # Two bundles whose memos see the same answer sets in opposite orders give the same drafts.
    first, second = (load_copy(ROOT) for _ in range(2))  # each load makes its own memos
    qs = first.questions
    rec = recommended_answers(qs)
    sets = [Answers(), rec]
    for q in qs.questions:
        section, name = q.field.split(".")
        if q.type == "yesno" and getattr(getattr(rec, section), name) is not None:
            try:
                sets.append(apply_answer(rec, qs, q, not getattr(getattr(rec, section), name))[0])
            except ValueError:
                continue
    sets = sets[:10] + [copy.deepcopy(rec)]
    forward = [build_draft(a, first) for a in sets]
    backward = [build_draft(a, second) for a in reversed(sets)][::-1]
    assert len(sets) > 10
    assert forward == backward
    assert len({d.articles for d in forward}) > 5  # the sets do draft differently

"""Property: whatever values an answer file holds, in any field (the review record and the interview's
place included), of the right type or any other, ``mou-wizard render`` either writes the draft or
refuses with one line and exit status 2: never a traceback, never a file left behind.

A few hundred examples here; ``python benchmarks/fuzz.py --examples N`` runs as many as you like."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import fuzzing

pytestmark = pytest.mark.slow


def test_every_field_of_the_answer_file_is_covered():
    fields = {f"{section}.{name}" for section, name, _ in fuzzing.FIELDS}
    from mou_wizard.domain.answers import all_field_paths

    assert set(all_field_paths()) <= fields
    assert {"review.date", "interview.current", "interview.finished"} <= fields


@pytest.mark.timeout(900)  # a hundred renders: minutes on a busy shared machine
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fuzzing.answer_documents())
def test_render_writes_the_draft_or_gives_one_line(data):
    assert fuzzing.render_outcome(data) in ("ok", "refused")

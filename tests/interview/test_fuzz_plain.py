"""Property: whatever lines are typed into the plain interview (commands, answers, nonsense, control
characters, bytes that are not UTF-8), on a new answer file or a half-finished one, the conversation
never raises, nothing it prints drives the terminal, no temporary file is left, and the answer file
always loads again and resumes.

A few hundred examples here; ``python benchmarks/fuzz.py --examples N`` runs as many as you like."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

import fuzzing

pytestmark = pytest.mark.slow


@pytest.mark.timeout(900)  # a hundred interviews: minutes on a busy shared machine
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fuzzing.LINES, fuzzing.STARTS)
def test_the_plain_interview_survives_any_input_and_its_file_always_reloads(lines, start):
    assert fuzzing.interview_outcome(lines, start) in ("finished", "saved")

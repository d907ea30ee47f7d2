"""The table-driven test helper (support.table) checks every row and reports each failing one."""

from __future__ import annotations

import pytest

from support import table


def test_a_table_reports_every_failing_row_and_passes_when_none_fails():
    @table("a,b", [(1, 1), (2, 3), (4, 4), (5, "5")])
    def check(a, b):
        assert a == b

    with pytest.raises(AssertionError) as failed:
        check()
    message = str(failed.value)
    assert "2 of 4 rows failed" in message
    assert "a=2, b=3" in message and "a=5, b='5'" in message and "a=4" not in message

    @table("n", range(5))
    def small(n):
        assert n < 5

    small()


def test_an_empty_table_fails():
    @table("n", [])
    def check(n):
        raise AssertionError("never run")

    with pytest.raises(AssertionError, match="no rows"):
        check()

"""The Textual front end. Imported only by ``mou-wizard interview`` without ``--plain``: the core
(model, flow, clauses, renderer) never imports Textual."""

from __future__ import annotations


def run_tui(session) -> int:
    from mou_wizard.tui.app import run_tui as _run

    return _run(session)

"""An open number reads as a sentence: "within [To be agreed: number] days", never "within [To be
agreed: days within which a complaint gets a written response] days". The placeholder still knows the
answer field it stands for (lint checks it), and the Open decisions list still describes it in full."""

from __future__ import annotations

import re

import docx

from mou_wizard.domain.answers import Answers
from mou_wizard.templating import clean_text
from support import draft_docx, drafted

UNIT = re.compile(r"\[To be agreed: ([^\]]+)\]\s+(hours?|days?|weeks?|months?|years?|SROs?|students|Working)\b")


def texts(tmp_path) -> list[str]:
    path = tmp_path / "empty.docx"
    path.write_bytes(draft_docx(Answers()))
    d = docx.Document(str(path))
    return [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]


def test_no_placeholder_repeats_the_unit_after_it(tmp_path):
    said = texts(tmp_path)
    doubled = [m.group(0) for t in said for m in UNIT.finditer(t)
               if m.group(2).lower().rstrip("s") in {w.rstrip("s") for w in m.group(1).lower().split()[:5]}]
    assert doubled == []
    body = " ".join(said)
    for sentence in ("[To be agreed: number] hours", "[To be agreed: number] days", "[To be agreed: number] SROs",
                     "[To be agreed: number] students"):
        assert sentence in body, sentence


def test_a_number_placeholder_keeps_its_field_and_its_description():
    draft = drafted(Answers())
    runs = [r for s in draft.sections() for b in s.blocks for r in b.runs
            if r.placeholder and r.text == "[To be agreed: number]"]
    assert runs and {"training.initial_hours", "hiring.sro_count", "partnership.payment_days"} <= {r.field for r in runs}
    described = {d.field: d.what for d in draft.open_decisions}
    assert described["training.initial_hours"].lower().startswith("hours of initial sro training")


def test_user_text_cannot_carry_the_field_marker():
    assert clean_text("Oak\ue005 Unified") == "Oak Unified"

"""The front matter counsel reads first: the review record as a cover memo, a stale effective date
flagged, the summary of changes grouped by answer (every section each answer touches), rubric
regressions, and Appendix A's changes with the answers behind them. Every test reads a real revision
.docx back (made by :func:`mou_wizard.services.revision_for`, or by the command as a process)."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
import yaml

from mou_wizard.domain.answers import ReviewRecord
from mou_wizard.files.answer_files import load_answers
from mou_wizard.services import revision_for
from support import revision_helpers
from support import CONTENT, ROOT, draft_docx
from support import run_cli as cli

SUBURBAN = ROOT / "examples" / "suburban-city-police-diversion.yaml"
REVIEW_DAY = datetime.date(2026, 6, 1)




H = revision_helpers()


RECORD = ReviewRecord(
    date=REVIEW_DAY, previous_version="1.0", reviewer="Dana Whitfield",
    participants=["families", "teachers"],
    data_findings="Three arrests, two of them of students with disabilities.",
    complaints="One complaint about questioning without a parent; sustained.",
    evaluation_results=None,
    law_changes="The state now bars citations on school grounds.",
)


@pytest.fixture(scope="module")
def pair():
    """A review of the suburban MOU: the review cycle lengthened (one section), SROs now take part
    in discipline (against the rubric: SEC-2.5 was met), the effective date kept from last cycle."""
    base = load_answers(SUBURBAN)
    old = base
    new = H.variant(base, [("partnership.review_cycle_months", 24), ("civil_rights.sro_in_discipline", True),
                         ("document.version", "9.0")])
    new = new.model_copy(update={"review": RECORD, "parties": new.parties.model_copy(
        update={"effective_date": datetime.date(2025, 3, 1), "term_months": 12})})
    return old, new, revision_for(old, new, CONTENT)


def front(data: bytes) -> list[tuple[str, str]]:
    """(style, text) of the front matter's paragraphs (body paragraphs and table cells)."""
    document = H.part(data, "word/document.xml")
    return [(s, t) for s, t in H.paragraphs(document) if s and s.startswith("MOURevisionSummary")]


def tables(data: bytes) -> list[list[list[str]]]:
    loaded = docx.Document(io.BytesIO(data))
    return [[[c.text for c in r.cells] for r in t.rows] for t in loaded.tables
            if t.style is not None and t.style.style_id == "MOURevisionSummaryTable"]


def test_summary_groups_the_changes_by_answer_with_every_section_each_touches(pair):
    old, new, data = pair
    memo, summary = tables(data)
    assert summary[0] == ["Answer", "Was", "Now", "Sections it changes"]
    rows = {r[0]: r for r in summary[1:]}
    assert list(rows) == ["Version", "Effective date", "Review", "Discipline"]  # answer-file order
    assert rows["Review"][1:3] == ["every 12 months (annually)", "every 24 months (every two years)"]
    assert rows["Review"][3].startswith("22.3, old 22.10 (removed), Appendix A (")
    discipline = rows["Discipline"]
    assert discipline[1:3] == ["No", "Yes"]
    assert discipline[3] == "Recitals, 1.3, 5.1, 7.1, 7.4, 19.6, Appendix A (SEC-2.5, WA-1)"
    assert rows["Version"][2:] == ["9.0", "Title"]
    assert rows["Effective date"][1:] == ["September 1, 2026", "March 1, 2025", "Preamble"]
    # Each section named is one that changed: a comment on it names this answer.
    comments = [H.comment_text(c) for c in H.comments_by_id(data).values()]
    assert sum("Discipline: No → Yes" in c for c in comments) == 7  # six sections and Appendix A


def test_a_rubric_item_met_before_and_against_now_is_called_out(pair):
    _, _, data = pair
    texts = [t for _, t in front(data)]
    at = texts.index("Rubric regressions")
    regression = next(t for t in texts[at:] if t.startswith("SEC-2.5."))
    assert "Was met, now against" in regression
    assert "No → Yes" in regression


def test_appendix_changes_are_named_with_the_answers_behind_them(pair):
    _, _, data = pair
    line = next(t for _, t in front(data) if t.startswith("Appendix A."))
    assert "SEC-2.5: met → against" in line and "No → Yes" in line
    assert "follows the changes above" not in line
    comments = [H.comment_text(c) for c in H.comments_by_id(data).values()]
    appendix = next(c for c in comments if c.startswith("Appendix A:"))
    assert "SEC-2.5: met → against" in appendix


def test_the_review_record_is_a_cover_memo(pair):
    _, _, data = pair
    memo = tables(data)[0]
    assert memo[0] == ["Review", "Record"]
    record = dict(r for r in memo[1:])
    assert record["Date of the review"] == "June 1, 2026"
    assert record["Recorded by"] == "Dana Whitfield"
    assert "Parents and families" in record["Who took part"] or "families" in record["Who took part"].lower()
    assert record["What the data showed"] == RECORD.data_findings
    assert record["Complaints"] == RECORD.complaints
    assert record["Evaluation"] == "Not recorded."  # left empty: said as such, nothing made up
    assert record["Changes in the law"] == RECORD.law_changes
    loaded = docx.Document(io.BytesIO(data))
    styles = [p.style.style_id for p in loaded.paragraphs]
    assert styles[:3] == ["MOUTitle", "MOUSubtitle", "MOURevisionSummaryHeading"]
    assert loaded.paragraphs[2].text == "Review record"


def test_a_stale_effective_date_is_flagged_in_the_memo_and_on_the_preamble(pair):
    _, new, data = pair
    flag = next(t for _, t in front(data) if t.startswith("Flag for counsel: "))
    assert "Stale effective date" in flag and "March 1, 2025" in flag and "March 1, 2026" in flag
    comments = {cid: H.comment_text(c) for cid, c in H.comments_by_id(data).items()}
    cid = next(cid for cid, text in comments.items() if text.startswith("Stale effective date"))
    covered = H.comment_range(H.accept_all(H.part(data, "word/document.xml")), cid)
    assert [H.style_of(p) for p in covered] == ["MOUPreamble"]
    assert "March 1, 2025" in H.text_of(covered[0])


def test_an_effective_date_before_the_review_is_flagged_and_a_later_one_is_not():
    from mou_wizard.docx.summary import stale_date

    answers = load_answers(SUBURBAN)
    def at(day, term=12):
        return answers.model_copy(update={"parties": answers.parties.model_copy(
            update={"effective_date": day, "term_months": term})})
    assert "take effect in the past" in stale_date(at(datetime.date(2026, 1, 1), 36), REVIEW_DAY)
    assert "ran out on" in stale_date(at(datetime.date(2024, 1, 1), 12), REVIEW_DAY)
    assert stale_date(at(datetime.date(2026, 9, 1)), REVIEW_DAY) is None
    assert stale_date(at(None), REVIEW_DAY) is None


def test_the_front_matter_strips_away_and_accept_all_gives_the_new_draft(pair):
    old, new, data = pair
    document = H.without_summary(H.part(data, "word/document.xml"))
    for resolve, answers in ((H.accept_all, new), (H.reject_all, old)):
        clean = draft_docx(answers)
        assert H.paragraphs(resolve(document)) == H.paragraphs(H.part(clean, "word/document.xml"))


def test_a_change_of_state_names_the_state_pack_in_its_comments():
    old = load_answers(SUBURBAN)
    new = H.variant(old, [("parties.state", "VA")])
    data = revision_for(old, new, CONTENT)
    comments = [H.comment_text(c) for c in H.comments_by_id(data).values()]
    by_state = [c for c in comments if "State: " in c]
    assert by_state
    pack = CONTENT.packs["VA"].d
    for comment in by_state:
        assert f"the {pack.name} state pack ({pack.citation}" in comment, comment
    appendix = next(c for c in comments if c.startswith("Appendix A:"))
    assert "Virginia state pack" in appendix


@pytest.mark.slow
def test_no_summary_leaves_the_front_matter_out_so_accept_all_is_the_new_draft(tmp_path):
    old_path, new_path = tmp_path / "old.yaml", tmp_path / "new.yaml"
    raw = yaml.safe_load(SUBURBAN.read_text())
    old_path.write_text(yaml.safe_dump(raw))
    raw["partnership"]["review_cycle_months"] = 24
    raw["document"]["version"] = "2.0"
    raw["review"] = {"date": "2026-06-01", "reviewer": "Dana Whitfield", "complaints": "None."}
    new_path.write_text(yaml.safe_dump(raw))
    rev, clean = tmp_path / "rev.docx", tmp_path / "clean.docx"
    proc = cli(tmp_path, "revise", str(old_path), str(new_path), "-o", str(rev), "--clean", str(clean),
               "--no-summary")
    assert proc.returncode == 0, proc.stderr
    data = rev.read_bytes()
    assert front(data) == []
    assert not tables(data)
    document = H.part(data, "word/document.xml")  # no stripping: nothing to strip
    want = H.paragraphs(H.part(clean.read_bytes(), "word/document.xml"))
    assert [t for _, t in H.paragraphs(H.accept_all(document))] == [t for _, t in want]
    assert H.paragraphs(H.accept_all(document)) == want
    # Without --no-summary the same pair has the memo and the summary.
    proc = cli(tmp_path, "revise", str(old_path), str(new_path), "-o", str(rev), "--force")
    assert proc.returncode == 0, proc.stderr
    texts = [t for _, t in front(rev.read_bytes())]
    assert "Review record" in texts and "Summary of changes" in texts

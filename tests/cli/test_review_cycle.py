"""The whole cycle, as real processes: render last cycle's draft -> counsel edits it in Word (here with
python-docx: a sentence reworded, a paragraph added) and the parties sign that -> the review changes
three answers -> ``revise --against SIGNED.docx``. Accepting every change gives the signed text with
the three changes made (exactly: counsel's edits applied to the new clean draft); rejecting every
change gives the signed text back."""

from __future__ import annotations


import pytest
import yaml

from support import signed_revision_helpers
from support import ROOT
from support import run_cli as cli

pytestmark = pytest.mark.slow

RURAL = ROOT / "examples" / "rural-county-sheriff.yaml"




S = signed_revision_helpers()
H = S.H

REWORDED = ("headings are for convenience only and do not affect its meaning",
            "headings are inserted for convenience of reference only and shall not affect its interpretation")
ADDED = ("Counterparts.", "This MOU may be signed in counterparts, each of which is an original.")
COUNSEL = (S.reword(*REWORDED), S.add_section_after("Interpretation", *ADDED))
THREE = {("partnership", "review_cycle_months"): 24, ("training", "refresher_hours"): 16,
         ("civil_rights", "complaint_receiver"): "joint"}


def test_render_sign_review_and_revise_against_the_signed_document(tmp_path):
    old, new = tmp_path / "rural-2026.yaml", tmp_path / "rural-2027.yaml"
    old.write_text(RURAL.read_text())
    draft, signed, clean = tmp_path / "draft.docx", tmp_path / "signed.docx", tmp_path / "clean-2027.docx"
    proc = cli(tmp_path, "render", str(old), "-o", str(draft))
    assert proc.returncode == 0, proc.stderr

    # Counsel's edits, the way Word leaves them; this is what the parties signed.
    signed.write_bytes(S.edited(draft.read_bytes(), *COUNSEL))

    # The review: three answers changed, the review recorded, a new version.
    raw = yaml.safe_load(old.read_text())
    for (section, field), value in THREE.items():
        assert raw[section][field] != value
        raw[section][field] = value
    raw["document"].update(version="1.0", draft_date="2027-06-15")
    raw["parties"]["effective_date"] = "2027-08-15"
    raw["review"] = {"date": "2027-06-15", "reviewer": "Dana Whitfield", "complaints": "None received."}
    new.write_text(yaml.safe_dump(raw, sort_keys=False))

    rev = tmp_path / "revision.docx"
    proc = cli(tmp_path, "revise", str(old), str(new), "--against", str(signed), "-o", str(rev), "--clean", str(clean))
    assert proc.returncode == 0, proc.stderr
    assert "0 conflicts, 0 not applied" in proc.stdout, proc.stdout
    result = rev.read_bytes()

    # Reject All: the signed text; Accept All: counsel's edits on the new clean draft.
    expected = S.edited(clean.read_bytes(), *COUNSEL)
    S.assert_resolves(result, signed.read_bytes(), expected)
    accepted = "\n".join(t for _, t in H.paragraphs(H.accept_all(S.body_of(result))))
    assert REWORDED[1] in accepted and REWORDED[0] not in accepted
    assert ADDED[0] + " " + ADDED[1] in accepted
    for words in ("twenty-four (24) months", "sixteen (16) hours"):
        assert words in accepted or words.split(" (")[0] in accepted.lower(), words
    rejected = "\n".join(t for _, t in H.paragraphs(H.reject_all(S.body_of(result))))
    assert REWORDED[1] in rejected and ADDED[1] in rejected
    # Each of the three changes carries a comment naming its answer, by the reviewer.
    comments = [S.comment_text(c) for c in S.comments(result)]
    for label in ("Refresher training: 8 hours → 16 hours", "Complaint receiver: the Agency → the District"):
        assert any(label in c for c in comments), label
    assert {c.get(H.q("author")) for c in S.added_comments(result, signed.read_bytes())} == {"Dana Whitfield"}

"""Open decisions in the text (engine/decisions.py): what every version says alike stays outside the
brackets; each alternative inside is complete; independent answers make independent decisions."""

from __future__ import annotations

from mou_wizard.domain.draft import Block, Run
from mou_wizard.engine.decisions import decision_blocks, sentences, separate
from mou_wizard.templating import placeholder_for, sentence_start


def para(text: str) -> Block:
    return Block("para", (Run(text),))


def item(text: str) -> Block:
    return Block("item", (Run(text),))


def test_two_one_sentence_versions_make_one_bracketed_choice():
    (block,) = decision_blocks([(para("The District shall publish each report."),),
                                (para("The District is not required to publish the reports."),)])
    assert block.kind == "para"
    assert block.text == ("[Open decision — choose one: (A) The District shall publish each report. OR (B) The "
                          "District is not required to publish the reports.]")
    frame = [r.text for r in block.runs if r.placeholder]
    assert frame == ["[Open decision — choose one: (A) ", " OR (B) ", "]"]


def test_sentences_every_version_shares_stay_outside_the_brackets():
    a = para("Each review shall be in writing. The Parties shall review this MOU every year. It ends here.")
    b = para("Each review shall be in writing. The Parties shall review this MOU every two years. It ends here.")
    (block,) = decision_blocks([(a,), (b,)])
    assert block.text == ("Each review shall be in writing. [Open decision — choose one: (A) The Parties shall review "
                          "this MOU every year. OR (B) The Parties shall review this MOU every two years.] It ends "
                          "here.")


def test_a_sentence_is_never_cut_inside_a_placeholder():
    runs = (Run("See it. "), Run("[To be agreed: a. B]", bold=True, placeholder=True), Run(" Then more."))
    assert [tuple(r.text for r in s) for s in sentences(runs)] == [("See it.",), ("[To be agreed: a. B]", " Then more.")]


def test_a_version_that_leaves_the_section_out_says_so():
    (block,) = decision_blocks([(para("SROs shall train together."),), None])
    assert block.text == "[Open decision — choose one: (A) SROs shall train together. OR (B) omit this Section]"


def test_versions_of_several_paragraphs_keep_their_lines_and_mark_items_with_dashes():
    a = (para("An SRO shall not:"), item("impose discipline;"), item("search students."))
    b = (para("An SRO may help restore order."),)
    blocks = decision_blocks([a, b])
    assert [b.kind for b in blocks] == ["para"] * 4
    assert [b.text for b in blocks] == ["[Open decision — choose one: (A) An SRO shall not:", "– impose discipline;",
                                        "– search students.", "OR (B) An SRO may help restore order.]"]


def test_list_items_every_version_shares_stay_list_items():
    head, tail = (para("The District shall:"), item("keep records;")), (item("report yearly."),)
    blocks = decision_blocks([head + (item("take part in complaints;"),) + tail, head + tail])
    assert [b.kind for b in blocks] == ["para", "item", "item", "item"]
    assert blocks[2].text == "[Open decision — choose one: (A) take part in complaints; OR (B) leave this out]"


def test_independent_answers_make_independent_decisions():
    youth, clean = item("has worked with young people;"), item("has a clean record;")
    first, last = para("An SRO:"), item("is sworn.")
    t, f = True, False
    outcomes = [({"y": t, "c": t}, (first, youth, clean, last)), ({"y": t, "c": f}, (first, youth, last)),
                ({"y": f, "c": t}, (first, clean, last)), ({"y": f, "c": f}, (first, last))]
    blocks = separate(outcomes)
    assert [b.text for b in blocks] == [
        "An SRO:",
        "[Open decision — choose one: (A) has worked with young people; OR (B) leave this out]",
        "[Open decision — choose one: (A) has a clean record; OR (B) leave this out]",
        "is sworn."]


def test_answers_that_change_the_same_text_are_not_separated():
    t, f = True, False
    outcomes = [({"a": t, "b": t}, (para("X and Y."),)), ({"a": t, "b": f}, (para("X only."),)),
                ({"a": f, "b": t}, (para("Y only."),)), ({"a": f, "b": f}, (para("Neither."),))]
    assert separate(outcomes) is None
    # ... nor when a combination does not read as the two changes put together.
    outcomes = [({"a": t, "b": t}, (para("1"), para("2"))), ({"a": t, "b": f}, (para("1"),)),
                ({"a": f, "b": t}, (para("2"),)), ({"a": f, "b": f}, (para("3"),))]
    assert separate(outcomes) is None


def test_placeholders_keep_acronyms_and_read_inside_a_sentence():
    assert sentence_start("SROs and School Discipline") == "SROs and School Discipline"
    assert sentence_start("FERPA status") == "FERPA status"
    assert sentence_start("Sharing of costs") == "sharing of costs"
    assert str(placeholder_for("The school district's full legal name.", "x")) == \
        "[To be agreed: the school district's full legal name]"

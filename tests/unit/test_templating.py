"""The sandbox: placeholders for unanswered fields, escaping of user text, strict undefined names."""

import datetime as dt

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from mou_wizard import templating
from mou_wizard.domain.answers import AgencyKind, Answers, Law
from support import CONTENT


def render(source, answers, labels=CONTENT.labels):
    return templating.ENV.from_string(source).render(**templating.answers_context(answers, labels))


def test_unanswered_field_prints_visible_placeholder_not_blank():
    blocks = templating.to_blocks(render("Reviewed every {{ partnership.review_cycle_months | months }}.", Answers()))
    runs = blocks[0].runs
    assert runs[0].text == "Reviewed every "
    assert runs[1].placeholder and runs[1].text.startswith("[To be agreed: how often the MOU is reviewed")
    assert runs[2].text == "."


def test_placeholder_is_falsy_and_contains_nothing_in_conditions():
    ctx = templating.answers_context(Answers())
    cond = templating.compile_condition("'ferpa' in civil_rights.laws or civil_rights.complaint_process")
    assert bool(cond(**ctx)) is False
    assert templating.compile_condition("civil_rights.complaint_process is not false")(**ctx) is True
    assert templating.compile_condition("training.initial_hours is answered")(**ctx) is False


def test_filters_format_numbers_lists_and_dates():
    a = Answers()
    a.partnership.review_cycle_months = 24
    a.hiring.removal_days = 5
    a.civil_rights.laws = [Law.title_vi, Law.ferpa, Law.idea]
    a.parties.effective_date = dt.date(2026, 8, 1)
    text = render(
        "{{ partnership.review_cycle_months | months }}; {{ hiring.removal_days | words }}; "
        "{{ civil_rights.laws | and_list }}; {{ parties.effective_date | date }}",
        a,
    )
    assert text == (
        "twenty\\-four (24) months; five (5); Title VI of the Civil Rights Act of 1964, the Family Educational "
        "Rights and Privacy Act, and the Individuals with Disabilities Education Act; August 1, 2026"
    )
    assert templating.to_blocks(text)[0].text.startswith("twenty-four (24) months")


def test_a_choice_prints_the_label_it_is_given_and_compares_as_its_token():
    a = Answers()
    a.parties.agency_kind = AgencyKind.county_sheriff
    a.civil_rights.laws = [Law.ferpa, Law.title_vi]
    labels = {"AgencyKind": {"county_sheriff": "Office of the Sheriff"}, "Law": {"ferpa": "FERPA", "title_vi": "Title VI"}}
    assert render("{{ parties.agency_kind }}|{{ civil_rights.laws | and_list }}", a, labels) == (
        "Office of the Sheriff|FERPA and Title VI")
    ctx = templating.answers_context(a, labels)
    holds = ["parties.agency_kind == 'county_sheriff'", "parties.agency_kind != 'city_police'",
             "parties.agency_kind in ['city_police', 'county_sheriff']", "'ferpa' in civil_rights.laws"]
    fails = ["parties.agency_kind == 'Office of the Sheriff'", "'idea' in civil_rights.laws",
             "parties.agency_kind != 'county_sheriff'"]
    assert [bool(templating.compile_condition(c)(**ctx)) for c in holds + fails] == [True] * 4 + [False] * 3
    assert render("{{ parties.agency_kind }}", a) == "county sheriff's office"  # the repository's wording
    with pytest.raises(TypeError) as err:
        render("{{ parties.agency_kind | words }}", a)
    assert templating.plain_error(err.value) == "the 'words' filter needs a whole number, got the choice 'county_sheriff'"


def test_a_view_for_conditions_compares_choices_but_will_not_print_them():
    a = Answers()
    a.parties.agency_kind = AgencyKind.county_sheriff
    ctx = templating.answers_context(a)
    assert templating.compile_condition("parties.agency_kind == 'county_sheriff'")(**ctx) is True
    with pytest.raises(TypeError, match=r"AgencyKind\.county_sheriff.*== 'county_sheriff'"):
        templating.ENV.from_string("{{ parties.agency_kind }}").render(**ctx)
    with pytest.raises(TypeError, match="cannot be printed without its wording"):
        templating.finalize(AgencyKind.county_sheriff)


def test_user_text_is_escaped_never_markup_or_template():
    a = Answers()
    a.parties.district_name = "{{ 7*7 }} **Bold** \\ - {% if %}\x07"
    blocks = templating.to_blocks(render("- {{ parties.district_name }}", a))
    assert len(blocks) == 1 and blocks[0].kind == "item"
    assert blocks[0].text == "{{ 7*7 }} **Bold** \\ - {% if %}"
    assert not any(r.bold for r in blocks[0].runs)


def test_user_text_cannot_start_a_list_item_or_paragraph():
    a = Answers()
    a.hiring.supervisor_title = "- Sergeant\n\n- Lieutenant"
    blocks = templating.to_blocks(render("{{ hiring.supervisor_title }}", a))
    assert [b.kind for b in blocks] == ["para"]
    assert blocks[0].text == "- Sergeant - Lieutenant"


def test_misspelt_field_is_an_error_not_a_blank():
    with pytest.raises(UndefinedError):
        render("{{ training.initial_hourz }}", Answers())
    with pytest.raises(UndefinedError):
        render("{{ trainin.initial_hours }}", Answers())


def test_lists_and_booleans_cannot_be_printed_raw():
    a = Answers()
    a.civil_rights.laws = [Law.ferpa]
    a.civil_rights.non_discrimination = True
    with pytest.raises(TypeError, match="and_list"):
        render("{{ civil_rights.laws }}", a)
    with pytest.raises(TypeError, match="yes/no"):
        render("{{ civil_rights.non_discrimination }}", a)


def test_sandbox_blocks_attribute_escapes():
    with pytest.raises(SecurityError):
        render("{{ parties.__class__.__mro__ }}", Answers())


def test_markup_items_paragraphs_and_bold():
    blocks = templating.to_blocks("**SRO** means an officer.\ncontinued\n\n- one;\n- two.\nAfter")
    assert [b.kind for b in blocks] == ["para", "item", "item"]
    assert blocks[0].runs[0].bold and blocks[0].runs[0].text == "SRO"
    assert blocks[0].text == "SRO means an officer. continued"
    assert blocks[2].text == "two. After"


@pytest.mark.parametrize("n,words", [(0, "zero"), (5, "five"), (24, "twenty-four"), (40, "forty"),
                                     (120, "one hundred twenty"), (250, "two hundred fifty"), (1000, "one thousand")])
def test_number_words(n, words):
    assert templating.number_words(n) == words


def test_awkward_wording_from_a_value_is_put_right():
    """"every one (1) month" and "the the" (a value starting with the article clause text puts before it)."""
    from mou_wizard.domain.answers import Answers

    a = Answers()
    a.partnership.mou_team_meeting_months = 1
    a.hiring.school_liaison_title = "the building principal"
    blocks = templating.to_blocks(render(
        "Meet once every {{ partnership.mou_team_meeting_months | months }} with the {{ hiring.school_liaison_title }}.", a))
    assert blocks[0].text == "Meet once every month with the building principal."
    a.partnership.mou_team_meeting_months = 2
    blocks = templating.to_blocks(render("Every {{ partnership.mou_team_meeting_months | months }}.", a))
    assert blocks[0].text == "Every two (2) months."

"""The choices the answers offer, as tokens only: each choice set is a :class:`ChoiceSet` whose members
are stable snake_case tokens (what the answer file holds and what conditions compare with).

The words of each choice (its label, printed in questions and clauses) are content, not code: they live
in ``prompts/choices.yaml`` and reach the rest of the program as a :class:`ChoiceLabels` loaded with the
content bundle. ``str()`` of a member is its token, never its wording.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType
from typing import Iterator, Mapping


class ChoiceSet(StrEnum):
    """The base of every choice set: a string enum whose values are the tokens."""


class ChoiceLabels(Mapping[str, Mapping[str, str]]):
    """The wording of every choice: choice-set name (``"AgencyKind"``) -> token -> label.

    Plain data, loaded from content (see :mod:`mou_wizard.content.choices`) and passed down.
    """

    __slots__ = ("_sets",)

    def __init__(self, labels: Mapping[str, Mapping[str, str]]) -> None:
        self._sets = MappingProxyType({name: MappingProxyType(dict(tokens)) for name, tokens in labels.items()})

    def __getitem__(self, name: str) -> Mapping[str, str]:
        return self._sets[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sets)

    def __len__(self) -> int:
        return len(self._sets)

    def __repr__(self) -> str:
        return f"ChoiceLabels({len(self._sets)} choice sets)"

    def label(self, value: ChoiceSet) -> str:
        """The words of one choice (its token when the content has none: the loader reports that)."""
        return self._sets.get(type(value).__name__, {}).get(value.value, value.value)

    def options(self, choice_set: type[ChoiceSet]) -> list[tuple[str, str]]:
        """``(token, label)`` for every choice of a set, in the set's order."""
        labels = self._sets.get(choice_set.__name__, {})
        return [(m.value, labels.get(m.value, m.value)) for m in choice_set]


def choice_sets() -> dict[str, type[ChoiceSet]]:
    """Every choice set, by name, in the order this module defines them."""
    return {cls.__name__: cls for cls in ChoiceSet.__subclasses__()}


# --- choices -------------------------------------------------------------------------------------


class AgencyKind(ChoiceSet):
    city_police = "city_police"
    county_sheriff = "county_sheriff"
    state_police = "state_police"
    district_police = "district_police"


class Party(ChoiceSet):
    district = "district"
    agency = "agency"
    joint = "joint"


class SignatoryParty(ChoiceSet):
    district = "district"
    agency = "agency"
    other = "other"


class Stakeholder(ChoiceSet):
    school_administrators = "school_administrators"
    teachers = "teachers"
    support_staff = "support_staff"
    law_enforcement = "law_enforcement"
    juvenile_justice = "juvenile_justice"
    civil_rights = "civil_rights"
    families = "families"
    students = "students"
    community = "community"
    disability_advocates = "disability_advocates"


class DataItem(ChoiceSet):
    arrests = "arrests"
    citations = "citations"
    referrals = "referrals"
    searches = "searches"
    use_of_force = "use_of_force"
    restraints = "restraints"
    complaints = "complaints"
    diversions = "diversions"


class StudentGroup(ChoiceSet):
    race = "race"
    ethnicity = "ethnicity"
    sex = "sex"
    disability = "disability"
    english_learner = "english_learner"
    age = "age"
    grade = "grade"


class ReportRecipient(ChoiceSet):
    superintendent = "superintendent"
    school_board = "school_board"
    mou_team = "mou_team"
    police_chief = "police_chief"


class Goal(ChoiceSet):
    safe_environment = "safe_environment"
    relationships = "relationships"
    reduce_justice_contact = "reduce_justice_contact"
    prevention = "prevention"
    emergency_preparedness = "emergency_preparedness"
    civil_rights = "civil_rights"


class ScopeItem(ChoiceSet):
    school_grounds = "school_grounds"
    buses = "buses"
    bus_stops = "bus_stops"
    events_on_campus = "events_on_campus"
    events_off_campus = "events_off_campus"


class Law(ChoiceSet):
    fourth_amendment = "fourth_amendment"
    fifth_amendment = "fifth_amendment"
    fourteenth_amendment = "fourteenth_amendment"
    title_vi = "title_vi"
    title_ix = "title_ix"
    section_504 = "section_504"
    ada_title_ii = "ada_title_ii"
    idea = "idea"
    ferpa = "ferpa"
    state_law = "state_law"
    local_ordinances = "local_ordinances"


class ReservedMatter(ChoiceSet):
    dress_code = "dress_code"
    tardiness_truancy = "tardiness_truancy"
    disruption = "disruption"
    profanity = "profanity"
    minor_fights = "minor_fights"
    tobacco_vaping = "tobacco_vaping"
    devices = "devices"
    academic_dishonesty = "academic_dishonesty"


class ArrestPolicy(ChoiceSet):
    graduated = "graduated"
    emergencies_only = "emergencies_only"
    officer_discretion = "officer_discretion"


class ArrestCriterion(ChoiceSet):
    imminent_threat = "imminent_threat"
    serious_violence = "serious_violence"
    weapon = "weapon"
    warrant = "warrant"
    drug_distribution = "drug_distribution"
    required_by_law = "required_by_law"


class DiversionOption(ChoiceSet):
    warning = "warning"
    school_intervention = "school_intervention"
    restorative = "restorative"
    mental_health = "mental_health"
    community_program = "community_program"
    court_diversion = "court_diversion"


class SearchStandard(ChoiceSet):
    probable_cause = "probable_cause"
    reasonable_suspicion = "reasonable_suspicion"


class ParentNotice(ChoiceSet):
    before = "before"
    promptly_after = "promptly_after"
    none = "none"


class RecordsApprover(ChoiceSet):
    principal = "principal"
    superintendent_designee = "superintendent_designee"
    records_custodian = "records_custodian"


class SelectionRole(ChoiceSet):
    joint_interview = "joint_interview"
    consulted = "consulted"
    none = "none"


class SupportStaff(ChoiceSet):
    counselors = "counselors"
    psychologists = "psychologists"
    social_workers = "social_workers"
    nurses = "nurses"
    behavior_specialists = "behavior_specialists"


class TrainingDeadline(ChoiceSet):
    before_assignment = "before_assignment"
    within_months = "within_months"


class TrainingTopic(ChoiceSet):
    youth_development = "youth_development"
    de_escalation = "de_escalation"
    implicit_bias = "implicit_bias"
    disabilities = "disabilities"
    trauma_informed = "trauma_informed"
    restorative = "restorative"
    civil_rights = "civil_rights"
    ferpa = "ferpa"
    mental_health = "mental_health"
    emergency = "emergency"
    force_disparities = "force_disparities"
    collateral_consequences = "collateral_consequences"
    restraint_law = "restraint_law"


class InputSource(ChoiceSet):
    principals = "principals"
    teachers = "teachers"
    students = "students"
    families = "families"
    counselors = "counselors"
    mou_team = "mou_team"


class Measure(ChoiceSet):
    mou_compliance = "mou_compliance"
    relationships = "relationships"
    diversion_use = "diversion_use"
    complaints = "complaints"
    training = "training"
    climate_surveys = "climate_surveys"
    arrest_counts = "arrest_counts"


class FeedbackChannel(ChoiceSet):
    surveys = "surveys"
    online_form = "online_form"
    listening_sessions = "listening_sessions"
    student_advisory = "student_advisory"
    mou_team_meetings = "mou_team_meetings"


class Recognition(ChoiceSet):
    commendation_letters = "commendation_letters"
    board_recognition = "board_recognition"
    agency_awards = "agency_awards"
    evaluation_credit = "evaluation_credit"


class ContractingParty(ChoiceSet):
    district = "district"
    agency = "agency"


class ScheduleItem(ChoiceSet):
    school_day = "school_day"
    arrival_dismissal = "arrival_dismissal"
    events = "events"
    summer = "summer"


class CostBasis(ChoiceSet):
    per_sro = "per_sro"
    program = "program"


class CostItem(ChoiceSet):
    salary = "salary"
    benefits = "benefits"
    overtime = "overtime"
    vehicle = "vehicle"
    equipment = "equipment"
    training = "training"


class Indemnity(ChoiceSet):
    mutual = "mutual"
    agency = "agency"
    none = "none"


class VideoAccess(ChoiceSet):
    incident = "incident"
    live = "live"

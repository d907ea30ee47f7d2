"""The answers model: everything the parties decide, grouped as the parties plus the five SECURe steps.

Every field is optional (``None`` means "not answered yet"), so a half-finished interview is still a
valid answer file; the renderer shows an unanswered field as a visible bracketed placeholder. Types,
ranges and cross-field rules are still enforced on whatever *is* answered.

Choice fields are :class:`~mou_wizard.domain.choices.ChoiceSet` members: stable snake_case tokens (what
the YAML answer file holds). Their plain-English wording is content (``prompts/choices.yaml``).
"""

from __future__ import annotations

import datetime as _dt
import re
import typing
from enum import Enum
from typing import Any

from pydantic import Field, field_validator, model_validator

from mou_wizard.domain.values import (  # noqa: F401  (the limits and to_plain are part of the answers' API)
    MAX_ITEMS, MAX_TEXT, _Section, _doc, _positive, to_plain, without_article,
)
from mou_wizard.domain.choices import (  # noqa: F401  (the choice types are part of the answers' API)
    ChoiceLabels, ChoiceSet, choice_sets, AgencyKind, Party, SignatoryParty, Stakeholder, DataItem, StudentGroup,
    ReportRecipient, Goal, ScopeItem, Law, ReservedMatter, ArrestPolicy, ArrestCriterion,
    DiversionOption, SearchStandard, ParentNotice, RecordsApprover, SelectionRole, SupportStaff,
    TrainingDeadline, TrainingTopic, InputSource, Measure, FeedbackChannel, Recognition,
    ContractingParty, ScheduleItem, CostBasis, CostItem, Indemnity, VideoAccess,
)

# 1: first release. 2: civil_rights.diversion_partner (one name) became diversion_partners (a list);
#    the review record and the state-pack fields were added.
# 3: partnership.stakeholders (groups that "have taken part, or will take part") split into the groups that
#    have taken part (stakeholders) and those that will take part in review (stakeholders_planned);
#    partnership.model_mou names a state's model agreement by the state's code, or 'none'.
SCHEMA_VERSION = 3

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP".split()
)


# --- model ---------------------------------------------------------------------------------------


class Signatory(_Section):
    """A person who signs the MOU."""

    name: str = Field(description="Full name of the person who signs.", min_length=1)
    title: str = Field(description="Their official title, e.g. 'Superintendent' or 'Chief of Police'.", min_length=1)
    party: SignatoryParty = Field(description="Which party they sign for.")
    organization: str | None = Field(
        default=None, description="Organization name, needed only for an 'other partner' signatory."
    )

    @model_validator(mode="after")
    def _other_needs_org(self) -> "Signatory":
        if self.party is SignatoryParty.other and not self.organization:
            raise ValueError(f"signatory {self.name!r} signs for an 'other partner': give its organization")
        return self


class DocumentInfo(_Section):
    """Facts about this draft of the document (not about the partnership)."""

    version: str | None = Field(default=None, description="Draft version shown in the header, e.g. '1.0'.")
    draft_date: _dt.date | None = Field(
        default=None, description="Date shown in the header. Never filled in automatically, so output is reproducible."
    )


class Parties(_Section):
    """Who the agreement is between, where, and for how long."""

    district_name: str | None = Field(default=None, description="The school district's full legal name.")
    agency_name: str | None = Field(default=None, description="The law-enforcement agency's full name.")
    agency_kind: AgencyKind | None = Field(default=None, description="What kind of law-enforcement agency it is.")
    state: str | None = Field(default=None, description="Two-letter postal code of the state, e.g. 'VA'.")
    schools: list[str] | None = Field(default=None, description="Schools where SROs are assigned under the MOU.")
    signatories: list[Signatory] | None = Field(default=None, description="Everyone who signs, with title and party.")
    effective_date: _dt.date | None = Field(default=None, description="Date the MOU takes effect.")
    term_months: int | None = Field(default=None, description="Length of the MOU's term, in months.")
    district_board: str | None = _doc("The District's governing board that approves this MOU.")
    district_approval_date: _dt.date | None = _doc("Date on which the District's governing board approved this MOU.")
    agency_contracting_party: str | None = _doc("The government or official in whose name the Agency enters into this MOU.")
    agency_approver: str | None = _doc("The body or official that approves this MOU for the Agency.")
    agency_approval_date: _dt.date | None = _doc("Date on which this MOU was approved for the Agency.")
    authority: str | None = _doc("The laws that authorize the Parties to enter into this MOU.")
    district_notice_address: str | None = _doc("The District's address for notices under this MOU.")
    agency_notice_address: str | None = _doc("The Agency's address for notices under this MOU.")
    form_approval: list[ContractingParty] | None = _doc("The Parties whose attorney signs this MOU as approved as to form.")
    attestation: list[ContractingParty] | None = _doc(
        "The Parties whose clerk or secretary attests the signatures on this MOU.")

    # "acting through its School Board", never "its the School Board"
    _v_title = field_validator("district_board")(classmethod(lambda cls, v: without_article(v)))

    @field_validator("state")
    @classmethod
    def _state_code(cls, v: str | None) -> str | None:
        if v is None:
            return v
        code = v.strip().upper()
        if code not in US_STATES:
            raise ValueError(f"expected a two-letter US state code such as 'VA', not {v!r}")
        return code

    @field_validator("term_months")
    @classmethod
    def _term(cls, v: int | None) -> int | None:
        return _positive(v, "the term in months")


class Partnership(_Section):
    """Step 1: sustainable partnership, a formal MOU, and data (SEC-1.x)."""

    stakeholders: list[Stakeholder] | None = Field(
        default=None, description="Groups that have taken part in drafting this MOU."
    )
    stakeholders_planned: list[Stakeholder] | None = Field(
        default=None, description="Groups that will take part in reviewing and revising this MOU."
    )
    signed_before_assignment: bool | None = Field(
        default=None, description="Whether the MOU is signed before any SRO is assigned to a school."
    )
    model_mou: str | None = Field(
        default=None,
        description="The state model agreement this MOU is based on (a state's code, or 'none').",
    )
    model_departures: str | None = Field(
        default=None, description="Where and why this MOU departs from the model MOU."
    )
    review_cycle_months: int | None = Field(default=None, description="How often the MOU is reviewed, in months.")
    review_on_request: bool | None = Field(default=None, description="Whether either party may call for a review at any time.")
    data_collected: list[DataItem] | None = Field(default=None, description="School-based law-enforcement data collected.")
    data_breakdowns: list[StudentGroup] | None = Field(default=None, description="Student groups the data are broken down by.")
    data_reporter: Party | None = Field(default=None, description="Which party compiles and reports the data.")
    report_recipients: list[ReportRecipient] | None = Field(default=None, description="Who receives the data reports.")
    report_frequency_months: int | None = Field(default=None, description="How often data reports are made, in months.")
    reports_public: bool | None = Field(default=None, description="Whether the data reports are published.")
    mou_team: bool | None = Field(default=None, description="Whether a standing MOU Team oversees the partnership.")
    mou_team_meeting_months: int | None = Field(default=None, description="How often the MOU Team meets, in months.")
    goals: list[Goal] | None = Field(default=None, description="Purpose and goals of the SRO program.")
    scope: list[ScopeItem] | None = Field(default=None, description="Places and activities the MOU covers.")
    district_cost_percent: int | None = Field(
        default=None, description="Share of SRO program costs the District pays, in percent (the Agency pays the rest)."
    )
    mou_published: bool | None = Field(
        default=None, description="Whether the signed MOU is posted on the District's website."
    )
    public_comment: bool | None = Field(
        default=None, description="Whether the public may comment on the MOU before it is adopted and at each review."
    )
    filed_with_state: bool | None = Field(
        default=None, description="Whether the MOU is filed with the state agency that the state's law names."
    )
    annual_role_notice: bool | None = Field(
        default=None, description="Whether students and families are told each year what the SRO's role is."
    )
    # Asked only by the state packs whose law needs them (see clause_library/states/).
    state_approval: bool | None = _doc(
        "Whether the MOU is made with, approved by and distributed by the officials the state's law names.")
    advisory_committee: bool | None = _doc(
        "Whether an advisory committee of school staff (principals, security staff, SROs, counselors and special "
        "education administrators) helps develop the MOU.")
    interlocal_contract: bool | None = _doc(
        "Whether the MOU is made as an interlocal contract under the state's interlocal cooperation law.")
    cost_basis: CostBasis | None = _doc("Whether the annual cost is stated for each SRO or for the whole SRO program.")
    annual_cost: int | None = _doc("The annual cost, in dollars, on which the District's share is based.")
    cost_items: list[CostItem] | None = _doc("The costs that the annual amount covers.")
    invoice_months: int | None = _doc("How often the Agency invoices the District, in months.")
    payment_days: int | None = _doc("Days within which the District pays a correct invoice.")
    coverage_credit: bool | None = _doc(
        "Whether the District's share is reduced for school days on which a School had no SRO or substitute.")
    cost_cap: int | None = _doc("The most the District pays under this MOU in any fiscal year, in dollars.")
    indemnification: Indemnity | None = _doc("How the Parties indemnify each other.")
    insurance_per_occurrence: int | None = _doc("The Agency's minimum liability coverage for each occurrence, in dollars.")
    insurance_aggregate: int | None = _doc("The Agency's minimum liability coverage in the aggregate, in dollars.")
    district_additional_insured: bool | None = _doc(
        "Whether the Agency names the District as an additional insured on its liability coverage.")
    dispute_days: int | None = _doc(
        "The number of Working Days allowed for each step of resolving a dispute between the Parties.")
    mediation: bool | None = _doc("Whether the Parties try mediation before going to court over a dispute under this MOU.")
    cure_days: int | None = _doc("Days a Party has to cure a material breach after written notice.")
    termination_notice_days: int | None = _doc("Days of written notice a Party gives to terminate this MOU without cause.")
    holdover_months: int | None = _doc("Months this MOU continues after it expires while the Parties negotiate its renewal.")

    _v_review = field_validator("review_cycle_months", "report_frequency_months", "mou_team_meeting_months",
                                "annual_cost", "invoice_months", "payment_days", "cost_cap",
                                "insurance_per_occurrence", "insurance_aggregate", "dispute_days", "cure_days",
                                "termination_notice_days")(
        classmethod(lambda cls, v, info: _positive(v, info.field_name.replace("_", " ")))
    )

    @field_validator("model_mou")
    @classmethod
    def _model(cls, v: str | None) -> str | None:
        if v is None:
            return v
        t = v.strip()
        if t.lower() == "none":
            return "none"
        if t.upper() in US_STATES:
            return t.upper()
        raise ValueError(
            f"expected 'none' or the two-letter code of the state whose model agreement this MOU is based on, "
            f"such as 'VA', not {v!r}"
        )

    @field_validator("district_cost_percent")
    @classmethod
    def _percent(cls, v: int | None) -> int | None:
        if v is not None and not 0 <= v <= 100:
            raise ValueError(f"expected a percentage from 0 to 100, not {v}")
        return v

    @field_validator("holdover_months")
    @classmethod
    def _holdover(cls, v: int | None) -> int | None:
        if v is not None and v < 0:
            raise ValueError(f"the holdover cannot be negative ({v} months)")
        return v

    @model_validator(mode="after")
    def _aggregate_covers_occurrence(self) -> "Partnership":
        per, agg = self.insurance_per_occurrence, self.insurance_aggregate
        if per is not None and agg is not None and agg < per:
            raise ValueError(
                f"the aggregate insurance limit (${agg:,}) is less than the limit for each occurrence (${per:,})"
            )
        return self


class CivilRights(_Section):
    """Step 2: constitutional and statutory civil-rights requirements (SEC-2.x)."""

    laws: list[Law] | None = Field(default=None, description="Constitutional provisions and laws the partners identify.")
    non_discrimination: bool | None = Field(default=None, description="Whether the parties commit to non-discrimination.")
    sro_in_discipline: bool | None = Field(
        default=None, description="Whether SROs take part in enforcing the school code of conduct (the rubric says no)."
    )
    reserved_matters: list[ReservedMatter] | None = Field(
        default=None, description="Matters reserved to school staff, never referred to the SRO."
    )
    arrest_policy: ArrestPolicy | None = Field(default=None, description="When an SRO may arrest a student on campus.")
    arrest_criteria: list[ArrestCriterion] | None = Field(
        default=None, description="Circumstances in which arrest or referral may be appropriate."
    )
    citations_on_campus: bool | None = Field(
        default=None, description="Whether SROs may issue citations or tickets to students on school property."
    )
    diversion_options: list[DiversionOption] | None = Field(
        default=None, description="Alternatives considered before arrest, citation or referral."
    )
    diversion_partners: list[str] | None = Field(
        default=None, description="Diversion programs the Parties work with (a juvenile court's, a community's), if any."
    )
    search_standard: SearchStandard | None = Field(default=None, description="The standard for searches by an SRO.")
    sro_assists_school_searches: bool | None = Field(
        default=None, description="Whether SROs help administrators with searches for school-rule violations."
    )
    parent_notice: ParentNotice | None = Field(
        default=None, description="When parents are told that an SRO is questioning their child."
    )
    rights_advisement: bool | None = Field(
        default=None, description="Whether students are told of their rights before law-enforcement questioning."
    )
    restraint_limits: bool | None = Field(
        default=None, description="Whether force and restraint are limited to imminent threats of serious harm."
    )
    chemical_spray_allowed: bool | None = Field(
        default=None, description="Whether SROs may use chemical spray or electronic weapons on students."
    )
    force_report_hours: int | None = Field(
        default=None, description="Hours within which the SRO reports any use of force to the principal."
    )
    sro_school_official: bool | None = Field(
        default=None, description="Whether the SRO is designated a FERPA 'school official' with access to records."
    )
    records_approver: RecordsApprover | None = Field(
        default=None, description="Who approves any disclosure of student records to the SRO."
    )
    incident_report_days: int | None = Field(
        default=None,
        description="School days within which the SRO reports each investigation or intervention involving a student to the District.",
    )
    complaint_process: bool | None = Field(default=None, description="Whether there is a complaint process for students and families.")
    complaint_receiver: Party | None = Field(default=None, description="Who receives complaints.")
    complaint_response_days: int | None = Field(default=None, description="Days within which a complaint gets a written response.")
    law_review_months: int | None = Field(default=None, description="How often the partners review the applicable laws, in months.")
    civil_rights_training_all: bool | None = Field(
        default=None, description="Whether everyone implementing the MOU is trained on civil-rights requirements."
    )
    body_cameras: bool | None = _doc("Whether SROs wear body-worn cameras in the Schools.")
    parent_notice_state_rule: bool | None = _doc(
        "Whether notice to parents of police questioning follows the state's own rule, which the MOU sets out, "
        "in place of the general parent-notice answer.")
    video_access: VideoAccess | None = _doc("The access SROs have to video from the Schools' security cameras.")

    _v_pos = field_validator("force_report_hours", "complaint_response_days", "law_review_months", "incident_report_days")(
        classmethod(lambda cls, v, info: _positive(v, info.field_name.replace("_", " ")))
    )


class Hiring(_Section):
    """Step 3: recruiting, selecting and placing effective SROs (SEC-3.x)."""

    min_years_experience: int | None = Field(default=None, description="Minimum years of sworn experience for an SRO.")
    youth_experience_required: bool | None = Field(default=None, description="Whether prior work with young people is required.")
    clean_record_required: bool | None = Field(
        default=None, description="Whether candidates with sustained complaints of excessive force or bias are excluded."
    )
    selection_role: SelectionRole | None = Field(default=None, description="The school's part in selecting SROs.")
    removal_on_request: bool | None = Field(
        default=None, description="Whether the District may ask for an SRO's removal or reassignment."
    )
    removal_request_written: bool | None = Field(default=None, description="Whether that request is made in writing.")
    removal_days: int | None = _doc(
        "Working days within which the Agency withdraws an SRO from a School after a removal request.")
    supervisor_title: str | None = Field(default=None, description="Title of the Agency officer who supervises the SROs.")
    school_liaison_title: str | None = Field(
        default=None, description="Title of the school staff member the SRO works with day to day."
    )
    support_staff: list[SupportStaff] | None = Field(
        default=None, description="Student-support staff the District commits to provide."
    )
    counselor_ratio: int | None = Field(default=None, description="Target number of students per school counselor.")
    sro_count: int | None = _doc("The number of SROs assigned to the Schools.")
    sro_assignments: str | None = _doc("The School or Schools each SRO serves.")
    daily_hours: int | None = _doc("Hours each SRO is on duty at the Schools on each day students attend.")
    schedule: list[ScheduleItem] | None = _doc("The times when SROs are on duty at the Schools.")
    substitutes: bool | None = _doc("Whether the Agency provides a substitute officer when an SRO is absent.")

    full_time_each_school: bool | None = _doc(
        "Whether at least one SRO is assigned to, and works on site full time at, each School.")
    sro_armed: bool | None = _doc("Whether each SRO is armed with a firearm while on duty at a School.")
    agency_sro_policy: bool | None = _doc(
        "Whether the Agency has a written SRO policy on selection and assignment, training, internal reporting, "
        "arrest and use-of-force protocols, and oversight.")
    teaches_on_request: bool | None = _doc(
        "Whether an SRO, when a School asks, teaches a class (for example a vocational class on law enforcement).")

    _v_pos = field_validator("removal_days", "counselor_ratio", "sro_count")(
        classmethod(lambda cls, v, info: _positive(v, info.field_name.replace("_", " ")))
    )
    _v_titles = field_validator("supervisor_title", "school_liaison_title")(  # "the SRO Unit Sergeant", not "the the"
        classmethod(lambda cls, v: without_article(v)))

    @field_validator("min_years_experience")
    @classmethod
    def _years(cls, v: int | None) -> int | None:
        if v is not None and not 0 <= v <= 40:
            raise ValueError(f"expected between 0 and 40 years, not {v}")
        return v

    @field_validator("daily_hours")
    @classmethod
    def _hours(cls, v: int | None) -> int | None:
        if v is not None and not 1 <= v <= 24:
            raise ValueError(f"expected between 1 and 24 hours a day, not {v}")
        return v


class Training(_Section):
    """Step 4: keeping SROs and school personnel well trained (SEC-4.x)."""

    initial_hours: int | None = Field(default=None, description="Hours of initial SRO training.")
    initial_deadline: TrainingDeadline | None = Field(default=None, description="When initial training must be complete.")
    initial_within_months: int | None = Field(
        default=None, description="Months after assignment by which initial training is complete."
    )
    refresher_hours: int | None = Field(default=None, description="Hours of refresher training in each refresher period.")
    refresher_frequency_months: int | None = Field(default=None, description="How often refresher training recurs, in months.")
    topics: list[TrainingTopic] | None = Field(default=None, description="Subjects the training covers.")
    joint_training: bool | None = Field(default=None, description="Whether SROs and school staff train together.")
    administrator_training: bool | None = Field(
        default=None, description="Whether at least one administrator in each School completes SRO-program training."
    )
    records_keeper: Party | None = Field(default=None, description="Who keeps the training records.")
    state_standards_met: bool | None = _doc(
        "Whether each SRO holds the certification, or meets the minimum training standards, that the state's law "
        "sets for SROs, confirmed to the District as that law requires.")
    mhfa_certified: bool | None = _doc(
        "Whether each SRO holds a current youth mental health first aid certification, renewed before it lapses.")
    substitute_max_days: int | None = _doc(
        "School days in a row that an officer without the SRO training may fill in for an SRO.")

    _v_pos = field_validator("initial_hours", "initial_within_months", "refresher_frequency_months",
                             "substitute_max_days")(
        classmethod(lambda cls, v, info: _positive(v, info.field_name.replace("_", " ")))
    )

    @field_validator("refresher_hours")
    @classmethod
    def _refresher(cls, v: int | None) -> int | None:
        if v is not None and v < 0:
            raise ValueError(f"refresher hours cannot be negative ({v})")
        return v

    @model_validator(mode="after")
    def _deadline_months(self) -> "Training":
        if self.initial_deadline is TrainingDeadline.before_assignment and self.initial_within_months is not None:
            raise ValueError(
                "initial_within_months is set but initial_deadline is 'before_assignment': remove one of them"
            )
        return self


class Evaluation(_Section):
    """Step 5: evaluating SROs and school personnel, and recognizing good work (SEC-5.x)."""

    frequency_months: int | None = Field(default=None, description="How often SROs are evaluated, in months.")
    evaluator: Party | None = Field(default=None, description="Who conducts the evaluation.")
    input_from: list[InputSource] | None = Field(default=None, description="Whose input the evaluation uses.")
    measures: list[Measure] | None = Field(default=None, description="What the evaluation measures.")
    feedback_channels: list[FeedbackChannel] | None = Field(
        default=None, description="How students and families can give feedback on the program."
    )
    recognition: list[Recognition] | None = Field(default=None, description="How good performance is recognized.")
    results_feed_revision: bool | None = Field(
        default=None, description="Whether evaluation results are used in the next MOU revision."
    )

    _v_pos = field_validator("frequency_months")(
        classmethod(lambda cls, v, info: _positive(v, info.field_name.replace("_", " ")))
    )


class ReviewRecord(_Section):
    """A periodic review of the MOU (SEC-1.4, SEC-1.6, SEC-5.4): what the parties looked at and who took part."""

    date: _dt.date | None = Field(default=None, description="Date of this review.")
    previous_version: str | None = Field(default=None, description="Version of the draft this review started from.")
    reviewer: str | None = Field(
        default=None,
        description="Who recorded this review: the name on the revision draft's tracked changes and comments.",
    )
    participants: list[Stakeholder] | None = Field(default=None, description="Groups that took part in this review.")
    data_findings: str | None = Field(
        default=None,
        description="What the collected data showed: arrests, referrals, uses of force and so on, by student group.",
    )
    complaints: str | None = Field(
        default=None, description="Complaints received since the last review and how they were resolved."
    )
    evaluation_results: str | None = Field(default=None, description="Results of the SRO and program evaluations.")
    law_changes: str | None = Field(
        default=None, description="Changes in the law or in the state's model MOU since the last review."
    )


class Answers(_Section):
    """The whole interview: the parties and the five SECURe steps."""

    schema_version: int = Field(default=SCHEMA_VERSION, description="Version of this answer-file format.")
    document: DocumentInfo = Field(default_factory=DocumentInfo, description="Facts about this draft.")
    parties: Parties = Field(default_factory=Parties, description="The parties, schools, signatories and term.")
    partnership: Partnership = Field(default_factory=Partnership, description="Step 1: partnership, MOU and data.")
    civil_rights: CivilRights = Field(default_factory=CivilRights, description="Step 2: civil-rights requirements.")
    hiring: Hiring = Field(default_factory=Hiring, description="Step 3: recruiting and hiring SROs.")
    training: Training = Field(default_factory=Training, description="Step 4: training.")
    evaluation: Evaluation = Field(default_factory=Evaluation, description="Step 5: evaluation and recognition.")
    review: ReviewRecord | None = Field(
        default=None, description="The periodic review that produced this version, if any."
    )

    @model_validator(mode="after")
    def _mou_team_exists(self) -> "Answers":
        # The MOU Team is a defined term only when there is one; naming it elsewhere would print an
        # undefined term in the draft.
        if self.partnership.mou_team is False:
            uses = []
            if self.partnership.report_recipients and ReportRecipient.mou_team in self.partnership.report_recipients:
                uses.append("partnership.report_recipients")
            if self.evaluation.input_from and InputSource.mou_team in self.evaluation.input_from:
                uses.append("evaluation.input_from")
            if self.evaluation.feedback_channels and FeedbackChannel.mou_team_meetings in self.evaluation.feedback_channels:
                uses.append("evaluation.feedback_channels")
            if uses:
                raise ValueError(
                    f"{' and '.join(uses)} name the MOU Team, but partnership.mou_team is false: "
                    "remove the MOU Team from those answers or set up an MOU Team"
                )
        return self

    @field_validator("schema_version")
    @classmethod
    def _version(cls, v: int) -> int:
        if v != SCHEMA_VERSION:
            raise ValueError(f"expected schema_version {SCHEMA_VERSION} after migration, not {v}")
        return v


# --- field paths ---------------------------------------------------------------------------------

_PATH_RE = re.compile(r"^[a-z_]+\.[a-z_]+$")


def field_info(path: str):
    """Return ``(section model class, FieldInfo)`` for a dotted path like ``training.initial_hours``."""
    if not _PATH_RE.match(path):
        raise KeyError(path)
    section, name = path.split(".")
    sec_field = Answers.model_fields.get(section)
    if sec_field is None or section == "schema_version":
        raise KeyError(path)
    if section == "review":
        cls = ReviewRecord
        if name not in cls.model_fields:
            raise KeyError(path)
        return cls, cls.model_fields[name]
    cls = sec_field.annotation
    if name not in cls.model_fields:
        raise KeyError(path)
    return cls, cls.model_fields[name]


def choice_type(annotation: Any) -> type[Enum] | None:
    """The choice enum inside a field annotation (``AgencyKind | None``, ``list[Law] | None``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return annotation
    for arg in typing.get_args(annotation):
        found = choice_type(arg)
        if found is not None:
            return found
    return None


def all_field_paths() -> list[str]:
    """Every answerable field, as ``section.field``, in model order."""
    out = []
    for section, f in Answers.model_fields.items():
        if section in ("schema_version", "review"):
            continue
        for name in f.annotation.model_fields:
            out.append(f"{section}.{name}")
    return out


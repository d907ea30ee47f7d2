"""The choices the answers offer: each a :class:`LabeledEnum` whose stored value is a stable snake_case
token (what the answer file holds) and whose ``label`` is the plain-English wording used in questions
and clauses."""

from __future__ import annotations

from enum import Enum


class LabeledEnum(str, Enum):
    """A string enum whose members carry a plain-English label: ``Member = ("token", "label")``."""

    label: str

    def __new__(cls, value: str, label: str) -> "LabeledEnum":
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:  # clause text prints the label, never the token
        return self.label


# --- choices -------------------------------------------------------------------------------------


class AgencyKind(LabeledEnum):
    city_police = ("city_police", "municipal police department")
    county_sheriff = ("county_sheriff", "county sheriff's office")
    state_police = ("state_police", "state police agency")
    district_police = ("district_police", "school district police department")


class Party(LabeledEnum):
    district = ("district", "the District")
    agency = ("agency", "the Agency")
    joint = ("joint", "the District and the Agency jointly")


class SignatoryParty(LabeledEnum):
    district = ("district", "school district")
    agency = ("agency", "law-enforcement agency")
    other = ("other", "other partner")


class Stakeholder(LabeledEnum):
    school_administrators = ("school_administrators", "school administrators")
    teachers = ("teachers", "teachers and other educators")
    support_staff = ("support_staff", "school counselors and student-support staff")
    law_enforcement = ("law_enforcement", "law-enforcement leadership and SROs")
    juvenile_justice = ("juvenile_justice", "juvenile-justice and juvenile-court representatives")
    civil_rights = ("civil_rights", "civil-rights organizations")
    families = ("families", "Parents and families")
    students = ("students", "students")
    community = ("community", "community organizations")
    disability_advocates = ("disability_advocates", "disability advocates")


class DataItem(LabeledEnum):
    arrests = ("arrests", "arrests")
    citations = ("citations", "citations and tickets")
    referrals = ("referrals", "referrals to law enforcement and to juvenile court")
    searches = ("searches", "searches")
    use_of_force = ("use_of_force", "uses of force")
    restraints = ("restraints", "physical and mechanical restraints")
    complaints = ("complaints", "complaints about SRO conduct")
    diversions = ("diversions", "diversions and restorative alternatives used")


class StudentGroup(LabeledEnum):
    race = ("race", "race")
    ethnicity = ("ethnicity", "ethnicity")
    sex = ("sex", "sex")
    disability = ("disability", "disability status")
    english_learner = ("english_learner", "English-learner status")
    age = ("age", "age")
    grade = ("grade", "grade level")


class ReportRecipient(LabeledEnum):
    superintendent = ("superintendent", "the Superintendent")
    school_board = ("school_board", "the school board")
    mou_team = ("mou_team", "the MOU Team")
    police_chief = ("police_chief", "the Agency Head")


class Goal(LabeledEnum):
    safe_environment = ("safe_environment", "maintain a safe and secure learning environment")
    relationships = ("relationships", "build positive relationships between students, staff and law enforcement")
    reduce_justice_contact = (
        "reduce_justice_contact",
        "reduce unnecessary arrests, citations and referrals of students to the justice system",
    )
    prevention = ("prevention", "emphasize prevention, diversion and positive intervention")
    emergency_preparedness = ("emergency_preparedness", "strengthen emergency preparedness and response")
    civil_rights = ("civil_rights", "protect the civil rights of every student")


class ScopeItem(LabeledEnum):
    school_grounds = ("school_grounds", "school buildings and grounds")
    buses = ("buses", "school buses")
    bus_stops = ("bus_stops", "school bus stops")
    events_on_campus = ("events_on_campus", "school-sponsored events on school property")
    events_off_campus = ("events_off_campus", "school-sponsored events away from school property")


class Law(LabeledEnum):
    fourth_amendment = ("fourth_amendment", "the Fourth Amendment to the U.S. Constitution (searches and seizures)")
    fifth_amendment = ("fifth_amendment", "the Fifth Amendment to the U.S. Constitution (questioning and self-incrimination)")
    fourteenth_amendment = ("fourteenth_amendment", "the Fourteenth Amendment to the U.S. Constitution (due process and equal protection)")
    title_vi = ("title_vi", "Title VI of the Civil Rights Act of 1964")
    title_ix = ("title_ix", "Title IX of the Education Amendments of 1972")
    section_504 = ("section_504", "Section 504 of the Rehabilitation Act of 1973")
    ada_title_ii = ("ada_title_ii", "Title II of the Americans with Disabilities Act")
    idea = ("idea", "the Individuals with Disabilities Education Act")
    ferpa = ("ferpa", "the Family Educational Rights and Privacy Act")
    state_law = ("state_law", "applicable state civil-rights, education and juvenile-justice laws")
    local_ordinances = ("local_ordinances", "applicable local ordinances and board policies")


class ReservedMatter(LabeledEnum):
    dress_code = ("dress_code", "dress-code violations")
    tardiness_truancy = ("tardiness_truancy", "tardiness, class cutting and truancy")
    disruption = ("disruption", "classroom disruption and disrespect")
    profanity = ("profanity", "profanity and verbal disagreements")
    minor_fights = ("minor_fights", "minor physical altercations without injury or weapons")
    tobacco_vaping = ("tobacco_vaping", "possession of tobacco or vaping products")
    devices = ("devices", "cell phone and electronic device violations")
    academic_dishonesty = ("academic_dishonesty", "academic dishonesty")


class ArrestPolicy(LabeledEnum):
    graduated = (
        "graduated",
        "graduated response: arrest or referral only when diversion and school-based responses are not appropriate",
    )
    emergencies_only = (
        "emergencies_only",
        "no arrests on campus except for an imminent threat to safety or a court warrant",
    )
    officer_discretion = ("officer_discretion", "at the officer's discretion under general law")


class ArrestCriterion(LabeledEnum):
    imminent_threat = ("imminent_threat", "an imminent threat to the safety of students, staff or others")
    serious_violence = ("serious_violence", "a serious violent offense or an offense causing serious injury")
    weapon = ("weapon", "possession or use of a firearm or other dangerous weapon")
    warrant = ("warrant", "execution of a court order or warrant")
    drug_distribution = ("drug_distribution", "distribution of controlled substances")
    required_by_law = ("required_by_law", "circumstances in which state law requires an arrest")


class DiversionOption(LabeledEnum):
    warning = ("warning", "a verbal warning or conference")
    school_intervention = ("school_intervention", "a school-based intervention under the Code of Conduct")
    restorative = ("restorative", "a restorative-justice conference or circle")
    mental_health = ("mental_health", "a referral to counseling or mental-health services")
    community_program = ("community_program", "a community-based youth program")
    court_diversion = ("court_diversion", "a juvenile-court or prosecutor diversion program")


class SearchStandard(LabeledEnum):
    probable_cause = ("probable_cause", "probable cause or a warrant, as for any other law-enforcement search")
    reasonable_suspicion = ("reasonable_suspicion", "reasonable suspicion, the standard that applies to school officials")


class ParentNotice(LabeledEnum):
    before = ("before", "before questioning begins, except in an emergency")
    promptly_after = ("promptly_after", "as soon as practicable after questioning")
    none = ("none", "no notice requirement beyond what the law requires")


class RecordsApprover(LabeledEnum):
    principal = ("principal", "the Principal")
    superintendent_designee = ("superintendent_designee", "the Superintendent or a designee")
    records_custodian = ("records_custodian", "the District's custodian of Student Records")


class SelectionRole(LabeledEnum):
    joint_interview = ("joint_interview", "school leaders interview candidates and must agree to the assignment")
    consulted = ("consulted", "school leaders are consulted before an assignment")
    none = ("none", "the Agency assigns SROs without school involvement")


class SupportStaff(LabeledEnum):
    counselors = ("counselors", "school counselors")
    psychologists = ("psychologists", "school psychologists")
    social_workers = ("social_workers", "school social workers")
    nurses = ("nurses", "school nurses")
    behavior_specialists = ("behavior_specialists", "behavior intervention specialists")


class TrainingDeadline(LabeledEnum):
    before_assignment = ("before_assignment", "before assignment to a school")
    within_months = ("within_months", "within a stated period after assignment")


class TrainingTopic(LabeledEnum):
    youth_development = ("youth_development", "child and adolescent development")
    de_escalation = ("de_escalation", "de-escalation and conflict resolution")
    implicit_bias = ("implicit_bias", "implicit bias and bias-free policing")
    disabilities = ("disabilities", "working with students with disabilities")
    trauma_informed = ("trauma_informed", "trauma-informed practice")
    restorative = ("restorative", "restorative practices and diversion")
    civil_rights = ("civil_rights", "students' civil rights, including searches and questioning")
    ferpa = ("ferpa", "student privacy and FERPA")
    mental_health = ("mental_health", "youth mental-health first aid")
    emergency = ("emergency", "school emergency operations")


class InputSource(LabeledEnum):
    principals = ("principals", "Principals")
    teachers = ("teachers", "teachers")
    students = ("students", "students")
    families = ("families", "families")
    counselors = ("counselors", "school counselors")
    mou_team = ("mou_team", "the MOU Team")


class Measure(LabeledEnum):
    mou_compliance = ("mou_compliance", "compliance with this MOU and with state and local policy")
    relationships = ("relationships", "quality of relationships with students and staff")
    diversion_use = ("diversion_use", "use of diversion and alternatives to arrest")
    complaints = ("complaints", "complaints received and how they were resolved")
    training = ("training", "completion of required training")
    climate_surveys = ("climate_surveys", "results of school-climate surveys")
    arrest_counts = ("arrest_counts", "number of arrests and citations made")


class FeedbackChannel(LabeledEnum):
    surveys = ("surveys", "annual surveys of students, families and staff")
    online_form = ("online_form", "an online feedback form")
    listening_sessions = ("listening_sessions", "public listening sessions")
    student_advisory = ("student_advisory", "a student advisory group")
    mou_team_meetings = ("mou_team_meetings", "open MOU Team meetings")


class Recognition(LabeledEnum):
    commendation_letters = ("commendation_letters", "letters of commendation placed in the officer's file")
    board_recognition = ("board_recognition", "recognition at a public school-board meeting")
    agency_awards = ("agency_awards", "the Agency's awards program")
    evaluation_credit = ("evaluation_credit", "credit in the officer's performance evaluation")


class ContractingParty(LabeledEnum):
    district = ("district", "the District")
    agency = ("agency", "the Agency")


class ScheduleItem(LabeledEnum):
    school_day = ("school_day", "the regular school day")
    arrival_dismissal = ("arrival_dismissal", "student arrival and dismissal")
    events = ("events", "school-sponsored events that the Principal asks for and the Agency agrees to staff")
    summer = ("summer", "summer school and other District programs held while school is not in session")


class CostBasis(LabeledEnum):
    per_sro = ("per_sro", "a fixed annual amount for each SRO")
    program = ("program", "a fixed annual amount for the whole SRO program")


class CostItem(LabeledEnum):
    salary = ("salary", "the SROs' salaries for the hours they are assigned to the Schools")
    benefits = ("benefits", "the SROs' employee benefits")
    overtime = ("overtime", "overtime for school-sponsored events that the District asks SROs to attend")
    vehicle = ("vehicle", "the SROs' vehicles and their operating costs")
    equipment = ("equipment", "the SROs' uniforms, radios and other equipment")
    training = ("training", "the training this MOU requires")


class Indemnity(LabeledEnum):
    mutual = ("mutual", "each Party indemnifies the other for claims caused by its own acts, as far as the law allows")
    agency = ("agency", "the Agency indemnifies the District for claims caused by SROs, as far as the law allows")
    none = ("none", "no indemnity: each Party answers only for its own acts")


class VideoAccess(LabeledEnum):
    incident = ("incident", "recordings of a specific incident only, on request")
    live = ("live", "live viewing while on duty, and recordings of a specific incident on request")

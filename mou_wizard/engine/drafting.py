"""From answers to a :class:`~mou_wizard.domain.draft.Draft`: select clauses, number them, render their text."""

from __future__ import annotations

from mou_wizard import templating
from mou_wizard.content.bundle import ContentBundle
from mou_wizard.domain.draft import Article, Block, Draft, Run, Section, Signatory
from mou_wizard.engine.assessment import assess
from mou_wizard.engine.notes import against_notes
from mou_wizard.engine.open_answers import open_answers, open_decisions
from mou_wizard.engine.selection import render_clause, select
from mou_wizard.domain.answers import Answers, ChoiceLabels, ContractingParty, SignatoryParty

# The countersignatures the answers may ask for, in the order they follow the Parties' signatures.
COUNTERSIGNATURES = (("attestation", "Attest"), ("form_approval", "Approved as to form"))


def _plain(runs: tuple[Run, ...]) -> str:
    return "".join(r.text for r in runs)


def _agency_signing_name(p) -> str | None:
    """The name the Agency signs in: its contracting government's, when that is another body."""
    if p.agency_contracting_party and p.agency_name and p.agency_contracting_party != p.agency_name:
        return f"{p.agency_contracting_party}, acting through {p.agency_name}"
    return p.agency_name


def _countersignatures(answers: Answers) -> list[Signatory]:
    """Attest and approved-as-to-form lines, for each Party whose answers ask for them."""
    p = answers.parties
    orgs = {ContractingParty.district: ("District", p.district_name),
            ContractingParty.agency: ("Agency", _agency_signing_name(p))}
    out = []
    for field, role in COUNTERSIGNATURES:
        for party in getattr(p, field) or ():
            label, org = orgs[party]
            out.append(Signatory(
                name=(), title=(), role=role, party=party.value,
                organization=templating.value_runs(org if org else templating.Placeholder(f"the {label} name")),
            ))
    return out


def _signatories(answers: Answers, labels: ChoiceLabels) -> tuple[Signatory, ...]:
    return tuple(_party_signatories(answers, labels)) + tuple(_countersignatures(answers))


def _party_signatories(answers: Answers, labels: ChoiceLabels) -> tuple[Signatory, ...]:
    p = answers.parties
    names = {
        SignatoryParty.district: p.district_name,
        SignatoryParty.agency: _agency_signing_name(p),
    }
    if not p.signatories:
        what = "{} signatory: name and title"
        return tuple(
            Signatory(
                name=templating.value_runs(templating.Placeholder(what.format(party))),
                title=(),
                organization=templating.value_runs(
                    org if org is not None else templating.Placeholder(f"the {party} name")
                ),
            )
            for party, org in (("District", p.district_name), ("Agency", _agency_signing_name(p)))
        )
    out = []
    for s in p.signatories:
        org = s.organization if s.party is SignatoryParty.other else names[s.party]
        out.append(
            Signatory(
                name=templating.value_runs(s.name),
                title=templating.value_runs(s.title),
                organization=templating.value_runs(
                    org if org else templating.Placeholder(f"the {labels.label(s.party)} name")
                ),
            )
        )
    return tuple(out)


def _noted(blocks: tuple[Block, ...], notes: list[str]) -> tuple[Block, ...]:
    if not notes or not blocks:
        return blocks
    first = blocks[0]
    return (Block(first.kind, first.runs, first.notes + tuple(notes)),) + blocks[1:]


def build_draft(answers: Answers, content: ContentBundle, *, final: bool = False) -> Draft:
    """The draft for ``answers``. ``final``: a signing copy (no DRAFT header, no notes for counsel);
    whether one may be made (no open decisions) is for the caller to check."""
    lib = content.library
    open_ = open_answers(answers, content)
    ctx = content.context(answers, open_.shown)
    selected = select(answers, lib, open_)
    refs = {s.clause.id: templating.SectionRef(s.clause.id, s.number) for s in selected if s.number}
    # A reference to a general clause that a state pack replaced points at its replacement.
    refs.update({s.clause.d.replaces: templating.SectionRef(s.clause.id, s.number)
                 for s in selected if s.number and s.clause.d.replaces})

    def context_for(values):
        return content.context(answers, {**open_.shown, **values})

    rendered = {sel.clause.id: render_clause(sel, ctx, refs, context_for) for sel in selected}
    notes = {} if final else against_notes(answers, content, selected, open_, rendered.__getitem__, refs)
    recitals: list[Block] = []
    articles: list[Article] = []
    current: tuple[int, str, list[Section]] | None = None
    for sel in selected:
        blocks = _noted(rendered[sel.clause.id], notes.get(sel.clause.id, []))
        if sel.article is None:
            recitals.extend(blocks)
            continue
        if current is None or current[0] != sel.article:
            if current is not None:
                articles.append(Article(current[0], current[1], lib.section(current[1]).title, tuple(current[2])))
            current = (sel.article, sel.clause.d.section, [])
        current[2].append(
            Section(sel.number, sel.clause.id, sel.clause.d.title, tuple(sel.clause.d.sec), blocks, sel.alternative)
        )
    if current is not None:
        articles.append(Article(current[0], current[1], lib.section(current[1]).title, tuple(current[2])))

    # The appendix shows exactly what `mou-wizard check` reports for these answers.
    assessment = assess(answers, content, selected=selected)
    document = content.document

    def fixed(key: str) -> str:
        return _plain(templating.inline_runs(document.render(key, ctx)))

    doc = answers.document
    return Draft(
        title=fixed("title"),
        header="" if final else fixed("header"),
        preamble=templating.inline_runs(document.render("preamble", ctx)),
        recitals=tuple(recitals),
        articles=tuple(articles),
        signatories=_signatories(answers, content.labels),
        disclaimer="" if final else fixed("disclaimer"),
        assessment=assessment,
        core_title=fixed("core_title"),
        witness=fixed("witness"),
        metadata={
            "version": doc.version or "",
            "date": doc.draft_date.isoformat() if doc.draft_date else "",
            "district": answers.parties.district_name or "",
            "agency": answers.parties.agency_name or "",
        },
        open_decisions=open_decisions(answers, content, selected),
        final=final,
    )

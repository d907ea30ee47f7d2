"""``mou-wizard clauses lint``: check every clause and question against the model and the rubric.

Beyond loading (known fields, conditions and templates that parse), the defined terms
(:mod:`mou_wizard.checks.terms`) and clauses whose condition turns on a yes/no or choice answer
saying what the MOU says otherwise (for the open decision), it renders the whole draft for
the recommended answers, for an empty interview (every field a placeholder), for the example answer
files, and for one variant per yes/no and choice answer, so every branch of every condition and
alternative is exercised.
"""

from __future__ import annotations

import os
import pickle
import signal
from pathlib import Path

from mou_wizard import templating
from mou_wizard.checks.conditions import content_problems, once_in_plain_words
from mou_wizard.checks.terms import document_sources, term_problems
from mou_wizard.content.bundle import ContentBundle
from mou_wizard.content.questions import QuestionSet
from mou_wizard.domain.answers import Answers, all_field_paths
from mou_wizard.engine.answering import apply_answer, recommended_answers
from mou_wizard.engine.drafting import build_draft
from mou_wizard.engine.selection import Selected, render_clause, select
from mou_wizard.errors import UserError


def _try_build(answers: Answers, content: ContentBundle, label: str, problems: list[str],
               placeholder_fields: dict[str, str]) -> None:
    qs = content.questions
    try:
        draft = build_draft(answers, content)
    except UserError as e:
        problems.append(f"{e} (while rendering {label})")
        return
    # A placeholder is only for a decision the interview would still ask; one for a question that
    # does not apply is a clause printing an answer nobody can give.
    ctx = content.context(answers)

    def open_upstream(q) -> bool:  # its condition still waits on an unanswered answer
        return any(getattr(getattr(answers, f.split(".")[0]), f.split(".")[1]) is None
                   for f in templating.mentioned_fields(q.d.when or ""))

    asked = {q.field for q in qs.questions if q.applies(ctx) or open_upstream(q)}
    for section in draft.sections():
        for block in section.blocks:
            for run in block.runs:
                field = (run.field or placeholder_fields.get(run.text)) if run.placeholder else None
                if field and field not in asked:
                    problems.append(f"{section.clause_id}: prints '{field}', which the interview does not ask "
                                    f"here (while rendering {label})")


def _placeholder_fields() -> dict[str, str]:
    """Placeholder text -> the field it stands for."""
    out = {}
    for path in all_field_paths():
        section, name = path.split(".")
        cls = Answers.model_fields[section].annotation
        placeholder = templating.placeholder_for(cls.model_fields[name].description, name)
        out[templating.value_runs(placeholder)[0].text] = path
    return out


def _variants(base: Answers, qs: QuestionSet):
    """One answer set per alternative value of each yes/no and choice question (an answer set already
    drafted, such as the base itself, is not given again)."""
    seen = {base.model_dump_json()}
    for q in qs.questions:
        values: list = []
        if q.type == "yesno":
            values = [True, False]
        elif q.type == "choice" and q.choices:
            values = [token for token, _ in q.choices]
        elif q.type == "multichoice":
            values = [[]]
        for v in values:
            try:
                answers, _ = apply_answer(base, qs, q, v)
            except ValueError:
                continue
            key = answers.model_dump_json()
            if key not in seen:
                seen.add(key)
                yield f"{q.field} = {v!r}", answers


_PARENT_SHARE = 0.25  # of the whole drafts: this process also runs every other check meanwhile


def _draft_sets(content: ContentBundle, examples: Path | None,
                rec: Answers | None = None) -> tuple[list[tuple[str, Answers]], list[str]]:
    """The answer sets drafted whole: recommended (``rec``), empty, the example files, and the variants;
    and the problems of example files that cannot be read."""
    rec = recommended_answers(content.questions) if rec is None else rec
    problems: list[str] = []
    sets: list[tuple[str, Answers]] = [("the recommended answers", rec), ("empty answers", Answers())]
    folder = examples if examples is not None else content.root / "examples"
    if folder.is_dir():
        from mou_wizard.files.answer_files import load_answers

        for f in sorted(folder.glob("*.yaml")):
            try:
                sets.append((f.name, load_answers(f)))
            except UserError as e:
                problems.append(str(e))
    sets += [(f"the recommended answers with {label}", answers) for label, answers in _variants(rec, content.questions)]
    return sets, problems


def _build(part: list[tuple[str, Answers]], content: ContentBundle, placeholders: dict[str, str]) -> list[str]:
    found: list[str] = []
    for label, answers in part:
        _try_build(answers, content, label, found, placeholders)
    return found


class _Helper:
    """With ``jobs`` > 1 (and fork: Linux, macOS), a child forked before the other checks start works
    out the same answer sets and drafts the later ones, while this process runs the other checks and
    then drafts the first ones. If the child fails for any reason its share is drafted here, so the
    result never depends on the split."""

    def __init__(self, content: ContentBundle, examples: Path | None, placeholders: dict[str, str],
                 jobs: int) -> None:
        self.pid: int | None = None
        self.examples = examples
        if jobs < 2 or not hasattr(os, "fork"):
            return
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its share, pickled down the pipe, then gone without running any exit code
            status = 1
            try:
                os.close(read_end)
                sets, _ = _draft_sets(content, examples)
                with os.fdopen(write_end, "wb") as out:
                    pickle.dump(_build(sets[_cut(sets):], content, placeholders), out)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        self.pid, self.read_end = pid, read_end

    def share(self, sets: list) -> list[str] | None:
        """The problems the child found in ``sets[_cut(sets):]``, or None if it did not finish."""
        if self.pid is None:
            return None
        with os.fdopen(self.read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        try:
            rest = pickle.loads(data) if status == 0 else None
        except Exception:  # noqa: BLE001 - a child that did not finish: draft its share here
            rest = None
        return rest if isinstance(rest, list) else None

    def cancel(self) -> None:
        """Lint ended before the whole drafts (problems found first): the child is not needed."""
        if self.pid is not None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.read_end)
            self.pid = None


def _cut(sets: list) -> int:
    return len(sets) if len(sets) < 8 else round(len(sets) * _PARENT_SHARE)


def _build_each(sets: list[tuple[str, Answers]], content: ContentBundle, placeholders: dict[str, str],
                helper: _Helper) -> list[str]:
    """The problems of drafting each answer set, in the order of ``sets``."""
    cut = _cut(sets) if helper.pid is not None else len(sets)
    found = _build(sets[:cut], content, placeholders)
    if cut < len(sets):
        rest = helper.share(sets)
        found += rest if rest is not None else _build(sets[cut:], content, placeholders)
    return found


def lint(content: ContentBundle, examples: Path | None = None, jobs: int = 1) -> list[str]:
    """Every problem in ``content`` (load it with ``strict=True`` so templates are checked for unknown
    fields), one message each; ``examples``: a folder of answer files to render (default: the
    ``examples/`` folder beside the content, when there is one). ``jobs``: processes to draft the
    whole drafts with (see :func:`_build_each`)."""
    placeholders = _placeholder_fields()
    # (Content that did not load cleanly is reported before any draft: no child for it.)
    helper = _Helper(content, examples, placeholders, 1 if content.problems else jobs)
    try:
        return _lint(content, placeholders, helper)
    finally:
        helper.cancel()


def _lint(content: ContentBundle, placeholders: dict[str, str], helper: _Helper) -> list[str]:
    lib, qs, rubric = content.library, content.questions, content.rubric
    problems: list[str] = list(content.problems)
    problems += content_problems(lib, qs, content.packs)  # choice words in conditions, clause states: ids
    if problems:
        return once_in_plain_words(problems)
    # Defined terms: each one used, and every capitalised term used is defined.
    problems += term_problems(lib, document_sources(content.document.file) if content.document else {})

    # Questions: every field asked, every SEC id asked about.
    asked = {q.field for q in qs.questions}
    for path in all_field_paths():
        if path not in asked:
            problems.append(f"prompts/: no question fills field '{path}'")
    sec_q = {s for q in qs.questions for s in q.d.sec}
    sec_c = {s for c in lib.clauses for s in c.d.sec}
    for sec in rubric:
        if sec not in sec_q:
            problems.append(f"prompts/: no question serves {sec}")
        if sec not in sec_c:
            problems.append(f"clause_library/: no clause serves {sec}")
    for q in qs.questions:
        if not q.d.sec and not q.field.startswith("document."):  # facts about the draft serve no item
            problems.append(f"{q.file}: {q.id}: cites no rubric id (sec)")

    # A clause whose condition turns on a yes/no or choice answer says what the MOU says instead, so that
    # while the answer is open the draft can show both versions (an open decision), never one as agreed.
    deciding = {q.field: q for q in qs.questions if q.type in ("yesno", "choice", "model")}
    for clause in lib.clauses:
        if clause.d.when is None or clause.d.otherwise is not None:
            continue
        reads = sorted(templating.referenced_fields(clause.d.when, expression=True) & deciding.keys())
        if reads:
            problems.append(f"{clause.file}: {clause.id}: its condition turns on '{reads[0]}' but the clause has no "
                            "'otherwise:' (what the MOU says instead, shown beside it while that answer is open; "
                            "'otherwise: omit' to leave it out)")

    # Suggested answers must be valid values, a state pack's examples too.
    for q in qs.questions:
        for state, suggestion in [(None, q.suggestion), *q.state_examples.items()]:
            if suggestion is None:
                continue
            try:
                apply_answer(Answers(), qs, q, suggestion)
            except ValueError as e:
                where = f"{q.file}: {q.id}" if state is None else f"{content.packs[state].file}: examples: {q.id}"
                problems.append(f"{where}: recommended/example answer {suggestion!r} is not valid: {e}")
    if problems:
        return problems

    rec = recommended_answers(qs)
    ctx_rec = content.context(rec)

    # A recommended answer never goes against the rubric.
    for q in qs.questions:
        if q.d.recommended is not None and q.concern_conditions:
            try:
                if q.raises_concern(q.d.recommended, ctx_rec):
                    problems.append(f"{q.file}: {q.id}: the recommended answer raises the question's own concern")
            except UserError as e:
                problems.append(str(e))
    ctx_empty = content.context(Answers())
    ids = lib.by_id()

    # Every version of every clause renders, against full and empty answers.
    any_ref = {cid: "Section 0.0" for cid in ids}
    for clause in lib.clauses:
        for name, _, tpl in clause.templates:
            for label, ctx in (("recommended answers", ctx_rec), ("empty answers", ctx_empty)):
                sel = Selected(clause, name, tpl, "0.0", 0)
                try:
                    render_clause(sel, ctx, any_ref)
                except UserError as e:
                    problems.append(f"{e} (alternative '{name}', {label})" if name else f"{e} ({label})")

    # Whole drafts: recommended, empty, examples, and variants.
    sets, unreadable = _draft_sets(content, helper.examples, rec)
    problems += unreadable
    problems += _build_each(sets, content, placeholders, helper)

    # State packs: references resolve, checks run on full and empty answers, fields exist.
    known_q, known_c = qs.by_id(), lib.by_id()
    fields = set(all_field_paths())
    for pack in content.packs.values():
        for req in pack.requirements:
            where = f"{pack.file}: {req.d.id}"
            for qid in req.d.questions:
                if qid not in known_q:
                    problems.append(f"{where}: names unknown question '{qid}'")
            for cid in req.d.clauses:
                if cid not in known_c:
                    problems.append(f"{where}: names unknown clause '{cid}'")
            for f in sorted(req.fields - fields):
                problems.append(f"{where}: check reads unknown field '{f}'")
            for label, ctx in (("recommended answers", ctx_rec), ("empty answers", ctx_empty)):
                try:
                    req.check(**ctx)
                except templating.TemplateErrors as e:
                    problems.append(f"{where}: check fails: {e} ({label})")

    # Coverage: every SEC id met by a clause selected for the recommended answers.
    selected = select(rec, lib)
    served = {s for sel in selected for s in sel.clause.d.sec}
    for sec in rubric:
        if sec not in served:
            problems.append(f"clause_library/: {sec} is not served by any clause selected for the recommended answers")
    return once_in_plain_words(sorted(set(problems), key=problems.index))

"""All the content a command needs, loaded once at the entry point and passed down.

``load_content(root)`` reads one content folder (``prompts/`` with the choice labels in
``choices.yaml``, ``clause_library/`` with its ``states/`` packs, ``templates/``) into an immutable
:class:`ContentBundle`. Nothing else reads content files: there are no module-level caches, and a
bundle loaded from a copy of the folders (``--content DIR`` or ``MOU_WIZARD_CONTENT``) holds only that
copy, state packs included.
Problems are collected rather than raised, so ``clauses lint`` can list them all; every other
command calls :meth:`ContentBundle.require_ok` and stops at the first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from mou_wizard import templating
from mou_wizard.content.choices import CHOICES_FILE, load_labels
from mou_wizard.content.clauses import Library, load_library
from mou_wizard.content.document import DocumentTemplates, load_document
from mou_wizard.content.files import CONTENT_ENV, default_root
from mou_wizard.content.packs import Pack, load_packs
from mou_wizard.content.questions import QuestionSet, load_questions, load_review_questions
from mou_wizard.content.rubric import load_rubric
from mou_wizard.domain.answers import Answers
from mou_wizard.domain.choices import ChoiceLabels
from mou_wizard.errors import ContentError


@dataclass(frozen=True)
class ContentBundle:
    root: Path
    rubric: Mapping[str, Mapping]          # SEC id -> {id, summary, source, step}
    labels: ChoiceLabels                   # the words of every choice (prompts/choices.yaml)
    questions: QuestionSet                 # the interview, state-pack questions included
    review_questions: QuestionSet          # the interview followed by the review's own step
    library: Library                       # clauses, state-pack clauses included
    packs: Mapping[str, Pack]              # state code -> pack
    document: DocumentTemplates | None     # None only when it failed to load (see problems)
    problems: tuple[str, ...]

    def require_ok(self) -> "ContentBundle":
        """The bundle itself, or a ContentError naming the first problem (lint lists them all)."""
        if self.problems:
            n = len(self.problems)
            more = f" (and {n - 1} more; run 'mou-wizard clauses lint')" if n > 1 else ""
            raise ContentError(self.problems[0] + more)
        return self

    def context(self, answers: Answers, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The names clause text and conditions read, with every choice printing its label. ``overrides``
        (``section.field -> value``) stand in for answers: an open decision worked out one way."""
        return templating.answers_context(answers, self.labels, overrides)


def content_root(explicit: Path | str | None = None) -> Path:
    """The content folder: ``explicit`` (``--content DIR``), else ``$MOU_WIZARD_CONTENT``, else the
    content installed with mou-wizard."""
    chosen = explicit or os.environ.get(CONTENT_ENV)
    root = Path(chosen) if chosen else default_root()
    for name in ("prompts", "clause_library", "templates"):
        if not (root / name).is_dir():
            how = "--content" if explicit else CONTENT_ENV if chosen else "the installed content"
            raise ContentError(f"{root / name}: content folder not found ({how}: expected prompts/, "
                               "clause_library/ and templates/ in one folder)")
    return root


def load_content(root: Path | str | None = None, *, strict: bool = False,
                 cache: templating.TemplateCache | None = None) -> ContentBundle:
    """Read every content file under ``root`` (see :func:`content_root`). ``strict`` adds the checks
    lint makes (templates reading fields that do not exist). ``cache``: compiled templates (default:
    the user's cache folder, see :mod:`mou_wizard.templating.cache`)."""
    root = content_root(root)
    cache = cache if cache is not None else templating.TemplateCache.default()
    prompts, library_dir = root / "prompts", root / "clause_library"
    rubric = load_rubric(prompts / "rubric.yaml", cache)
    labels, label_problems = load_labels(prompts / CHOICES_FILE, cache)
    packs = load_packs(library_dir / "states", cache)
    pack_list = list(packs.packs.values())
    questions = load_questions(prompts, rubric, pack_list, cache, labels, packs.problems)
    review = load_review_questions(prompts, rubric, cache, labels, questions)
    library = load_library(library_dir, rubric, pack_list, cache, strict=strict)
    problems = [*label_problems, *questions.problems, *review.problems, *library.problems]
    document = None
    try:
        document = load_document(root / "templates", cache)
    except ContentError as e:
        problems.append(str(e))
    cache.save()
    return ContentBundle(root, rubric, labels, questions, review, library, MappingProxyType(packs.packs), document,
                         tuple(dict.fromkeys(problems)))

"""Templating: the sandboxed Jinja environment clause text runs in (:mod:`.sandbox`), the fields a
template reads (:mod:`.fields`) and the compiled-template cache (:mod:`.cache`)."""

from mou_wizard.templating.cache import TemplateCache, compile_condition, compile_template, compile_text, default_cache_path
from mou_wizard.templating.fields import mentioned_fields, parse_tree, referenced_fields
from mou_wizard.templating.messages import condition_error, plain_error, plain_message
from mou_wizard.templating.sandbox import (
    ENV, PH_CLOSE, PH_OPEN, SECTIONS, NamedToken, OpenList, Placeholder, SectionRef, SectionView, TemplateErrors, answers_context, clean_text,
    finalize, format_date, inline_runs, number_words, placeholder_for, sentence_start, to_blocks, value_runs,
)

__all__ = [
    "ENV", "PH_CLOSE", "PH_OPEN", "SECTIONS", "NamedToken", "OpenList", "Placeholder", "SectionRef", "SectionView", "TemplateCache", "TemplateErrors",
    "answers_context", "clean_text", "condition_error", "plain_error", "plain_message", "compile_condition", "compile_template", "compile_text", "default_cache_path", "finalize",
    "format_date", "inline_runs", "mentioned_fields", "number_words", "parse_tree", "placeholder_for", "referenced_fields",
    "sentence_start", "to_blocks", "value_runs",
]

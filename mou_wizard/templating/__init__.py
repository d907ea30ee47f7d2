"""The sandboxed Jinja environment that clause text and conditions run in (see :mod:`.sandbox`)."""

from mou_wizard.templating.sandbox import *  # noqa: F401,F403
from mou_wizard.templating.sandbox import (  # noqa: F401  (private names the package uses)
    PH_CLOSE, PH_OPEN, SECTIONS, TemplateErrors, answers_context, clean_text, compile_condition,
    compile_template, finalize, format_date, inline_runs, mentioned_fields, number_words, placeholder_for,
    referenced_fields, save_template_cache, to_blocks, value_runs, Placeholder, ENV,
)
from mou_wizard.templating.messages import condition_error, plain_error, plain_message  # noqa: F401,E402

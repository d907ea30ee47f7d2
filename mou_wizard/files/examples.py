"""``mou-wizard example``: a complete answer file with the recommended answers, commented."""

from __future__ import annotations

import io

from mou_wizard.content.questions import QuestionSet
from mou_wizard.engine.answering import recommended_answers
from mou_wizard.files.answer_files import _yaml, answers_data

HEADER = """\
mou-wizard answer file: the recommended answers, which meet every SECURe rubric item.
Edit any value, then: mou-wizard render THIS_FILE -o draft.docx
Each value is preceded by its question; 'mou-wizard schema' describes every field.
Values marked "Example only" (names, dates, amounts) have no recommended answer: replace them.
"""


def example_yaml(qs: QuestionSet) -> str:
    from ruamel.yaml.comments import CommentedMap

    answers = recommended_answers(qs)
    data = answers_data(answers)
    by_field = qs.by_field()
    root = CommentedMap()
    for key, value in data.items():
        if isinstance(value, dict):
            section = CommentedMap()
            for name, v in value.items():
                section[name] = v
                q = by_field.get(f"{key}.{name}")
                if q is not None:
                    sec = f" ({', '.join(q.d.sec)})" if q.d.sec else ""
                    note = "" if q.d.recommended is not None else "\nExample only: replace it with your own."
                    section.yaml_set_comment_before_after_key(name, before=q.d.text.strip() + sec + note, indent=2)
            root[key] = section
        else:
            root[key] = value
    root.yaml_set_start_comment(HEADER)
    buf = io.StringIO()
    _yaml().dump(root, buf)
    return buf.getvalue()

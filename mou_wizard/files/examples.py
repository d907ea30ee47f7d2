"""``mou-wizard example``: a complete answer file with the recommended answers, commented."""

from __future__ import annotations

import io

from mou_wizard.files.answer_files import _yaml, answers_data
from mou_wizard.interview.flow import recommended_answers
from mou_wizard.content.questions import question_set

HEADER = """\
mou-wizard answer file: the recommended answers, which meet every SECURe rubric item.
Edit any value, then: mou-wizard render THIS_FILE -o draft.docx
Each value is preceded by its question; 'mou-wizard schema' describes every field.
"""


def example_yaml() -> str:
    from ruamel.yaml.comments import CommentedMap

    qs = question_set()
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
                    section.yaml_set_comment_before_after_key(name, before=q.d.text.strip() + sec, indent=2)
            root[key] = section
        else:
            root[key] = value
    root.yaml_set_start_comment(HEADER)
    buf = io.StringIO()
    _yaml().dump(root, buf)
    return buf.getvalue()

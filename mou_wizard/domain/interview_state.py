"""Where an interview or a review stands: kept beside the answers, never inside them.

The answer file carries it under its ``interview:`` key while the interview is unfinished (the wizard
writes it; deleting it only loses the place, never an answer). The :class:`~mou_wizard.domain.answers.Answers`
model holds what the parties decided; this record holds how far the conversation got.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictBool


class InterviewState(BaseModel):
    """Where an unfinished interview stands, so it can resume at the same question."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    skipped: list[str] = Field(default_factory=list, description="Ids of questions the user skipped.")
    current: str | None = Field(default=None, description="Id of the question being asked when last saved.")
    confirmed: list[str] = Field(
        default_factory=list,
        description="Ids of questions whose answer goes against the rubric and was confirmed after the warning.",
    )
    reviewed: list[str] = Field(
        default_factory=list, description="In a periodic review: ids of questions whose previous answer was reviewed."
    )
    finished: StrictBool = Field(default=False, description="Whether the interview reached its end.")

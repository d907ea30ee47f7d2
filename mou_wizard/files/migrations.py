"""Forward migrations of answer files: each turns a version-n mapping into a version-(n+1) one."""

from __future__ import annotations

from typing import Callable


class MigrationError(ValueError):
    """An old answer file that cannot be migrated without guessing (the message names the keys)."""

    def __init__(self, message: str, loc: tuple = ()) -> None:
        super().__init__(message)
        self.loc = loc  # where in the file (for the line number)


def _v1_to_v2(data: dict) -> dict:
    """Version 2 lists diversion partners: a single v1 ``diversion_partner`` becomes a one-item list."""
    rights = data.get("civil_rights")
    if isinstance(rights, dict) and "diversion_partner" in rights:
        if "diversion_partners" in rights:
            raise MigrationError(
                "civil_rights: both diversion_partner (version 1) and diversion_partners (version 2) are given; "
                "expected only one of them: move the partner into the diversion_partners list and delete "
                "diversion_partner", ("civil_rights", "diversion_partner"))
        rights = dict(rights)
        partner = rights.pop("diversion_partner")
        if partner not in (None, ""):
            rights["diversion_partners"] = partner if isinstance(partner, list) else [partner]
        data = {**data, "civil_rights": rights}
    return data


_NO_MODEL = {"none", "no", "no model", "n/a", "na", "not applicable", "nothing", "none yet"}


def _v2_to_v3(data: dict) -> tuple[dict, list[str]]:
    """Version 3 asks separately who has taken part in drafting and who will take part in review, and
    names a model agreement by its state. A v2 ``stakeholders`` answered "have taken part, or will take
    part": it becomes the groups that will take part, and who has already taken part is open again.
    A v2 ``model_mou`` was free text that nothing checked ("Kentucky", "our county's model"): "none"
    stays none, and any other text is open again, to be answered with one of the state models the
    wizard knows (which the file alone cannot tell)."""
    notes: list[str] = []
    part = data.get("partnership")
    if not isinstance(part, dict):
        return data, notes
    part = dict(part)
    if part.get("stakeholders") is not None and "stakeholders_planned" not in part:
        part["stakeholders_planned"] = part.pop("stakeholders")
        notes.append("partnership.stakeholders: the groups named are kept as those that will take part in "
                     "reviewing the MOU (stakeholders_planned); which groups have already taken part is open again")
    model = part.get("model_mou")
    if isinstance(model, str):
        if model.strip().lower().rstrip(".") in _NO_MODEL:
            part["model_mou"] = "none"
        else:
            del part["model_mou"]
            notes.append(f"partnership.model_mou: {model!r} is open again: the question now offers the state model "
                         "agreements the wizard knows, or 'none'")
    return {**data, "partnership": part}, notes


# Forward migrations: MIGRATIONS[n] turns a version-n mapping into a version-(n+1) mapping, or into
# (that mapping, notes for the user about answers it changed).
MIGRATIONS: dict[int, Callable[[dict], dict | tuple[dict, list[str]]]] = {1: _v1_to_v2, 2: _v2_to_v3}

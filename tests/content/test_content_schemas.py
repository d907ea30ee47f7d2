"""The JSON Schemas of the content files: committed beside the content, never stale, named by every file.

An editor with a YAML language server reads the first line of each content file
(``# yaml-language-server: $schema=...``) and checks the file against the schema as it is typed.
"""

from __future__ import annotations

import json
import shutil

import pytest

from mou_wizard.content import schema
from mou_wizard.content.files import read_yaml
from support import ROOT, isolated_env, table

import subprocess
import sys

FILES = schema.content_yaml_files(ROOT)


def test_every_content_folder_has_yaml_files():
    folders = {f.split("/")[0] for f in FILES}
    assert folders == {"prompts", "clause_library", "templates"}
    assert any(f.startswith("clause_library/states/") for f in FILES)


@table("rel", sorted(schema.SCHEMAS))
def test_committed_schema_equals_a_freshly_generated_one(rel):
    path = ROOT / rel
    assert path.is_file(), f"{rel} is missing: run 'mou-wizard schema --content .'"
    fresh = schema.schema_text(schema.content_schemas()[rel])
    assert path.read_text(encoding="utf-8") == fresh, f"{rel} is stale: run 'mou-wizard schema --content .'"


@table("rel", FILES)
def test_every_content_yaml_names_its_schema_on_its_first_line(rel):
    first = (ROOT / rel).read_text(encoding="utf-8").split("\n", 1)[0]
    expected = schema.schema_line(rel)
    assert expected is not None, f"{rel}: no schema is known for this file"
    assert first == expected
    target = (ROOT / rel).parent / first.removeprefix(schema.SCHEMA_LINE)
    assert target.resolve().is_file() and target.resolve().relative_to(ROOT)


@table("rel", FILES)
def test_every_content_yaml_fits_its_file_model(rel):
    """The models the schemas are generated from accept the committed content."""
    model = schema.SCHEMAS[schema.schema_for(rel)][0]
    model.model_validate(read_yaml(ROOT / rel))


def test_choice_tokens_field_names_and_state_codes_are_enums():
    schemas = schema.content_schemas()
    questions = schemas["prompts/schemas/questions.schema.json"]
    q = questions["$defs"]["QuestionDef"]
    assert "civil_rights.complaint_receiver" in q["properties"]["field"]["enum"]
    assert "state" not in q["properties"] and "step" not in q["properties"]
    rule = next(r for r in q["allOf"] if r["if"]["properties"]["field"]["const"] == "civil_rights.complaint_receiver")
    assert rule["then"]["properties"]["recommended"]["enum"] == ["district", "agency", "joint"]
    topics = next(r for r in q["allOf"] if r["if"]["properties"]["field"]["const"] == "training.topics")
    assert "mental_health" in topics["then"]["properties"]["recommended"]["items"]["enum"]
    pack = schemas["clause_library/schemas/state-pack.schema.json"]
    assert "VA" in pack["properties"]["state"]["enum"]
    assert pack["$defs"]["PackQuestion"]["required"][-1] == "step"
    assert "section" in pack["$defs"]["PackClause"]["required"]
    assert "replaces" in pack["$defs"]["PackClause"]["properties"]
    assert "replaces" not in schemas["clause_library/schemas/clauses.schema.json"]["$defs"]["ClauseDef"]["properties"]
    fails = pack["$defs"]["FailsAnswers"]["properties"]["partnership.data_collected"]["anyOf"]
    assert {"$ref": "#/$defs/Drop"} in fails
    assert pack["$defs"]["DataItem"]["enum"][:1] and "searches" in pack["$defs"]["DataItem"]["enum"]
    assert pack["$defs"]["MeetsAnswers"]["additionalProperties"] is False


def test_schemas_reject_an_unknown_key():
    for rel, s in schema.content_schemas().items():
        assert s["additionalProperties"] is False, rel
        assert s["$schema"].startswith("https://json-schema.org/"), rel


@pytest.mark.slow
def test_schema_content_writes_the_schemas_and_the_schema_lines(tmp_path):
    copy = tmp_path / "content"
    for folder in ("prompts", "clause_library", "templates"):
        shutil.copytree(ROOT / folder, copy / folder)
    shutil.rmtree(copy / "clause_library" / "schemas")
    va = copy / "clause_library" / "states" / "VA.yaml"
    va.write_text(va.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")  # schema line removed
    proc = subprocess.run([sys.executable, "-m", "mou_wizard", "schema", "--content", str(copy)], cwd=ROOT,
                          env=isolated_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "state-pack.schema.json" in proc.stdout and "VA.yaml" in proc.stdout
    for rel in schema.SCHEMAS:
        assert (copy / rel).read_text(encoding="utf-8") == (ROOT / rel).read_text(encoding="utf-8")
    assert va.read_text(encoding="utf-8") == (ROOT / "clause_library/states/VA.yaml").read_text(encoding="utf-8")
    # A second run changes nothing in the YAML files.
    again = subprocess.run([sys.executable, "-m", "mou_wizard", "schema", "--content", str(copy)], cwd=ROOT,
                           env=isolated_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert "Added" not in again.stdout


def test_schema_without_content_still_prints_the_answer_file_schema(capsys):
    from mou_wizard.cli import main

    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "mou-wizard answer file"


def test_schema_help_says_what_content_does(capsys):
    from mou_wizard.cli import main

    with pytest.raises(SystemExit):
        main(["schema", "--help"])
    out = capsys.readouterr().out
    assert "--content" in out and "yaml-language-server" in out

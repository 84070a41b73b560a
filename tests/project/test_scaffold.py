"""Writing a new topic without reading the code: `new`, the schema, `--version`."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import yaml
from conftest import ROOT, pdf_text
from test_project import allprint

from allprint.project.scaffold import SCHEMA_NAME, generate_schema, schema_text


def _as_json(value):
    """YAML as an editor's schema check sees it: dates are text."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_the_shipped_schema_is_the_models_schema():
    assert schema_text() == generate_schema(), (
        "run: allprint schema > src/allprint/topic.schema.json"
    )


def test_the_bundled_topic_follows_the_schema():
    topic = yaml.safe_load((ROOT / "content" / "pediatric-all.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(_as_json(topic), json.loads(schema_text()))


def test_the_schema_rejects_a_misspelt_key_and_accepts_one_text_for_every_reader():
    schema = json.loads(schema_text())
    topic = _as_json(yaml.safe_load((ROOT / "content" / "pediatric-all.yaml").read_text()))
    topic["disclaimer"] = "One text for every reader."
    jsonschema.validate(topic, schema)
    topic["dekc"] = "x"
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(topic))
    assert any("dekc" in e.message for e in errors)


def test_new_writes_a_draft_that_checks_and_builds(tmp_path):
    made = allprint("new", "demo-topic", "--title", "Demo topic", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    source = tmp_path / "content" / "demo-topic.yaml"
    text = source.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=topic.schema.json\n")
    assert "status: draft" in text and "reviewers:" not in text.replace("# After review", "")
    assert (tmp_path / "content" / SCHEMA_NAME).read_text() == schema_text()
    checked = allprint("check", "content/demo-topic.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stderr
    assert "is cut at" not in checked.stdout + checked.stderr  # its comments are comments
    built = allprint("build", "--jobs", "1", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "pamphlets" / "demo-topic-parent.pdf").is_file()
    assert (tmp_path / "decks" / "demo-topic.apkg").is_file()
    # The scaffold and the handouts' own words name no disease: nothing of leukemia's.
    pdfs = [*(tmp_path / "pamphlets").glob("*.pdf"), *(tmp_path / "decks").glob("*.pdf")]
    assert len(pdfs) >= 8
    for pdf in pdfs:
        said = pdf_text(pdf).lower()
        for word in ("central line", "treatment phase", "chemotherapy", "leukemia"):
            assert word not in said, f"{word!r} in {pdf.name}"


def test_new_never_overwrites_and_refuses_a_bad_id(tmp_path):
    assert allprint("new", "demo", cwd=tmp_path).returncode == 0
    source = tmp_path / "content" / "demo.yaml"
    source.write_text("mine", encoding="utf-8")
    again = allprint("new", "demo", cwd=tmp_path)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert source.read_text() == "mine"
    bad = allprint("new", "Demo Topic", cwd=tmp_path)
    assert bad.returncode == 1 and "is not a topic id" in bad.stderr


def test_version_names_the_libraries_that_make_the_files(tmp_path):
    result = allprint("--version", cwd=tmp_path)
    assert result.returncode == 0
    for name in ("allprint", "WeasyPrint", "Pango", "genanki"):
        assert name in result.stdout


def test_usage_mistakes_exit_2(tmp_path):
    result = allprint("build", "--paper", "a3", cwd=tmp_path)
    assert result.returncode == 2


def test_the_source_format_reference_is_current():
    from allprint.project.scaffold import source_format_markdown

    written = (ROOT / "docs" / "source-format.md").read_text(encoding="utf-8")
    assert written == source_format_markdown(), (
        "run: allprint schema --markdown > docs/source-format.md"
    )

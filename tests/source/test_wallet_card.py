"""The `wallet_card` key: one text (the warning, as topics wrote it before) or a mapping
with a note for emergency staff and the diagnosis; what each form puts on the card."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import DATA, pdf_pages_text, run_cli

from allprint.pipeline.outputs import render_one
from allprint.pipeline.plan import PlannedOutput
from allprint.pipeline.prepare import prepare
from allprint.project.scaffold import schema_text
from allprint.source.loader import load_located
from allprint.source.wallet_card import WalletCard
from allprint.source.yaml_reader import read_document
from allprint.translation.strings import entries

TINY = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
MAPPING = """wallet_card:
  warning: "This child is on treatment: fever is an emergency."
  note_for_staff: Treat fever as a possible serious infection at once.
  diagnosis: The tiny topic
  lines: ["Central line:"]
"""


def flat(text: str) -> str:
    return " ".join(text.split())


def tiny_with(tmp_path: Path, wallet_card: str) -> Path:
    """The tiny topic with its `wallet_card:` written as given ("" leaves the key out)."""
    assert MAPPING in TINY, "test data drifted"
    path = tmp_path / "tiny-topic.yaml"
    path.write_text(TINY.replace(MAPPING, wallet_card), encoding="utf-8")
    return path


def card_text(source: Path, tmp_path: Path) -> str:
    """Page 1 of the source's tools PDF (the wallet card), as a reader reads it."""
    prepared = prepare(source, dt.date(2026, 12, 1))
    pdf = render_one(prepared, PlannedOutput("tiny-topic", "handout", "parent", "tools"))
    path = tmp_path / "tools.pdf"
    path.write_bytes(pdf.data)
    return flat(pdf_pages_text(path)[0])


def test_one_text_is_the_warning_and_keeps_its_catalogue_entry(tmp_path):
    source = tiny_with(tmp_path, 'wallet_card: "Fever is an emergency."\n')
    topic, _ = load_located(source)
    assert topic.wallet_card == WalletCard(warning="Fever is an emergency.")
    # Translations made for it are found where they were: the context `wallet_card`.
    document = read_document(source)
    found = {e.context: e.text for e in entries(document.data, document.positions)}
    assert found["wallet_card"] == "Fever is an emergency."
    assert not [c for c in found if c.startswith("wallet_card/")]
    text = card_text(source, tmp_path)
    assert "Fever is an emergency. Child's name:" in text
    assert "For emergency staff" not in text
    assert "Diagnosis: Treating doctor:" in text  # a blank to write it on


def test_the_mapping_puts_each_key_on_the_card_and_in_the_catalogue(tmp_path):
    source = DATA / "tiny-topic.yaml"
    document = read_document(source)
    found = {e.context: e.text for e in entries(document.data, document.positions)}
    assert found["wallet_card/note_for_staff"].startswith("Treat fever")
    assert found["wallet_card/diagnosis"] == "The tiny topic"
    text = card_text(source, tmp_path)
    assert "This child is on treatment: fever is an emergency." in text
    assert "Diagnosis: The tiny topic" in text
    assert "For emergency staff: Treat fever as a possible serious infection at once." in text


def test_without_the_key_the_card_names_no_disease(tmp_path):
    text = card_text(tiny_with(tmp_path, ""), tmp_path)
    for field in ("Child's name:", "Date of birth:", "Diagnosis:", "Treating doctor:"):
        assert field in text
    words = set(text.lower().replace(".", " ").replace(",", " ").split())
    assert not words & {"chemotherapy", "leukemia", "leukaemia", "cancer", "oncology", "tumour"}
    assert "central line" not in text.lower()
    assert "For emergency staff" not in text


@pytest.mark.parametrize("value", ["[fever, chills]", "5"])
def test_a_wallet_card_of_the_wrong_kind_is_one_line_at_its_place(tmp_path, value):
    source = tiny_with(tmp_path, f"wallet_card: {value}\n")
    line = source.read_text(encoding="utf-8").splitlines().index(f"wallet_card: {value}") + 1
    result = run_cli("check", source.name, cwd=tmp_path)
    assert result.returncode == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert errors == [
        f"error: tiny-topic.yaml:{line}:1: `wallet_card`: expected text (write the card's "
        "warning (in quotes if it looks like a number), or a mapping with `warning:`, "
        "`note_for_staff:` and/or `diagnosis:`)"
    ]


def test_the_schema_takes_both_forms_and_no_other_key():
    schema = json.loads(schema_text())
    card = {"$defs": schema["$defs"], **schema["properties"]["wallet_card"]}
    validator = jsonschema.Draft202012Validator(card)
    assert validator.is_valid("Fever is an emergency.")
    assert validator.is_valid({"warning": "Fever.", "note_for_staff": "Call.", "diagnosis": "X"})
    assert not validator.is_valid({"warnin": "Fever."})
    assert not validator.is_valid("")

"""A catalogue applied to the validated topic: every entry of the template asked for once,
by the context the template gives it, and each translation held to its field's rules."""

from __future__ import annotations

import pytest
from conftest import DATA

from allprint.source.loader import validate
from allprint.source.model import TIERS
from allprint.source.yaml_reader import read_document
from allprint.translation.apply import Refused, apply_catalogue
from allprint.translation.strings import entries, with_defaults


@pytest.fixture(scope="module")
def tiny():
    document = read_document(DATA / "tiny-topic.yaml")
    return document, validate(document)


def labelled(asked: list[tuple[str, str]]):
    """Words that print each string as `[context] English`, and note what was asked."""

    def words(context: str, english: str) -> str:
        asked.append((context, english))
        return f"[{context}] {english}"

    return words


def test_every_entry_of_the_template_is_asked_for_once_and_nothing_else(tiny):
    document, topic = tiny
    asked: list[tuple[str, str]] = []
    apply_catalogue(topic, with_defaults(document.data), labelled(asked), "es")
    template = entries(document.data, document.positions)
    # Fact labels are looked up where they print (table heads, fact cards), not here.
    expected = [(e.context, e.text) for e in template if not e.context.startswith("fact-label/")]
    assert sorted(asked) == sorted(expected)
    assert len(asked) == len(set(asked))


def test_each_string_takes_the_translation_of_its_own_entry(tiny):
    document, topic = tiny
    es = apply_catalogue(topic, with_defaults(document.data), labelled([]), "es")
    assert es.language == "es" and topic.language == "en"
    # One string for every reader: one entry, printed for each reader.
    said = "[disclaimer] This sheet is general information, not medical advice."
    assert [es.disclaimer.get(t) for t in TIERS] == [said] * 3
    assert es.key_points.items[1].get("child") == "[key_points/items/1] Wash your hands often."
    # A text per reader: an entry per reader; a reader without text still has none.
    heading = es.sections[0].heading
    assert heading.child == "[sections/what-is-it/heading/child] What is happening in my body?"
    assert es.urgent.heading.clinician is None
    # Stripped as the field holds it: the English was written as a block, with its newline.
    assert es.sections[0].text.parent.endswith("It is treated in hospital.")
    # Defaults the source leaves out are translated like the rest.
    assert es.faq_heading.parent == "[faq_heading] Questions and answers"
    question = "[sections/medicines/cards_from_facts/question] {item}: {fact}?"
    assert es.sections[1].cards_from_facts.question == question
    # A sub-deck's name is one entry however many cards name it.
    assert es.cards[0].deck == "[sub-deck] Urgent signs"
    # Fact labels stay the keys they are; their values are entries by label.
    facts = es.sections[1].items[0].facts
    assert list(facts) == list(topic.sections[1].items[0].facts)
    mechanism = "[sections/medicines/items/vincristine/facts/Mechanism] Blocks microtubules"
    assert facts["Mechanism"].startswith(mechanism)
    # Ids, sources and names of works are never translated.
    assert es.sections[0].id == "what-is-it" and es.sources == topic.sources
    assert es.publisher == topic.publisher
    # Word forms the glossary teaches are the translation's own.
    assert es.glossary[0].known_words == ("[glossary/0/known_words/0] marrow",)


def test_a_translation_a_fields_rules_refuse_is_named_by_its_entry(tiny):
    document, topic = tiny

    def long_title(context: str, english: str) -> str:
        return "T" * 41 if context == "short_title" else english

    with pytest.raises(Refused) as refused:
        apply_catalogue(topic, with_defaults(document.data), long_title, "es")
    assert refused.value.context == "short_title"
    assert refused.value.message == "String should have at most 40 characters"
    # Text that only shows what a document prints is not held to them.
    marked = apply_catalogue(topic, with_defaults(document.data), long_title, "es", check=False)
    assert marked.short_title == "T" * 41


def test_a_translation_of_white_space_only_is_refused_where_it_is(tiny):
    document, topic = tiny

    def blank_answer(context: str, english: str) -> str:
        return "   " if context == "faqs/curable/answer/parent" else english

    with pytest.raises(Refused) as refused:
        apply_catalogue(topic, with_defaults(document.data), blank_answer, "es")
    assert refused.value.context == "faqs/curable/answer/parent"


def test_a_language_code_the_model_refuses_is_named(tiny):
    document, topic = tiny
    with pytest.raises(Refused) as refused:
        apply_catalogue(topic, with_defaults(document.data), labelled([]), "../etc")
    assert refused.value.context == "language"

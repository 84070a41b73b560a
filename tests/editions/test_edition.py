"""Editions are data: the pipeline asks an edition what to print, never which language or
site it is for."""

from __future__ import annotations

import ast
import datetime as dt

import pytest
from conftest import DATA, ROOT

PIPELINE = ROOT / "src" / "allprint" / "pipeline"
# The one place a name is made: the source's own language keeps the plain name.
NAMING = {("plan.py", "output_path")}


def branches(path):
    """(function, condition) of every `if`, `elif`, conditional expression and filter."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.If | ast.IfExp):
                yield function.name, node.test
            elif isinstance(node, ast.comprehension):
                yield from ((function.name, test) for test in node.ifs)


def decides_by(test: ast.expr) -> bool:
    """Whether a condition tests a language or a site itself (truth, None, equality);
    looking an edition up by its language (a call's argument, `in`) is not deciding."""
    passed = set()
    for node in ast.walk(test):
        if isinstance(node, ast.Call):
            passed |= {id(inner) for arg in node.args for inner in ast.walk(arg)}
        if isinstance(node, ast.Compare) and all(
            isinstance(o, ast.In | ast.NotIn) for o in node.ops
        ):
            passed |= {id(inner) for inner in ast.walk(node.left)}
    for node in ast.walk(test):
        name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
        if name in ("language", "lang", "site") and id(node) not in passed:
            return True
    return False


@pytest.mark.parametrize("module", sorted(p.name for p in PIPELINE.glob("*.py")))
def test_the_pipeline_never_branches_on_a_language_or_a_site(module):
    found = [
        f"{name}: if {ast.unparse(test)}"
        for name, test in branches(PIPELINE / module)
        if decides_by(test) and (module, name) not in NAMING
    ]
    assert found == []


def test_the_source_language_is_an_edition_like_the_others(tmp_path):
    from allprint.pipeline.prepare import prepare

    prepared = prepare(DATA / "tiny-topic.yaml", dt.date(2026, 11, 1))
    own = prepared.editions[None]
    assert own.topic is prepared.topic and own.notes == prepared.notes
    assert own.guid_base == "tiny-topic" and own.lock_file.name == "tiny-topic.deck-lock.json"
    assert own.makes("handout", "child", "guide") and own.makes("deck", None, "guide")
    assert not own.optional  # a page that does not fit stops the topic

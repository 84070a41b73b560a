"""The tiny test topic: tier selection, escaping and the output files."""

from __future__ import annotations

from conftest import pdf_text


def test_outputs_have_flat_self_describing_names(tiny_built):
    names = sorted(
        p.relative_to(tiny_built).as_posix()
        for p in tiny_built.rglob("*")
        if p.is_file() and ".allprint-cache" not in p.parts
    )
    assert names == [
        "decks/tiny-topic-cards.pdf",
        "decks/tiny-topic.apkg",
        "decks/tiny-topic.csv",
        "decks/tiny-topic.tsv",
        "pamphlets/tiny-topic-child-essentials.pdf",
        "pamphlets/tiny-topic-child.pdf",
        "pamphlets/tiny-topic-clinician-essentials.pdf",
        "pamphlets/tiny-topic-clinician.pdf",
        "pamphlets/tiny-topic-parent-essentials.pdf",
        "pamphlets/tiny-topic-parent-tools.pdf",
        "pamphlets/tiny-topic-parent.pdf",
    ]


def test_a_tier_without_text_does_not_show_the_section(tiny_built):
    child = pdf_text(tiny_built / "pamphlets" / "tiny-topic-child.pdf")
    parent = pdf_text(tiny_built / "pamphlets" / "tiny-topic-parent.pdf")
    assert "Medicines" not in child
    assert "Medicines" in parent
    assert "Vincristine" not in child


def test_one_string_is_shown_to_every_tier(tiny_built):
    for tier in ("child", "parent", "clinician"):
        text = pdf_text(tiny_built / "pamphlets" / f"tiny-topic-{tier}.pdf")
        assert "This sheet is general information, not medical advice." in text


def test_clinician_gets_facts_table_and_citations(tiny_built):
    from conftest import DATA, table_cells, word_boxes

    from allprint.source.loader import load_topic

    [medicines] = [s for s in load_topic(DATA / "tiny-topic.yaml").sections if s.id == "medicines"]
    words = word_boxes(tiny_built / "pamphlets" / "tiny-topic-clinician.pdf")
    labels = ["Class", "Mechanism", "Key toxicities", "Monitoring"]
    names = [item.title.get("clinician") for item in medicines.items]
    cells = table_cells(words, ["Name", *labels], [*names, "Questions"])
    for name, item in zip(names, medicines.items, strict=True):
        assert cells[name, "Name"] == f"{name} [1]"  # cited
        for label in labels:  # each fact in its medicine's row, under its label
            assert cells[name, label] == item.facts[label], (name, label)
    assert "Definition [1]" in " ".join(w for w, *_ in words)
    parent = pdf_text(tiny_built / "pamphlets" / "tiny-topic-parent.pdf")
    assert "Blocks microtubules" not in parent


def test_urgent_box_only_where_it_has_text(tiny_built):
    assert "When to call" in pdf_text(tiny_built / "pamphlets" / "tiny-topic-parent.pdf")
    assert "When to call" not in pdf_text(tiny_built / "pamphlets" / "tiny-topic-clinician.pdf")


def test_check_writes_nothing(tmp_path):
    import shutil

    from conftest import DATA, run_cli

    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    result = run_cli("check", str(tmp_path / "tiny-topic.yaml"))
    assert result.returncode == 0, result.stderr
    assert "ok:" in result.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["tiny-topic.yaml"]


def test_installed_allprint_command_builds(tmp_path):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    from conftest import DATA

    command = Path(sys.executable).parent / "allprint"
    assert command.exists(), "the console script is installed with the package"
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path)
    result = subprocess.run(
        [str(command), "build", str(tmp_path / "tiny-topic.yaml"), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "o" / "pamphlets" / "tiny-topic-child.pdf").exists()

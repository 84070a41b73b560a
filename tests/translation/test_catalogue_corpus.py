"""The broken-catalogue corpus (tests/data/broken-catalogues): a catalogue is input from
outside. Each odd or hostile one is named in one line at its `file:line`, stops only its
own language, and the English outputs are made byte for byte as without it.

All of them sit in one project, each under its own language's name, so that one
`check` and one build show every message and that none of them harms the others.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path

import pytest
import yaml
from conftest import DATA, TIERS, run_cli

CORPUS = DATA / "broken-catalogues"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
CASES = sorted(EXPECTED)


def new_project(root: Path) -> Path:
    (root / "content").mkdir(parents=True)
    shutil.copy(DATA / "tiny-topic.yaml", root / "content")
    (root / "allprint.toml").write_text("")
    (root / "translations" / "tiny-topic").mkdir(parents=True)
    return root


def catalogues(project: Path) -> Path:
    return project / "translations" / "tiny-topic"


ENGLISH = {
    "tiny-topic",
    "tiny-topic-cards",
    "tiny-topic-parent-tools",
    *(f"tiny-topic-{tier}{part}" for tier in TIERS for part in ("", "-essentials")),
}


def english(project: Path) -> dict[str, bytes]:
    """The English outputs of a build in `project`: those with no language in their name."""
    made = [*(project / "pamphlets").glob("*.pdf"), *(project / "decks").glob("*")]
    return {p.name: p.read_bytes() for p in made if p.name.split(".")[0] in ENGLISH}


@pytest.fixture(scope="module")
def without_translations(tmp_path_factory) -> dict[str, bytes]:
    project = new_project(tmp_path_factory.mktemp("english"))
    result = run_cli("build", "--jobs", "2", cwd=project)
    assert result.returncode == 0, result.stderr
    return english(project)


@pytest.fixture(scope="module")
def corpus_project(tmp_path_factory) -> Path:
    project = new_project(tmp_path_factory.mktemp("corpus"))
    for name, case in EXPECTED.items():
        shutil.copy(CORPUS / f"{name}.po", catalogues(project) / case["as"])
    return project


@pytest.fixture(scope="module")
def checked(corpus_project) -> str:
    result = run_cli("check", cwd=corpus_project)
    assert result.returncode == 0, result.stderr  # only warnings: English is fit to print
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def built(corpus_project):
    result = run_cli("build", "--jobs", "2", cwd=corpus_project)
    return result


def test_corpus_is_complete():
    files = {p.stem for p in CORPUS.glob("*.po")}
    assert files == set(EXPECTED)
    assert len(files) >= 30
    names = [case["as"] for case in EXPECTED.values()]
    assert len(set(names)) == len(names)  # one project holds them all


def said_about(output: str, case: dict) -> str:
    """The one line that names the case's catalogue (at its line, where it has one)."""
    where = f"{case['as']}:{case['line']}: " if case["line"] else f"{case['as']}: "
    lines = [ln for ln in output.splitlines() if f"/{where}" in ln]
    assert len(lines) == 1, (where, lines)
    return lines[0]


@pytest.mark.parametrize("name", CASES)
def test_check_names_each_broken_catalogue_at_its_line(name, checked):
    case = EXPECTED[name]
    line = said_about(checked, case)
    assert "Traceback" not in checked
    for words in case["says"]:
        assert words.lower() in line.lower(), line
    assert re.search(r"\(.+\)", line), f"no hint: {line}"
    language = case["as"].removesuffix(".po")
    stops = line.endswith(f"; nothing in {language} is made")
    assert stops == case.get("stops", True), line


def test_build_says_what_check_says_and_english_is_unharmed(built, checked, without_translations):
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stdout + built.stderr
    for case in EXPECTED.values():
        assert said_about(built.stderr, case) == said_about(checked, case)


def test_english_outputs_are_byte_identical_to_a_build_without_catalogues(
    built, corpus_project, without_translations
):
    assert built.returncode == 0, built.stderr
    assert english(corpus_project) == without_translations
    assert len(without_translations) == 11
    made = {p.name for p in [*corpus_project.glob("pamphlets/*"), *corpus_project.glob("decks/*")]}
    translated = made - set(without_translations)
    # The bidi-override and placeholder catalogues are whole: were they not stopped,
    # their outputs would be made.
    stopped = {c["as"][:-3] for c in EXPECTED.values() if c.get("stops", True)}
    assert not [n for n in translated if set(re.split(r"[-.]", n)) & stopped]
    # The unknown code only warns: its catalogue still makes the deck it covers.
    assert "tiny-topic-zz.apkg" in translated


# --- files that must never be opened ---------------------------------------------------------


class Opened:
    """Whether anybody opened the FIFO at `path` for reading: a writer waits on it."""

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path = path
        self.event = threading.Event()
        threading.Thread(target=self._wait, daemon=True).start()

    def _wait(self) -> None:
        with open(self.path, "wb"):  # blocks until a reader opens the FIFO
            self.event.set()

    def release(self) -> bool:
        """Whether it was opened; then let the waiting writer go."""
        opened = self.event.wait(0.5)
        if not opened:
            fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)
            self.event.wait(5)
            os.close(fd)
        return opened


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, dict[str, Opened]]:
    """A project whose es.po is a FIFO, ar.po a link to a FIFO outside the project, fr.po
    a link to a complete catalogue outside it, and de.po a 200 MB file."""
    project = new_project(tmp_path_factory.mktemp("hostile") / "project")
    outside = project.parent / "elsewhere"
    outside.mkdir()
    here = catalogues(project)
    pipes = {"es": Opened(here / "es.po"), "ar": Opened(outside / "fifo")}
    (here / "ar.po").symlink_to(outside / "fifo")
    shutil.copy(CORPUS / "unknown-language.po", outside / "fr.po")
    text = (outside / "fr.po").read_text(encoding="utf-8").replace("Language: zz", "Language: fr")
    (outside / "fr.po").write_text(text, encoding="utf-8")
    (here / "fr.po").symlink_to(outside / "fr.po")
    with open(here / "de.po", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: takes no room
    return project, pipes


@pytest.mark.parametrize("command", ["check", "build"])
def test_fifos_and_links_out_of_the_project_are_refused_without_being_opened(command, hostile):
    project, pipes = hostile
    result = run_cli(command, *(["--jobs", "1"] if command == "build" else []), cwd=project)
    said = result.stdout + result.stderr
    assert result.returncode == 0, said
    assert "Traceback" not in said
    assert "es.po: is not a file a catalogue can be read from (a device, pipe or socket)" in said
    assert re.search(r"ar\.po: is a link to \S+/elsewhere/fifo, outside the project", said)
    assert re.search(r"fr\.po: is a link to \S+/elsewhere/fr\.po, outside the project", said)
    assert "de.po: is 209,715,200 bytes; a catalogue may be at most" in said
    for language in ("es", "ar", "fr", "de"):
        assert f"; nothing in {language} is made" in said
    assert not any(pipe.release() for pipe in pipes.values())  # never opened
    for pipe in pipes.values():  # ready for the other command
        pipe.event.clear()
        threading.Thread(target=pipe._wait, daemon=True).start()
    if command == "build":
        assert (project / "pamphlets" / "tiny-topic-child.pdf").exists()
        assert not [p for p in project.rglob("*-fr*") if p.suffix in (".pdf", ".apkg")]


@pytest.mark.parametrize("name", ["es.terms", "es.deck-lock.json"])
def test_a_fifo_beside_a_catalogue_is_refused_without_being_opened(tmp_path, name):
    project = new_project(tmp_path)
    shutil.copy(CORPUS / "unknown-language.po", catalogues(project) / "es.po")
    text = (catalogues(project) / "es.po").read_text(encoding="utf-8")
    (catalogues(project) / "es.po").write_text(text.replace("Language: zz", "Language: es"))
    pipe = Opened(catalogues(project) / name)
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"{name}: is not a file a" in result.stdout and "nothing in es is made" in result.stdout
    assert not pipe.release()


def test_translate_update_refuses_a_fifo_without_opening_it(tmp_path):
    project = new_project(tmp_path)
    pipe = Opened(catalogues(project) / "es.po")
    result = run_cli("translate", "update", cwd=project)
    assert result.returncode == 1
    assert "es.po: is not a file a catalogue can be read from" in result.stderr
    assert not pipe.release()

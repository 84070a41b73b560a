"""Watching: each kind of edit makes again exactly the outputs it changes, as the build's
own report says ("wrote ..." per file made; the rest "up to date").

One `build --watch` runs for the module, on the tiny topic as folded booklets (three
handouts, no printable cards) with a Spanish catalogue for the child's handout. It runs
from a copy of allprint and its templates, so that a test may edit a template.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from conftest import DATA, ROOT, pdf_text, run_cli

SITE = '[site]\nname = "Lakeside Clinic"\nphone = "0100 555 7788"\nfever = "38.3 °C"\n'
CHILD, PARENT, CLINICIAN = (
    f"pamphlets/tiny-topic-{t}-booklet.pdf" for t in ("child", "parent", "clinician")
)
CHILD_ES = "pamphlets/tiny-topic-child-es-booklet.pdf"


class Watch:
    """`allprint build --watch` running in `project`; its output read line by line."""

    def __init__(self, code: Path, project: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(code / "src"), "ALLPRINT_TEMPLATE_CACHE": "0"}
        main = "import sys; from allprint.cli.main import main; sys.exit(main())"
        command = [sys.executable, "-c", main, "build", "--watch", "--jobs", "1"]
        self.process = subprocess.Popen(
            [*command, "--layout", "booklet", *args],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.until("watching for changes")  # said once the watcher is in place

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, text: str, seconds: float = 120) -> list[str]:
        """The lines up to the first one holding `text`."""
        seen = []
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                seen.append(self.lines.get(timeout=0.5))
            except queue.Empty:
                continue
            if text in seen[-1]:
                return seen
        raise AssertionError(f"{text!r} never came; saw:\n" + "\n".join(seen))

    def round_after(self, edit) -> tuple[list[str], set[str]]:
        """Make `edit`; the round it starts, and the outputs that round wrote."""
        assert self.lines.empty(), "an earlier round is still going"
        edit()
        lines = self.until("topic(s) built")
        written = {line.split()[1] for line in lines if line.startswith("wrote ")}
        return lines, written

    def stop(self) -> list[str]:
        """Ctrl-C, once the last round is over; what it printed from then on."""
        time.sleep(0.5)
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)  # it has read the last lines
        return list(self.lines.queue)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def code(tmp_path_factory) -> Path:
    """A copy of allprint's code and templates, for tests that edit a template."""
    code = tmp_path_factory.mktemp("code")
    shutil.copytree(ROOT / "src", code / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", code / "templates")
    return code


def make_project(root: Path) -> Path:
    """The tiny topic with a site in allprint.toml and a Spanish catalogue of the child's
    handout (every entry "translated" as `ES <English>`)."""
    (root / "content").mkdir()
    shutil.copy(DATA / "tiny-topic.yaml", root / "content")
    (root / "allprint.toml").write_text(SITE, encoding="utf-8")
    assert run_cli("translate", "extract", cwd=root).returncode == 0
    folder = root / "translations" / "tiny-topic"
    template = polib.pofile(str(folder / "tiny-topic.pot"))
    po = polib.POFile()
    header = {"Language": "es", "X-Allprint-English-Version": "0.1.0"}
    po.metadata = {**template.metadata, **header, "X-Allprint-Outputs": "child"}
    for e in template:
        po.append(polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr="ES " + e.msgid))
    po.save(str(folder / "es.po"))
    return root


@pytest.fixture(scope="module")
def watching(code, tmp_path_factory) -> Iterator[tuple[Watch, Path]]:
    project = make_project(tmp_path_factory.mktemp("project"))
    watch = Watch(code, project)
    yield watch, project
    watch.stop()


def test_a_style_sheet_edit_remakes_only_the_handouts_it_styles(watching, code):
    watch, project = watching
    child_css = code / "templates" / "child.css"
    rule = '\nh1::after { content: " styled anew"; }\n'
    lines, written = watch.round_after(
        lambda: child_css.write_text(child_css.read_text(encoding="utf-8") + rule)
    )
    assert any(line.startswith("changed:") and "child.css" in line for line in lines)
    assert written == {CHILD, CHILD_ES}
    assert "up to date: 5 other file(s) of content/tiny-topic.yaml" in lines  # and the deck
    assert "styled anew" in pdf_text(project / CHILD)


def test_a_template_edit_remakes_only_the_handouts_it_lays_out(watching, code):
    watch, project = watching
    template = code / "templates" / "clinician.html"
    edit = '{{ _("References") }}', '{{ _("References") }} and further reading'
    _, written = watch.round_after(lambda: replace_in(template, *edit))
    assert written == {CLINICIAN}
    assert "References and further reading" in pdf_text(project / CLINICIAN)


def test_a_catalogue_edit_remakes_only_its_language(watching):
    watch, project = watching
    catalogue = project / "translations" / "tiny-topic" / "es.po"
    edit = 'msgstr "ES Wash your hands often."', 'msgstr "ES Lávate las manos a menudo."'
    lines, written = watch.round_after(lambda: replace_in(catalogue, *edit))
    assert any(line.startswith("changed:") and "es.po" in line for line in lines)
    assert written == {CHILD_ES}
    assert "Lávate las manos a menudo." in pdf_text(project / CHILD_ES)


def test_a_term_list_is_watched_and_remakes_nothing(watching):
    watch, project = watching
    terms = project / "translations" / "tiny-topic" / "es.terms"
    lines, written = watch.round_after(lambda: terms.write_text("doctors = médicos\n"))
    assert written == set()
    assert "up to date: content/tiny-topic.yaml (7 files)" in lines
    assert any(line.startswith("0 topic(s) built, 1 up to date") for line in lines)
    assert any("'doctors' is translated 'médicos' in es.terms" in line for line in lines)


def test_a_settings_edit_remakes_only_the_handouts_that_print_it(watching):
    watch, project = watching
    # The fever rule is printed in the call box of the child's and the parent's handouts.
    settings = project / "allprint.toml"
    _, written = watch.round_after(lambda: replace_in(settings, "38.3 °C", "38.5 °C"))
    assert written == {CHILD, PARENT, CHILD_ES}
    assert "38.5 °C" in pdf_text(project / PARENT)


def test_a_source_edit_remakes_only_the_handouts_it_changes(watching):
    watch, project = watching
    source = project / "content" / "tiny-topic.yaml"
    edit = "parent: The tiny topic can be treated.", "parent: The tiny topic can be treated well."
    _, written = watch.round_after(lambda: replace_in(source, *edit))
    assert written == {PARENT}


def test_a_card_edit_remakes_the_deck_and_its_new_lock_starts_no_round(watching):
    watch, project = watching
    source = project / "content" / "tiny-topic.yaml"
    lock = project / "content" / "tiny-topic.deck-lock.json"
    before = lock.read_text(encoding="utf-8")
    edit = "made in the {{c1::bone marrow}}.", "made inside the {{c1::bone marrow}}."
    _, written = watch.round_after(lambda: replace_in(source, *edit))
    assert written == {"decks/tiny-topic.apkg", "decks/tiny-topic.tsv", "decks/tiny-topic.csv"}
    assert lock.read_text(encoding="utf-8") != before  # the build wrote it...
    time.sleep(1.5)
    assert watch.lines.empty()  # ...and did not take that for a save


def test_a_site_file_edit_remakes_only_the_handouts_that_print_it(code, tmp_path):
    (tmp_path / "content").mkdir()
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path / "content")
    site = tmp_path / "clinic.toml"
    site.write_text(SITE, encoding="utf-8")
    watch = Watch(code, tmp_path, "--site", "clinic.toml")
    try:
        _, written = watch.round_after(lambda: replace_in(site, "38.3 °C", "39 °C"))
    finally:
        said = watch.stop()
    assert written == {f"sites/clinic/{name}" for name in (CHILD, PARENT)}
    assert said == ["stopped watching"]  # Ctrl-C: one quiet line


def test_ctrl_c_in_the_middle_of_a_round_stops_in_one_line(code, tmp_path):
    (tmp_path / "content").mkdir()
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path / "content")
    source = tmp_path / "content" / "tiny-topic.yaml"
    watch = Watch(code, tmp_path)
    try:
        replace_in(source, "Doctors know how to help you.", "Doctors help you.")
        watch.until("changed: content/tiny-topic.yaml")
    finally:
        watch.process.send_signal(signal.SIGINT)  # the round's handouts are being laid out
        watch.process.wait(timeout=30)
        watch.reader.join(timeout=10)
    said = list(watch.lines.queue)
    assert watch.process.returncode == 130
    assert said[-1] == (
        "stopped watching (in the middle of a round: the files it wrote are complete)"
    )
    assert not any("Traceback" in line or "KeyboardInterrupt" in line for line in said)

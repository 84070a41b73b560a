"""A run reads and validates each source once, however many catalogues translate it."""

from __future__ import annotations

import shutil
import subprocess
import sys

import polib
from conftest import DATA, ROOT, run_cli

# Reads are counted by the interpreter's audit hook on `open`; validations by a pydantic
# plugin, which pydantic tells of every validator it builds (for a model, a TypeAdapter, a
# model holding a topic) and then of every call to it, however it is made. It is set in
# place of the installed plugins before anything of allprint is imported.
COUNT_READS = """
import sys
source = sys.argv[1]
reads, validations = [], []
def count(event, args):
    if event == "open" and str(args[0]) == source and not (args[2] or 0) & 0o3:
        reads.append(args[1])
sys.addaudithook(count)

class Seen:
    def on_enter(self, *args, **kwargs):
        validations.append(args)

class CountTopics:
    def new_schema_validator(self, schema, schema_type, path, kind, config, settings):
        # A topic's own validator, or any that holds a topic's schema within its own.
        if "allprint.source.model.Topic:" not in repr(schema):
            return None, None, None
        return Seen(), Seen(), Seen()

from pydantic.plugin import _loader
_loader._plugins = {"count-topics": CountTopics()}
from allprint.cli.main import main
code = main(sys.argv[2:])
print("reads:", len(reads))
print("validations:", len(validations))
sys.exit(code)
"""


def two_catalogues(project) -> None:
    assert run_cli("translate", "extract", cwd=project).returncode == 0
    folder = project / "translations" / "tiny-topic"
    template = polib.pofile(str(folder / "tiny-topic.pot"))
    for language in ("es", "fr"):
        po = polib.POFile()
        po.metadata = {**template.metadata, "Language": language}
        for e in template:
            po.append(
                polib.POEntry(msgctxt=e.msgctxt, msgid=e.msgid, msgstr=f"{language} {e.msgid}")
            )
        po.save(str(folder / f"{language}.po"))


def test_a_build_with_two_catalogues_reads_and_validates_its_source_once(tmp_path):
    (tmp_path / "content").mkdir()
    source = tmp_path / "content" / "tiny-topic.yaml"
    shutil.copy(DATA / "tiny-topic.yaml", source)
    (tmp_path / "allprint.toml").write_text("")
    two_catalogues(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", COUNT_READS, str(source), "build", "--jobs", "1", "--allow-draft"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    # Both translations were made from that one read.
    assert (tmp_path / "decks" / "tiny-topic-es.apkg").is_file()
    assert (tmp_path / "decks" / "tiny-topic-fr.apkg").is_file()
    assert "reads: 1" in result.stdout
    assert "validations: 1" in result.stdout

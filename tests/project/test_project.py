"""The project is the folder you work in, wherever the package is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import DATA, run_cli

from allprint.project.folder import find_project


def allprint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command, run in `cwd` (never in the checkout)."""
    return run_cli(*args, cwd=cwd)


def make_project(root: Path) -> Path:
    (root / "content").mkdir(parents=True)
    shutil.copy(DATA / "tiny-topic.yaml", root / "content")
    (root / "allprint.toml").write_text('[build]\npaper = "letter"\n')
    return root


def test_the_nearest_folder_with_allprint_toml_is_the_project(tmp_path):
    root = make_project(tmp_path / "clinic")
    (root / "content" / "notes").mkdir()
    assert find_project(root / "content" / "notes").root == root.resolve()
    assert find_project(tmp_path).root == tmp_path.resolve()  # none above: the folder itself


def test_build_and_check_work_on_the_folder_they_run_in(tmp_path):
    root = make_project(tmp_path / "clinic")
    inside = root / "content"
    built = allprint("build", "--jobs", "1", cwd=inside)
    assert built.returncode == 0, built.stderr
    # Outputs land in the project, with its settings (Letter paper), not beside the package.
    assert (root / "pamphlets" / "tiny-topic-parent-letter.pdf").is_file()
    assert (root / "decks" / "tiny-topic.apkg").is_file()
    assert not (inside / "pamphlets").exists()
    checked = allprint("check", cwd=inside)
    assert checked.returncode == 0, checked.stderr
    assert "content/tiny-topic.yaml" in checked.stdout or "tiny-topic.yaml" in checked.stdout
    assert "ok: fit to print" in checked.stdout


def test_a_folder_without_topics_says_so_and_fails(tmp_path):
    for command in ("build", "check", "bundle"):
        result = allprint(command, cwd=tmp_path)
        assert result.returncode == 1, command
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("error: no topic found in content")
        assert result.stdout == ""

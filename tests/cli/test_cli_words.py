"""What the command line says about itself: help that is true, a verdict that says what
failed and why, and paths printed one way (relative to the current folder inside it)."""

from __future__ import annotations

import shutil

from conftest import DATA, run_cli


def _draft_project(tmp_path):
    (tmp_path / "content").mkdir()
    text = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
    start, end = text.index("  status: reviewed"), text.index("deck: Tiny Topic")
    draft = text[:start] + "  status: draft\n" + text[end:]
    (tmp_path / "content" / "tiny-topic.yaml").write_text(draft, encoding="utf-8")
    return tmp_path


def test_check_help_says_check_writes_nothing_for_a_site():
    said = run_cli("check", "--help").stdout
    site = " ".join(said[said.index("--site FILE  ") :].split())
    assert "sites/" not in site and "writes nothing" in site
    built = " ".join(run_cli("build", "--help").stdout.split())
    assert "into sites/<FILE>/" in built


def test_the_verdict_says_what_failed_and_why(tmp_path):
    project = _draft_project(tmp_path)
    ok = run_cli("check", cwd=project)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[-1] == (
        "ok: fit to print: content/tiny-topic.yaml (as a draft: every page says DRAFT until "
        "it is reviewed)"
    )
    strict = run_cli("check", "--strict", cwd=project)
    assert strict.returncode == 1
    last = strict.stdout.splitlines()[-1]
    assert last.startswith("NOT fit to print: content/tiny-topic.yaml: ")
    assert "warning(s) that fail under --strict (shown above as errors)" in last
    assert "marked draft" not in strict.stdout
    assert "error: content/tiny-topic.yaml:" in strict.stderr  # the draft, at its line


def test_paths_are_relative_inside_the_current_folder_and_absolute_outside(tmp_path):
    project = _draft_project(tmp_path)
    (project / "allprint.toml").write_text('[build]\npaper = "a3"\n', encoding="utf-8")
    inside = run_cli("check", cwd=project / "content")  # the project is found from below
    assert inside.stderr.startswith(f"error: {project / 'allprint.toml'}:2: paper 'a3'")
    here = run_cli("check", cwd=project)
    assert here.stderr.startswith("error: allprint.toml:2: paper 'a3' is not known")
    outside = run_cli("check", "--project", str(project))  # from the checkout
    assert outside.stderr.startswith(f"error: {project / 'allprint.toml'}:2: ")
    (project / "allprint.toml").unlink()
    shutil.copy(DATA / "broken" / "duplicate-key.yaml", project / "content" / "tiny-topic.yaml")
    broken = run_cli("check", "content/tiny-topic.yaml", cwd=project)
    assert broken.stderr.startswith("error: content/tiny-topic.yaml:11:")
    absolute = run_cli("check", str(project / "content" / "tiny-topic.yaml"), cwd=project)
    assert absolute.stderr == broken.stderr  # however the file was named

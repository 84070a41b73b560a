"""A site file's mistakes, all in one run, each at its line; TOML syntax errors at their
line and column with a hint, as a topic's are."""

from __future__ import annotations

import shutil

from conftest import DATA, run_cli

BAD = """[site]
name = "Lakeside Children's Clinic"
phon = "0100 555 7788"
fever = ""
approved_on = "yesterday"
logo = "logo.gif"

[site.xx_1]
name = "y"
"""


def _project(tmp_path, settings: str | None = None):
    (tmp_path / "content").mkdir()
    shutil.copy(DATA / "tiny-topic.yaml", tmp_path / "content")
    if settings is not None:
        (tmp_path / "allprint.toml").write_text(settings, encoding="utf-8")
    return tmp_path


def test_every_mistake_of_a_site_file_in_one_run(tmp_path):
    project = _project(tmp_path)
    (project / "clinic.toml").write_text(BAD, encoding="utf-8")
    result = run_cli("check", "--site", "clinic.toml", cwd=project)
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert errors == [
        "error: clinic.toml:3: unknown setting phon (allowed in [site]: approved_by, "
        "approved_on, emergency_number, fever, logo, name, phone)",
        'error: clinic.toml:4: [site] fever must be text (write fever = "...")',
        "error: clinic.toml:5: [site] approved_on must be a date (write approved_on = 2026-11-20)",
        "error: clinic.toml:6: logo 'logo.gif' is not an SVG or PNG file (use a .svg or .png file)",
        "error: clinic.toml:8: [site.xx_1] is not a language (name a language as its catalogue "
        "is named, e.g. [site.es] for es.po)",
    ]
    assert not (project / "sites").exists() and not (project / "pamphlets").exists()


def test_the_projects_settings_name_every_mistake_too(tmp_path):
    project = _project(tmp_path, '[build]\npaper = "a3"\ncolour = "no"\n\n[site]\nfever = 38\n')
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    lines = [line.split("allprint.toml:")[1].split(":")[0] for line in result.stderr.splitlines()]
    assert lines == ["2", "3", "6"], result.stderr
    assert "paper 'a3' is not known" in result.stderr and "unknown setting colour" in result.stderr


def test_a_toml_syntax_error_has_its_line_column_and_a_hint(tmp_path):
    project = _project(tmp_path)
    (project / "clinic.toml").write_text('[site]\nname = "Lakeside"\nphone = 0100 555 7788\n')
    result = run_cli("build", "--site", "clinic.toml", cwd=project)
    assert result.returncode == 1
    assert result.stderr == (
        "error: clinic.toml:3:10: not valid TOML: Expected newline or end of document after a "
        'statement (one setting per line, text in quotes: phone = "0100 555 7788")\n'
    )
    (project / "allprint.toml").write_text("[site]\nname = Lakeside Clinic\n")
    result = run_cli("check", cwd=project)
    assert result.stderr == (
        "error: allprint.toml:2:8: not valid TOML: Invalid value "
        '(put text in quotes: name = "Lakeside Clinic")\n'
    )

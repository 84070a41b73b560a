"""The README's table of modules is the package as it is: every module named, none invented."""

from __future__ import annotations

import re

from conftest import ROOT

PACKAGE = ROOT / "src" / "allprint"


def table_modules() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("### The package, stage by stage", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([\w/]+\.py)` \|", table, re.MULTILINE))


def test_the_readme_names_every_module_of_the_package():
    modules = {
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*.py")
        if p.name != "__init__.py" and "__pycache__" not in p.parts
    }
    listed = table_modules()
    assert modules - listed == set(), "modules missing from the README's table"
    assert listed - modules == set(), "the README's table names modules that do not exist"


def test_every_init_is_empty_so_imports_stay_lazy():
    inits = [p for p in PACKAGE.rglob("__init__.py") if p.read_text(encoding="utf-8").strip()]
    assert inits == []


def test_tests_mirror_the_stages():
    stages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir()}
    assert stages - {"cli"} <= folders

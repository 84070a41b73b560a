"""Where allprint's own files live: its code and its templates (with fonts and pictures).

A project's files (sources, settings, outputs) are found by `project.py` instead.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _templates_dir() -> Path:
    # Installed from a wheel, the templates are package data (allprint/templates); in a
    # checkout (python build.py, editable installs) they are templates/ at the top.
    installed = PACKAGE_DIR / "templates"
    return installed if installed.is_dir() else PACKAGE_DIR.parents[1] / "templates"


TEMPLATES_DIR = _templates_dir()

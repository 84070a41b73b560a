"""Where allprint's own files live: its code and its templates (with fonts and pictures).

A project's files (sources, settings, outputs) are found by `project.py` instead.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR.parents[1] / "templates"

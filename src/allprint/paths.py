"""Where the project's own files live (templates, fonts) and where outputs go."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = PROJECT_ROOT / "templates"
CONTENT_DIR = PROJECT_ROOT / "content"
PAMPHLETS = "pamphlets"
DECKS = "decks"


def deck_name(topic_id: str) -> str:
    return f"{topic_id}.apkg"

"""The project is the folder you work in: its topics, its settings and its outputs.

It is the nearest folder, from the current one up, that holds `allprint.toml`; without
one anywhere above, the current folder. `content/` (the topics), `pamphlets/` and
`decks/` (the outputs) and `dist/` (bundles) are found there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CONFIG_NAME = "allprint.toml"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_NAME

    def sources(self) -> list[Path]:
        """Every topic of the project: `content/*.yaml`, in name order."""
        return sorted(self.content_dir.glob("*.yaml"))


def find_project(start: Path | None = None) -> Project:
    """The project holding `start` (default: the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return Project(folder)
    return Project(here)

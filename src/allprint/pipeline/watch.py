"""Do something again each time a topic, the project's settings or a template is saved."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path


def watch(
    paths: Iterable[Path], again: Callable[[set[Path]], None], stop: threading.Event | None = None
) -> None:
    """Call `again(changed paths)` after each save under `paths`, until `stop` or Ctrl-C.

    Saves are collected for a moment first, so that an editor's several writes of one save
    give one call.
    """
    import watchfiles

    folders = sorted({p if p.is_dir() else p.parent for p in paths})
    wanted = {p.resolve() for p in paths}

    def relevant(change: watchfiles.Change, name: str) -> bool:
        path = Path(name).resolve()
        if path.name.startswith(".") or path.suffix in (".tmp", ".swp"):
            return False  # temporaries: ours (atomic writes) and editors'
        return any(path == w or path.is_relative_to(w) for w in wanted)

    for changes in watchfiles.watch(
        *folders, watch_filter=relevant, debounce=300, stop_event=stop, raise_interrupt=False
    ):
        again({Path(name) for _, name in changes})

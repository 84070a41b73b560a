"""Do something again each time a topic, a catalogue, the project's settings, the site
file or a template is saved."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from allprint.memo import forget


def watch(
    paths: Iterable[Path],
    again: Callable[[set[Path]], None],
    stop: threading.Event | None = None,
    own: Callable[[], Iterable[Path]] = tuple,
    ready: Callable[[], None] = lambda: None,
) -> None:
    """Call `again(changed paths)` after each save under `paths`, until `stop` or Ctrl-C.

    Saves are collected for a moment first, so that an editor's several writes of one save
    give one call. A path may be a file or a folder, and need not exist yet (a catalogue's
    folder before its first catalogue). `own()` names files that `again` writes itself
    (deck locks): a change that leaves one as `again` left it is not a save. Before each
    call, what earlier rounds remembered of allprint's own files is forgotten. `ready()`
    is called once saves are being watched.
    """
    import watchfiles

    wanted = {p.resolve() for p in paths}
    folders = sorted({_existing_folder(p) for p in wanted})

    def relevant(change: watchfiles.Change, name: str) -> bool:
        path = Path(name).resolve()
        if path.name.startswith(".") or path.suffix in (".tmp", ".swp"):
            return False  # temporaries: ours (atomic writes) and editors'
        return any(path == w or path.is_relative_to(w) for w in wanted)

    saves = watchfiles.watch(
        *folders,
        watch_filter=relevant,
        debounce=300,
        stop_event=stop,
        raise_interrupt=True,
        # An empty set at first (and each half second after), so that `ready()` is
        # called only once the watcher is in place.
        rust_timeout=500,
        yield_on_timeout=True,
    )
    left = _contents(own())
    waiting = False
    while True:
        try:
            changes = next(saves)
        except (StopIteration, KeyboardInterrupt):  # Ctrl-C while waiting: stop quietly
            return
        if not waiting:
            waiting = True
            ready()
        # Not saves: a file made and removed again at once (an editor's or sed's
        # temporary), and a file of `own()` as the last round left it.
        added = {Path(name) for change, name in changes if change == watchfiles.Change.added}
        changed = {Path(name) for _, name in changes}
        changed = {p for p in changed if p.exists() or p not in added}
        changed = {p for p in changed if p.resolve() not in left or left[p.resolve()] != _read(p)}
        if changed:
            forget()
            again(changed)
            left = _contents(own())


def _existing_folder(path: Path) -> Path:
    """The folder to watch for `path`: itself if a folder, else the nearest that exists."""
    folder = path if path.is_dir() else path.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def _contents(paths: Iterable[Path]) -> dict[Path, bytes | None]:
    return {p.resolve(): _read(p) for p in paths}


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None

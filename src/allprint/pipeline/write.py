"""Write outputs atomically: a temporary file in the same folder, then a rename.

A reader (or a crash) sees either the old file or the new one, never half of one.
A build killed mid-write can leave a hidden temporary file; the next write of the
same output removes it once it is clearly abandoned.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

STALE_AFTER_SECONDS = 3600  # no build writes one file for an hour: older temporaries are orphans


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(path)
    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_all(files: dict[Path, bytes]) -> None:
    """Write several outputs; each lands whole. Call only once every file's bytes are ready."""
    for path, data in files.items():
        write_atomic(path, data)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _remove_stale_temporaries(path: Path) -> None:
    cutoff = time.time() - STALE_AFTER_SECONDS
    for leftover in path.parent.glob(f"{_temp_prefix(path)}*.tmp"):
        try:
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
        except FileNotFoundError:  # another build cleaned it first
            pass

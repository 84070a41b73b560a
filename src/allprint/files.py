"""Reading a file a user named or a build left: only regular files, and only so much.

Why: a source, lock or cache may be a link to `/dev/zero` (endless), a FIFO (blocks
forever), or a huge file. Each is refused with one line before anything is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from allprint.errors import Problem, UserError


class FileProblem(UserError):
    """A file that cannot be read as what it should be."""


def read_regular(path: Path, limit: int, what: str = "file") -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes; else `FileProblem`."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _problem(path, "no such file", "check the path and file name") from None
    except IsADirectoryError:
        raise _problem(path, f"is a folder, not a {what}", f"name a {what}") from None
    except OSError as exc:
        raise _problem(path, f"cannot be read: {exc.strerror}", "check its permissions") from None
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        os.close(fd)
        raise _problem(path, f"is a folder, not a {what}", f"name a {what}")
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(info.st_mode):
            raise _problem(
                path,
                f"is not a regular file (a device, pipe or socket), not a {what}",
                f"name a {what} saved on disk",
            )
        if info.st_size > limit:
            raise _problem(
                path,
                f"file is {info.st_size:,} bytes; a {what} may be at most {limit:,} bytes",
                "check that this is the right file",
            )
        data = handle.read(limit + 1)
    if len(data) > limit:  # it grew while being read
        raise _problem(
            path, f"is over {limit:,} bytes; a {what} may be at most that", "check the file"
        )
    return data


def _problem(path: Path, message: str, hint: str) -> FileProblem:
    return FileProblem([Problem(path, message, hint=hint)])


MAX_SOURCE_BYTES = 2 * 1024 * 1024  # a large topic is ~200 KB; refuse what cannot be hand-written


def read_source_bytes(path: Path) -> bytes | None:
    """The bytes of the topic source at `path`, or None when it cannot be read (reading it
    as a document then says why). Read once per run: for the build record's key, and for
    reading the topic."""
    try:
        return read_regular(path, MAX_SOURCE_BYTES, "YAML topic file")
    except FileProblem:
        return None

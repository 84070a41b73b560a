"""Reading a translator's catalogue as input from outside, as a topic source is read.

Why: catalogues arrive by e-mail and USB stick, from tools we do not control. A `.po`
may be a FIFO (opening it blocks), a link to a system file, huge, in a charset its
header does not tell the truth about, or hand-edited into something no PO editor
writes. Each is refused with one line at `file:line`, every problem of a file at once,
and only its own language stops (`translated.py`).
"""

from __future__ import annotations

import codecs
import re
import stat
from pathlib import Path

from allprint.errors import Problem, UserError
from allprint.files import FileProblem, read_regular

MAX_CATALOGUE_BYTES = 8 * 1024 * 1024  # the bundled Spanish catalogue is ~400 KB
_CHARSET = re.compile(rb"charset=([^\s\"\\]+)")
_POLIB_LINE = re.compile(r"\(line (\d+)\)")


class CatalogueError(UserError):
    """A catalogue that cannot be used; carries every problem found."""


def refusal(
    path: Path, limit: int = MAX_CATALOGUE_BYTES, what: str = "catalogue"
) -> Problem | None:
    """Why `path` (a file under translations/ID/) must not be opened, or None when it may.

    Decided from the file's name and status alone, never by opening it: a FIFO blocks
    whoever opens it, and a link may lead to a system file that should never be read."""
    above = path.absolute().parents
    root = above[min(2, len(above) - 1)]  # the project: translations/ID/FILE
    try:
        resolved = path.resolve(strict=True)
        info = resolved.stat()
    except FileNotFoundError:
        return Problem(path, "is a link to nothing", hint=f"replace it with the {what} itself")
    except (OSError, RuntimeError) as exc:
        return Problem(path, f"cannot be read: {exc}", hint="check the file and its permissions")
    if not resolved.is_relative_to(root.resolve()):
        return Problem(
            path,
            f"is a link to {resolved}, outside the project: it is not read",
            hint=f"copy the {what} into {path.parent} instead of linking to it",
        )
    if stat.S_ISDIR(info.st_mode) or not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
        return Problem(
            path,
            f"is not a file a {what} can be read from ({kind})",
            hint=f"replace it with the {what} file, or remove it",
        )
    if info.st_size > limit:
        return Problem(
            path,
            f"is {info.st_size:,} bytes; a {what} may be at most {limit:,} bytes",
            hint="check that this is the right file",
        )
    return None


def read_bytes(path: Path, limit: int = MAX_CATALOGUE_BYTES, what: str = "catalogue") -> bytes:
    """The bytes of a file beside a catalogue, after `refusal` found nothing against it."""
    problem = refusal(path, limit, what)
    if problem is not None:
        raise CatalogueError([problem])
    try:
        return read_regular(path.resolve(), limit, what)
    except FileProblem as exc:  # it changed since it was looked at
        problems = [Problem(path, p.message, hint=p.hint) for p in exc.problems]
        raise CatalogueError(problems) from None


def decode(path: Path, raw: bytes) -> str:
    """The text of a catalogue, in the charset its header names (UTF-8 when none)."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    found = _CHARSET.search(raw[:4000])  # the header is at the top
    charset = found.group(1).decode("ascii", "replace") if found else "UTF-8"
    line = raw[: found.start()].count(b"\n") + 1 if found else None
    try:
        text = raw.decode(charset)
    except LookupError:
        raise CatalogueError(
            [
                Problem(
                    path,
                    f"names the charset {charset!r}, which is not a known text encoding",
                    line=line,
                    hint="save it as UTF-8 and say `charset=UTF-8` in its header",
                )
            ]
        ) from None
    except UnicodeDecodeError as exc:
        raise CatalogueError(
            [
                Problem(
                    path,
                    f"is not {charset} text (byte 0x{raw[exc.start]:02x}), though its header "
                    f"says charset={charset}",
                    line=raw[: exc.start].count(b"\n") + 1,
                    hint="save it as UTF-8 in a PO editor and say `charset=UTF-8` in its header",
                )
            ]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise CatalogueError(
            [Problem(path, "holds a NUL character: not a text file", line, hint=_RESTORE)]
        )
    return text


_RESTORE = "restore it from version control, or open it in a PO editor to repair it"


def parse(path: Path, text: str):
    """The catalogue in `text` as a `polib.POFile`; one line for a syntax error."""
    import polib

    breaks = _ODD_BREAK.search(text)
    if breaks is not None:  # polib would end the line there, and read on silently
        raise CatalogueError(
            [
                Problem(
                    path,
                    f"holds the invisible character U+{ord(breaks.group(0)[0]):04X}, which "
                    "can change or hide what prints",
                    line=text.count("\n", 0, breaks.start()) + 1,
                    hint="retype the text, or delete the character",
                )
            ]
        )
    unclosed = _unclosed_string(text)
    if unclosed is not None:  # polib would read on into the next line, and lose an entry
        raise CatalogueError(
            [
                Problem(
                    path,
                    "cannot be read as a gettext catalogue (a quoted string is not closed)",
                    line=unclosed,
                    hint='end the line with " (write \\" for a quote inside the text)',
                )
            ]
        )
    try:
        # The text itself, never a name: polib opens its argument when it names a file, and
        # a text with a line break names none.
        return polib.pofile(text + "\n\n", encoding="utf-8", wrapwidth=0)
    except (OSError, ValueError, IndexError, KeyError, UnicodeError) as exc:
        found = _POLIB_LINE.search(str(exc))
        what = re.sub(r"Syntax error in po file\s*(\(line \d+\))?:?\s*", "", str(exc))
        raise CatalogueError(
            [
                Problem(
                    path,
                    "cannot be read as a gettext catalogue" + (f" ({what})" if what else ""),
                    line=int(found.group(1)) if found else None,
                    hint=_RESTORE,
                )
            ]
        ) from None


# What `str.splitlines` (and so polib) takes for the end of a line, besides \n and \r\n.
_ODD_BREAK = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]|\r(?!\n)")
_STRING_LINE = re.compile(r'\s*(?:#~\s*|#\|\s*)?(?:msg\w+(?:\[\d+\])?\s+)?"')
_CLOSED = re.compile(r'.*(?<!\\)(?:\\\\)*"\s*$')


def _unclosed_string(text: str) -> int | None:
    """The first line whose quoted string does not end on it, if any."""
    for number, line in enumerate(text.split("\n"), 1):
        start = _STRING_LINE.match(line)
        if start and not _CLOSED.match(line[start.end() :]):
            return number
    return None


def read_po(path: Path):
    """The catalogue at `path`, read safely: refused before opening when it is no
    regular file of the project, too large, not text in its charset, or not a catalogue."""
    return parse(path, decode(path, read_bytes(path)))


def header_text(path: Path) -> str | None:
    """The text of a catalogue's header, for planning; None when it may not be read (the
    reason is said when the catalogue is read)."""
    if refusal(path) is not None:
        return None
    try:
        return decode(path, read_bytes(path)[:8000].rsplit(b"\n", 1)[0])
    except UserError:
        return None

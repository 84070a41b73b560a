"""What a build shows while it runs: each topic as it is done, and the PDFs still to make."""

from __future__ import annotations

import sys

from allprint.cli.messages import print_error, shown


def shower(progress: BuildProgress):
    """What to print as each topic is done."""

    def show(result) -> None:
        progress.clear()
        for finding in result.findings:
            where = finding.where(shown(result.source))
            print(f"{finding.severity}: {where}: {finding}", file=sys.stderr)
        if result.error is not None:
            print_error(result.error)
            print(f"failed: {shown(result.source)} (nothing of it was written)", file=sys.stderr)
            return
        if not result.written:  # not even read, or read again and found the same
            print(f"up to date: {shown(result.source)} ({len(result.outputs)} files)")
        for out in result.written:
            print(f"wrote {shown(out.path)}  ({out.size / 1024:.0f} KB, {out.detail})")
        kept = len(result.outputs) - len(result.written)
        if kept and result.written:
            print(f"up to date: {kept} other file(s) of {shown(result.source)}")
        if result.skipped:
            return
        grades = ", ".join(f"{g.tier} {g.fk:.1f}" for g in result.grades if g.fk is not None)
        if grades:
            print(f"reading grade (Flesch-Kincaid, whole handout): {grades}")

    return show


class BuildProgress:
    """A progress line on a terminal; nothing extra in logs (each file gets its own line)."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.live = sys.stderr.isatty()
        self.shown = False

    def expect(self, more: int) -> None:
        self.total += more

    def advance(self, result) -> None:
        self.done += 1
        if self.live and self.total > 3:
            line = f"\rrendering {self.done}/{self.total}: {result.name}\033[K"
            print(line, end="", file=sys.stderr, flush=True)
            self.shown = True

    def clear(self) -> None:
        """Wipe the progress line before other output, so lines never run together."""
        if self.shown:
            sys.stdout.flush()
            print("\r\033[K", end="", file=sys.stderr, flush=True)
            self.shown = False

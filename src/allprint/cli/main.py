"""Command line: parse arguments, call the library, turn user errors into messages.

This is the one place that prints and chooses exit codes (0 ok, 1 user error or a
topic not fit to print). A bug still raises with its traceback: hiding it would
hide the fix.
"""

from __future__ import annotations

import gc
import signal
import sys
from collections.abc import Sequence
from typing import NoReturn

from allprint.cli.messages import print_error
from allprint.cli.parser import build_parser
from allprint.errors import UserError


def main(argv: Sequence[str] | None = None) -> int:
    # Past a file-size limit (ulimit -f) a write should fail with an error we can report,
    # not kill the process.
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UserError as exc:
        print_error(exc)
        return 1
    except KeyboardInterrupt:
        print("interrupted: files already written are complete", file=sys.stderr)
        return 130


def run(argv: Sequence[str] | None = None) -> NoReturn:
    """The `allprint` command (and `python build.py`): `main`, then exit.

    The cycle collector runs less often for the whole run (`collect_less_often`). Before
    exiting, the garbage of the run (WeasyPrint's layouts, a hundred thousand
    objects) is set aside rather than collected one by one: that took 0.3 s after every
    build, and the operating system frees the memory at once. Files are closed by then;
    the temporary folders are removed by exit handlers, which still run.
    """
    from allprint.pipeline.workers import collect_less_often

    collect_less_often()
    code = main(argv)
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()

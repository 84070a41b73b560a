"""Watching the HTML of one handout: the preview page written again on each save; Ctrl-C
stops with one line. (What `build --watch` makes again: test_watch_edits.py.)"""

from __future__ import annotations

import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import DATA

COMMAND = [sys.executable, "-c", "import sys; from allprint.cli.main import main; sys.exit(main())"]


def start(args: list[str], cwd: Path) -> tuple[subprocess.Popen, queue.Queue]:
    process = subprocess.Popen(
        [*COMMAND, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True)
    reader.start()
    process.reader = reader  # type: ignore[attr-defined]
    return process, lines


def wait_for(lines: queue.Queue, text: str, seconds: float = 120) -> list[str]:
    seen = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"{text!r} never came; saw: {''.join(seen)}")


def stop(process: subprocess.Popen, lines: queue.Queue) -> list[str]:
    """Ctrl-C, once the watch is waiting; what it printed from then on."""
    time.sleep(0.5)
    while not lines.empty():
        lines.get()
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)
    process.reader.join(timeout=10)  # type: ignore[attr-defined]  # it has read the last lines
    return list(lines.queue)


def test_html_watch_writes_the_page_again(tmp_path):
    source = tmp_path / "tiny-topic.yaml"
    shutil.copy(DATA / "tiny-topic.yaml", source)
    page = tmp_path / "preview.html"
    args = ["html", str(source), "--tier", "child", "-o", str(page), "--watch"]
    process, lines = start(args, tmp_path)
    try:
        wait_for(lines, "watching for changes")
        assert "Doctors know how to help you." in page.read_text(encoding="utf-8")
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("Doctors know how to help you.", "Doctors help you."))
        wait_for(lines, "wrote")
        assert "Doctors help you." in page.read_text(encoding="utf-8")
    finally:
        said = stop(process, lines)
    assert said == ["stopped watching\n"]  # no word from the watching library

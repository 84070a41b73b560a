"""Watching: one save, one rebuild; the preview page written again."""

from __future__ import annotations

import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from conftest import DATA, pdf_text

COMMAND = [sys.executable, "-c", "import sys; from allprint.cli import main; sys.exit(main())"]


def start(args: list[str], cwd: Path) -> tuple[subprocess.Popen, queue.Queue]:
    process = subprocess.Popen(
        [*COMMAND, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()
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


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)


def test_a_save_triggers_one_rebuild_of_what_changed(tmp_path):
    (tmp_path / "content").mkdir()
    source = tmp_path / "content" / "tiny-topic.yaml"
    shutil.copy(DATA / "tiny-topic.yaml", source)
    process, lines = start(["build", "--watch", "--jobs", "1"], tmp_path)
    try:
        wait_for(lines, "watching for changes")
        time.sleep(2)  # the watcher starts a moment after it says so
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("Doctors know how to help you.", "Doctors help you."))
        after = wait_for(lines, "topic(s) built")
        assert any("wrote pamphlets/tiny-topic-child.pdf" in line for line in after)
        assert not any("tiny-topic-parent.pdf" in line for line in after)
        time.sleep(2)  # no second rebuild for the one save
        assert lines.empty()
        # What was written is the edit, not the text the watch started with.
        child = pdf_text(tmp_path / "pamphlets" / "tiny-topic-child.pdf")
        assert "Doctors help you." in child and "Doctors know how" not in child
    finally:
        stop(process)


def test_html_watch_writes_the_page_again(tmp_path):
    source = tmp_path / "tiny-topic.yaml"
    shutil.copy(DATA / "tiny-topic.yaml", source)
    page = tmp_path / "preview.html"
    args = ["html", str(source), "--tier", "child", "-o", str(page), "--watch"]
    process, lines = start(args, tmp_path)
    try:
        wait_for(lines, "watching for changes")
        time.sleep(2)  # the watcher starts a moment after it says so
        assert "Doctors know how to help you." in page.read_text(encoding="utf-8")
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("Doctors know how to help you.", "Doctors help you."))
        wait_for(lines, "wrote")
        assert "Doctors help you." in page.read_text(encoding="utf-8")
    finally:
        stop(process)

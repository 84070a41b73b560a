#!/usr/bin/env python3
"""Build-speed benchmark: allprint against raw WeasyPrint, no-op builds, and scaling.

Usage: python bench/run.py [--runs 3] [--sizes 1,10,50] [--parallel-topics 12]

Every figure is the median of --runs runs, each a fresh process, measured in this one
run (machines are noisy: compare ratios, not seconds across days). Prints a Markdown
table for the README's Performance section. Linux only (memory is read from /proc).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOPIC = ROOT / "content" / "pediatric-all.yaml"
TEMPLATES = ROOT / "templates"
TIERS = ("child", "parent", "clinician")

RAW_WEASYPRINT = """
import sys, weasyprint
for html, pdf in zip(sys.argv[1::2], sys.argv[2::2]):
    weasyprint.HTML(filename=html, base_url={templates!r}).write_pdf(pdf)
"""


def timed(command: list[str], cwd: Path = ROOT) -> tuple[float, int]:
    """Wall time of `command` and the peak of the summed memory of its process tree (KB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    sampler = threading.Thread(target=_sample_memory, args=(process, peak), daemon=True)
    sampler.start()
    _, err = process.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{err.decode()}")
    return elapsed, peak[0]


def _sample_memory(process: subprocess.Popen, peak: list[int]) -> None:
    while process.poll() is None:
        peak[0] = max(peak[0], _tree_rss_kb(process.pid))
        time.sleep(0.1)


def _tree_rss_kb(pid: int) -> int:
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().split()
            if int(entry.name) == pid or _descends(int(stat[3]), pid):
                total += int((entry / "statm").read_text().split()[1]) * os.sysconf("SC_PAGESIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total // 1024


def _descends(parent: int, ancestor: int) -> bool:
    while parent > 1:
        if parent == ancestor:
            return True
        try:
            parent = int(Path(f"/proc/{parent}/stat").read_text().split()[3])
        except (OSError, IndexError, ValueError):
            return False
    return False


def median_time(command: list[str], runs: int, prepare=None) -> tuple[float, int]:
    times, peaks = [], []
    for _ in range(runs):
        if prepare:
            prepare()
        elapsed, peak = timed(command)
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def copies(folder: Path, count: int) -> list[str]:
    """`count` copies of the bundled topic with their own ids (and no deck lock)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = TOPIC.read_text(encoding="utf-8")
    paths = []
    for n in range(count):
        path = folder / f"bench-topic-{n}.yaml"
        path.write_text(text.replace("id: pediatric-all", f"id: bench-topic-{n}", 1), "utf-8")
        paths.append(str(path))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1,10,50")
    parser.add_argument("--parallel-topics", type=int, default=12)
    args = parser.parse_args()
    python = sys.executable
    build = [python, str(ROOT / "build.py")]
    rows: list[tuple[str, str, str]] = []

    with tempfile.TemporaryDirectory(prefix="allprint-bench-") as tmp:
        work = Path(tmp)
        # 1. Overhead: a cold build against WeasyPrint alone on the same HTML.
        pairs = []
        for tier in TIERS:
            html = work / f"{tier}.html"
            html.write_text(
                subprocess.run(
                    [python, "-m", "allprint.cli", "html", str(TOPIC), "--tier", tier],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=ROOT,
                ).stdout,
                encoding="utf-8",
            )
            pairs += [str(html), str(work / f"raw-{tier}.pdf")]
        raw_script = RAW_WEASYPRINT.format(templates=str(TEMPLATES) + "/")
        raw, _ = median_time([python, "-c", raw_script, *pairs], args.runs)
        out = work / "out"
        cold_cmd = [*build, str(TOPIC), "--out", str(out), "--force"]
        cold, _ = median_time(cold_cmd, args.runs)
        cold1, _ = median_time([*cold_cmd, "--jobs", "1"], args.runs)
        rows.append(("raw WeasyPrint, 3 handouts (import included)", f"{raw:.2f} s", ""))
        rows.append(
            (
                "cold build, default jobs",
                f"{cold:.2f} s",
                f"overhead {cold / raw:.2f} (target ≤ 1.2)",
            )
        )
        rows.append(("cold build, --jobs 1", f"{cold1:.2f} s", f"overhead {cold1 / raw:.2f}"))

        # 2. No-op: nothing changed since the last build.
        noop, _ = median_time([*build, str(TOPIC), "--out", str(out)], args.runs)
        rows.append(("no-op build", f"{noop:.2f} s", f"{noop / cold:.2f} of cold (target ≤ 0.2)"))

        # 3. Scaling with the number of topics.
        for size in [int(s) for s in args.sizes.split(",")]:
            sources = copies(work / f"topics-{size}", size)
            command = [*build, *sources, "--out", str(work / f"out-{size}"), "--force"]
            elapsed, peak = median_time(command, args.runs)
            per_output = elapsed / (size * 4)
            rows.append(
                (
                    f"{size} topics ({size * 4} outputs)",
                    f"{elapsed:.1f} s",
                    f"{per_output:.2f} s per output, peak memory {peak / 1024:.0f} MB",
                )
            )
        sources = copies(work / "topics-par", args.parallel_topics)
        command = [*build, *sources, "--out", str(work / "out-par"), "--force"]
        one, _ = median_time([*command, "--jobs", "1"], args.runs)
        two, _ = median_time([*command, "--jobs", "2"], args.runs)
        rows.append(
            (
                f"{args.parallel_topics} topics, --jobs 2 vs --jobs 1",
                f"{two:.1f} s vs {one:.1f} s",
                f"speedup {one / two:.2f} (target ≥ 1.6 on 2 cores)",
            )
        )

    print(
        f"Measured {dt.date.today()} on {platform.machine()} {platform.system()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; "
        f"median of {args.runs} runs.\n"
    )
    print("| measure | time | result |\n| --- | --- | --- |")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")


if __name__ == "__main__":
    main()

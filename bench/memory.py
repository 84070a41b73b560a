#!/usr/bin/env python3
"""Memory of the PDF workers over many renders: peak RSS per worker process, with and
without replacing workers after `JOBS_PER_WORKER` jobs.

Usage: python bench/memory.py [--renders 1000] [--workers 2]

Lays out the tiny test topic's handouts for a site again and again (the mix a network's
run sends to its workers) through the pipeline's own worker pool, and samples the
resident memory of each worker process from /proc (Linux only). Not part of the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from allprint.pipeline.outputs import pdf_job  # noqa: E402
from allprint.pipeline.plan import plan_topic  # noqa: E402
from allprint.pipeline.prepare import prepare  # noqa: E402
from allprint.pipeline.workers import JOBS_PER_WORKER, JobRunner  # noqa: E402
from allprint.project.config import Site  # noqa: E402
from allprint.render.layout import PrintOptions  # noqa: E402

PAGE = os.sysconf("SC_PAGESIZE")


def children_rss() -> dict[int, int]:
    """Resident bytes of each child process of this one."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if int((entry / "stat").read_text().split(")")[-1].split()[1]) != os.getpid():
                continue
            found[int(entry.name)] = int((entry / "statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
    return found


def run(renders: int, workers: int, jobs_per_worker: int | None) -> tuple[dict[int, int], float]:
    """Peak RSS per worker (by pid) and the wall time of `renders` renders."""
    site = Site(name="Lakeside Clinic", phone="0100 555 7788", fever="38.3 °C")
    prepared = prepare(ROOT / "tests" / "data" / "tiny-topic.yaml", dt.date(2026, 6, 1), site)
    outputs = [o for o in plan_topic("tiny-topic", [PrintOptions()], deck=False)]
    jobs = [pdf_job(prepared, o, site) for o in outputs]
    peaks: dict[int, int] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            for pid, rss in children_rss().items():
                peaks[pid] = max(peaks.get(pid, 0), rss)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    with JobRunner(workers, jobs_per_worker=jobs_per_worker) as runner:
        waits = [runner.submit_together((jobs[i % len(jobs)],))[0] for i in range(renders)]
        for wait in waits:
            wait()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    # The resource tracker is a child too, but renders nothing: only processes of 100 MB+.
    return {pid: rss for pid, rss in peaks.items() if rss > 100 * 2**20}, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(
        f"{platform.machine()} {platform.system()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {args.renders} renders, {args.workers} workers"
    )
    print("| workers replaced | processes | peak RSS per worker (max) | time |")
    print("| --- | --- | --- | --- |")
    for recycle in (None, JOBS_PER_WORKER):
        peaks, elapsed = run(args.renders, args.workers, recycle)
        label = f"after {recycle} jobs" if recycle else "never"
        top = max(peaks.values()) / 2**20 if peaks else 0
        print(f"| {label} | {len(peaks)} | {top:.0f} MB | {elapsed:.0f} s |", flush=True)


if __name__ == "__main__":
    main()

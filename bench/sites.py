"""The network figures of bench/run.py (`--sites N`): many sites in one run.

- the time per extra site, against its floor: WeasyPrint's own layout and writing of
  that site's documents (measured in a --jobs 1 build as the difference between one
  site and two, divided by the jobs of the timed runs), and against a one-site cold build;
- the same N sites laid out on a Dask LocalCluster of 2 worker processes, against the
  local process pool (needs `distributed`: pip install 'allprint[dask]');
- a no-op rebuild of the N sites, against their cold build.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from run import PDF_TIMER_DRIVER, BenchError, Row, allprint, target, timed

JOBS = 2


def site_folder(folder: Path, count: int) -> Path:
    """`count` site profiles, each its own clinic, in `folder`."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for n in range(count):
        (folder / f"clinic-{n:03d}.toml").write_text(
            f'[site]\nname = "Clinic number {n}"\nphone = "0100 555 {n:04d}"\n'
            'emergency_number = "112"\nfever = "38.3 °C"\napproved_by = "Head nurse"\n'
            "approved_on = 2026-11-20\n",
            encoding="utf-8",
        )
    return folder


def weasyprint_seconds(bench, sites: Path, out: Path) -> float:
    """WeasyPrint's own time (parse, layout, write) in a --jobs 1 build of `sites`."""
    seconds = bench.work / "pdf-seconds-sites"
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-c", PDF_TIMER_DRIVER, str(seconds), str(bench.source)]
    command += ["--site", str(sites), "--out", str(out), "--jobs", "1"]
    timed(command, bench.work)
    return float(seconds.read_text())


def cold(bench, sites: Path, out: Path, *extra: str) -> float:
    shutil.rmtree(out, ignore_errors=True)
    command = allprint("build", bench.source, "--site", sites, "--out", out, "--jobs", JOBS)
    return timed([*command, *extra], bench.work).elapsed


def network(bench, count: int) -> list[Row]:
    if count < 2:
        raise BenchError("--sites needs at least 2 sites")
    one = site_folder(bench.work / "sites-1", 1)
    two = site_folder(bench.work / "sites-2", 2)
    many = site_folder(bench.work / f"sites-{count}", count)
    # The floor: one more site's documents, laid out and written by WeasyPrint alone.
    floor = weasyprint_seconds(bench, two, bench.work / "out-floor-2")
    floor -= weasyprint_seconds(bench, one, bench.work / "out-floor-1")
    floor /= JOBS  # the timed builds lay out on JOBS workers at once
    single = cold(bench, one, bench.work / "out-site-1")
    out = bench.work / "out-sites"
    whole = cold(bench, many, out)
    extra = (whole - single) / (count - 1)
    noop = timed(allprint("build", bench.source, "--site", many, "--out", out), bench.work)
    at_floor = target(extra <= 1.1 * floor, "≤ 1.1x")
    at_noop = target(noop.elapsed <= 0.05 * whole, "≤ 0.05x")
    rows = [
        (f"one site, cold build, --jobs {JOBS} (with decks)", f"{single:.1f} s", ""),
        (f"{count} sites, cold build, --jobs {JOBS}", f"{whole:.1f} s", ""),
        (
            "time per extra site",
            f"{extra:.2f} s",
            f"{extra / floor:.2f}x its floor ({floor:.2f} s: WeasyPrint's layout and writing "
            f"of one site's documents, on {JOBS} workers) {at_floor}; "
            f"{extra / single:.2f}x a one-site cold build",
        ),
        (
            f"no-op rebuild of {count} sites",
            f"{noop.elapsed:.2f} s",
            f"{noop.elapsed / whole:.3f}x their cold build {at_noop}",
        ),
    ]
    return rows + _on_dask(bench, many, count, whole)


def _on_dask(bench, sites: Path, count: int, local: float) -> list[Row]:
    name = f"{count} sites on a Dask LocalCluster of {JOBS} worker processes"
    try:
        import distributed
    except ImportError:
        return [(name, "—", "skipped: distributed is not installed (pip install 'allprint[dask]')")]
    with distributed.LocalCluster(
        n_workers=JOBS, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        out = bench.work / "out-sites-dask"
        elapsed = cold(bench, sites, out, "--scheduler", cluster.scheduler_address)
    ratio = elapsed / local
    return [
        (
            name,
            f"{elapsed:.1f} s",
            f"{ratio:.2f}x the local pool {target(ratio <= 1.15, '≤ 1.15x')}",
        )
    ]

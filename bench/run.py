#!/usr/bin/env python3
"""Build-speed benchmark: allprint's own cost, bundles, rebuilds, parallelism, a pandoc yardstick.

Usage: python bench/run.py [--runs 3] [--sizes 10] [--parallel-topics 12] [--quick]
                           [--only bundle,no-op] [--sites 20]

Every figure is the median of --runs runs, each a fresh process, measured in this one
run (machines are noisy: compare ratios, not seconds across days); a ratio to a cold
build is the median of ratios to a cold build timed just before each run. Prints a Markdown
table for the README's Performance section. Linux only (memory is read from /proc).
Run it with the project's virtualenv Python: its bin holds the `weasyprint` command
pandoc calls, and PyYAML checks the child-only edit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
TRANSLATIONS = ROOT / "translations"
TOPIC_FILE = "pediatric-all.yaml"
TEMPLATES = ROOT / "templates"
TIERS = ("child", "parent", "clinician")
VENV_BIN = Path(sys.executable).parent

# Times WeasyPrint's work (parsing the HTML, laying it out, writing the PDF) inside an
# ordinary `allprint build`; the patches
# live only in this throw-away process, never in the product.
PDF_TIMER_DRIVER = """
import sys, time
from pathlib import Path
from allprint.pipeline.workers import collect_less_often
collect_less_often()  # first, as `allprint` does: WeasyPrint loads after it in a build
from allprint.render.engine import weasyprint  # as a build imports it
from weasyprint.document import Document

spent = 0.0

def timer(method):
    def timed(*args, **kwargs):
        global spent
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent += time.perf_counter() - start
    return timed

weasyprint.HTML.__init__ = timer(weasyprint.HTML.__init__)  # parsing the HTML is layout work
weasyprint.HTML.render = timer(weasyprint.HTML.render)
Document.write_pdf = timer(Document.write_pdf)
import atexit
from allprint.cli.main import run
atexit.register(lambda: Path(sys.argv[1]).write_text(repr(spent)))
run(["build", *sys.argv[2:]])
"""

Row = tuple[str, str, str]


class BenchError(Exception):
    """A command failed: its row is marked failed and the other figures still run."""


@dataclass(frozen=True)
class Sample:
    elapsed: float  # seconds
    peak_kb: int  # peak of the summed memory of the process tree


@dataclass
class Bench:
    work: Path  # a temp project: a copy of content/, outputs in folders beside it
    runs: int
    cold: float | None = None  # cold build, default jobs: the yardstick of most ratios

    @property
    def source(self) -> Path:
        return self.work / "content" / TOPIC_FILE

    def cold_time(self) -> float:
        if self.cold is None:
            raise BenchError("no cold build time to compare with (its row failed)")
        return self.cold


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Sample:
    """Wall time of `command` (interpreter start included) and its peak memory."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = [0]
    sampler = threading.Thread(target=_sample_memory, args=(process, peak), daemon=True)
    sampler.start()
    _, err = process.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        raise _failure(command, err.decode(errors="replace"))
    return Sample(elapsed, peak[0])


def _failure(command: list[str], stderr: str) -> BenchError:
    print(f"failed: {' '.join(command)}\n{stderr}", file=sys.stderr)
    last = [line for line in stderr.splitlines() if line.strip()][-1:] or ["no message"]
    return BenchError(f"`{Path(command[0]).name} {' '.join(command[1:3])}…`: {last[0]}")


def run_quietly(command: list[str], cwd: Path) -> str:
    """Run an untimed setup step; its stdout, or BenchError if it fails."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise _failure(command, done.stderr)
    return done.stdout


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


def median_time(
    command: list[str], bench: Bench, prepare: Callable[[], None] | None = None
) -> Sample:
    times, peaks = [], []
    for _ in range(bench.runs):
        if prepare:
            prepare()
        sample = timed(command, bench.work)
        times.append(sample.elapsed)
        peaks.append(sample.peak_kb)
    return Sample(statistics.median(times), max(peaks))


def paired_ratio(
    command: list[str], bench: Bench, prepare: Callable[[], None] | None = None
) -> tuple[float, float]:
    """(median time of `command`, median of its ratios to a cold build timed just before
    each run). Why paired: this machine's speed drifts within minutes, and a ratio of two
    figures measured minutes apart moved by a fifth from one run to the next."""
    times, ratios = [], []
    out = bench.work / "out-cold-paired"
    cold = allprint("build", bench.source, "--out", out)
    for _ in range(bench.runs):
        shutil.rmtree(out, ignore_errors=True)
        base = timed(cold, bench.work).elapsed
        if prepare:
            prepare()
        elapsed = timed(command, bench.work).elapsed
        times.append(elapsed)
        ratios.append(elapsed / base)
    return statistics.median(times), statistics.median(ratios)


def allprint(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "allprint.cli", *map(str, args)]


def fresh(folder: Path) -> Callable[[], None]:
    """A `prepare` step that empties `folder`, so each run starts from nothing."""
    return lambda: shutil.rmtree(folder, ignore_errors=True)


def target(ok: bool, text: str) -> str:
    return f"(target {text}: {'met' if ok else 'MISSED'})"


def ratio_row(name: str, elapsed: float, ratio: float, most: float | None) -> Row:
    """A figure paired with a cold build: its time, and its ratio against the target `most`."""
    goal = target(ratio <= most, f"≤ {most:g}x") if most else "(for comparison; no target)"
    return (name, f"{elapsed:.2f} s", f"{ratio:.2f}x cold build {goal}")


def copies(folder: Path, count: int) -> list[str]:
    """`count` copies of the bundled topic with their own ids (and no deck lock)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (CONTENT / TOPIC_FILE).read_text(encoding="utf-8")
    paths = []
    for n in range(count):
        path = folder / f"bench-topic-{n}.yaml"
        path.write_text(text.replace("id: pediatric-all", f"id: bench-topic-{n}", 1), "utf-8")
        paths.append(str(path))
    return paths


# --- 1. allprint's own cost ------------------------------------------------------------


def own_cost(bench: Bench) -> list[Row]:
    """Share of a --jobs 1 build spent outside WeasyPrint's render and write_pdf."""
    seconds_file = bench.work / "pdf-seconds"
    out = bench.work / "out-own-cost"
    command = [sys.executable, "-c", PDF_TIMER_DRIVER, str(seconds_file)]
    command += [str(bench.source), "--out", str(out), "--jobs", "1", "--force"]
    walls, shares = [], []
    for _ in range(bench.runs):
        wall = timed(command, bench.work).elapsed
        walls.append(wall)
        shares.append(1 - float(seconds_file.read_text()) / wall)
    share = statistics.median(shares)
    return [
        (
            "cold build --jobs 1: time outside WeasyPrint (parse, render, write_pdf)",
            f"{statistics.median(walls):.2f} s",
            f"{share:.1%} of wall time {target(share <= 0.15, '≤ 15 %')}",
        )
    ]


# --- 1b. what tagging costs -------------------------------------------------------------


def tagged_cost(bench: Bench) -> list[Row]:
    """A tagged (PDF/UA-1) cold build against a default one, paired run by run: time,
    and the bytes of every PDF it writes."""
    plain, tagged = bench.work / "out-untagged", bench.work / "out-tagged"
    ratios, times = [], []
    for _ in range(bench.runs):
        for folder in (plain, tagged):
            shutil.rmtree(folder, ignore_errors=True)
        base = timed(allprint("build", bench.source, "--out", plain), bench.work).elapsed
        command = allprint("build", bench.source, "--out", tagged, "--pdf-variant", "pdf/ua-1")
        elapsed = timed(command, bench.work).elapsed
        times.append(elapsed)
        ratios.append(elapsed / base)
    ratio = statistics.median(ratios)
    sizes = [sum(p.stat().st_size for p in f.rglob("*.pdf")) for f in (plain, tagged)]
    grown = sizes[1] / sizes[0]
    return [
        (
            "tagged (PDF/UA-1) cold build vs default, default jobs",
            f"{statistics.median(times):.2f} s",
            f"{ratio:.2f}x time {target(ratio <= 1.15, '≤ 1.15x')}",
        ),
        (
            "tagged (PDF/UA-1) PDFs vs default: bytes",
            f"{sizes[1] / 1024:.0f} KB",
            f"{grown:.2f}x {sizes[0] / 1024:.0f} KB {target(grown <= 1.20, '≤ 1.20x')}",
        ),
    ]


# --- 2. cold build and bundle ----------------------------------------------------------


def cold_build(bench: Bench) -> list[Row]:
    out = bench.work / "out-cold"
    sample = median_time(allprint("build", bench.source, "--out", out), bench, fresh(out))
    bench.cold = sample.elapsed
    return [("cold build, default jobs", f"{sample.elapsed:.2f} s", "")]


def bundle(bench: Bench) -> list[Row]:
    out = bench.work / "out-bundle"
    elapsed, ratio = paired_ratio(allprint("bundle", bench.source, "--out", out), bench, fresh(out))
    return [
        ratio_row(
            "bundle of the topic (every variant), default jobs, from nothing", elapsed, ratio, 2.5
        )
    ]


def bundle_one_paper(bench: Bench) -> list[Row]:
    """A bundle of one paper size (`--paper a4`): what a clinic that prints on A4 needs."""
    out = bench.work / "out-bundle-a4"
    command = allprint("bundle", bench.source, "--paper", "a4", "--out", out)
    elapsed, ratio = paired_ratio(command, bench, fresh(out))
    return [
        ratio_row(
            "bundle of the topic on one paper size (--paper a4), from nothing", elapsed, ratio, None
        )
    ]


def bundle_after_build(bench: Bench) -> list[Row]:
    """The usual order at a clinic: build, then bundle into the same folder (the bundle
    copies the PDFs the build made)."""
    out = bench.work / "out-bundle-after-build"

    def prepare() -> None:
        shutil.rmtree(out, ignore_errors=True)
        run_quietly(allprint("build", bench.source, "--out", out), bench.work)

    elapsed, ratio = paired_ratio(allprint("bundle", bench.source, "--out", out), bench, prepare)
    return [
        ratio_row("bundle of the topic after a build into the same folder", elapsed, ratio, 2.5)
    ]


# --- 3. rebuild after a child-only edit ------------------------------------------------

_CHILD_LINE = re.compile(r"^(?P<key>\s*(?:- )?child:[ \t]+)(?P<value>\S.*?)[ \t]*$")


def child_edit(text: str) -> str:
    """`text` with " Really." appended to the first child-only string it can safely edit."""
    import yaml  # the project's own dependency: the venv has it

    original = yaml.safe_load(text)
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        match = _CHILD_LINE.match(line.rstrip("\r\n"))
        value = _appended(match["value"]) if match else None
        if match is None or value is None:
            continue
        edited = "".join([*lines[:number], f"{match['key']}{value}\n", *lines[number + 1 :]])
        try:
            changed = _differences(original, yaml.safe_load(edited))
        except yaml.YAMLError:
            continue
        if len(changed) == 1 and _is_child_text(original, changed[0]):
            return edited
    raise BenchError("found no child-only line to edit in the topic")


def _appended(value: str) -> str | None:
    """The scalar with " Really." added, or None where a plain append could break YAML."""
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        return f"{value[:-1]} Really.{value[-1]}"
    if value[0] in "|>[{&*!%@`\"'" or " #" in value:
        return None  # block, flow, anchor, tag or commented scalar: leave it alone
    return f"{value} Really."


def _differences(old: Any, new: Any, path: tuple = ()) -> list[tuple]:
    """Paths at which two loaded YAML documents differ."""
    if isinstance(old, dict) and isinstance(new, dict) and old.keys() == new.keys():
        return [d for key in old for d in _differences(old[key], new[key], (*path, key))]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        pairs = enumerate(zip(old, new, strict=True))
        return [d for n, (a, b) in pairs for d in _differences(a, b, (*path, n))]
    return [] if old == new else [path]


def _is_child_text(document: Any, path: tuple) -> bool:
    """True if `path` is the `child` string of a mapping that also holds another tier."""
    if not path or path[-1] != "child":
        return False
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    return isinstance(parent["child"], str) and bool(set(parent) & {"parent", "clinician"})


def child_rebuild(bench: Bench) -> list[Row]:
    original = bench.source.read_text(encoding="utf-8")
    edited = child_edit(original)
    command = allprint("build", bench.source, "--out", bench.work / "out-rebuild")

    def prepare() -> None:
        # Build the unedited topic, untimed, so only the edit is left to rebuild.
        bench.source.write_text(original, encoding="utf-8")
        run_quietly(command, bench.work)
        bench.source.write_text(edited, encoding="utf-8")

    try:
        elapsed, ratio = paired_ratio(command, bench, prepare)
    finally:
        bench.source.write_text(original, encoding="utf-8")
    return [ratio_row("rebuild after editing one child-only string", elapsed, ratio, 0.5)]


# --- 4. no-op build --------------------------------------------------------------------


def noop_build(bench: Bench) -> list[Row]:
    command = allprint("build", bench.source, "--out", bench.work / "out-noop")
    run_quietly(command, bench.work)  # the build the timed ones find up to date
    elapsed, ratio = paired_ratio(command, bench)
    return [ratio_row("no-op build (nothing changed)", elapsed, ratio, 0.05)]


# --- 5. scaling and parallelism --------------------------------------------------------


def scaling(bench: Bench, sizes: list[int]) -> list[Row]:
    rows = []
    for size in sizes:
        sources = copies(bench.work / f"topics-{size}", size)
        out = bench.work / f"out-{size}"
        sample = median_time(allprint("build", *sources, "--out", out, "--force"), bench)
        per_output = sample.elapsed / (size * 4)
        rows.append(
            (
                f"{size} topics ({size * 4} outputs)",
                f"{sample.elapsed:.1f} s",
                f"{per_output:.2f} s per output, peak memory {sample.peak_kb / 1024:.0f} MB",
            )
        )
    return rows


def parallel(bench: Bench, topics: int) -> list[Row]:
    sources = copies(bench.work / "topics-par", topics)
    command = allprint("build", *sources, "--out", bench.work / "out-par", "--force")
    one = median_time([*command, "--jobs", "1"], bench).elapsed
    two = median_time([*command, "--jobs", "2"], bench).elapsed
    speedup = one / two
    return [
        (
            f"{topics} topics, --jobs 2 vs --jobs 1",
            f"{two:.1f} s vs {one:.1f} s",
            f"speedup {speedup:.2f} {target(speedup >= 1.8, '≥ 1.8 on 2 cores')}",
        )
    ]


# --- 6. pandoc yardstick ---------------------------------------------------------------


def pandoc(bench: Bench) -> list[Row]:
    name = "pandoc + WeasyPrint, 3 handouts, one process each"
    if shutil.which("pandoc") is None:
        return [(name, "—", "skipped: pandoc is not installed (apt-get install pandoc)")]
    if not (VENV_BIN / "weasyprint").exists():
        return [(name, "—", f"skipped: no weasyprint command in {VENV_BIN}")]
    version = run_quietly(["pandoc", "--version"], bench.work).split("\n", 1)[0]
    # Pandoc runs the `weasyprint` command: the venv's, the same version allprint uses.
    env = {**os.environ, "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    has_output = re.search(r"(^|[\s,])-o\b", run_quietly(allprint("html", "--help"), bench.work))
    commands = [_pandoc_command(bench, tier, bool(has_output)) for tier in TIERS]
    totals = [
        sum(timed(command, bench.work, env).elapsed for command in commands)
        for _ in range(bench.runs)
    ]
    total = statistics.median(totals)
    fraction = bench.cold_time() / total
    return [
        (
            f"{version} + WeasyPrint, 3 handouts in turn (yardstick)",
            f"{total:.2f} s",
            f"cold build, default jobs, takes {fraction:.2f} of it",
        )
    ]


def _pandoc_command(bench: Bench, tier: str, has_output: bool) -> list[str]:
    """Pandoc turning allprint's HTML of `tier` into a PDF that looks the same.

    Pandoc's HTML reader drops the classes of many elements (8 pages where allprint
    makes 10), so the body goes in as one raw HTML block and allprint's own <head>,
    with its stylesheet links, becomes the template: WeasyPrint gets the same HTML.
    """
    head, body, tail = _split_body(_tier_html(bench, tier, has_output))
    template = bench.work / f"pandoc-{tier}.template.html"
    template.write_text(f"{head.replace('$', '$$')}\n$body$\n{tail.replace('$', '$$')}", "utf-8")
    fence = "`" * max([4, *(len(run) + 1 for run in re.findall(r"`+", body))])
    source = bench.work / f"pandoc-{tier}.md"
    source.write_text(f"{fence}{{=html}}\n{body}\n{fence}\n", "utf-8")
    return [
        "pandoc",
        str(source),
        "-f",
        "markdown",
        "-t",
        "html",
        "--template",
        str(template),
        f"--metadata=pagetitle:{tier}",  # unused by the template; stops pandoc's warning
        "--pdf-engine=weasyprint",
        f"--pdf-engine-opt=--base-url={TEMPLATES}/",  # a <base href> in the head wins
        "-o",
        str(bench.work / f"pandoc-{tier}.pdf"),
    ]


def _tier_html(bench: Bench, tier: str, has_output: bool) -> str:
    """`allprint html` of one tier, through `-o` when the command has it (adds <base>)."""
    command = allprint("html", bench.source, "--tier", tier)
    if has_output:
        path = bench.work / f"{tier}.html"
        run_quietly([*command, "-o", str(path)], bench.work)
        return path.read_text(encoding="utf-8")
    return run_quietly(command, bench.work)


def _split_body(html: str) -> tuple[str, str, str]:
    """(everything up to and including <body ...>, the body's content, </body> onwards)."""
    opening = re.search(r"<body\b[^>]*>", html, re.IGNORECASE)
    closing = html.lower().rfind("</body>")
    if opening is None or closing < opening.end():
        raise BenchError("`allprint html` gave no <body> to hand to pandoc")
    return html[: opening.end()], html[opening.end() : closing], html[closing:]


# --- main ------------------------------------------------------------------------------


def measure(rows: list[Row], title: str, figure: Callable[[], list[Row]]) -> bool:
    """Append the figure's rows, or one failed row: one broken figure spoils no other."""
    try:
        rows.extend(figure())
    except BenchError as exc:
        rows.append((title, "—", f"FAILED: {exc}"))
        return False
    return True


def main() -> None:
    # Every figure lays its pages out: no PDF taken from a shared store, and the default
    # worker count is the machine's.
    for name in ("ALLPRINT_STORE", "ALLPRINT_JOBS"):
        os.environ.pop(name, None)
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--sizes", default="10", help="topic counts for scaling rows, e.g. 1,10,50; '' for none"
    )
    parser.add_argument("--parallel-topics", type=int, default=12)
    parser.add_argument("--quick", action="store_true", help="1 run per figure, no scaling")
    parser.add_argument(
        "--sites",
        type=int,
        default=0,
        metavar="N",
        help="also the network figures, for N sites in one run (bench/sites.py; run once)",
    )
    parser.add_argument(
        "--only",
        metavar="WORDS",
        help="only the figures whose title contains one of these comma-separated words, "
        "e.g. 'bundle' (a cold build is always measured first: ratios need it)",
    )
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    sizes = [] if args.quick else [int(s) for s in args.sizes.split(",") if s.strip()]
    rows: list[Row] = []

    with tempfile.TemporaryDirectory(prefix="allprint-bench-") as tmp:
        bench = Bench(Path(tmp), runs)
        # A copy of the content and its translations, as `python build.py` builds them:
        # builds write deck locks beside their sources and catalogues.
        shutil.copytree(CONTENT, bench.work / "content")
        shutil.copytree(TRANSLATIONS, bench.work / "translations")
        figures: list[tuple[str, Callable[[], list[Row]]]] = [
            ("cold build --jobs 1, outside WeasyPrint", lambda: own_cost(bench)),
            ("cold build, default jobs", lambda: cold_build(bench)),
            ("tagged PDFs vs default", lambda: tagged_cost(bench)),
            ("bundle of the topic", lambda: bundle(bench)),
            ("bundle after a build", lambda: bundle_after_build(bench)),
            ("bundle on one paper size", lambda: bundle_one_paper(bench)),
            ("rebuild after a child-only edit", lambda: child_rebuild(bench)),
            ("no-op build", lambda: noop_build(bench)),
            ("pandoc yardstick", lambda: pandoc(bench)),
            ("scaling", lambda: scaling(bench, sizes)),
            (
                f"{args.parallel_topics} topics, --jobs 2 vs 1",
                lambda: parallel(bench, args.parallel_topics),
            ),
        ]
        if args.sites:
            from sites import network

            figures.append((f"{args.sites} sites", lambda: network(bench, args.sites)))
        if args.only:
            words = [w.strip() for w in args.only.split(",") if w.strip()]
            figures = [
                (title, figure)
                for title, figure in figures
                if title == "cold build, default jobs" or any(w in title for w in words)
            ]
        failed = [title for title, figure in figures if not measure(rows, title, figure)]

    print(
        f"Measured {dt.date.today()} on {platform.machine()} {platform.system()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; "
        f"median of {runs} run{'s' if runs != 1 else ''}.\n"
    )
    print("| measure | time | result |\n| --- | --- | --- |")
    for name, value, note in rows:
        print(f"| {name} | {value} | {note} |")
    if failed:
        sys.exit(f"\nfailed: {', '.join(failed)} (details above)")


if __name__ == "__main__":
    main()

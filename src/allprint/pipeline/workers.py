"""Rendering PDFs, in this process or in a pool of worker processes.

A job carries everything needed to make one PDF (the HTML is already rendered), so
it can run anywhere and gives the same bytes wherever it runs. Workers are started
with `spawn`, not `fork`: forking a process that has loaded WeasyPrint's native
libraries is not safe. Each worker keeps one font configuration for all its jobs.
"""

from __future__ import annotations

import functools
import gc
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from allprint.errors import UserError
from allprint.memo import per_build
from allprint.paths import TEMPLATES_DIR

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from allprint.render.pdf import RenderedPdf


@dataclass(frozen=True)
class PdfJob:
    name: str  # where it goes, e.g. "pamphlets/pediatric-all-parent.pdf"
    html: str
    identifier: str
    epoch: int
    variant: str | None = None
    booklet_sheet: tuple[float, float] | None = None  # impose on this sheet when set
    sheet: tuple[float, float] | None = None  # centre each page on this paper when set
    # The most pages it may take (a one-sheet), the ids that must start on page 1 (the
    # call box...), and the levels its HTML may be set closer (`render/closer.py`), each
    # laid out in turn while the one before breaks either rule (`run_jobs`).
    most_pages: int | None = None
    closer: tuple[int, ...] = ()
    first_page: tuple[str, ...] = ()

    def options(self) -> str:
        """Everything besides the HTML that decides the bytes (for the cache key)."""
        options = (self.identifier, self.epoch, self.variant, self.booklet_sheet)
        # A PDF on its own paper keeps the key it had before pages could be placed.
        options += (self.sheet,) if self.sheet else ()
        options += (self.most_pages,) if self.closer else ()  # the closer HTML: `htmls`
        options += (self.first_page,) if self.closer and self.first_page else ()
        return repr(options)

    def htmls(self) -> tuple[str, ...]:
        """The HTML this job may lay out (also its part of the cache key): its own, then
        set closer at each of its levels."""
        from allprint.render.closer import set_closer

        return (self.html, *(set_closer(self.html, level) for level in self.closer))

    def layout(self) -> tuple:
        """What decides the pages: jobs equal in it are laid out once (`run_jobs`)."""
        return (self.html, self.epoch, self.variant, self.closer)


@dataclass(frozen=True)
class PdfResult:
    name: str
    data: bytes
    detail: str  # e.g. "6 pages"
    assets: tuple[str, ...] = ()  # template files the render read
    pages: int = 0  # of the document (a booklet has half as many sheet sides)
    anchors: dict[str, int] = field(default_factory=dict)  # element id -> first page


def run_job(job: PdfJob) -> PdfResult:
    return run_jobs((job,))[0]


def run_jobs(jobs: tuple[PdfJob, ...]) -> list[PdfResult]:
    """The PDFs of jobs with one layout (the A4 and Letter copies of a booklet's pages
    differ only in the sheet they are placed on): laid out once, then written and placed
    for each job, each file as if made alone."""
    from allprint.render.pdf import render_first_fitting

    first = jobs[0]
    if any(job.layout() != first.layout() for job in jobs):
        raise ValueError("jobs laid out together must have the same layout")
    # A booklet keeps no file id (its sheets are a new file): its pages are written once
    # for every sheet size.
    files = [(first.identifier, None) if j.booklet_sheet else (j.identifier, j.sheet) for j in jobs]
    unique = list(dict.fromkeys(files))
    try:
        # A one-sheet that runs over its sheet, or a handout whose call box does not start
        # on page 1 (long site values, say), is laid out again set closer; if even the
        # closest does not fit, the checks say so.
        pdfs, closer = render_first_fitting(
            first.htmls(),
            unique,
            fits=functools.partial(_fits, first),
            epoch=first.epoch,
            variant=first.variant,
            font_config=_fonts(),
            image_cache=_images(),
        )
    except OSError as exc:  # a full disk or a file-size limit while fonts are prepared
        raise UserError(
            f"{first.name}: cannot be made: {exc.strerror} (check the free disk space "
            "and any file-size limit)"
        ) from None
    written = dict(zip(unique, pdfs, strict=True))
    return [_result(job, written[file], closer) for job, file in zip(jobs, files, strict=True)]


def _fits(job: PdfJob, pages: int, anchors: dict[str, int]) -> bool:
    """Whether a job's pages keep its rules: no more pages than it may take, and the
    parts that must start on page 1 there."""
    if job.most_pages is not None and pages > job.most_pages:
        return False
    return all(anchors.get(anchor, 1) == 1 for anchor in job.first_page)


def _result(job: PdfJob, pdf: RenderedPdf, closer: int) -> PdfResult:
    data, pages = pdf.data, pdf.pages
    detail = f"{pages} page{'s' if pages != 1 else ''}"
    if closer:  # a one-sheet's lines, or a guide's page 1
        detail += ", lines set closer to fit" if job.most_pages else ", page 1 set closer to fit"
    if job.booklet_sheet:
        from allprint.render.impose import impose_booklet  # pikepdf: only booklets need it

        data = impose_booklet(data, *job.booklet_sheet)
        sheets = -(-pages // 4)
        detail += f", {sheets} sheet{'s' if sheets != 1 else ''} folded"
    return PdfResult(job.name, data, detail, pdf.assets, pages, pdf.anchors)


def _measured(jobs: tuple[PdfJob, ...]) -> tuple[list[PdfResult], int]:
    """In a worker: the jobs' PDFs, and this process's resident memory after them."""
    return run_jobs(jobs), resident_memory()


def resident_memory() -> int:
    """This process's resident memory in bytes (its peak where /proc is not there)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGESIZE")
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux, B on macOS
        return peak if sys.platform == "darwin" else peak * 1024


def collect_less_often() -> None:
    """Run Python's cycle collector after 50,000 new objects instead of 700.

    Why: a run makes a few million objects that live until it ends (the modules of
    WeasyPrint, pydantic and Jinja, the source model, fonts), and the default walked them
    again and again: 0.2 s of a build, in 350 collections. Between two collections now
    at most a few megabytes of garbage wait; the many cycles a PDF leaves are collected
    as soon as it is made (`render_first_fitting`).
    """
    gc.set_threshold(50_000, 20, 20)


def _start_worker(parent: int) -> None:
    """Set up a worker process: it follows its parent, and exits quickly."""
    from multiprocessing.util import Finalize

    collect_less_often()
    _follow_parent(parent)
    # Last thing a worker does: set its garbage aside rather than collect it object by
    # object as the interpreter ends (0.3 s, which the build waited for). Exit handlers,
    # such as the one that removes the temporary fonts, have run by then.
    Finalize(None, gc.freeze, exitpriority=-1)


def _warm() -> None:
    """In a worker: load what every PDF needs before the first job arrives."""
    _fonts()  # loads WeasyPrint too


def _follow_parent(parent: int) -> None:
    """In a worker: end when the build that started it is gone (killed, say), rather than
    live on and keep the caller's output pipe open."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        if _fonts_of.cache_info().currsize:  # os._exit runs no exit handlers: tidy up first
            from allprint.render.pdf import remove_font_copies

            remove_font_copies(_fonts())
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="follow-parent").start()


def _raise(exc: Exception):
    raise exc


@per_build
def _images() -> dict:
    """One image cache per build, shared by its documents (WeasyPrint's `cache` option)."""
    return {}


def _fonts():
    """One font configuration for as long as the shipped fonts stay as they are: loading
    fonts is a large part of a small PDF, and rounds of `--watch` keep it too."""
    files = sorted((TEMPLATES_DIR / "fonts").iterdir())
    return _fonts_of(tuple((p.name, s.st_size, s.st_mtime_ns) for p in files for s in [p.stat()]))


@functools.lru_cache(maxsize=1)
def _fonts_of(stamp: tuple) -> object:
    from multiprocessing.util import Finalize

    from allprint.render.pdf import remove_font_copies, shipped_fonts

    config = shipped_fonts()
    # Its copies of the fonts are removed when the process ends (multiprocessing runs
    # these in workers too).
    Finalize(None, remove_font_copies, args=(config,), exitpriority=0)
    return config


# The workers are replaced by new ones after this many jobs each: WeasyPrint's memory
# grows over many documents in one process (caches, fragments of the heap), and a run of
# a network's sites lays out thousands (bench/memory.py measures it). Not the pool's own
# `max_tasks_per_child`: on Python 3.11 a pool whose workers all reached it could hang.
JOBS_PER_WORKER = 100
# The workers are replaced, all at once, when one of them has grown past this much
# resident memory. Either way the jobs already given to them finish there first.
MEMORY_PER_WORKER = 1024 * 2**20


class JobRunner:
    """Runs PDF jobs as they are submitted: here when `workers` is 1, else in a process pool
    whose workers are replaced after `jobs_per_worker` jobs each, or when one passes
    `memory_per_worker`.

    Submitting returns, per job, a function that gives its result (waiting if need be),
    so the caller can go on preparing the next topic while workers render.
    """

    def __init__(
        self,
        workers: int,
        on_done: Callable[[PdfResult], None] | None = None,
        jobs_per_worker: int | None = JOBS_PER_WORKER,
        memory_per_worker: int = MEMORY_PER_WORKER,
    ) -> None:
        self.workers = workers
        self.on_done = on_done
        self.jobs_per_worker = jobs_per_worker
        self.memory_per_worker = memory_per_worker
        self.replaced = 0  # times the pool was replaced by a new one
        self._pool: ProcessPoolExecutor | None = None
        self._grown: ProcessPoolExecutor | None = None  # a pool with a worker past the limit
        self._retired: list[ProcessPoolExecutor] = []
        self._given = 0  # jobs given to the current pool

    def __enter__(self) -> JobRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        for pool in self._retired:  # their jobs are all waited for by now
            pool.shutdown(cancel_futures=True)
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def submit_together(self, jobs: tuple[PdfJob, ...]) -> list[Callable[[], PdfResult]]:
        """Jobs with one layout, laid out once (`run_jobs`); a wait for each one's PDF."""
        if self.workers <= 1:
            try:
                results = run_jobs(jobs)
            except UserError as exc:  # raised when the result is asked for, as from a worker
                return [lambda error=exc: _raise(error)] * len(jobs)
            for result in results:
                self._done(result)
            return [lambda result=result: result for result in results]
        pool = self._started()
        future = pool.submit(_measured, jobs)
        self._given += 1
        if self.jobs_per_worker and self._given >= self.jobs_per_worker * self.workers:
            self._grown = pool  # enough jobs for these workers: new ones for the next

        def results(f=future) -> list[PdfResult]:
            made, resident = f.result()
            if resident > self.memory_per_worker:
                self._grown = pool  # replaced at the next submission, in the caller's thread
            return made

        def finished(f) -> None:
            if not f.cancelled() and f.exception() is None:
                self._done_all(results())

        future.add_done_callback(finished)
        return [lambda i=i: results()[i] for i in range(len(jobs))]

    def warm_up(self) -> None:
        """Start the workers now, each loading WeasyPrint and the fonts, while this process
        goes on checking the sources (on two cores the two overlap). Called once a source
        that is not up to date reads well: a run with nothing to render starts none."""
        if self.workers > 1 and self._pool is None:
            for _ in range(self.workers):
                self._started().submit(_warm)

    def _started(self) -> ProcessPoolExecutor:
        if self._grown is not None and self._grown is self._pool:
            # New workers for the jobs to come; the old ones finish theirs, then exit.
            self._retired.append(self._pool)
            self._pool.shutdown(wait=False)
            self._pool, self._grown, self._given = None, None, 0
            self.replaced += 1
        if self._pool is None:
            import multiprocessing  # here: a run in this process (--jobs 1) needs no pool
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        return self._pool

    def _done_all(self, results: list[PdfResult]) -> None:
        for result in results:
            self._done(result)

    def _done(self, result: PdfResult) -> None:
        if self.on_done:
            self.on_done(result)

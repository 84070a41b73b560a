"""Render jobs on a Dask cluster (`--scheduler tcp://HOST:8786`, `pip install allprint[dask]`).

The same jobs as the local pool (`workers.run_jobs`): each carries its HTML and options,
and gives back the PDF's bytes, so a worker never reads the project nor writes into it;
only the process that started the run writes, atomically, as with the local pool. A
worker lost mid-run is not a lost run: the scheduler runs its jobs again elsewhere, and
since a job gives the same bytes wherever it runs, the files are the same.

Each job also carries the fingerprint of the rendering code and templates of the
starting process: a worker with another version of allprint or other templates refuses
it (it would make other bytes, and the output cache would keep them).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from allprint.errors import UserError
from allprint.pipeline.workers import PdfJob, PdfResult, run_jobs

# A job that fails for its own sake (not a lost worker) is tried this many times more.
RETRIES = 1


@functools.cache
def engine_fingerprint() -> str:
    """What decides the bytes on this machine: the rendering code, the templates (fonts
    and style sheets included) and the versions of the libraries."""
    from allprint.pipeline.cache import render_fingerprint

    return render_fingerprint()


def run_remote(jobs: tuple[PdfJob, ...], fingerprint: str) -> list[PdfResult]:
    """On a worker: the jobs' PDFs, if this worker makes the bytes the run expects."""
    import socket

    if engine_fingerprint() != fingerprint:
        raise UserError(
            f"a Dask worker on {socket.gethostname()} has another version of allprint or of "
            "its templates: install the same allprint on every worker"
        )
    return run_jobs(jobs)


class DaskRunner:
    """Runs PDF jobs on a Dask cluster, with the local runner's interface (`JobRunner`)."""

    def __init__(self, address: str, on_done: Callable[[PdfResult], None] | None = None) -> None:
        self.address = address
        self.on_done = on_done
        self._client = None
        self._futures: list = []

    def __enter__(self) -> DaskRunner:
        try:
            from distributed import Client
        except ImportError:
            raise UserError(
                f"--scheduler {self.address}: Dask is not installed; install it with "
                "pip install 'allprint[dask]' (or build without --scheduler)"
            ) from None
        try:
            self._client = Client(self.address, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise UserError(
                f"--scheduler {self.address}: cannot reach the Dask scheduler ({exc}); "
                "start one there with `dask scheduler`, or check the address"
            ) from None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._client is not None:
            self._client.cancel([f for f in self._futures if not f.done()])
            self._client.close()

    def submit_together(self, jobs: tuple[PdfJob, ...]) -> list[Callable[[], PdfResult]]:
        """Jobs with one layout, laid out once on one worker; a wait for each one's PDF."""
        future = self._client.submit(
            run_remote, jobs, engine_fingerprint(), pure=False, retries=RETRIES
        )
        self._futures.append(future)

        def finished(f) -> None:
            if f.status == "finished" and self.on_done:
                for result in f.result():
                    self.on_done(result)

        future.add_done_callback(finished)
        return [lambda i=i: _result(future)[i] for i in range(len(jobs))]

    def warm_up(self) -> None:
        """Nothing to start: the cluster's workers are running already."""


def _result(future) -> list[PdfResult]:
    """A job's PDFs; a worker's own mistake (another allprint) as it was raised there."""
    from distributed import KilledWorker
    from distributed.client import FutureCancelledError

    try:
        return future.result()
    except FutureCancelledError:
        raise UserError("the Dask scheduler cancelled a render job: run the build again") from None
    except KilledWorker as exc:  # the job itself kills workers, one after another
        raise UserError(
            f"Dask workers died again and again making a PDF ({exc}): check the workers' "
            "memory limit and logs"
        ) from None

"""The local worker pool keeps its memory bounded: workers are replaced after a number of
jobs, and all of them when one grows past the memory limit; the PDFs stay the same."""

from __future__ import annotations

from pypdf import PdfReader

from allprint.pipeline.workers import JobRunner, PdfJob, run_jobs


def jobs(count: int) -> list[PdfJob]:
    return [
        PdfJob(f"pamphlets/note-{n}.pdf", f"<p>Call the clinic. Note {n}.</p>", f"note-{n}", 0)
        for n in range(count)
    ]


def test_replaced_workers_make_the_same_pdfs(tmp_path):
    made = jobs(2)
    alone = [run_jobs((job,))[0].data for job in made]
    # Every job passes a limit of one byte.
    with JobRunner(2, memory_per_worker=1) as runner:
        results = []
        for job in made:  # one at a time: each submission finds the pool grown
            results.append(runner.submit_together((job,))[0]())
    assert runner.replaced == 1
    assert [r.data for r in results] == alone
    path = tmp_path / "note.pdf"
    path.write_bytes(results[-1].data)
    assert "Note 1." in PdfReader(path).pages[0].extract_text()


def test_workers_under_the_limit_are_kept():
    with JobRunner(2) as runner:
        waits = [runner.submit_together((job,))[0] for job in jobs(4)]
        assert all(wait().pages == 1 for wait in waits)
    assert runner.replaced == 0


def test_workers_are_replaced_after_their_jobs_and_finish_those_given():
    made = jobs(3)
    with JobRunner(2, jobs_per_worker=1) as runner:
        waits = [runner.submit_together((job,))[0] for job in made]  # all at once
        results = [wait() for wait in waits]
    assert runner.replaced == 1  # two jobs for the first two workers, the third for new ones
    assert [r.data for r in results] == [run_jobs((job,))[0].data for job in made]

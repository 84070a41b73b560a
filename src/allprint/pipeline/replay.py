"""Whole topics that are up to date: not even read; their record replayed."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from allprint.checks.fit import Finding
from allprint.checks.readability import Score
from allprint.editions.deck_lock import lock_path
from allprint.pipeline.cache import (
    BuildCache,
    TopicRecord,
    topic_key,
)
from allprint.pipeline.options import BuildOptions, Output, TopicResult
from allprint.pipeline.prepare import Prepared
from allprint.translation.catalogue import catalogues_for, terms_path

if TYPE_CHECKING:
    pass


# --- whole topics that are up to date -------------------------------------------------------


def _topic_slot(source: Path) -> str:
    return str(source.resolve())


def _topic_files(source: Path, options: BuildOptions) -> tuple[list[Path], str]:
    """The files a topic is made from, and what is wrong with those that may not be read."""
    from allprint.translation.catalogue_reader import refusal

    beside = [f for po in catalogues_for(source) for f in (po, lock_path(po), terms_path(po))]
    # A file that may not be opened (a FIFO, a link out of the project) is keyed by its
    # name and what is wrong with it, never read.
    refused = {f: refusal(f) for f in beside if f.exists()}
    said = [str(problem) for problem in refused.values() if problem]
    translations = [f for f in beside if not refused.get(f)]
    return [source, lock_path(source), *translations, *options.settings], "\n".join(said)


def replay(
    cache: BuildCache, source: Path, raw: bytes | None, options: BuildOptions, result: TopicResult
) -> bool:
    """Fill `result` from the cache if nothing the topic is made from has changed; `raw`:
    the source's bytes, read once for the run."""
    if options.force or raw is None:
        return False
    files, said = _topic_files(source, options)
    key = topic_key(files, options.key() + said, {source: raw})
    record = cache.topic(_topic_slot(source), key, options.today)
    if record is None:
        return False
    result.skipped = True
    result.outputs = [
        Output(options.out_dir / name, *cache.size_and_detail(name), written=False)
        for name in record.outputs
    ]
    result.findings = [Finding(**f) for f in record.findings]
    result.grades = [Score(**g) for g in record.grades]
    return True


def remember_topic(
    cache: BuildCache, prepared: Prepared, result: TopicResult, options: BuildOptions
) -> None:
    # The key is taken after writing: the deck lock may just have changed.
    # The source as it was read for this build, whatever happened to the file since.
    known = {prepared.source: prepared.document.raw}
    files, said = _topic_files(prepared.source, options)
    key = topic_key(files, options.key() + said, known)
    review = prepared.topic.review
    record = TopicRecord(
        key=key,
        outputs=[o.path.relative_to(options.out_dir).as_posix() for o in result.outputs],
        findings=[asdict(f) for f in result.findings],
        grades=[asdict(g) for g in result.grades],
        overdue=review.overdue(options.today),
        next_review=review.next_review.isoformat() if review.next_review else None,
    )
    cache.store_topic(_topic_slot(prepared.source), record)

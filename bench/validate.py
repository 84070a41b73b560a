#!/usr/bin/env python3
"""Validate every PDF/UA-1 and PDF/A-3b output of the bundled topic.

Usage: python bench/validate.py [--papers a4,letter] [--keep DIR]

Builds the topic (with its translations) as tagged PDF/UA-1 and as archival PDF/A-3b, in
every print variant (standard, booklet, large print) on each paper, and checks each PDF
with `page` (the gate: a file it refuses fails the run) and, for the tagged files, with
`outloud` (an error of its conformance layer, the checks a validator makes, fails the run;
the heuristics of its semantic layer are counted by rule, as are its warnings: the README
explains each). The test suite
checks a representative set of these (tests/render/test_accessible_pdfs.py); this checks
them all, and `.ci/run` runs it. Exits 1 when any file fails.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = {"pdf/ua-1": "ua1", "pdf/a-3b": "3b"}
LAYOUTS = ((), ("--layout", "booklet"), ("--large-print",))


def build(work: Path, out: Path, variant: str, paper: str, layout: tuple[str, ...]) -> None:
    command = [sys.executable, "-m", "allprint.cli", "build", "--project", str(work)]
    command += ["--out", str(out), "--pdf-variant", variant, "--paper", paper, *layout]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"build {variant} {paper} {' '.join(layout)} failed:\n{done.stderr}")


def check(path: Path, profile: str, warnings: collections.Counter) -> list[str]:
    """What is wrong with one file: page's failures, and outloud's conformance errors if
    tagged (its other findings counted in `warnings`)."""
    import page

    report = page.validate_pdf(path, profile=profile)
    problems = sorted({f"page {f.rule_id}: {f.message}" for f in report.failures})
    if profile == "ua1":
        from outloud import check as outloud
        from outloud.registry import load_catalogue

        layers = {rule: meta.layer for rule, meta in load_catalogue().items()}
        result = outloud(str(path))
        for finding in result.sorted_findings():
            if finding.severity == "error" and layers.get(finding.rule) == "conformance":
                problems.append(f"outloud {finding.rule} p{finding.page}: {finding.message}")
            else:
                warnings[f"{finding.rule} ({finding.severity})"] += 1
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--papers", default="a4,letter")
    parser.add_argument("--keep", type=Path, help="build into DIR and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="allprint-validate-") as tmp:
        work = Path(tmp) / "project"
        for part in ("content", "translations"):
            shutil.copytree(ROOT / part, work / part)
        shutil.copy(ROOT / "allprint.toml", work)
        out = args.keep or Path(tmp) / "out"
        for variant in VARIANTS:
            for paper in args.papers.split(","):
                for layout in LAYOUTS:
                    build(work, out, variant, paper, layout)
        warnings: collections.Counter = collections.Counter()
        failed, checked = {}, 0
        for path in sorted(out.rglob("*.pdf")):
            profile = "ua1" if path.stem.endswith("-pdfua") else "3b"
            checked += 1
            problems = check(path, profile, warnings)
            if problems:
                failed[path.name] = problems
            print(f"{'FAIL' if problems else 'ok  '} {profile:3} {path.name}")
    print(f"\n{checked} files checked, {len(failed)} failed")
    if warnings:
        print("outloud warnings (files x findings), by rule:")
        for rule, count in warnings.most_common():
            print(f"  {rule}: {count}")
    for name, problems in failed.items():
        print(f"\n{name}:\n  " + "\n  ".join(problems))
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()

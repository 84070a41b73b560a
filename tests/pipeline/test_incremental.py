"""Fast builds: skip what is up to date, render in parallel, same bytes either way."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DATA, ROOT, run_build_py, run_cli, word_boxes
from pypdf import PdfReader


def copy_topic(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "tiny-topic.yaml", folder)
    return folder / "tiny-topic.yaml"


def outputs(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and ".allprint-cache" not in p.parts
    }


def test_second_build_skips_and_does_not_load_weasyprint_or_the_model(tmp_path):
    source = copy_topic(tmp_path)
    out = tmp_path / "out"
    assert run_build_py(str(source), "--out", str(out)).returncode == 0
    before = {p: (out / p).stat().st_mtime_ns for p in outputs(out)}

    probe = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'src')!r})\n"
        "from allprint.cli.main import main\n"
        f"code = main(['build', {str(source)!r}, '--out', {str(out)!r}])\n"
        "assert code == 0\n"
        "print('weasyprint loaded' if 'weasyprint' in sys.modules else 'weasyprint not loaded')\n"
        "print('pydantic loaded' if 'pydantic' in sys.modules else 'pydantic not loaded')\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    assert "weasyprint not loaded" in result.stdout
    assert "pydantic not loaded" in result.stdout  # the source model: half a no-op's time
    assert {p: (out / p).stat().st_mtime_ns for p in outputs(out)} == before


def test_a_change_rebuilds_and_force_rebuilds_everything(tmp_path):
    source = copy_topic(tmp_path)
    out = tmp_path / "out"
    assert run_build_py(str(source), "--out", str(out)).returncode == 0
    first = outputs(out)

    source.write_text(source.read_text().replace("It is treated in hospital.", "It is treated."))
    changed = run_build_py(str(source), "--out", str(out))
    assert "1 topic(s) built" in changed.stdout
    assert (
        outputs(out)["pamphlets/tiny-topic-parent.pdf"] != first["pamphlets/tiny-topic-parent.pdf"]
    )

    assert "1 up to date" in run_build_py(str(source), "--out", str(out)).stdout
    forced = run_build_py(str(source), "--out", str(out), "--force")
    assert "1 topic(s) built" in forced.stdout


def test_other_options_and_a_deleted_output_rebuild(tmp_path):
    source = copy_topic(tmp_path)
    out = tmp_path / "out"
    assert run_build_py(str(source), "--out", str(out)).returncode == 0
    letter = run_build_py(str(source), "--out", str(out), "--paper", "letter")
    assert "1 topic(s) built" in letter.stdout
    (out / "pamphlets" / "tiny-topic-child.pdf").unlink()
    again = run_build_py(str(source), "--out", str(out))
    assert "1 topic(s) built" in again.stdout
    assert (out / "pamphlets" / "tiny-topic-child.pdf").exists()


def written(result: subprocess.CompletedProcess[str]) -> set[str]:
    """The files a build says it wrote, by name."""
    assert result.returncode == 0, result.stderr
    return {
        Path(line.split()[1]).name for line in result.stdout.splitlines() if line[:6] == "wrote "
    }


def test_each_input_change_remakes_exactly_the_outputs_it_affects(tmp_path):
    # A copy of the whole project, so that templates and code can be edited too.
    project = tmp_path / "project"
    shutil.copytree(ROOT / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", project / "templates")
    shutil.copy(ROOT / "build.py", project)
    source = copy_topic(project / "content")

    def build(*args: str) -> set[str]:
        command = [sys.executable, str(project / "build.py"), "--jobs", "1", *args]
        return written(subprocess.run(command, capture_output=True, text=True, cwd=project))

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    tiers = ("child", "parent", "clinician")
    pdfs = {f"tiny-topic-{t}{d}.pdf" for t in tiers for d in ("", "-essentials")}
    pdfs.add("tiny-topic-parent-tools.pdf")
    cards = "tiny-topic-cards.pdf"  # the printable flashcards
    deck = {"tiny-topic.apkg", "tiny-topic.tsv", "tiny-topic.csv", cards}
    assert build() == pdfs | deck
    assert build() == set()
    # Child key points are in the child guide only (the child sheet does not pick them).
    edit(source, "child: Doctors know how to help you.", "child: Doctors know how to help.")
    assert build() == {"tiny-topic-child.pdf"}
    # The parent call box is in the parent guide and sheet, not in the fill-in tools.
    edit(source, "parent: New bruises.", "parent: New bruises or bleeding.")
    assert build() == {"tiny-topic-parent.pdf", "tiny-topic-parent-essentials.pdf"}
    edit(source, "front: What temperature makes", "front: Which temperature makes")
    assert build() == deck
    edit(project / "templates" / "clinician.css", "", "/* denser */\n")
    assert build() == {"tiny-topic-clinician.pdf", "tiny-topic-clinician-essentials.pdf"}
    edit(project / "templates" / "base.css", "", "/* shared */\n")
    assert build() == pdfs
    edit(project / "src" / "allprint" / "render" / "pdf.py", "", "# renderer changed\n")
    assert build() == {*pdfs, cards}
    # The day matters only where it changes the review state (next review: 2028-01-10).
    assert build("--as-of", "2028-01-10") == set()
    assert build("--as-of", "2028-01-11") == {*pdfs, cards}
    assert build("--as-of", "2028-03-01") == set()
    assert build("--as-of", "2027-01-01") == {*pdfs, cards}
    (project / "allprint.toml").write_text('[build]\npaper = "a4"\n')
    assert build("--as-of", "2027-01-01") == set()  # re-read, but nothing it prints changed
    assert (project / "pamphlets" / "tiny-topic-child.pdf").exists()


def test_parallel_build_gives_the_same_bytes_as_a_serial_one(tmp_path):
    sources = []
    text = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
    for n in range(3):
        folder = tmp_path / f"t{n}"
        folder.mkdir()
        source = folder / f"tiny-topic-{n}.yaml"
        source.write_text(text.replace("id: tiny-topic", f"id: tiny-topic-{n}", 1), "utf-8")
        sources.append(str(source))
    serial = run_build_py(*sources, "--out", str(tmp_path / "serial"), "--jobs", "1")
    parallel = run_build_py(*sources, "--out", str(tmp_path / "parallel"), "--jobs", "2")
    assert serial.returncode == parallel.returncode == 0, parallel.stderr
    assert "3 topic(s) built" in parallel.stdout
    assert outputs(tmp_path / "serial") == outputs(tmp_path / "parallel")
    # 7 handouts, and the deck as .apkg, .tsv, .csv and printable cards, each
    assert len(outputs(tmp_path / "serial")) == 3 * 11


def same_pages(made: Path, built: Path) -> None:
    """Every word of `made` where `built` has it, page by page: the same handout."""
    pages = len(PdfReader(built).pages)
    assert len(PdfReader(made).pages) == pages
    for number in range(1, pages + 1):
        assert word_boxes(made, number) == word_boxes(built, number), number


def test_html_command_saves_a_page_that_finds_its_styles_from_anywhere(tmp_path, tiny_built):
    from allprint.render.engine import weasyprint

    source = copy_topic(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "child.html"
    result = run_cli("html", str(source), "--tier", "child", "-o", str(target), cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    # Opened from its own folder, far from templates/, it is laid out as the build's PDF.
    weasyprint.HTML(filename=str(target)).write_pdf(tmp_path / "child.pdf")
    same_pages(tmp_path / "child.pdf", tiny_built / "pamphlets" / "tiny-topic-child.pdf")


def test_html_command_prints_what_weasyprint_gets(tmp_path):
    from allprint.paths import TEMPLATES_DIR
    from allprint.render.engine import weasyprint

    source = copy_topic(tmp_path)
    result = run_cli("html", str(source), "--tier", "parent", "--paper", "letter")
    assert result.returncode == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    page = weasyprint.HTML(string=result.stdout, base_url=TEMPLATES_DIR.as_uri() + "/")
    page.write_pdf(tmp_path / "parent.pdf")
    built = run_build_py(str(source), "--out", str(tmp_path / "out"), "--paper", "letter")
    assert built.returncode == 0, built.stderr
    letter = PdfReader(tmp_path / "parent.pdf").pages[0].mediabox
    assert (float(letter.width), float(letter.height)) == (612, 792)
    same_pages(
        tmp_path / "parent.pdf", tmp_path / "out" / "pamphlets" / "tiny-topic-parent-letter.pdf"
    )


def test_a_wrong_number_of_workers_is_one_line_before_anything_is_made(tmp_path, monkeypatch):
    source = copy_topic(tmp_path)
    out = tmp_path / "out"
    zero = run_build_py(str(source), "--out", str(out), "--jobs", "0")
    assert zero.returncode == 2
    assert "argument --jobs: '0' is not a number of workers (1 or more)" in zero.stderr
    monkeypatch.setenv("ALLPRINT_JOBS", "many")
    wrong = run_build_py(str(source), "--out", str(out))
    assert wrong.returncode == 1
    assert wrong.stderr.strip().splitlines() == [
        "error: ALLPRINT_JOBS: 'many' is not a number of workers (1 or more); "
        "unset it or give a whole number"
    ]
    assert not out.exists()

"""Shared fixtures: real builds of the tiny test topic and of the bundled topic."""

from __future__ import annotations

import contextlib
import functools
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import settings
from pypdf import PdfReader

# Under CI, property tests draw the same examples every run: no landing depends on luck.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# The suite already runs on every core (pytest -n auto): a build in a test renders in its
# own process unless the test asks for workers (--jobs N).
os.environ.setdefault("ALLPRINT_JOBS", "1")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
TIERS = ("child", "parent", "clinician")


# The programs the tests read PDFs back with and open bundle pages in, and the Debian
# packages to install (the font subsetter decides the bytes of every PDF).
TOOLS = ("pdftotext", "pdftoppm", "pdffonts", "chromium")
PACKAGES = "poppler-utils chromium libharfbuzz-subset0"


def pytest_configure(config: pytest.Config) -> None:
    """Stop before the first test, in one line, where a program the tests need is missing:
    otherwise dozens of them fail with the same FileNotFoundError."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        raise pytest.UsageError(
            f"the tests need {', '.join(TOOLS)}; not found: {', '.join(missing)} "
            f"(Debian/Ubuntu: sudo apt-get install {PACKAGES})"
        )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="write the golden HTML files anew from the templates (review the diff by eye)",
    )


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`allprint ARGS` run in `cwd`, as its command line does: exit code, stdout, stderr.

    Why in this process: starting Python and importing WeasyPrint for each of some 200
    runs took half the suite's time. Tests about processes (killing a build, file-size
    limits, watching, the installed command, the wheel) start real ones themselves.
    """
    from allprint.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(cwd or ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse: usage mistakes, --help, --version
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(["allprint", *args], code, out.getvalue(), err.getvalue())


def run_build_py(*args: str) -> subprocess.CompletedProcess[str]:
    """`python build.py ARGS`: a build whose project is always the checkout."""
    return run_cli("build", "--project", str(ROOT), *args)


def write_tiny(folder: Path, text: str) -> Path:
    """`text` written as the tiny topic's source in `folder` (its id names the file)."""
    source = folder / "tiny-topic.yaml"
    source.write_text(text, encoding="utf-8")
    return source


def line_of(text: str, marker: str) -> int:
    """The 1-based line of `text` holding `marker`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if marker in line)


def word_boxes(path: Path, page: int = 1) -> list[tuple[str, float, float, float, float]]:
    """Each word on page `page` (1-based) with its box (x0, y0, x1, y1; y from the top),
    as poppler's pdftotext lays the page out: what a reader sees, whatever the PDF's structure."""
    import html
    import re

    result = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    return [
        (html.unescape(w), float(a), float(b), float(c), float(d))
        for a, b, c, d, w in re.findall(pattern, result.stdout)
    ]


Word = tuple[str, float, float, float, float]


def table_cells(
    words: list[Word], columns: list[str], rows: list[str]
) -> dict[tuple[str, str], str]:
    """A table's cells as a reader finds them among a page's `words` (see word_boxes):
    under the heading of each of `columns`, from the line where each of `rows` starts
    down to where the next starts. The last of `rows` is what follows the table."""

    def top_left(label: str, below: float) -> tuple[float, float]:
        head = label.split()[0]
        return next((y0, x0) for w, x0, y0, _, _ in words if w == head and y0 > below)

    header = top_left(columns[0], -1)[0]
    lefts = [top_left(c, header - 1)[1] for c in columns] + [float("inf")]
    tops = [top_left(r, header + 1)[0] for r in rows]
    cells = {}
    for i, row in enumerate(rows[:-1]):
        for j, column in enumerate(columns):
            cells[row, column] = " ".join(
                w
                for w, x0, y0, _, _ in words
                if lefts[j] - 1 <= x0 < lefts[j + 1] - 1 and tops[i] - 1 <= y0 < tops[i + 1] - 1
            )
    return cells


def text_positions(page) -> list[tuple[float, float, float]]:
    """(x, y, font size) of every piece of text drawn on the page."""
    found = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], font_size * scale))

    page.extract_text(visitor_text=visit)
    return found


def pdf_pages_text(path: Path) -> list[str]:
    """Each page's text as pypdf extracts it. Kept per file version: many tests read the
    same shared builds, and extraction takes about a second for a long guide."""
    stat = path.stat()
    return list(_pages_text(str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=256)
def _pages_text(path: str, *version: int) -> tuple[str, ...]:
    return tuple(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_text(path: Path) -> str:
    # Join hyphen-free: extraction breaks lines where the layout did.
    return " ".join(" ".join(pdf_pages_text(path)).split())


def compiled_templates(temp: Path) -> list[Path]:
    """The compiled templates a run kept in the temporary folder `temp` (one private
    folder of the user's, as Jinja names it)."""
    return sorted(temp.glob(f"_jinja2-cache-{os.getuid()}/allprint-*.cache"))


@pytest.fixture(scope="session", autouse=True)
def pdf_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store of PDFs by key for the whole run (ALLPRINT_STORE): the many builds of the
    same topic lay each page out once. Its keys and checks are the pipeline's own."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent
    os.environ["ALLPRINT_STORE"] = str(shared / "pdf-store")
    return shared / "pdf-store"


@pytest.fixture
def renders_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests about the layout itself (killed builds, workers, file limits): every PDF
    of their builds is made, none taken from the run's store."""
    monkeypatch.delenv("ALLPRINT_STORE", raising=False)


def built_once(factory: pytest.TempPathFactory, name: str, make) -> Path:
    """FOLDER/out, made by `make(FOLDER)` once for the whole test run, whatever the number of xdist
    workers: the first worker to get here builds, the others wait and read its files."""
    import fcntl

    shared = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    folder = shared / f"shared-{name}"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if not (folder / "done").exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker that failed half-way
            folder.mkdir()
            make(folder)
            (folder / "done").write_text("")
    return folder / "out"


@pytest.fixture(scope="session")
def built_topic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled topic built once with `build.py SOURCE --out DIR` from a copy of content/."""
    return built_once(tmp_path_factory, "real", _build_bundled)


def _build_bundled(work: Path) -> Path:
    src = work / "content"
    src.mkdir()
    shutil.copy(ROOT / "content" / "pediatric-all.yaml", src)
    lock = ROOT / "content" / "pediatric-all.deck-lock.json"
    if lock.exists():
        shutil.copy(lock, src)
    shutil.copytree(ROOT / "translations", work / "translations")  # beside content/
    result = run_build_py(str(src / "pediatric-all.yaml"), "--out", str(work / "out"))
    assert result.returncode == 0, result.stderr
    (work / "build-messages.txt").write_text(result.stdout + result.stderr, encoding="utf-8")
    return work / "out"


@pytest.fixture(scope="session")
def tiny_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_once(tmp_path_factory, "tiny", _build_tiny)


def _build_tiny(work: Path) -> Path:
    shutil.copy(DATA / "tiny-topic.yaml", work)
    result = run_build_py(str(work / "tiny-topic.yaml"), "--out", str(work / "out"))
    assert result.returncode == 0, result.stderr
    return work / "out"


def import_deck(col, apkg: Path):
    """Import a package into an Anki collection as a nurse's Anki would; the import log."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    request = ImportAnkiPackageRequest(
        package_path=str(apkg),
        options=ImportAnkiPackageOptions(with_scheduling=False, merge_notetypes=True),
    )
    return col.import_anki_package(request).log


# Debian's chromium, headless, for the pages a phone opens; offline, as a clinic's phone is.
CHROMIUM = shutil.which("chromium") or "chromium"  # required: conftest stops without it
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


@contextlib.contextmanager
def phone_view(url: str):
    """`url` open in headless chromium at a phone's width; the page and every address it
    asked for."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            view = browser.new_page(viewport={"width": 360, "height": 740})
            requests: list[str] = []
            view.on("request", lambda r: requests.append(r.url))
            view.goto(url)
            yield view, requests
        finally:
            browser.close()


def figure_alts(path: Path) -> list[str]:
    """The alternate text of every figure of a tagged PDF (`--pdf-variant pdf/ua-1`), in
    document order: what a screen reader says for each picture and drawing."""
    reader = PdfReader(path)
    found: list[str] = []

    def visit(node) -> None:
        node = node.get_object()
        if not hasattr(node, "get"):
            return
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if not isinstance(kid, int):
                visit(kid)

    visit(reader.trailer["/Root"]["/StructTreeRoot"])
    return found

"""Source text is data: it prints literally, and the renderer reads only our own assets."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from conftest import DATA, pdf_text, run_build_py

from allprint.render.fetcher import AssetFetcher

NASTY = [
    "<script>alert(1)</script>",
    '<img src="file:///etc/passwd">',
    "{{ 7*7 }}",
    "{% include 'base.html' %}",
    "url(http://127.0.0.1:9/x.png)",
]


def test_markup_and_template_syntax_print_literally(tmp_path):
    text = (DATA / "tiny-topic.yaml").read_text(encoding="utf-8")
    for i, nasty in enumerate(NASTY):
        text = text.replace(
            "It is treated in hospital.", f"It is treated in hospital. Case{i}: {nasty}", 1
        )
    text = text.replace("back: 38 °C or higher.", f"back: '{NASTY[0]} {NASTY[2]}'")
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(text, encoding="utf-8")
    result = run_build_py(str(source), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr

    parent = pdf_text(tmp_path / "out" / "pamphlets" / "tiny-topic-parent.pdf")
    for nasty in NASTY:
        assert " ".join(nasty.split()) in parent, nasty
    assert "root:" not in parent

    with zipfile.ZipFile(tmp_path / "out" / "decks" / "tiny-topic.apkg") as zf:
        zf.extract("collection.anki2", tmp_path)
    fields = sqlite3.connect(tmp_path / "collection.anki2").execute("select flds from notes")
    joined = "\n".join(row[0] for row in fields)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in joined
    assert "<script>" not in joined


@pytest.fixture
def counting_server():
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", hits
    server.shutdown()


def test_fetcher_serves_only_its_own_folder(tmp_path, counting_server):
    url, hits = counting_server
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "style.css").write_text("@page { size: A4 }")
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    (assets / "link.css").symlink_to(secret)
    fetcher = AssetFetcher([assets])
    refused = [
        url + "style.css",
        "file:///etc/passwd",
        f"{assets.as_uri()}/../secret.css",
        (assets / "link.css").as_uri(),
        "ftp://127.0.0.1/x",
        "data:text/css,body{}",
    ]
    for bad in refused:
        with pytest.raises(ValueError):
            fetcher.fetch(bad)
    for bad in ("data:text/html;base64,PGI+", "data:image/png,x", "data:image/png;base64,!!"):
        with pytest.raises(ValueError):
            fetcher.fetch(bad)  # only a PNG or SVG image, inlined whole (a site's logo)
    assert hits == []
    assert fetcher.fetch((assets / "style.css").as_uri()).read() == b"@page { size: A4 }"
    assert fetcher.fetch("data:image/svg+xml;base64,PHN2Zy8+").read() == b"<svg/>"


def test_pdf_never_reaches_the_network(tmp_path, counting_server):
    url, hits = counting_server
    from allprint.render.pdf import render_pdf

    html = (
        f'<html><head><link rel="stylesheet" href="{url}a.css">'
        f"<style>@font-face {{ font-family: X; src: url({url}f.ttf) }}</style></head>"
        f'<body><img src="{url}i.png"><img src="file:///etc/passwd">'
        f'<link rel="attachment" href="file:///etc/passwd">hello</body></html>'
    )
    pdf = render_pdf(html, "probe").data
    assert hits == []
    assert b"/EmbeddedFiles" not in pdf
    assert b"root:" not in pdf


def test_build_py_with_no_arguments_builds_every_topic(tmp_path):
    project = tmp_path / "project"
    root = Path(__file__).resolve().parents[2]
    shutil.copytree(root / "src", project / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(root / "templates", project / "templates")
    (project / "content").mkdir()
    shutil.copy(root / "build.py", project)
    shutil.copy(DATA / "tiny-topic.yaml", project / "content")
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "build.py"], cwd=project, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert (project / "pamphlets" / "tiny-topic-clinician.pdf").exists()
    assert (project / "decks" / "tiny-topic.apkg").exists()


PAYLOAD = "<b>bold?</b> {{ 7*7 }} <link rel=attachment href=file:///etc/passwd>"


def _poison(node, key=None):
    """Append PAYLOAD to every piece of reader-facing text in a parsed topic."""
    if isinstance(node, dict):
        return {k: _poison(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v, key) for v in node]
    text_keys = {"child", "parent", "clinician", "front", "back", "extra", "term", "publisher"}
    if isinstance(node, str) and key in text_keys:
        return f"{node} {PAYLOAD}"
    return node


def test_every_text_field_prints_literally(tmp_path):
    import yaml

    data = yaml.safe_load((DATA / "tiny-topic.yaml").read_text(encoding="utf-8"))
    source = tmp_path / "tiny-topic.yaml"
    source.write_text(yaml.safe_dump(_poison(data), allow_unicode=True), encoding="utf-8")
    result = run_build_py(str(source), "--out", str(tmp_path / "out"), "--allow-draft")
    assert result.returncode == 0, result.stderr
    for tier in ("child", "parent", "clinician"):
        pdf = tmp_path / "out" / "pamphlets" / f"tiny-topic-{tier}.pdf"
        text = pdf_text(pdf)
        assert text.count("{{ 7*7 }}") >= 5, tier
        assert "<b>bold?</b>" in text
        assert b"/EmbeddedFiles" not in pdf.read_bytes()

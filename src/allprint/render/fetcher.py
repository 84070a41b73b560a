"""The only way WeasyPrint may read a file: the project's own assets, never the network."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from urllib.parse import unquote, urlsplit

from allprint.render.engine import weasyprint


class AssetFetcher(weasyprint.urls.URLFetcher):
    """Serve `file:` URLs that resolve (symlinks and `..` included) inside `roots`, and
    `data:` URLs of a PNG or SVG image (a site's logo, inlined so that the HTML carries
    it to any worker); refuse the rest.

    Why a subclass that never calls the parent's `fetch`: the parent would open any
    scheme urllib knows, follow redirects and read any file the process can.
    """

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = [r.resolve() for r in roots]
        self.refused: list[str] = []
        self.read: set[Path] = set()  # what was served: a cache keys each output on these

    def fetch(self, url: str, headers: dict | None = None) -> weasyprint.urls.URLFetcherResponse:
        if url.startswith("data:"):
            return self._inline_image(url)
        path = self._allowed_path(url)
        if path is None:
            self.refused.append(url)
            # WeasyPrint logs ordinary errors and goes on without the resource.
            raise ValueError(f"allprint does not load {url!r}: only its own template assets")
        try:
            data = path.read_bytes()
        except OSError as exc:  # a template asset that vanished is our bug, not the user's
            raise weasyprint.urls.FatalURLFetchingError(f"cannot read asset {path}: {exc}") from exc
        self.read.add(path)
        return weasyprint.urls.URLFetcherResponse(path.as_uri(), body=data, headers=_headers(path))

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        if not path.is_file():
            return None
        if any(path.is_relative_to(root) for root in self.roots):
            return path
        return None

    def _inline_image(self, url: str) -> weasyprint.urls.URLFetcherResponse:
        """The bytes of a base64 `data:` URL of a PNG or SVG image; any other is refused."""
        head, _, payload = url.partition(",")
        kind = head.removeprefix("data:").removesuffix(";base64")
        if kind not in _IMAGES or not head.endswith(";base64"):
            self.refused.append(url[:60])
            raise ValueError(f"allprint does not load {url[:60]!r}: only inlined PNG or SVG")
        try:
            data = base64.b64decode(payload, validate=True)
        except binascii.Error as exc:
            self.refused.append(url[:60])
            raise ValueError(f"allprint cannot read an inlined image: {exc}") from exc
        return weasyprint.urls.URLFetcherResponse(url, body=data, headers={"Content-Type": kind})


_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


_IMAGES = ("image/png", "image/svg+xml")


def _headers(path: Path) -> dict[str, str]:
    content_type = _TYPES.get(path.suffix.lower(), "application/octet-stream")
    if content_type == "text/css":
        content_type += "; charset=utf-8"
    return {"Content-Type": content_type}

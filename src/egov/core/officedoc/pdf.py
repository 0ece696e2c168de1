"""HTML → PDF for every printed form and document (WeasyPrint), with the fonts the project ships.

The font is Liberation Serif (metric-compatible with Times New Roman, full Vietnamese coverage,
SIL OFL 1.1; licence beside the files in core/static/core/fonts). A template names it by
@font-face from the `font_urls(for_pdf)` mapping: static URLs for the HTML preview, file: URIs for
the PDF step, so that what staff preview is what prints. Nothing is fetched from the network, at
run time or in the PDF step: a local-only URL fetcher reads those font files and data: URIs and
refuses everything else.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.templatetags.static import static

__all__ = ["FONT_DIR", "FONT_FILES", "font_urls", "html_to_pdf", "local_only_fetcher"]

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "core" / "fonts"
FONT_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}


def font_urls(for_pdf: bool) -> dict[str, str]:
    """The font files by style ("regular", "bold", "italic", "bold_italic"), as file: URIs for
    the PDF step or as static URLs for a page in the browser."""
    if for_pdf:
        return {key: (FONT_DIR / name).as_uri() for key, name in FONT_FILES.items()}
    return {key: static(f"core/fonts/{name}") for key, name in FONT_FILES.items()}


def local_only_fetcher():
    """A WeasyPrint fetcher that reads our font files and data: URIs, and nothing else: no
    network (government networks, tests), no other local file (applicant text is escaped, but
    a form must never be a way to read the server's files)."""
    from weasyprint.urls import URLFetcher  # imported late: it loads Pango, which only printing needs

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file:"):
                path = Path(unquote(urlparse(url).path)).resolve()
                if not path.is_relative_to(FONT_DIR):
                    raise ValueError(f"Refusing to read {url!r} while printing a form")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


def html_to_pdf(html: str) -> bytes:
    """The PDF of a complete HTML page whose only resources are the fonts and data: URIs."""
    from weasyprint import HTML  # imported late: it loads Pango, which only printing needs

    return HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=local_only_fetcher()).write_pdf()

"""core.officedoc.pdf: HTML → PDF with the shipped fonts embedded, and nothing read but those fonts."""

import io
import unicodedata

import pytest
from django.contrib.staticfiles import finders
from pypdf import PdfReader

from egov.core.officedoc.pdf import FONT_DIR, FONT_FILES, font_urls, html_to_pdf, local_only_fetcher


def test_pdf_fetcher_refuses_anything_but_the_fonts():
    fetcher = local_only_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/font.ttf")
    font = FONT_DIR / "LiberationSerif-Regular.ttf"
    assert fetcher.fetch(font.as_uri()).read(4) == b"\x00\x01\x00\x00"


def test_every_font_is_shipped_and_served_as_a_static_file():
    """The browser preview names the fonts by static URL, the PDF step by file: URI: both are the
    same files."""
    assert sorted(font_urls(for_pdf=False)) == sorted(font_urls(for_pdf=True)) == sorted(FONT_FILES)
    for key, name in FONT_FILES.items():
        assert (FONT_DIR / name).is_file()
        assert font_urls(for_pdf=True)[key] == (FONT_DIR / name).as_uri()
        assert finders.find(f"core/fonts/{name}") == str(FONT_DIR / name)


def test_html_becomes_a_pdf_with_the_vietnamese_font_embedded():
    """Only the shipped face, embedded: a glyph missing from it would pull in a system font."""
    fonts = font_urls(for_pdf=True)
    html = (
        "<html><head><style>"
        f'@font-face {{ font-family: "ShippedSerif"; src: url("{fonts["regular"]}") format("truetype"); }}'
        'body { font-family: "ShippedSerif"; }'
        "</style></head><body><p>Cộng hòa xã hội chủ nghĩa Việt Nam</p></body></html>"
    )
    page = PdfReader(io.BytesIO(html_to_pdf(html))).pages[0]
    assert "Cộng hòa xã hội chủ nghĩa Việt Nam" in unicodedata.normalize("NFC", page.extract_text())
    used = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    assert [str(font["/BaseFont"]).split("+")[-1] for font in used] == ["ShippedSerif"]
    descriptor = used[0].get("/FontDescriptor") or used[0]["/DescendantFonts"][0].get_object()["/FontDescriptor"]
    assert "/FontFile2" in descriptor.get_object()

"""Vietnamese text: NFC normalisation and diacritic folding for search."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """The one normal form stored anywhere in the system."""
    return unicodedata.normalize("NFC", value)


def clean_text(value: str) -> str:
    """NFC, with runs of whitespace collapsed and the ends trimmed (for names and titles)."""
    return _SPACES.sub(" ", nfc(value)).strip()


def clean_lines(value: str) -> str:
    """`clean_text` line by line, blank lines dropped (for lists kept one item a line)."""
    lines = (clean_text(line) for line in nfc(value).splitlines())
    return "\n".join(line for line in lines if line)


def fold(value: str) -> str:
    """Lower case without diacritics: "Bán buôn RƯỢU" -> "ban buon ruou".

    Used for search that works with and without diacritics. đ/Đ are letters of their own in
    Unicode (no decomposition), so they are mapped explicitly.
    """
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()

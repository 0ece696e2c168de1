"""Vietnamese text: NFC normalisation, the boundary rule for text input, diacritic folding for search.

The boundary rule (`boundary_text`, docs/decisions/0034): text that enters the system — a form, an
API body or query, an imported file — is NFC, has its line ends as "\\n", and carries no control
character other than tab and newline. A control character is refused, never stripped, in free
text as in names: what a person sees they typed is what is stored, signed and printed, and a
character nobody can see (an ESC pasted from a terminal, a NUL) is an error to show, not to hide.
Lengths are the column's (core.columns). Text already stored is made safe where it is written
into a document format that cannot carry it (`xml_safe`, for .docx and .xlsx).
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# C0 controls other than tab and newline (carriage returns are normalised away first), DEL, C1
# controls, lone surrogates (JSON can carry them, UTF-8 cannot) and the two non-characters XML forbids.
_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What XML 1.0 (and so .docx and .xlsx) cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class TextRefused(ValueError):
    """Input text the boundary rule refuses; `code` says why, `message` in Vietnamese."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(message)
        self.code, self.message, self.params = code, message, params


def nfc(value: str) -> str:
    """The one normal form stored anywhere in the system."""
    return unicodedata.normalize("NFC", value)


def control_character(value: str) -> tuple[int, str] | None:
    """(1-based position, "U+001B") of the first character the boundary refuses, or None."""
    match = _REFUSED.search(value)
    return (match.start() + 1, f"U+{ord(match.group()):04X}") if match else None


def boundary_text(value, *, max_length: int | None = None) -> str:
    """The boundary rule: `value` as stored, or TextRefused."""
    if not isinstance(value, str):
        raise TextRefused("not_text", "phải là văn bản (chuỗi ký tự)")
    value = nfc(value.replace("\r\n", "\n").replace("\r", "\n"))
    if found := control_character(value):
        position, char = found
        raise TextRefused(
            "control_character",
            f"có ký tự điều khiển {char} ở vị trí {position}",
            position=position,
            char=char,
        )
    if max_length is not None and len(value) > max_length:
        raise TextRefused(
            "too_long", f"dài {len(value)} ký tự, tối đa {max_length}", length=len(value), max_length=max_length
        )
    return value


def xml_safe(value: str) -> str:
    """`value` without the characters a .docx or .xlsx cannot carry (stored before the boundary rule)."""
    return _NOT_XML.sub("", value)


def fit(value: str, max_length: int) -> str:
    """Text the system composes (a subject from a name) cut to its column, with an ellipsis."""
    return value if len(value) <= max_length else value[: max_length - 1].rstrip() + "…"


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

"""Citations of official documents in free Vietnamese text (pure Python, no Django).

``extract_citations(text)`` finds every mention of a document by its number and symbol
("số, ký hiệu", Nghị định 30/2020/NĐ-CP, Phụ lục I) and returns one :class:`Citation` per mention,
in text order. ``normalise_ref(raw)`` gives the comparable form of a reference that other code
uses to match citations against the document registers.

Reference formats recognised (``NN`` is the number, optionally with a letter suffix: ``38a``)::

    NN/TYPE-ISSUER            individual document       2121/QĐ-UBND, 647/QCPH-GĐS-CĐCS
    NN/YYYY/TYPE-ISSUER       legal normative document  20/2013/QĐ-UBND, 107/2020/NĐ-CP
    NN/YYYY/ISSUER            law of the National Assembly  38/2019/QH14
    NN/ISSUER[-UNIT]          công văn (no type)        327/SCT-VP, 1533/KKTN
    NN/VBHN-ISSUER            consolidated text         05/VBHN-BCT
    NN-TYPE/ISSUER[-ISSUER]   Party document            05-NQ/TU, 10-KH/BDVTU-BCSĐUBND

Definitions used in the returned values:

* ``ref``: number, ``/year`` if any, the separator written in the text (``/`` for state documents,
  ``-`` for Party documents) and the symbol; whitespace removed, every dash written ``-``, NFC,
  case kept (``CTr``, ``TTr``, ``QĐi`` and ``TTg`` are significant).
* ``symbol``: the part of ``ref`` after the number (and year) and its separator, i.e. the "ký hiệu":
  ``QĐ-UBND``, ``SCT-VP``, ``QH14``, ``VBHN-BCT``, ``KH/BDVTU-BCSĐUBND``.
* ``issuer``: the issuing organ chain, without the type abbreviation and without the drafting unit
  of a công văn: ``UBND`` (QĐ-UBND), ``GĐS-CĐCS`` (QCPH-GĐS-CĐCS), ``SCT`` (SCT-VP), ``KKTN``,
  ``QH14``, ``BCT`` (VBHN-BCT), ``TU`` (05-NQ/TU), ``BDVTU-BCSĐUBND``. ``None`` when the symbol is a
  bare type abbreviation. Type abbreviations are those of NĐ 30/2020 and of the Party's rules, plus
  KL, CV and the licences of this sector (GP, GCN, GXN); a type may carry a joint-document suffix
  (QCPH, KHLN, HDLT, KHLS).
* ``kind``, decided from the shape of the reference alone (the type word may be missing or wrong):
  ``consolidated`` when the symbol contains ``VBHN``; ``party`` for ``NN-TYPE/ISSUER`` (except the
  pre-2000 state laws ``NN-L/CTN`` and ``NN-PL/...``, which are ``normative``); ``normative`` when a
  year is embedded and the type is a normative one (NQ, NĐ, QĐ, TT, TTLT, NQLT, CT, L, PL) or the
  issuer is the National Assembly or its Standing Committee (``QH14``, ``UBTVQH15``);
  ``individual`` when the symbol starts with a type abbreviation (including a dated contract such
  as ``01/2021/HĐ-SCT``) and for any other dated reference; ``cong_van`` otherwise (an undated
  ``NN/ISSUER[-UNIT]``), and for the old ``CV-`` type.
* ``type_word``: the document type named just before the number, in its canonical spelling
  ("Quyết định", "Kế hoạch", "Công văn", "Văn bản"...), whatever its case in the text. It may be
  separated from the number by "số" and up to three lower-case words ("Kế hoạch phối hợp số",
  "Thông báo kết luận số"); without "số" it must come right before the number. A common
  abbreviation used as a word ("QĐ số 183/QĐ-UBND", "NĐ 30/2020/NĐ-CP") gives its type word.
  When two type words qualify, the one matching the symbol's abbreviation wins. ``None``
  otherwise (a typo such as "Quyết số" gives ``None``).
* ``date``: the date written right after the reference, optionally after a comma or an opening
  parenthesis and with or without "ngày" (a line break may precede "ngày", not a bare date):
  ``ngày 31/12/2020``, ``ngày 01-10-1997``, ``ngày 19/10/ 2016``, ``, ngày 05 tháng 12 năm 2016``,
  ``(31/12/2020)``, or after a short phrase naming the issuer ("của Chủ tịch UBND tỉnh ngày ...").
  An impossible date gives ``None``; a date elsewhere in the sentence is not taken.
* ``start``/``end``: the span of the reference itself (number to end of symbol) in the NFC text,
  so that ``normalise_ref(nfc_text[start:end]) == ref``.

Real text also has: a spaced dash inside a one-part symbol ("1759 /QĐ - SCT", "346/SCT - VP ngày
..."), taken as part of the symbol when the symbol would otherwise be a bare type or when the
reference ends right after it (a sentence dash "1533/KKTN - UBND tỉnh ..." is not); the Eth
look-alike "Ð" typed for "Đ" (read as "Đ"); the name of a law between "Luật" and "số" ("Luật Thủy
lợi số 08/2017/QH14").

Not citations: dates (``31/12/2020``, ``ngày 15/6``), ranges (``2016 – 2020``), fractions
(``37/42 TTHC``), percentages, figures (``04 quyết định``, ``6.279 hồ sơ``), phone numbers,
article references (``Điều 5``, ``khoản 2``), standards (``QCVN 01:2020/BCT``), form codes
(``Mẫu số 01/TTHC``, ``Biểu 06/VPCP/KSTT``) and numbers without a symbol ("Nghị quyết số 18").

Laws are also cited by name alone ("Căn cứ Luật Thi đua, khen thưởng năm 2022"):
``extract_named_laws(text)`` finds those (see its docstring); a law named with its number ("Luật
Thủy lợi số 08/2017/QH14") is a citation of ``extract_citations`` only.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from dataclasses import dataclass
from typing import Any

__all__ = ["KINDS", "Citation", "NamedLaw", "extract_citations", "extract_named_laws", "normalise_ref"]

KINDS = ("normative", "individual", "cong_van", "party", "consolidated")

# --------------------------------------------------------------------------------------------
# Character classes
# --------------------------------------------------------------------------------------------

# Vietnamese letters, precomposed (the input is NFC). Symbols are upper case but may mix in
# lower-case letters (CTr, TTr, QĐi, TTg, QyĐ, TrS), so both cases are needed.
_VI_VOWELS = "aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ"
_VI_LOWER = string.ascii_lowercase + "đ" + _VI_VOWELS.replace(" ", "")
_VI_UPPER = _VI_LOWER.upper()
_UP = f"[{_VI_UPPER}]"
_LOWER_WORD = f"[{_VI_LOWER}]+"

# Every dash a typist or a word processor produces: hyphen-minus, Unicode hyphens, figure dash,
# en and em dashes, horizontal bar, minus sign. All are written "-" in a ref.
_DASH_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH = f"[{re.escape(_DASH_CHARS)}]"
_DASH_TRANSLATION = str.maketrans(dict.fromkeys(_DASH_CHARS[1:], "-"))

# Text converted from the old TCVN3/VNI fonts often writes Đ as the look-alike Icelandic Eth
# (U+00D0 "Ð", U+00F0 "ð"): "QÐ-UBND". Read as Đ/đ (same length, so offsets are kept).
_LOOKALIKE_TRANSLATION = str.maketrans({"\u00d0": "Đ", "\u00f0": "đ"})

# Horizontal white space only: a reference never spans a line break (a page break between the
# type word and the number is handled separately, see _TYPE_GAP_*).
_HS = r"[^\S\r\n]"

# --------------------------------------------------------------------------------------------
# The reference itself
# --------------------------------------------------------------------------------------------

# One dash-separated part of a symbol: starts upper case and has at least two upper-case letters,
# which keeps ordinary capitalised words ("Kế", "Năm") out while accepting CTr, QĐi, TTg, QH14,
# XDCQ&CTTN. The one-letter type "L" (Luật, Lệnh: 04-L/CTN, 05/2019/L-CTN) is the exception.
# The lookahead forbids stopping in the middle of a word.
_TOKEN = rf"(?:{_UP}[\w&]*?{_UP}[\w&]*|L)(?![\w&])"

# Dash between two parts of a symbol. A stray space is tolerated on one side ("QĐ- UBND",
# "QĐ -UBND") but not on both, which is how a sentence dash is written ("... 327/SCT-VP - UBND").
_JOIN = rf"(?:{_DASH}{_HS}?|{_HS}{_DASH})"
_CHAIN = rf"{_TOKEN}(?:{_JOIN}{_TOKEN})*"

# The number: digits with an optional one-letter suffix (38a). It must not continue a number,
# a word, a code or a date ("2.338", "01/2020", "H48-220921"), nor follow the "NN:" of a
# standard (QCVN 01:2020/BCT). A comma may precede it: lists are often typed "2017,2530/QĐ-UBND".
_NUMBER = rf"(?<![\w./&])(?<!{_DASH})(?<!\d:)\d{{1,7}}(?:[a-zA-Z](?!\w))?"

_REF_RE = re.compile(
    rf"""
    (?:
        # Party: 05-NQ/TU, 125 - KH/TU, 01 - QCPH/ĐU-GĐS (stray spaces around the first dash)
        (?P<p_number>{_NUMBER}) {_HS}* {_DASH} {_HS}* (?P<p_type>{_TOKEN}) {_HS}* / {_HS}*
        (?P<p_issuer>(?>{_CHAIN}))
      |
        # State: 2121/QĐ-UBND, 647 /QCPH-..., 655/ SNV-..., 20/2013/QĐ-UBND, 38/2019/QH14
        (?P<s_number>{_NUMBER}) {_HS}* / {_HS}*
        (?: (?P<s_year>(?:19|20)\d\d) {_HS}* / {_HS}* )?
        (?P<s_symbol>(?>{_CHAIN}))
    )
    # A further "/XXX" means a form or report code (Biểu 06/VPCP/KSTT), not a document.
    (?!{_HS}*/{_HS}*\w)
    """,
    re.VERBOSE,
)

# A dash with spaces on both sides is normally a sentence dash and ends a symbol; but after a
# one-part symbol it is the symbol's own dash when the parts around it make a whole reference:
# "1759 /QĐ - SCT" (a bare type abbreviation is never a whole symbol) and "346/SCT - VP ngày ...",
# where the next part is followed by the end of the reference (a date, "ngày", punctuation).
_SPACED_TAIL_RE = re.compile(rf"{_HS}+{_DASH}{_HS}+(?P<tail>(?>{_CHAIN}))(?!{_HS}*/{_HS}*\w)")
_REFERENCE_END_RE = re.compile(
    rf"{_HS}*(?:[,;.:)(]|\r?\n|$|(?i:ngày)(?!\w)|\d{{1,2}}{_HS}*[/.{re.escape(_DASH_CHARS)}])"
)

# Words that introduce a form, an annex or a report template, whose codes look like references
# ("Mẫu số 01/TTHC", "Phụ lục 02/KH-UBND" is a part of a document, not a document).
_FORM_CONTEXT_RE = re.compile(
    r"(?<!\w)(?i:mẫu|biểu|phụ\s+lục|phụ\s+biểu)(?:\s+(?i:số))?\s*:?\s*$",
)

# --------------------------------------------------------------------------------------------
# Type abbreviations (NĐ 30/2020 Phụ lục III, Party rules HD 36-HD/VPTW) and type words
# --------------------------------------------------------------------------------------------

# Abbreviation -> canonical type words it can be written with.
_TYPE_WORDS_BY_ABBR: dict[str, tuple[str, ...]] = {
    "NQ": ("Nghị quyết",),
    "QĐ": ("Quyết định", "Quy định"),  # Party "Quy định 306-QĐ/TU" predates QĐi
    "QĐi": ("Quy định",),
    "QyĐ": ("Quy định",),
    "CT": ("Chỉ thị",),
    "QC": ("Quy chế",),
    "TC": ("Thông cáo",),
    "TB": ("Thông báo",),
    "HD": ("Hướng dẫn",),
    "CTr": ("Chương trình",),
    "KH": ("Kế hoạch",),
    "PA": ("Phương án",),
    "ĐA": ("Đề án",),
    "DA": ("Dự án",),
    "BC": ("Báo cáo",),
    "BB": ("Biên bản",),
    "TTr": ("Tờ trình",),
    "HĐ": ("Hợp đồng",),
    "CĐ": ("Công điện",),
    "BGN": ("Bản ghi nhớ",),
    "BTT": ("Bản thỏa thuận",),
    "GUQ": ("Giấy ủy quyền",),
    "GM": ("Giấy mời",),
    "GGT": ("Giấy giới thiệu",),
    "GNP": ("Giấy nghỉ phép",),
    "PG": ("Phiếu gửi",),
    "PC": ("Phiếu chuyển",),
    "PB": ("Phiếu báo",),
    "SY": ("Bản sao y",),
    "SL": ("Bản sao lục",),
    "TrS": ("Bản trích sao",),
    "KL": ("Kết luận",),
    "NĐ": ("Nghị định",),
    "TT": ("Thông tư", "Thông tri"),  # Thông tri is the Party's TT
    "TTLT": ("Thông tư liên tịch",),
    "NQLT": ("Nghị quyết liên tịch",),
    "L": ("Luật", "Lệnh"),
    "PL": ("Pháp lệnh",),
    "VBHN": ("Văn bản hợp nhất",),
    "CV": ("Công văn", "Văn bản"),  # old practice: 123/CV-UBND
    # Not in NĐ 30/2020 but common in this sector's licensing: 12/GP-SCT, 05/2021/GCN-SCT
    "GP": ("Giấy phép",),
    "GCN": ("Giấy chứng nhận",),
    "GXN": ("Giấy xác nhận",),
}

# Suffixes appended to a type for joint documents: QCPH (quy chế phối hợp), KHLN (liên ngành),
# HDLT (liên tịch), KHLS (liên sở). Maps every abbreviation a symbol may start with to its type.
_TYPE_SUFFIXES = ("PH", "LN", "LT", "LS")
_BASE_TYPE = {abbr + suffix: abbr for abbr in _TYPE_WORDS_BY_ABBR for suffix in _TYPE_SUFFIXES}
_BASE_TYPE.update({abbr: abbr for abbr in _TYPE_WORDS_BY_ABBR})  # TTLT stays TTLT

# Types whose dated references (NN/YYYY/TYPE-ISSUER) are legal normative documents.
_NORMATIVE_TYPES = frozenset({"NQ", "NĐ", "QĐ", "TT", "TTLT", "NQLT", "CT", "L", "PL"})

# The National Assembly and its Standing Committee sign laws with their term: QH14, UBTVQH15.
_LEGISLATURE_RE = re.compile(r"(?:UBTV)?QH\d+")

# Canonical type words; every other spelling found in text maps to one of these.
_CANONICAL_TYPE_WORDS = (
    "Thông tư liên tịch",
    "Nghị quyết liên tịch",
    "Văn bản hợp nhất",
    "Bản thỏa thuận",
    "Bản trích sao",
    "Bản ghi nhớ",
    "Bản sao lục",
    "Bản sao y",
    "Giấy giới thiệu",
    "Giấy nghỉ phép",
    "Giấy ủy quyền",
    "Giấy mời",
    "Giấy phép",
    "Giấy chứng nhận",
    "Giấy xác nhận",
    "Chương trình",
    "Quyết định",
    "Nghị quyết",
    "Nghị định",
    "Quy định",
    "Quy chế",
    "Chỉ thị",
    "Thông tư",
    "Thông tri",
    "Thông báo",
    "Thông cáo",
    "Hướng dẫn",
    "Kế hoạch",
    "Phương án",
    "Đề án",
    "Dự án",
    "Báo cáo",
    "Biên bản",
    "Tờ trình",
    "Hợp đồng",
    "Công điện",
    "Công văn",
    "Văn bản",
    "Phiếu gửi",
    "Phiếu chuyển",
    "Phiếu báo",
    "Kết luận",
    "Pháp lệnh",
    "Luật",
    "Lệnh",
)

# Old tone placement ("uỷ", "thoả") is still common; it maps to the canonical spelling.
_OLD_TONE_PLACEMENT = {"uỷ": "ủy", "oả": "ỏa", "oá": "óa", "oà": "òa", "oạ": "ọa", "oã": "õa"}


def _type_key(words: str) -> str:
    """Lookup key of a type word: lower case, single spaces, modern tone placement."""
    key = " ".join(words.split()).lower()
    for old, new in _OLD_TONE_PLACEMENT.items():
        key = key.replace(old, new)
    return key


_TYPE_WORD_BY_KEY = {_type_key(word): word for word in _CANONICAL_TYPE_WORDS}


def _type_word_pattern(word: str) -> str:
    """Regex for one type word: any case, any white space between words, old tone placement."""
    parts = []
    for part in word.split():
        alternatives = {part}
        for old, new in _OLD_TONE_PLACEMENT.items():
            alternatives |= {alt.replace(new, old) for alt in alternatives}
        parts.append("(?:" + "|".join(sorted(map(re.escape, alternatives))) + ")")
    return r"\s+".join(parts)


# All type words, longest first so that "Thông tư liên tịch" wins over "Thông tư".
_TYPE_WORD_RE = re.compile(
    r"(?<!\w)(?i:"
    + "|".join(_type_word_pattern(w) for w in sorted(_CANONICAL_TYPE_WORDS, key=len, reverse=True))
    + r")(?!\w)"
)

# Abbreviations used as type words in running text ("QĐ số 183/QĐ-UBND", "NĐ 30/2020/NĐ-CP").
# Case-sensitive; not inside a symbol (no "/" or "-" before). Only the unambiguous common ones.
_TYPE_ABBR_WORDS = ("TTLT", "TTr", "NQ", "NĐ", "QĐ", "CT", "TT", "KH", "CV", "TB", "BC", "HD")
_TYPE_ABBR_ALTERNATIVES = "|".join(_TYPE_ABBR_WORDS)
_TYPE_ABBR_WORD_RE = re.compile(rf"(?<![\w/&])(?<!{_DASH})(?:{_TYPE_ABBR_ALTERNATIVES})(?![\w/&])")

# What may stand between a type word and the number. With "số": up to three lower-case words
# ("Kế hoạch phối hợp số", "Chương trình hành động số", "Công văn hỏa tốc số") and an optional
# colon. Without "số": white space only, which may include a page break ("Nghị định\n\n107/...").
_TYPE_GAP_WITH_SO_RE = re.compile(rf"(?:\s+{_LOWER_WORD}){{0,3}}\s+(?i:số)\s*:?\s*")
_TYPE_GAP_DIRECT_RE = re.compile(r"\s*")
# A law or an ordinance is named between its type word and "số": "Luật Thủy lợi số 08/2017/QH14",
# "Pháp lệnh Xử lý vi phạm hành chính số ...". Up to six words of any case, no punctuation.
_NAMED_TYPES = frozenset({"Luật", "Pháp lệnh"})
_TYPE_GAP_NAMED_RE = re.compile(rf"(?:{_HS}+\w+){{1,6}}{_HS}+(?i:số)\s*:?\s*")

# How far back to look for a type word: enough for the longest type word plus the gap.
_TYPE_LOOKBACK = 80

# --------------------------------------------------------------------------------------------
# The date written with a reference
# --------------------------------------------------------------------------------------------

_DATE_SEP = rf"{_HS}*[/.{re.escape(_DASH_CHARS)}]{_HS}*"
_DATE_AFTER_RE = re.compile(
    rf"""
    {_HS}* [,(]? {_HS}*              # "..., ngày" or "... (ngày"
    (?: \s* (?i:ngày) \s* )?         # "ngày" (maybe after a line or page break) or a bare date
    (?:
        (?P<d>\d{{1,2}}) {_DATE_SEP} (?P<m>\d{{1,2}}) {_DATE_SEP} (?P<y>(?:19|20)\d\d)
      |
        (?P<d2>\d{{1,2}}) \s+ tháng \s+ (?P<m2>\d{{1,2}}) \s+ năm \s+ (?P<y2>(?:19|20)\d\d)
    )
    (?!\d)                           # not the first digits of a longer number
    """,
    re.VERBOSE,
)

# "... 1234/QĐ-UBND của Chủ tịch UBND tỉnh ngày 15/3/2021": the date follows a short issuer phrase.
# The phrase is taken only when it names an organ (no digits, no punctuation, at most twelve words,
# each capitalised or a word of an organ's name), so a date belonging to a later clause ("của UBND
# tỉnh ban hành Kế hoạch thực hiện Nghị quyết 04-NQ/TU ngày ...") is not borrowed.
_ISSUER_PHRASE_RE = re.compile(
    rf"{_HS}*,?{_HS}*của{_HS}+(?P<issuer>[^\W\d_]+(?:{_HS}+[^\W\d_]+){{0,11}}){_HS}*,?{_HS}*(?=(?i:ngày))"
)
_ISSUER_LOWER_WORDS = frozenset(
    [
        "tỉnh",
        "thành",
        "phố",
        "trung",
        "ương",
        "nhân",
        "dân",
        "ban",
        "thường",
        "vụ",
        "chính",
        "phủ",
        "tướng",
        "tịch",
        "huyện",
        "thị",
        "xã",
        "quản",
        "lý",
        "khu",
        "kinh",
        "tế",
        "công",
        "nghiệp",
        "và",
        "các",
        "nội",
        "thương",
        "tài",
        "nguyên",
        "môi",
        "trường",
        "hội",
        "đồng",
        "đảng",
        "ủy",
        "văn",
        "phòng",
        "sở",
        "bộ",
        "cục",
        "chi",
        "liên",
        "ngành",
        "giám",
        "đốc",
        "chủ",
        "phó",
    ]
)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Citation:
    """One mention of a document by number and symbol (see the module docstring)."""

    ref: str
    type_word: str | None
    number: str
    year: int | None
    symbol: str
    issuer: str | None
    kind: str
    date: dt.date | None
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready values; the date as ``YYYY-MM-DD`` or ``None``."""
        return {
            "ref": self.ref,
            "type_word": self.type_word,
            "number": self.number,
            "year": self.year,
            "symbol": self.symbol,
            "issuer": self.issuer,
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "start": self.start,
            "end": self.end,
        }


def normalise_ref(raw: str) -> str:
    """Comparable form of a reference: NFC, no white space, every dash written ``-``, case kept.

    >>> normalise_ref("10 – KH/BDVTU-BCSĐUBND")
    '10-KH/BDVTU-BCSĐUBND'
    """
    text = unicodedata.normalize("NFC", raw).translate(_DASH_TRANSLATION).translate(_LOOKALIKE_TRANSLATION)
    return "".join(text.split())


def extract_citations(text: str) -> list[Citation]:
    """Every mention of a document by number and symbol in ``text``, in order of appearance.

    Offsets refer to ``unicodedata.normalize("NFC", text)``.
    """
    text = unicodedata.normalize("NFC", text)
    # Matching runs on a copy with look-alike letters replaced one for one (offsets unchanged).
    text = text.translate(_LOOKALIKE_TRANSLATION)
    citations = []
    for match in _REF_RE.finditer(text):
        if _FORM_CONTEXT_RE.search(text, max(0, match.start() - _TYPE_LOOKBACK), match.start()):
            continue
        citations.append(_citation_from_match(text, match))
    return citations


def _spaced_tail(text: str, match: re.Match[str]) -> re.Match[str] | None:
    """The rest of a one-part state symbol written after a spaced dash ("QĐ - SCT"), if any."""
    if match["s_symbol"] is None:
        return None
    parts = normalise_ref(match["s_symbol"]).split("-")
    if len(parts) != 1:
        return None
    tail = _SPACED_TAIL_RE.match(text, match.end())
    if tail is None:
        return None
    if parts[0] in _BASE_TYPE or _REFERENCE_END_RE.match(text, tail.end()):
        return tail
    return None


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _citation_from_match(text: str, match: re.Match[str]) -> Citation:
    end = match.end()
    if match["p_number"] is not None:
        number = match["p_number"]
        year = None
        party_type = normalise_ref(match["p_type"])
        issuer = normalise_ref(match["p_issuer"])
        symbol = f"{party_type}/{issuer}"
        ref = f"{number}-{symbol}"
        type_abbr = _BASE_TYPE.get(party_type)
        kind = "normative" if type_abbr in {"L", "PL"} else "party"
    else:
        number = match["s_number"]
        year = int(match["s_year"]) if match["s_year"] else None
        symbol = normalise_ref(match["s_symbol"])
        tail = _spaced_tail(text, match)
        if tail is not None:
            symbol = f"{symbol}-{normalise_ref(tail['tail'])}"
            end = tail.end()
        ref = f"{number}/{year}/{symbol}" if year else f"{number}/{symbol}"
        type_abbr, issuer, kind = _classify_state_symbol(symbol, year)
    return Citation(
        ref=ref,
        type_word=_type_word_before(text, match.start(), type_abbr),
        number=number,
        year=year,
        symbol=symbol,
        issuer=issuer,
        kind=kind,
        date=_date_after(text, end),
        start=match.start(),
        end=end,
    )


def _classify_state_symbol(symbol: str, year: int | None) -> tuple[str | None, str | None, str]:
    """(type abbreviation, issuer, kind) of a state symbol such as QĐ-UBND or SCT-VP."""
    parts = symbol.split("-")
    if "VBHN" in parts:
        rest = parts[parts.index("VBHN") + 1 :]
        return "VBHN", "-".join(rest) or None, "consolidated"
    first, rest = parts[0], parts[1:]
    issuer_after_type = "-".join(rest) or None
    base = _BASE_TYPE.get(first)
    if base is not None:
        if base == "CV":  # old practice 123/CV-UBND-VP: the issuer is the agency after CV
            return base, rest[0] if rest else None, "cong_van"
        if year and base in _NORMATIVE_TYPES:
            return base, issuer_after_type, "normative"
        return base, issuer_after_type, "individual"
    if year and _LEGISLATURE_RE.fullmatch(first):
        return None, symbol, "normative"
    if year:
        return None, symbol, "individual"
    # Công văn: the issuing agency, then the drafting unit, which is not part of the issuer.
    return None, first, "cong_van"


def _type_word_before(text: str, start: int, type_abbr: str | None) -> str | None:
    """Canonical type word written just before the reference starting at ``start``."""
    window_start = max(0, start - _TYPE_LOOKBACK)
    found = [
        (match.start(), match.end(), _TYPE_WORD_BY_KEY[_type_key(match.group())])
        for match in _TYPE_WORD_RE.finditer(text, window_start, start)
    ] + [
        (match.start(), match.end(), _TYPE_WORDS_BY_ABBR[match.group()][0])
        for match in _TYPE_ABBR_WORD_RE.finditer(text, window_start, start)
    ]
    candidates = [word for _, end, word in sorted(found) if _is_type_gap(text, end, start, word)]
    if not candidates:
        return None
    # "Thông báo kết luận số 08-TB/..." names two types; the abbreviation says which one.
    expected = _TYPE_WORDS_BY_ABBR.get(type_abbr or "", ())
    consistent = [word for word in candidates if word in expected]
    return (consistent or candidates)[-1]


def _is_type_gap(text: str, start: int, end: int, word: str = "") -> bool:
    """Whether ``text[start:end]`` may separate the type word ``word`` from the number that follows."""
    if _TYPE_GAP_DIRECT_RE.fullmatch(text, start, end):
        return True
    if word in _NAMED_TYPES and _TYPE_GAP_NAMED_RE.fullmatch(text, start, end):
        return True
    return _TYPE_GAP_WITH_SO_RE.fullmatch(text, start, end) is not None


def _date_after(text: str, end: int) -> dt.date | None:
    """The date written right after a reference ending at ``end``, if any and if valid."""
    match = _DATE_AFTER_RE.match(text, end)
    if match is None:
        issuer = _ISSUER_PHRASE_RE.match(text, end)
        if issuer is None or not all(
            word[0].isupper() or word in _ISSUER_LOWER_WORDS for word in issuer["issuer"].split()
        ):
            return None
        match = _DATE_AFTER_RE.match(text, issuer.end())
        if match is None:
            return None
    groups = ("y", "m", "d") if match["d"] else ("y2", "m2", "d2")
    year, month, day = (int(match[group]) for group in groups)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# --------------------------------------------------------------------------------------------
# Laws cited by name, without a number
# --------------------------------------------------------------------------------------------

# "Luật" or "Bộ luật" followed by a capitalised word: the name of a law or code ("Luật Thi đua,
# khen thưởng", "Bộ luật Lao động"), not "Luật sư" nor "Luật này".
_LAW_HEAD_RE = re.compile(rf"(?<![\w])(?:Bộ{_HS}+luật|Luật)(?={_HS}+{_UP})")
_LAW_TOKEN_RE = re.compile(rf"{_HS}*(?:(?P<word>[\w]+)|(?P<comma>,)|(?P<other>\S))")
# Words that end a law's name: what follows a name in a sentence, never inside one.
_LAW_NAME_STOPS = frozenset(
    "năm số ngày đã được bị đang sẽ này đó thì là tại để nhằm cho các những "  # noqa: SIM905 (a word list)
    "trong khi nếu mà do bởi từ đến với về".split()
)
_LAW_NAME_STOP_PAIRS = frozenset({("quy", "định"), ("hiện", "hành"), ("có", "hiệu"), ("sửa", "đổi"), ("bổ", "sung")})
# Inside a name only when a lower-case word of the name follows: "Luật Phòng cháy và chữa cháy",
# "Luật Thi đua, khen thưởng" — but "Luật Đất đai, Luật Xây dựng" and "Luật A và các văn bản" are two.
_LAW_NAME_JOINERS = frozenset({",", "và", "hoặc", "của"})
_LAW_MAX_WORDS = 14
_LAW_YEAR_RE = re.compile(rf"{_HS}+năm{_HS}+(?P<year>(?:19|20)\d\d)(?!\d)")
_LAW_NUMBER_AFTER_RE = re.compile(rf"(?:{_HS}+năm{_HS}+\d{{4}})?,?{_HS}*(?:số|có số){_HS}*\d")


@dataclass(frozen=True, slots=True)
class NamedLaw:
    """A law (or code) cited by its name without a number: "Luật Thi đua, khen thưởng năm 2022"."""

    name: str  # "Luật Thi đua, khen thưởng"
    year: int | None  # the "năm 2022" that names the law's version, if written
    start: int
    end: int  # of the name (the year excluded)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "year": self.year, "start": self.start, "end": self.end}


def extract_named_laws(text: str) -> list[NamedLaw]:
    """Every law named without its number in ``text`` (offsets in its NFC form), in order.

    The name runs from "Luật"/"Bộ luật" over the words that follow, up to a word that never
    belongs to a name ("năm", "ngày", "số", "được", "quy định"...), a digit, or punctuation other
    than a comma; a comma, "và", "hoặc" or "của" stays in the name only when a lower-case word
    follows ("Luật Phòng, chống tham nhũng"). Names followed by "số NN" are left to
    ``extract_citations``.
    """
    text = unicodedata.normalize("NFC", text)
    laws = []
    for head in _LAW_HEAD_RE.finditer(text):
        end = _law_name_end(text, head.end())
        if end is None or _LAW_NUMBER_AFTER_RE.match(text, end):
            continue
        year = _LAW_YEAR_RE.match(text, end)
        laws.append(
            NamedLaw(
                name=" ".join(text[head.start() : end].split()),
                year=int(year["year"]) if year else None,
                start=head.start(),
                end=end,
            )
        )
    return laws


def _law_name_end(text: str, position: int) -> int | None:
    """End offset of the name whose first word starts after ``position``; None if it has no word."""
    line_end = text.find("\n", position)
    line_end = len(text) if line_end < 0 else line_end
    tokens = []
    for match in _LAW_TOKEN_RE.finditer(text, position, line_end):
        tokens.append(match)
        if len(tokens) > 2 * _LAW_MAX_WORDS:
            break
    end, words = None, 0
    for index, token in enumerate(tokens):
        value = token["word"] or token["comma"] or token["other"]
        following = tokens[index + 1]["word"] if index + 1 < len(tokens) else None
        if token["other"] or (token["word"] and any(c.isdigit() for c in value)):
            break
        lowered = value.lower()
        if lowered in _LAW_NAME_STOPS or (following and (lowered, following.lower()) in _LAW_NAME_STOP_PAIRS):
            break
        if lowered in _LAW_NAME_JOINERS and words:
            if not following or not following[0].islower() or following.lower() in _LAW_NAME_STOPS:
                break
            continue
        if words >= _LAW_MAX_WORDS:
            break
        words += 1
        end = token.end()
    return end

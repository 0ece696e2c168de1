"""Parsing single values: what is unambiguous is parsed, the rest is kept verbatim with the reason."""

from __future__ import annotations

import hashlib
import re

from egov.core.text import clean_text, fold

from ..models import FilingChannel, OnlineLevel

LOCAL_CODE_PREFIX = "LOCAL-"


_LEGACY_TO_ONLINE = {2: OnlineLevel.NONE, 3: OnlineLevel.PARTIAL, 4: OnlineLevel.FULL}
_FREE = {"khong", "mien", "mien phi", "khong thu", "0"}
_FEE_LABELS = {"phi tham dinh": "Phí thẩm định", "le phi": "Lệ phí", "phi": "Phí"}


_TRAILING_NOTE = re.compile(r"^(?P<value>.*?)\s*\((?P<note>[^()]*)\)$")
_DAYS = re.compile(r"(\d+)(?:\s*ngày(?: làm việc)?)?", re.IGNORECASE)
_AMOUNT = r"\d{1,3}(?:\.\d{3})+|\d+"
_SINGLE_FEE = re.compile(
    rf"(?:(?P<label>phí thẩm định|lệ phí|phí)\s*:?\s*)?(?P<amount>{_AMOUNT})\s*(?:đ|đồng|vnđ|vnd)?(?P<per>/[^\d;,%]+)?",
    re.IGNORECASE,
)


def split_note(text: str) -> tuple[str, str]:
    """ "10 (Quảng Nam)" -> ("10", "Quảng Nam"); a value without a trailing note -> (value, "")."""
    match = _TRAILING_NOTE.match(text)
    if match and match["value"]:
        return match["value"].strip(), match["note"].strip()
    return text, ""


def local_code(name: str) -> str:
    """A stable code for a procedure without a national code, derived from its normalised name.

    Case, diacritics, punctuation and spacing do not change it: "Cấp sửa đổi/ bổ sung ..." and
    "cap sua doi, bo sung ..." get the same code.
    """
    key = re.sub(r"[^a-z0-9]+", " ", fold(clean_text(name))).strip()
    return LOCAL_CODE_PREFIX + hashlib.sha256(key.encode()).hexdigest()[:10].upper()


def parse_time_limit(text: str) -> tuple[int | None, str | None]:
    """Whole number of working days, or (None, reason)."""
    match = _DAYS.fullmatch(text)
    if match:
        return int(match[1]), None
    if re.search(r"[;+]", text):
        return None, "thời hạn gồm nhiều giai đoạn"
    return None, "không phải số ngày làm việc"


def parse_reduced_time_limit(text: str, time_limit: int | None) -> tuple[int | None, str, str | None]:
    """(days, source note, reason when unparsed)."""
    value, note = split_note(text)
    match = _DAYS.fullmatch(value)
    if match:
        days = int(match[1])
        if time_limit is not None and days > time_limit:
            return None, note, f"thời hạn cắt giảm {days} lớn hơn thời hạn theo quy định {time_limit}"
        return days, note, None
    if "giờ" in value.lower():
        return None, note, "tính bằng giờ, khác đơn vị của thời hạn theo quy định (ngày làm việc)"
    return None, note, "không phải số ngày làm việc"


def parse_online_level(text: str) -> tuple[str | None, int | None, str, str | None]:
    """(online level, legacy level, source note, reason when unparsed)."""
    if ";" in text:
        return None, None, "", "nhiều giá trị (nhiều nguồn hoặc nhiều mức)"
    value, note = split_note(text)
    folded = fold(value)
    if folded == "toan trinh":
        return OnlineLevel.FULL.value, None, note, None
    if folded == "mot phan":
        return OnlineLevel.PARTIAL.value, None, note, None
    match = re.fullmatch(r"muc(?: do)? ([1-4])", folded)
    if match and int(match[1]) in _LEGACY_TO_ONLINE:
        legacy = int(match[1])
        return _LEGACY_TO_ONLINE[legacy].value, legacy, note, None
    return None, None, note, "không nhận ra mức độ trực tuyến"


_LEGAL_REFERENCE = re.compile(r"\d+/\d{4}/[\w\-]+")


# One rate of several, each with the case it applies to: "1.200.000 (TP, thị xã)".
_ALTERNATIVE = re.compile(rf"(?P<amount>{_AMOUNT})\s*(?:đ|đồng)?\s*\((?P<condition>[^()]+)\)", re.IGNORECASE)
_ALTERNATIVE_UNIT = re.compile(r"(?:đ|đồng)?\s*/[^\d;]*", re.IGNORECASE)
_NO_LE_PHI = re.compile(r"\s*;\s*lệ phí\s*:?\s*không\s*$", re.IGNORECASE)
_FEE_LABEL = re.compile(r"(?P<label>phí thẩm định|lệ phí|phí)\s*:\s*", re.IGNORECASE)


def parse_fee_alternatives(text: str) -> list[tuple[str, int, str]] | None:
    """Rates of which one applies, as the catalogue writes them — "1.200.000 (TP, thị xã) /
    600.000 (khu vực khác) đ/lần thẩm định", "phí thẩm định: 500.000 (cơ sở SX nhỏ lẻ); 1.000.000
    (cơ sở kinh doanh)" — as (label, amount, condition); None for any other shape (a rate that
    depends on two things, a case given only in words), which stays for the desk to read."""
    body = _NO_LE_PHI.sub("", text.strip())
    label_match = _FEE_LABEL.match(body)
    if label_match:
        body = body[label_match.end() :]
    parts = re.split(r"\s*[/;]\s*(?=\d)", body)
    if len(parts) < 2:
        return None
    if label_match:
        label = _FEE_LABELS[fold(label_match["label"])]
    else:
        label = "Phí thẩm định" if "tham dinh" in fold(text) else ("Phí" if _NO_LE_PHI.search(text) else "Phí, lệ phí")
    items = []
    for index, part in enumerate(parts):
        match = _ALTERNATIVE.match(part)
        if match is None:
            return None
        rest = part[match.end() :].strip()
        if rest and not (index == len(parts) - 1 and _ALTERNATIVE_UNIT.fullmatch(rest)):
            return None
        items.append((label, int(match["amount"].replace(".", "")), clean_text(match["condition"])))
    return items


def parse_fee(text: str) -> tuple[list[tuple[str, int, str]] | None, str, str | None]:
    """(fee items as (label, amount, condition), source note, reason when unparsed). [] means no
    fee; items with a condition are alternatives, one of which applies to a dossier."""
    if alternatives := parse_fee_alternatives(text):
        return alternatives, "", None
    value, note = split_note(text)
    folded = fold(value).rstrip(".")
    if folded in _FREE:
        return [], note, None
    match = _SINGLE_FEE.fullmatch(value)
    amounts = re.findall(_AMOUNT, _LEGAL_REFERENCE.sub(" ", text))
    if match and len(amounts) == 1:
        amount = int(match["amount"].replace(".", ""))
        if amount == 0:
            return [], note, None
        label = _FEE_LABELS[fold(match["label"])] if match["label"] else "Phí, lệ phí"
        return [(label, amount, "")], note, None
    if not amounts:
        if re.fullmatch(r"le phi\s*:?\s*khong", folded):
            return None, "", "chỉ nêu lệ phí không thu, chưa rõ phí"
        return None, "", "không có số tiền cụ thể (dẫn chiếu quy định)"
    if len(amounts) > 1 or "%" in value:
        return None, "", "nhiều mức phí theo đối tượng, địa bàn hoặc trường hợp"
    return None, "", "số tiền kèm điều kiện áp dụng, còn mức khác chưa rõ"


_CHANNELS = {
    "truc tiep": FilingChannel.DIRECT.value,
    "buu chinh": FilingChannel.POSTAL.value,
    "dich vu buu chinh": FilingChannel.POSTAL.value,
    "qua buu chinh": FilingChannel.POSTAL.value,
    "buu dien": FilingChannel.POSTAL.value,
    "truc tuyen": FilingChannel.ONLINE.value,
}


def parse_filing_methods(text: str) -> tuple[list[tuple[str, str]] | None, str | None]:
    """ "Trực tiếp: nộp tại Bộ phận Một cửa\nTrực tuyến: qua Cổng Dịch vụ công" -> [(channel,
    description)], or (None, reason) when a line names no known channel or a channel twice."""
    methods: list[tuple[str, str]] = []
    for line in text.splitlines():
        head, _, description = line.partition(":")
        channel = _CHANNELS.get(fold(head).strip(" -–.").removeprefix("nop "))
        if channel is None:
            return None, f"không nhận ra hình thức nộp “{clean_text(head)}” (trực tiếp, bưu chính, trực tuyến)"
        if any(channel == known for known, _ in methods):
            return None, f"hình thức nộp “{clean_text(head)}” ghi hai lần"
        methods.append((channel, description.strip()))
    return methods, None

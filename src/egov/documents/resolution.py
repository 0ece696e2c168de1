"""From a mention in running text to a line of the registers, and what the mention means.

A citation resolves to a registered document of the same agency with the same number (leading
zeros ignored) and symbol (normalised: spaces and dash variants removed, case kept), and:

* the same year when the reference embeds one (normative documents: 20/2013/QĐ-UBND);
* else the same document date when the text gives a date;
* else, with neither, the one candidate dated on or before the citing document (several
  candidates — the same number reused in different years — stay unresolved: the clerk decides).

When several candidates remain, the one whose issuer symbol equals the citation's issuer wins;
still several: unresolved rather than a guess.
"""

from __future__ import annotations

import datetime as dt
import re

from .citations import Citation as ParsedCitation
from .citations import extract_citations, normalise_ref
from .models import CitationRelation, Document
from .numbering import number_key

# The verbs that decide what a mention means for the citing document. "thay thế" makes it a
# replacement; "thực hiện", "triển khai" (a plan carried out by this document) an implementation;
# "bãi bỏ", "sửa đổi", "bổ sung" and "căn cứ" are other relations, recorded as plain citations.
# The nearest verb before the mention, in the same sentence, decides.
_RELATION_VERB_RE = re.compile(
    r"(?<!\w)(?P<passive>(?:được|bị|đã được|đã bị)\s+)?(?P<verb>thay\s+thế|bãi\s+bỏ|sửa\s+đổi|bổ\s+sung|căn\s+cứ|"
    r"thực\s+hiện|triển\s+khai|theo)(?!\w)",
    re.IGNORECASE,
)
_IMPLEMENTING_VERBS = {"thực hiện", "triển khai"}
# A sentence or a list item ends at a full stop followed by space, a semicolon or a line break.
_SENTENCE_END_RE = re.compile(r"(?:\.\s|;|\n)")
_RELATION_LOOKBACK = 300
# "Quyết định này", "văn bản này": the citing document speaking of itself.
_THIS_DOCUMENT_RE = re.compile(r"(?<!\w)này(?!\w)", re.IGNORECASE)


def relation_of(text: str, start: int) -> str:
    """CitationRelation of the mention at ``start`` of the NFC ``text``.

    "thay thế Quyết định số 12/QĐ-UBND" and "Quyết định này thay thế ... số 12/QĐ-UBND" are
    replacements; "bãi bỏ Quyết định số 12/QĐ-UBND" and "đã được thay thế bằng ..." are not.
    """
    window_start = max(0, start - _RELATION_LOOKBACK)
    window = text[window_start:start]
    sentence_ends = list(_SENTENCE_END_RE.finditer(window))
    if sentence_ends:
        window = window[sentence_ends[-1].end() :]
    verbs = list(_RELATION_VERB_RE.finditer(window))
    if not verbs:
        return CitationRelation.CITES
    last = verbs[-1]
    verb = " ".join(last["verb"].lower().split())
    if verb == "thay thế" and not last["passive"]:
        return CitationRelation.REPLACES
    if verb in _IMPLEMENTING_VERBS and not last["passive"]:
        return CitationRelation.IMPLEMENTS
    return CitationRelation.CITES


def _sentence_start(text: str, position: int) -> int:
    window_start = max(0, position - _RELATION_LOOKBACK)
    ends = list(_SENTENCE_END_RE.finditer(text, window_start, position))
    return ends[-1].end() if ends else window_start


def replacements(text: str, starts: list[int]) -> dict[int, int | None]:
    """Which mentions are replaced, and by which mention: {replaced index: replacer index or None}.

    ``starts`` are the offsets of the mentions of ``text`` in order. None means the citing
    document itself replaces it ("Quyết định này ... thay thế Quyết định số 12/QĐ-UBND").
    When the sentence names a document before the verb, that document is the replacer:
    "Quyết định số 15/2021/QĐ-UBND ..., thay thế Quyết định số 20/2013/QĐ-UBND" records that
    15/2021 replaces 20/2013, not the report that mentions both. Passive "A được thay thế bằng B"
    records that B replaces A.
    """
    links: dict[int, int | None] = {}
    for index, start in enumerate(starts):
        sentence = _sentence_start(text, start)
        verbs = list(_RELATION_VERB_RE.finditer(text, sentence, start))
        if not verbs:
            continue
        last = verbs[-1]
        if " ".join(last["verb"].lower().split()) != "thay thế":
            continue
        before_verb = [i for i, s in enumerate(starts) if sentence <= s < last.start()]
        if last["passive"]:
            # "A được thay thế bằng B": the mention right after the verb is the replacer of A.
            previous_verb_mentions = [i for i in before_verb if i < index]
            first_after = min((i for i, s in enumerate(starts) if s > last.end()), default=None)
            if previous_verb_mentions and first_after == index:
                links[previous_verb_mentions[-1]] = index
            continue
        replacer = before_verb[-1] if before_verb else None
        if replacer is not None and _THIS_DOCUMENT_RE.search(text, starts[replacer], last.start()):
            replacer = None  # "Quyết định số 5/QĐ-SCT ... Quyết định này thay thế ...": the citing one
        links[index] = replacer
    return links


def parse_ref(raw: str) -> ParsedCitation | None:
    """The one reference a clerk typed in a "số, ký hiệu" box, or None if it is not exactly one."""
    text = raw.strip()
    found = extract_citations(text)
    if len(found) != 1:
        return None
    citation = found[0]
    if text[: citation.start].strip() or text[citation.end :].strip():
        return None
    return citation if fits_columns(citation) else None


def fits_columns(citation: ParsedCitation) -> bool:
    """Whether a parsed reference fits the register's columns (a pathological chain does not)."""
    return len(citation.ref) <= 255 and len(citation.symbol) <= 200 and len(citation.number) <= 20


def candidates(*, agency_id: int, number: str, symbol: str):
    return Document.objects.filter(
        agency_id=agency_id,
        number_key=number_key(number),
        symbol=normalise_ref(symbol),
        status=Document.Status.REGISTERED,
    ).select_related("issuer")


def resolve(
    *,
    agency_id: int,
    number: str,
    symbol: str,
    year: int | None,
    date: dt.date | None,
    issuer: str | None,
    citing: Document | None = None,
) -> Document | None:
    """The registered document a mention refers to, or None when there is none or it is ambiguous."""
    found = candidates(agency_id=agency_id, number=number, symbol=symbol)
    if citing is not None and citing.pk:
        found = found.exclude(pk=citing.pk)
    if year is not None:
        found = found.filter(year=year)
    elif date is not None:
        found = found.filter(document_date=date)
    elif citing is not None and citing.document_date is not None:
        found = found.exclude(document_date__gt=citing.document_date)
    matches = list(found[:20])
    if len(matches) > 1 and issuer:
        same_issuer = [doc for doc in matches if doc.issuer.symbol == issuer]
        matches = same_issuer or matches
    return matches[0] if len(matches) == 1 else None

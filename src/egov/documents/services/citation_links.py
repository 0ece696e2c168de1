"""Citations: extract them from a document's text, resolve them, and re-resolve when a document is registered."""

from __future__ import annotations

from django.utils import timezone

from egov.core.text import nfc

from ..citations import extract_citations, extract_named_laws
from ..models import LAW_BY_NAME, Citation, CitationRelation, Document
from ..numbering import number_key
from ..resolution import fits_columns, relation_of, replacements, resolve


def citations_sync(*, document: Document) -> list[Citation]:
    """Replace the document's citations with those found in its text now, each resolved if possible."""
    document.citations_out.all().delete()
    text = nfc(document.body)
    rows = []
    mentions = [
        parsed
        for parsed in extract_citations(text)
        # a document quoting its own number is not a citation
        if not (document.ref and parsed.ref == document.ref) and fits_columns(parsed)
    ]
    links = replacements(text, [parsed.start for parsed in mentions])
    for index, parsed in enumerate(mentions):
        target = resolve(
            agency_id=document.agency_id,
            number=parsed.number,
            symbol=parsed.symbol,
            year=parsed.year,
            date=parsed.date,
            issuer=parsed.issuer,
            citing=document,
        )
        rows.append(
            Citation(
                citing=document,
                ref=parsed.ref,
                type_word=parsed.type_word or "",
                number=parsed.number,
                number_key=number_key(parsed.number),
                year=parsed.year,
                symbol=parsed.symbol,
                issuer=parsed.issuer or "",
                kind=parsed.kind,
                date=parsed.date,
                start=parsed.start,
                end=parsed.end,
                relation=CitationRelation.REPLACES if index in links else _cites_or_implements(text, parsed.start),
                target=target,
                resolved_at=timezone.now() if target else None,
            )
        )
    # Laws named without a number: mentions to show and follow, never resolved by number.
    rows += [
        Citation(
            citing=document,
            ref=law.name[:255],
            type_word=law.name.split()[0] if law.name.startswith("Luật") else "Bộ luật",
            number="",
            number_key="",
            year=law.year,
            symbol="",
            kind=LAW_BY_NAME,
            start=law.start,
            end=law.end,
            relation=_cites_or_implements(text, law.start),
        )
        for law in extract_named_laws(text)
    ]
    created = Citation.objects.bulk_create(rows)
    linked = []
    for replaced, replacer in links.items():
        if replacer is not None:
            created[replaced].replacer = created[replacer]
            linked.append(created[replaced])
    if linked:
        Citation.objects.bulk_update(linked, ["replacer"])
    return created


def _cites_or_implements(text: str, start: int) -> str:
    """A mention not replaced: implemented ("Thực hiện Kế hoạch số ...") or cited."""
    relation = relation_of(text, start)
    return CitationRelation.IMPLEMENTS if relation == CitationRelation.IMPLEMENTS else CitationRelation.CITES


def citations_resolve_pending(*, document: Document) -> int:
    """Link unresolved citations that point at a newly registered document; returns how many."""
    if document.status != Document.Status.REGISTERED or not document.number_key:
        return 0
    pending = Citation.objects.filter(
        citing__agency_id=document.agency_id,
        target__isnull=True,
        number_key=document.number_key,
        symbol=document.symbol,
    ).select_related("citing")
    linked = 0
    now = timezone.now()
    for citation in pending:
        target = resolve(
            agency_id=document.agency_id,
            number=citation.number,
            symbol=citation.symbol,
            year=citation.year,
            date=citation.date,
            issuer=citation.issuer or None,
            citing=citation.citing,
        )
        if target is not None:
            citation.target = target
            citation.resolved_at = now
            citation.save(update_fields=["target", "resolved_at"])
            linked += 1
    return linked

"""Reads for the document registers and the citation graph, scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, QuerySet

from egov.core.text import fold
from egov.organisations.models import User
from egov.organisations.selectors import scope_filter, user_can_access

from .models import LAW_BY_NAME, Citation, CitationRelation, Direction, Document, DocumentFile


def documents_visible(user: User) -> QuerySet[Document]:
    """Agency-wide roles see the agency's registers; unit roles see what their unit handles,
    drafted, or was assigned a task by (scope rule of organisations.selectors)."""
    by_handling = scope_filter(user, agency_field="agency", unit_field="handling_unit")
    by_drafting = scope_filter(user, agency_field="agency", unit_field="drafting_unit")
    # The tasks a document assigns (egov.assignments) are read through the reverse relation, so the
    # registers do not import the app built on them.
    task_docs = Document.objects.filter(
        scope_filter(user, agency_field="agency", unit_field="tasks__lead_unit")
        | scope_filter(user, agency_field="agency", unit_field="tasks__coordinating_units")
    ).values("pk")
    return Document.objects.filter(by_handling | by_drafting | Q(pk__in=task_docs))


def user_can_see_document(user: User, document: Document) -> bool:
    if user_can_access(user, agency_id=document.agency_id, unit_id=document.handling_unit_id):
        return True
    if user_can_access(user, agency_id=document.agency_id, unit_id=document.drafting_unit_id):
        return True
    return documents_visible(user).filter(pk=document.pk).exists()


def issued_file(document_id: int) -> DocumentFile | None:
    """The .docx rendered when the document was issued (its number and date on it), if any."""
    return DocumentFile.objects.filter(document_id=document_id, kind=DocumentFile.Kind.ISSUED).last()


def register_list(
    *,
    user: User,
    direction: str,
    year: int | None = None,
    document_type_id: int | None = None,
    issuer_id: int | None = None,
    query: str = "",
    include_drafts: bool = False,
) -> QuerySet[Document]:
    documents = documents_visible(user).filter(direction=direction)
    if not include_drafts:
        documents = documents.filter(status=Document.Status.REGISTERED)
    if year:
        documents = (
            documents.filter(arrival_year=year) if direction == Direction.INCOMING else documents.filter(year=year)
        )
    if document_type_id:
        documents = documents.filter(document_type_id=document_type_id)
    if issuer_id:
        documents = documents.filter(issuer_id=issuer_id)
    for word in fold(query).split():
        # search_text is already folded, so a plain LIKE is enough (and the trigram index serves it).
        documents = documents.filter(search_text__contains=word)
    order = ["-arrival_year", "-arrival_number"] if direction == Direction.INCOMING else ["-year", "-pk"]
    return documents.select_related("document_type", "issuer", "handling_unit", "drafting_unit").order_by(*order)


def drafts_list(*, user: User) -> QuerySet[Document]:
    return (
        documents_visible(user)
        .filter(direction=Direction.OUTGOING, status=Document.Status.DRAFT)
        .select_related("document_type", "drafting_unit")
        .order_by("-created_at")
    )


def register_years(*, user: User, direction: str) -> list[int]:
    field_name = "arrival_year" if direction == Direction.INCOMING else "year"
    years = documents_visible(user).filter(direction=direction).exclude(**{f"{field_name}__isnull": True})
    return sorted(set(years.values_list(field_name, flat=True)), reverse=True)


@dataclass
class CitationGraph:
    cites: list[Citation]
    cited_by: list[Citation]
    replaces: list[Replacement]
    replaced_by: list[Replacement]
    stated: list[Replacement] = field(default_factory=list)


@dataclass
class Replacement:
    """One "replaces" edge: `replacer` (a document or, unregistered, a ref) replaces `replaced`."""

    replacer: Document | None
    replacer_ref: str
    replaced: Document | None
    replaced_ref: str
    source: Document  # the document whose text says so


def _replacement(citation: Citation) -> Replacement:
    if citation.replacer_id is not None:
        replacer, replacer_ref = citation.replacer.target, citation.replacer.ref
    else:
        replacer, replacer_ref = citation.citing, citation.citing.ref
    return Replacement(
        replacer=replacer,
        replacer_ref=replacer_ref,
        replaced=citation.target,
        replaced_ref=citation.ref,
        source=citation.citing,
    )


def citation_graph(*, document: Document) -> CitationGraph:
    """What the document cites and what cites it; and "thay thế" edges touching it, whichever
    text states them (its own, or a report saying "Quyết định số A ... thay thế Quyết định số B")."""
    related = ("target", "target__issuer", "citing", "replacer", "replacer__target")
    out = list(document.citations_out.select_related(*related).order_by("start"))
    incoming = list(
        document.citations_in.select_related("citing", "citing__issuer", "replacer", "replacer__target").order_by(
            "-citing__document_date", "start"
        )
    )
    # This document replaces: what its own text replaces itself, and what other texts say it replaces.
    replaces = [_replacement(c) for c in out if c.relation == CitationRelation.REPLACES and c.replacer_id is None]
    said_elsewhere = Citation.objects.filter(
        relation=CitationRelation.REPLACES, replacer__target=document, citing__agency_id=document.agency_id
    ).select_related(*related)
    replaces += [_replacement(c) for c in said_elsewhere]
    replaced_by = [_replacement(c) for c in incoming if c.relation == CitationRelation.REPLACES]
    # Edges between two other documents stated by this one's text.
    stated = [_replacement(c) for c in out if c.relation == CitationRelation.REPLACES and c.replacer_id is not None]
    return CitationGraph(cites=out, cited_by=incoming, replaces=replaces, replaced_by=replaced_by, stated=stated)


def unresolved_citations(*, user: User) -> list[dict]:
    """Citations not linked to a register line, grouped by reference, most cited first."""
    visible = documents_visible(user).values("pk")
    rows = (
        Citation.objects.filter(target__isnull=True, citing__in=visible)
        .exclude(kind=LAW_BY_NAME)  # no number to register it by
        .values("ref", "type_word", "issuer", "kind")
        .annotate(
            mentions=Count("pk"),
            documents=Count("citing", distinct=True),
            first_date=Min("date"),
            last_date=Max("date"),
        )
        .order_by("-mentions", "ref")
    )
    # Two spellings of the type word for the same ref are one group for the clerk.
    grouped: dict[str, dict] = {}
    for row in rows:
        group = grouped.setdefault(
            row["ref"],
            {
                "ref": row["ref"],
                "type_word": row["type_word"],
                "issuer": row["issuer"],
                "kind": row["kind"],
                "mentions": 0,
                "documents": 0,
                "date": row["first_date"],
            },
        )
        group["mentions"] += row["mentions"]
        group["documents"] += row["documents"]
        group["type_word"] = group["type_word"] or row["type_word"]
        group["date"] = group["date"] or row["first_date"]
    return sorted(grouped.values(), key=lambda g: (-g["mentions"], g["ref"]))

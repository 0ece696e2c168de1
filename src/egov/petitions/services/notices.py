"""Issue a handling's notice as an outgoing document, inside the handling's own transaction.

Called from the handling effects (services/handling.py), which run under the petition's row lock in
`PETITIONS.perform()`: the draft, its number from the outgoing register and the issued .docx are
written in that transaction, so a refused or failed handling leaves no document and gives its
number back. The notice is signed by the head of the agency (the actor when they are the head).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import translation

from egov.core.formats import local_date
from egov.core.officedoc.docx_layout import DOCUMENT_LANGUAGE
from egov.core.workflow import Step, refuse
from egov.documents.service import DocumentType, outgoing_draft_create, outgoing_issue
from egov.organisations.roles import Role, group_name

from ..models import Classification, Petition
from ..notices import notice_form, notice_text

HEAD_TITLE = "GIÁM ĐỐC"


def _signer(petition: Petition, actor):
    heads = get_user_model().objects.filter(
        agency_id=petition.agency_id, is_active=True, groups__name=group_name(Role.AGENCY_LEADER)
    )
    if heads.filter(pk=actor.pk).exists():
        return actor
    head = heads.order_by("pk").first()
    if head is None:
        raise refuse("Cơ quan chưa có tài khoản lãnh đạo cơ quan để ký thông báo xử lý đơn.", "no_signer")
    return head


def _drafting_unit(petition: Petition, actor):
    """The unit whose symbol a công văn carries and whose file keeps the copy: the petition's handling
    unit, else the actor's (a unit officer), else that of the officer who registered it (the
    reception unit); a head with no unit deciding an unassigned petition is the common case."""
    return petition.handling_unit or actor.unit or petition.received_by.unit


def _sender(petition: Petition, kind: str) -> tuple[str, str]:
    """The name and address the notice gives: the representative's, or the first sender's; never a
    denouncer's, nobody's for an anonymous petition."""
    if petition.anonymous or kind == Classification.DENUNCIATION:
        return "", ""
    senders = list(petition.senders.all())
    first = next((s for s in senders if s.is_representative), senders[0] if senders else None)
    return (first.name, first.address) if first else ("", "")


def notice_issue(
    petition: Petition, step: Step, kind: str, *, detail: str = "", target: str = "", due_date=None
) -> dict | None:
    """Draft and issue the notice of the handling just taken (petition.handling); the event's data
    keeps the returned link. None when the handling sends no notice (filing)."""
    form = notice_form(petition.handling, kind, petition.competence)
    if form is None:
        return None
    document_type = DocumentType.objects.filter(name=form.document_type, is_normative=False).first()
    if document_type is None:
        raise refuse(f"Chưa có loại văn bản “{form.document_type}” trong danh mục để ban hành thông báo.", "no_type")
    issued_on = local_date(step.at)
    register_number = f"{petition.number:02d}/{petition.number_year}"
    with translation.override(DOCUMENT_LANGUAGE):  # the notice is Vietnamese whatever the page language
        kind_label = str(Classification(kind).label)
    sender, sender_address = _sender(petition, kind)
    text = notice_text(
        form,
        agency=petition.agency.name,
        kind_label=kind_label,
        register_number=register_number,
        received_on=local_date(petition.received_at),
        content=petition.content,
        sender=sender,
        sender_address=sender_address,
        detail=detail,
        target=target,
        issued_on=issued_on,
        due_date=due_date,
    )
    signer = _signer(petition, step.actor)
    draft = outgoing_draft_create(
        agency=petition.agency,
        user=step.actor,
        document_type=document_type,
        summary=form.summary,
        body="\n".join(text.paragraphs),
        drafting_unit=_drafting_unit(petition, step.actor),
        signer_title=HEAD_TITLE,
        signer_name=signer.full_name or signer.get_username(),
        addressees=text.addressees,
        recipients="\n".join(text.recipients),
        notes=f"{form.name} ({form.citation}); đơn số {register_number}.",
    )
    issued = outgoing_issue(document=draft, user=step.actor, issued_on=issued_on)
    return {"document_id": issued.pk, "ref": issued.ref, "form": form.key}

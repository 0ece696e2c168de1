"""Staff pages of petitions: for now the download of a handling's notice (the petition pages come next)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from egov.organisations.selectors import user_can_access

from .models import PetitionEvent
from .notices import notice_file


@login_required
@permission_required("petitions.view_petition", raise_exception=True)
def notice_download(request, pk: int, event_pk: int):
    """The issued .docx of the notice a handling step sent; out of the reader's scope is 404, as the
    documents pages answer."""
    event = get_object_or_404(PetitionEvent.objects.select_related("petition"), pk=event_pk, petition_id=pk)
    petition = event.petition
    if not user_can_access(request.user, agency_id=petition.agency_id, unit_id=petition.handling_unit_id):
        raise Http404("Không tìm thấy đơn.")
    attachment = notice_file(event)
    if attachment is None:
        raise Http404("Bước xử lý này không có thông báo.")
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên kho lưu trữ.") from exc
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )

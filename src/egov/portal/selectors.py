"""Reads for the citizen portal: the public look-up (no personal data) and a citizen's own dossiers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from egov.core.raw_rows import row_date, row_moment
from egov.dossiers.service import TERMINAL_STATES, Dossier, Status
from egov.organisations.models import User
from egov.organisations.selectors import scope_filter
from egov.procedures.service import Procedure, ProcedureVersion
from egov.workdays.calendar import LOCAL_TZ

from .models import Feedback


@dataclass(frozen=True)
class PublicStatus:
    code: str
    procedure_name: str
    procedure_code: str
    status: str
    status_label: str
    received_on: dt.date | None
    due_date: dt.date | None
    new_due_date: dt.date | None
    finished_on: dt.date | None
    returned_on: dt.date | None
    timeliness: str  # early / on_time / late / in_time / overdue / paused / awaiting_payment / ""
    timeliness_label: str


TIMELINESS_LABELS = {
    "early": _("Trước hạn"),
    "on_time": _("Đúng hạn"),
    "late": _("Quá hạn"),
    "in_time": _("Đang giải quyết, trong hạn"),
    "overdue": _("Đang giải quyết, đã quá hạn"),
    "paused": _("Tạm dừng, chờ người nộp bổ sung hồ sơ"),
    "awaiting_payment": _("Tạm dừng, chờ người nộp thực hiện nghĩa vụ tài chính"),
    "": "",
}


def _local(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(LOCAL_TZ).date() if moment else None


def timeliness(dossier: Dossier | SimpleNamespace, today: dt.date | None = None) -> str:
    """Finished dossiers against the statutory due date (domain.md §2.5); open ones against the
    date promised now (the apology's new appointment when there is one)."""
    if dossier.due_date is None:
        return ""
    finished = _local(dossier.finished_at)
    if finished is not None:
        if finished < dossier.due_date:
            return "early"
        return "on_time" if finished == dossier.due_date else "late"
    if dossier.status in TERMINAL_STATES:
        return ""
    if dossier.status == Status.PAUSED:
        return "paused"
    if dossier.status == Status.AWAITING_PAYMENT:
        return "awaiting_payment"
    today = today or timezone.localdate()
    return "in_time" if today <= (dossier.apology_due_date or dossier.due_date) else "overdue"


def normalise_code(raw: str) -> str:
    return "".join((raw or "").split()).upper()[:40]


# The public look-up is the hottest page of the site (and the target of enumeration attempts):
# one indexed query by the unique code, on exactly the public columns, without building a model.
_PUBLIC_SQL = (
    "SELECT d.code, d.status, d.received_at, d.due_date, d.apology_due_date, d.finished_at, d.returned_at,"
    " p.name, p.code FROM dossiers_dossier d JOIN procedures_procedure p ON p.id = d.procedure_id"
    " WHERE d.code = %s"
)


def dossier_public_status(code: str) -> PublicStatus | None:
    """The public face of a received dossier, by its code; None when there is no such code."""
    code = normalise_code(code)
    if not code:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_PUBLIC_SQL, [code])
        row = cursor.fetchone()
    if row is None:
        return None
    code, status, received_at, due_date, apology_due_date, finished_at, returned_at, name, procedure_code = row
    received_at, finished_at, returned_at = row_moment(received_at), row_moment(finished_at), row_moment(returned_at)
    due_date, apology_due_date = row_date(due_date), row_date(apology_due_date)
    # The timeliness rule reads only these attributes; building a model instance cost more than the query.
    kind = timeliness(
        SimpleNamespace(status=status, due_date=due_date, apology_due_date=apology_due_date, finished_at=finished_at)
    )
    return PublicStatus(
        code=code,
        procedure_name=name,
        procedure_code=procedure_code,
        status=status,
        status_label=str(Status(status).label),
        received_on=_local(received_at),
        due_date=due_date,
        new_due_date=apology_due_date,
        finished_on=_local(finished_at),
        returned_on=_local(returned_at),
        timeliness=kind,
        timeliness_label=TIMELINESS_LABELS[kind],
    )


def own_dossiers(user: User) -> QuerySet[Dossier]:
    """The dossiers filed with this account (for staff too: their own applications, not their work)."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    return Dossier.objects.filter(owner=user).select_related("procedure", "agency")


def own_dossier(user: User, pk: int) -> Dossier | None:
    return own_dossiers(user).select_related("procedure_version").filter(pk=pk).first()


def open_supplement_request(dossier: Dossier) -> dict | None:
    """The items the agency is waiting for, when the dossier waits for the applicant."""
    if dossier.status not in (Status.INTAKE_SUPPLEMENT, Status.PAUSED):
        return None
    action = "request_intake_supplement" if dossier.status == Status.INTAKE_SUPPLEMENT else "request_supplement"
    event = dossier.events.filter(action=action).order_by("-at", "-pk").first()
    if event is None:
        return None
    return {"at": event.at, "items": event.data.get("items", []), "reason": event.note}


def catalogue_rows(
    procedures: QuerySet[Procedure], today: dt.date | None = None
) -> list[tuple[Procedure, ProcedureVersion | None]]:
    """Each procedure of a page with its version in force today (one query for the versions)."""
    today = today or timezone.localdate()
    procedures = list(procedures)
    versions: dict[int, ProcedureVersion] = {}
    candidates = ProcedureVersion.objects.filter(procedure__in=procedures, effective_from__lte=today).order_by(
        "procedure_id", "-effective_from"
    )
    for version in candidates:
        if version.effective_to is not None and version.effective_to < today:
            continue
        versions.setdefault(version.procedure_id, version)
    return [(procedure, versions.get(procedure.pk)) for procedure in procedures]


# --- feedback -------------------------------------------------------------------------------------

FEEDBACK_FILTERS = {
    "cho-tra-loi": _("Chờ trả lời"),
    "qua-han": _("Quá hạn trả lời"),
    "da-tra-loi": _("Đã trả lời"),
}


def feedback_visible_to(user: User) -> QuerySet:
    """The feedback a staff user may read: their agency's (scope_filter), with the permission."""
    if not user.has_perm("portal.view_feedback"):
        return Feedback.objects.none()
    return Feedback.objects.filter(scope_filter(user, agency_field="agency")).select_related(
        "author", "dossier", "answered_by", "agency"
    )


def feedback_for_staff(user: User, *, state: str = "cho-tra-loi", today: dt.date | None = None) -> QuerySet:
    """Feedback of the user's agency (scope_filter), for staff who may see it; waiting feedback by
    deadline, the answered most recent first."""
    today = today or timezone.localdate()
    rows = feedback_visible_to(user)
    if state == "da-tra-loi":
        return rows.filter(answered_at__isnull=False).order_by("-answered_at", "-pk")
    rows = rows.filter(answered_at__isnull=True)
    if state == "qua-han":
        rows = rows.filter(due_date__lt=today)
    return rows.order_by(F("due_date").asc(nulls_last=True), "created_at", "pk")


def feedback_counts(user: User, today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    counts = feedback_visible_to(user).aggregate(
        waiting=Count("pk", filter=Q(answered_at__isnull=True)),
        overdue=Count("pk", filter=Q(answered_at__isnull=True, due_date__lt=today)),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
    )
    return {"cho-tra-loi": counts["waiting"], "qua-han": counts["overdue"], "da-tra-loi": counts["answered"]}


def feedback_is_overdue(feedback: Feedback, today: dt.date | None = None) -> bool:
    """Past its deadline unanswered, or answered after it (local dates)."""
    if feedback.due_date is None:
        return False
    if feedback.answered_at is not None:
        return _local(feedback.answered_at) > feedback.due_date
    return (today or timezone.localdate()) > feedback.due_date


def own_feedback(user: User) -> QuerySet:
    return (
        Feedback.objects.filter(author=user)
        .select_related("agency", "dossier", "answered_by")
        .order_by("-created_at", "-pk")
    )

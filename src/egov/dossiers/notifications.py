"""Messages to applicants and staff about dossiers: which event, which recipients, which text.

The sending is the outbox's (egov.outbox): this module only holds the dossiers' rules.

- A lifecycle service records an event (services.lifecycle._record) and, in the same transaction, calls
  `dossier_event_notify(event=...)`: the event's kind (`event_kind`) and texts (`compose_message`)
  give one outbox message per channel the applicant gave (phone -> SMS, e-mail -> e-mail). They
  commit with the event or not at all, and are sent after the commit.
- Reminders to staff (`reminders_send`) run from Celery beat: dossiers due within
  EGOV_REMINDER_WORKING_DAYS working days, and overdue ones, to the assignee and the unit heads,
  at most once per dossier, kind and recipient per local day (the outbox's once-a-day key).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from egov.core.formats import vn_number
from egov.core.text import nfc
from egov.organisations.models import User
from egov.organisations.roles import Role, group_name
from egov.outbox import services as outbox
from egov.outbox.models import Message as OutboxMessage
from egov.workdays.calendar import get_calendar

from .models import Dossier, DossierEvent, ReturnMethod, Status
from .transitions import PROCESSING_STATES, Action

KIND_RECEIVED = "received"
KIND_INTAKE_SUPPLEMENT = "intake_supplement"
KIND_PROCESSING_SUPPLEMENT = "processing_supplement"
KIND_APOLOGY = "apology"
KIND_RESULT_READY = "result_ready"
KIND_RESULT_RETURNED = "result_returned"
KIND_REFUSED = "refused"
KIND_INTAKE_REFUSED = "intake_refused"
KIND_PAYMENT_REQUESTED = "payment_requested"
KIND_REMINDER_DUE_SOON = "reminder_due_soon"
KIND_REMINDER_OVERDUE = "reminder_overdue"

# The statuses in which the statutory clock runs and somebody inside the agency must act
# (PAUSED is not one: the applicant holds the dossier and the clock is stopped).
PROCESSING_STATUSES = tuple(sorted(PROCESSING_STATES))

# --- texts -------------------------------------------------------------------------------------


def public_lookup_url(dossier: Dossier) -> str:
    """The public look-up link printed as a QR code on Form 01 and sent in messages."""
    base = settings.EGOV_PUBLIC_BASE_URL.rstrip("/")
    return f"{base}/tra-cuu/?{urlencode({'ma': dossier.code or ''})}"


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _sender(dossier: Dossier) -> str:
    return dossier.agency.short_name or dossier.agency.name


@dataclass(frozen=True)
class Message:
    subject: str
    body: str  # e-mail body
    sms: str


def event_kind(event: DossierEvent) -> str | None:
    """Which applicant message an event calls for; None for events that do not notify."""
    if event.action == Action.APOLOGISE:  # the apology keeps the status: only its action tells it apart
        return KIND_APOLOGY
    to, came_from = event.to_status, event.from_status
    if to == Status.RECEIVED and came_from != Status.RECEIVED:
        return KIND_RECEIVED
    if to == Status.INTAKE_SUPPLEMENT and came_from != Status.INTAKE_SUPPLEMENT:
        return KIND_INTAKE_SUPPLEMENT
    if to == Status.PAUSED and came_from != Status.PAUSED:
        return KIND_PROCESSING_SUPPLEMENT
    if to == Status.AWAITING_PAYMENT and came_from != Status.AWAITING_PAYMENT:
        return KIND_PAYMENT_REQUESTED
    if to == Status.RESOLVED and came_from != Status.RESOLVED:
        return KIND_RESULT_READY
    if to == Status.REFUSED and came_from != Status.REFUSED:
        return KIND_REFUSED
    if to == Status.INTAKE_REFUSED and came_from != Status.INTAKE_REFUSED:
        return KIND_INTAKE_REFUSED
    # Returned at the desk, the applicant is there; electronically or by post, they are told.
    told = (event.data or {}).get("method") in (ReturnMethod.ELECTRONIC, ReturnMethod.POST)
    if to == Status.RETURNED and came_from != Status.RETURNED and told:
        return KIND_RESULT_RETURNED
    return None


def applicant_dossier_url(dossier: Dossier) -> str:
    """The dossier's page in the applicant's account ("Hồ sơ của tôi"), where an electronic result is."""
    return settings.EGOV_PUBLIC_BASE_URL.rstrip("/") + reverse("portal:my_dossier", args=[dossier.pk])


def _delivery(dossier: Dossier) -> str:
    """How the result goes to the applicant: as returned, else as the applicant chose."""
    return dossier.return_method or dossier.result_delivery


def result_delivery_text(dossier: Dossier) -> str:
    """What was chosen, as printed on the receipt and in messages ("" when it was never asked)."""
    if dossier.result_delivery == ReturnMethod.POST:
        return f"Qua dịch vụ bưu chính công ích, tới địa chỉ: {dossier.result_address}"
    if dossier.result_delivery == ReturnMethod.ELECTRONIC:
        return "Trực tuyến, trong mục “Hồ sơ của tôi” trên Cổng dịch vụ công"
    if dossier.result_delivery == ReturnMethod.DESK:
        return f"Tại Bộ phận Một cửa {dossier.agency.name}"
    return ""


def _return_place(dossier: Dossier) -> str:
    method = _delivery(dossier)
    if method == ReturnMethod.POST:
        address = dossier.result_address or dossier.applicant_address
        return "qua dịch vụ bưu chính công ích" + (f" tới địa chỉ: {address}" if address else "")
    if method == ReturnMethod.ELECTRONIC:
        return f"trực tuyến, trong mục “Hồ sơ của tôi”: {applicant_dossier_url(dossier)}"
    return f"tại Bộ phận Một cửa {dossier.agency.name}"


def compose_message(kind: str, dossier: Dossier, event: DossierEvent) -> Message:
    """The Vietnamese texts for one applicant message (NFC)."""
    code, sender, link = dossier.code or "", _sender(dossier), public_lookup_url(dossier)
    greeting = f"Kính gửi {dossier.applicant_name},\n\n"
    signature = f"\n\nTra cứu tình trạng hồ sơ: {link}\n\n{dossier.agency.name}"
    if dossier.agency.phone:
        signature += f"\nĐiện thoại: {dossier.agency.phone}"
    procedure = dossier.procedure_version.name or dossier.procedure.name
    note = event.note.strip()

    if kind == KIND_RECEIVED:
        due = _date(dossier.due_date)
        appointment = f" Hẹn trả kết quả ngày {due}." if due else ""
        received = timezone.localtime(dossier.received_at or event.at)
        subject = f"[{code}] Giấy tiếp nhận hồ sơ và hẹn trả kết quả"
        body = (
            f"{greeting}{dossier.agency.name} đã tiếp nhận hồ sơ của ông/bà lúc "
            f"{received:%H:%M}, ngày {received:%d/%m/%Y}.\n"
            f"Mã hồ sơ: {code}\nThủ tục: {procedure}\n"
            + (f"Ngày hẹn trả kết quả: {due}\n" if due else "")
            + f"Nơi trả kết quả: {_return_place(dossier)}.{signature}"
        )
        sms = f"{sender}: Đã tiếp nhận hồ sơ {code}.{appointment} Tra cứu: {link}"
    elif kind in (KIND_INTAKE_SUPPLEMENT, KIND_PROCESSING_SUPPLEMENT):
        subject = f"[{code or dossier.applicant_name}] Yêu cầu bổ sung, hoàn thiện hồ sơ"
        body = (
            f"{greeting}Hồ sơ thủ tục “{procedure}” của ông/bà cần bổ sung, hoàn thiện"
            f" các nội dung sau:\n{note or '(xem Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ)'}\n"
            + (
                "Thời hạn giải quyết được tính lại từ ngày cơ quan nhận đủ hồ sơ bổ sung."
                if kind == KIND_PROCESSING_SUPPLEMENT
                else ""
            )
            + signature
        )
        reference = f" {code}" if code else ""
        sms = f"{sender}: Hồ sơ{reference} cần bổ sung, hoàn thiện. Chi tiết: {link}"
    elif kind == KIND_APOLOGY:
        new_date = _date(dossier.apology_due_date)
        subject = f"[{code}] Thư xin lỗi và hẹn lại ngày trả kết quả"
        body = (
            f"{greeting}{dossier.agency.name} chưa trả được kết quả hồ sơ {code} đúng hẹn ngày "
            f"{_date(dossier.due_date)}" + (f" do {note}" if note else "") + ".\n"
            f"Sự chậm trễ này đã gây phiền hà cho ông/bà; {dossier.agency.name} xin lỗi ông/bà "
            f"và hẹn trả kết quả vào ngày {new_date}.{signature}"
        )
        sms = f"{sender} xin lỗi ông/bà: hồ sơ {code} chậm trả kết quả, hẹn lại ngày {new_date}. Tra cứu: {link}"
    elif kind == KIND_PAYMENT_REQUESTED:
        amount = vn_number(int(event.data.get("amount_vnd") or 0))
        subject = f"[{code}] Yêu cầu thực hiện nghĩa vụ tài chính"
        body = (
            f"{greeting}Để tiếp tục giải quyết hồ sơ {code} (thủ tục “{procedure}”), ông/bà cần nộp "
            f"{amount} đồng phí, lệ phí, trực tuyến tại trang hồ sơ của mình hoặc tại Bộ phận Một cửa.\n"
            + (f"{note}\n" if note else "")
            + "Thời gian chờ nộp không tính vào thời hạn giải quyết."
            + signature
        )
        sms = f"{sender}: Hồ sơ {code} cần nộp {amount} đồng phí, lệ phí để tiếp tục giải quyết. Chi tiết: {link}"
    elif kind == KIND_RESULT_READY:
        subject = f"[{code}] Hồ sơ đã có kết quả giải quyết"
        if _delivery(dossier) in (ReturnMethod.ELECTRONIC, ReturnMethod.POST):
            receive = f"Kết quả sẽ được trả {_return_place(dossier)}"
        else:
            receive = f"Mời ông/bà nhận kết quả {_return_place(dossier)}"
        body = f"{greeting}Hồ sơ {code} (thủ tục “{procedure}”) đã có kết quả giải quyết.\n{receive}.{signature}"
        sms = f"{sender}: Hồ sơ {code} đã có kết quả. {receive}."
    elif kind == KIND_RESULT_RETURNED:
        if event.data.get("method") == ReturnMethod.POST:
            posted = (
                f"đã được gửi qua dịch vụ bưu chính công ích tới địa chỉ: {event.data.get('address', '')}, "
                f"số hiệu bưu gửi {event.data.get('postal_tracking', '')}"
            )
            subject = f"[{code}] Kết quả đã gửi qua bưu chính"
            body = f"{greeting}Kết quả giải quyết hồ sơ {code} (thủ tục “{procedure}”) {posted}.{signature}"
            sms = f"{sender}: Kết quả hồ sơ {code} {posted}."
        else:
            url = applicant_dossier_url(dossier)
            subject = f"[{code}] Kết quả điện tử đã có trong Hồ sơ của tôi"
            body = (
                f"{greeting}Kết quả giải quyết hồ sơ {code} (thủ tục “{procedure}”) đã được trả trực tuyến. "
                f"Ông/bà đăng nhập và tải bản điện tử của kết quả trong mục “Hồ sơ của tôi”:\n{url}{signature}"
            )
            sms = f"{sender}: Kết quả hồ sơ {code} đã có trong mục Hồ sơ của tôi. Tải về tại: {url}"
    elif kind == KIND_REFUSED:
        subject = f"[{code}] Thông báo từ chối giải quyết hồ sơ"
        body = (
            f"{greeting}{dossier.agency.name} từ chối giải quyết hồ sơ {code} (thủ tục “{procedure}”)"
            + (f" với lý do: {note}" if note else "")
            + f".\nMời ông/bà nhận Phiếu từ chối {_return_place(dossier)}.{signature}"
        )
        sms = f"{sender}: Hồ sơ {code} bị từ chối giải quyết. Chi tiết: {link}"
    elif kind == KIND_INTAKE_REFUSED:
        # Not received, so no code and no look-up link: the reason is the message.
        subject = "Thông báo từ chối tiếp nhận hồ sơ"
        body = (
            f"{greeting}{dossier.agency.name} từ chối tiếp nhận hồ sơ thủ tục “{procedure}” của ông/bà"
            + (f" với lý do: {note}" if note else "")
            + f".\n\n{dossier.agency.name}"
        )
        sms = f"{sender}: Hồ sơ thủ tục “{procedure[:60]}” không được tiếp nhận" + (f": {note[:80]}" if note else ".")
    else:
        raise ValueError(f"No applicant message for kind {kind!r}")
    return Message(subject=nfc(subject), body=nfc(body), sms=nfc(sms))


# --- queueing ----------------------------------------------------------------------------------


def applicant_messages_queue(
    *, dossier: Dossier, kind: str, subject: str, email_body: str, sms_body: str
) -> list[OutboxMessage]:
    """One message per channel the applicant gave (e-mail, phone), in the current transaction."""
    common = {"kind": kind, "about": dossier, "agency_id": dossier.agency_id, "unit_id": dossier.unit_id}
    queued = []
    if dossier.applicant_email.strip():
        queued.append(
            outbox.message_queue(
                channel=OutboxMessage.Channel.EMAIL,
                recipient=dossier.applicant_email,
                subject=subject,
                body=email_body,
                **common,
            )
        )
    if dossier.applicant_phone.strip():
        queued.append(
            outbox.message_queue(
                channel=OutboxMessage.Channel.SMS, recipient=dossier.applicant_phone, body=sms_body, **common
            )
        )
    return [message for message in queued if message is not None]


def dossier_event_notify(*, event: DossierEvent) -> list[OutboxMessage]:
    """Queue the applicant's messages for one event, in the transaction that records the event
    (services.lifecycle._record), so they exist exactly when the event does. Events that do not notify
    are ignored; none is queued when the applicant gave neither a phone number nor an e-mail."""
    kind = event_kind(event)
    if kind is None:
        return []
    dossier = event.dossier
    message = compose_message(kind, dossier, event)
    return applicant_messages_queue(
        dossier=dossier, kind=kind, subject=message.subject, email_body=message.body, sms_body=message.sms
    )


# --- reminders to staff ------------------------------------------------------------------------


@dataclass
class ReminderResult:
    due_soon: int = 0
    overdue: int = 0
    skipped_already_sent: int = 0


def reminder_deadline(dossier: Dossier) -> dt.date | None:
    """The date staff work to: the apology re-appointment replaces the statutory date."""
    return dossier.apology_due_date or dossier.due_date


def reminder_recipients(dossier: Dossier) -> list[User]:
    """The assignee and the heads of the dossier's unit, each once."""
    users: dict[int, User] = {}
    if dossier.assignee_id and dossier.assignee.is_active:
        users[dossier.assignee_id] = dossier.assignee
    if dossier.unit_id:
        heads = User.objects.filter(
            unit_id=dossier.unit_id, is_active=True, groups__name=group_name(Role.UNIT_HEAD)
        ).order_by("pk")
        for head in heads:
            users.setdefault(head.pk, head)
    return list(users.values())


def _reminder_message(kind: str, dossier: Dossier, deadline: dt.date, today: dt.date) -> tuple[str, str]:
    code = dossier.code or f"#{dossier.pk}"
    procedure = dossier.procedure_version.name or dossier.procedure.name
    if kind == KIND_REMINDER_OVERDUE:
        late = get_calendar().working_days_between(deadline, today)
        subject = f"[{code}] Hồ sơ đã quá hạn giải quyết"
        lead = f"Hồ sơ {code} đã quá hạn giải quyết từ ngày {_date(deadline)} ({late} ngày làm việc)."
    else:
        subject = f"[{code}] Hồ sơ sắp đến hạn trả kết quả"
        lead = f"Hồ sơ {code} phải trả kết quả vào ngày {_date(deadline)}."
    body = (
        f"{lead}\nNgười nộp: {dossier.applicant_name}\nThủ tục: {procedure}\n"
        f"Trạng thái: {dossier.get_status_display()}\n"
        + (
            f"Hồ sơ đã có phiếu xin lỗi, hẹn lại ngày {_date(dossier.apology_due_date)}.\n"
            if dossier.apology_due_date
            else ""
        )
        + f"\n{dossier.agency.name}"
    )
    return nfc(subject), nfc(body)


def reminders_send(*, today: dt.date | None = None) -> ReminderResult:
    """Remind the assignee and unit heads of dossiers due soon or overdue. Idempotent per day."""
    today = today or timezone.localdate()
    calendar = get_calendar()
    horizon = calendar.add_working_days(today, settings.EGOV_REMINDER_WORKING_DAYS)
    result = ReminderResult()
    candidates = (
        Dossier.objects.filter(status__in=PROCESSING_STATUSES)
        .annotate(deadline=Coalesce("apology_due_date", "due_date"))
        .filter(deadline__lte=horizon)
        .order_by("deadline", "pk")
        .values_list("pk", flat=True)
    )
    for dossier_id in list(candidates):  # ids only, so no cursor stays open across the transactions
        with transaction.atomic():
            dossier = Dossier.objects.select_related("agency", "procedure", "procedure_version", "assignee").get(
                pk=dossier_id
            )
            deadline = reminder_deadline(dossier)
            if dossier.status not in PROCESSING_STATUSES or deadline is None:
                continue
            if deadline < today:
                kind = KIND_REMINDER_OVERDUE
            elif deadline <= horizon:
                kind = KIND_REMINDER_DUE_SOON
            else:
                continue
            subject, body = _reminder_message(kind, dossier, deadline, today)
            for user in reminder_recipients(dossier):
                email = user.email.strip()
                queued = outbox.message_queue(
                    channel=OutboxMessage.Channel.EMAIL,
                    recipient=email or user.username,
                    kind=kind,
                    subject=subject,
                    body=body,
                    about=dossier,
                    agency_id=dossier.agency_id,
                    unit_id=dossier.unit_id,
                    # "Once a day" is the outbox's unique key: two overlapping runs cannot both send.
                    once_on=today,
                    # Kept as a failed row so that the missing address is visible, not silently skipped.
                    error="" if email else f"User {user.username} has no e-mail address.",
                )
                if queued is None:
                    result.skipped_already_sent += 1
                elif kind == KIND_REMINDER_OVERDUE:
                    result.overdue += 1
                else:
                    result.due_soon += 1
    return result

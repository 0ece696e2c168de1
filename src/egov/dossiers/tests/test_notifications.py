"""Applicant messages of dossiers: which events notify, on which channels, with which texts, written
in the transaction of the transition (the sending itself is the outbox's: egov/outbox/tests)."""

import datetime as dt
import os
import signal
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from egov.core.integrations import reset_integrations
from egov.dossiers import notifications, services
from egov.dossiers.models import ReturnMethod, Status
from egov.organisations.roles import Role
from egov.outbox.backends import FakeSmsGateway
from egov.outbox.models import Message
from egov.outbox.selectors import messages_about
from egov.outbox.services import STALE_AFTER, messages_sweep

from .test_forms_fixtures import add_event, at, make_dossier, make_unit, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_gateways():
    reset_integrations()
    FakeSmsGateway.reset()
    yield
    FakeSmsGateway.reset()
    reset_integrations()


def notify(event, capture):
    """What the lifecycle service does: queue in its transaction; the outbox sends after the commit."""
    with capture(execute=True):
        return notifications.dossier_event_notify(event=event)


def reload(rows):
    return [Message.objects.get(pk=row.pk) for row in rows]


# --- which events, which channels --------------------------------------------------------------


def test_receipt_sends_email_and_sms_with_code_and_appointment(django_capture_on_commit_callbacks):
    dossier = make_dossier(due_date=dt.date(2021, 10, 12))
    event = dossier.events.get()
    rows = reload(notify(event, django_capture_on_commit_callbacks))

    assert {row.channel for row in rows} == {"email", "sms"}
    assert all(row.kind == "received" and row.state == Message.State.SENT and row.attempts == 1 for row in rows)
    assert all(row.sent_at is not None and row.about == dossier for row in rows)
    assert all((row.agency_id, row.unit_id) == (dossier.agency_id, dossier.unit_id) for row in rows)  # staff scope

    [email] = mail.outbox
    assert email.to == ["doanhnghiep@example.vn"]
    assert dossier.code in email.subject
    assert "Ngày hẹn trả kết quả: 12/10/2021" in email.body
    assert "08:30, ngày 21/09/2021" in email.body
    assert f"/tra-cuu/?ma={dossier.code}" in email.body

    [sms] = FakeSmsGateway.outbox
    assert sms.phone == "84905123456"
    assert dossier.code in sms.text and "Hẹn trả kết quả ngày 12/10/2021" in sms.text
    assert "Đã tiếp nhận hồ sơ" in sms.text
    assert unicodedata.is_normalized("NFC", sms.text)


@pytest.mark.parametrize(
    ("phone", "email", "channels"),
    [("0905123456", "", {"sms"}), ("", "a@example.vn", {"email"}), ("", "", set())],
)
def test_only_the_channels_the_applicant_gave(phone, email, channels, django_capture_on_commit_callbacks):
    dossier = make_dossier(phone=phone, email=email)
    rows = notify(dossier.events.get(), django_capture_on_commit_callbacks)
    assert {row.channel for row in rows} == channels
    assert len(mail.outbox) == ("email" in channels)
    assert len(FakeSmsGateway.outbox) == ("sms" in channels)


def test_intake_supplement_request(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.INTAKE_SUPPLEMENT)
    event = add_event(
        dossier, "request_supplement", Status.SUBMITTED, Status.INTAKE_SUPPLEMENT, note="Bản sao hợp đồng thuê kho"
    )
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"intake_supplement"}
    assert "Bản sao hợp đồng thuê kho" in mail.outbox[0].body
    assert "cần bổ sung, hoàn thiện" in FakeSmsGateway.outbox[0].text


def test_supplement_during_processing(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.PAUSED)
    event = add_event(dossier, "pause", Status.PROCESSING, Status.PAUSED, note="Bổ sung bản vẽ mặt bằng kho")
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"processing_supplement"}
    assert "tính lại" in mail.outbox[0].body


def test_apology_gives_the_new_appointment(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.PROCESSING, apology_due_date=dt.date(2021, 10, 19))
    event = add_event(dossier, "apologise", Status.PROCESSING, Status.PROCESSING, note="cần lấy ý kiến Sở Xây dựng")
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"apology"}
    assert "hẹn trả kết quả vào ngày 19/10/2021" in mail.outbox[0].body
    assert "do cần lấy ý kiến Sở Xây dựng" in mail.outbox[0].body
    assert "hẹn lại ngày 19/10/2021" in FakeSmsGateway.outbox[0].text


def test_a_fee_request_tells_the_amount_and_where_to_pay(django_capture_on_commit_callbacks):
    """DVCQG status 6 "Yêu cầu thực hiện nghĩa vụ tài chính" (law-2026.md §6.4); NĐ 224/2026 Art. 15.1
    asks for a notification on every change of status."""
    dossier = make_dossier(status=Status.AWAITING_PAYMENT)
    event = add_event(
        dossier, "request_payment", Status.PROCESSING, Status.AWAITING_PAYMENT, data={"amount_vnd": 1_200_000}
    )
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"payment_requested"}
    assert "cần nộp 1.200.000 đồng phí, lệ phí" in mail.outbox[0].body
    assert "không tính vào thời hạn giải quyết" in mail.outbox[0].body
    assert "cần nộp 1.200.000 đồng phí, lệ phí" in FakeSmsGateway.outbox[0].text


def test_result_ready_says_where_to_collect(django_capture_on_commit_callbacks):
    """The place is the one the applicant chose at filing, not the counter for everyone."""
    dossier = make_dossier(status=Status.RESOLVED)
    dossier.result_delivery, dossier.result_address = ReturnMethod.POST, "12 Hùng Vương, Quảng Ngãi"
    dossier.return_method = ""  # not returned yet
    dossier.save()
    event = add_event(dossier, "resolve", Status.AWAITING_SIGNATURE, Status.RESOLVED)
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"result_ready"}
    assert "đã có kết quả" in FakeSmsGateway.outbox[0].text
    assert "qua dịch vụ bưu chính công ích tới địa chỉ: 12 Hùng Vương, Quảng Ngãi" in mail.outbox[0].body
    assert "Bộ phận Một cửa" not in mail.outbox[0].body.split("Tra cứu")[0]


def test_an_electronic_result_is_announced_in_the_applicants_account(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.RESOLVED)
    dossier.result_delivery, dossier.return_method = ReturnMethod.ELECTRONIC, ""
    dossier.save()
    rows = notify(
        add_event(dossier, "resolve", Status.AWAITING_SIGNATURE, Status.RESOLVED), django_capture_on_commit_callbacks
    )
    assert {row.kind for row in rows} == {"result_ready"}
    assert "trực tuyến, trong mục “Hồ sơ của tôi”: http" in mail.outbox[0].body
    assert f"/cong-dan/ho-so/{dossier.pk}/" in mail.outbox[0].body
    assert "tại Bộ phận Một cửa" not in mail.outbox[0].body
    dossier.status, dossier.return_method = Status.RETURNED, ReturnMethod.ELECTRONIC
    dossier.save()
    event = add_event(dossier, "return_result", Status.RESOLVED, Status.RETURNED, data={"method": "electronic"})
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"result_returned"}
    assert "tải bản điện tử của kết quả trong mục “Hồ sơ của tôi”" in mail.outbox[-1].body


def test_a_result_sent_by_post_says_where_and_its_tracking_number(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.RETURNED)
    data = {"method": "post", "postal_tracking": "EB123456789VN", "address": "12 Hùng Vương, Quảng Ngãi"}
    rows = notify(
        add_event(dossier, "return_result", Status.RESOLVED, Status.RETURNED, data=data),
        django_capture_on_commit_callbacks,
    )
    assert {row.kind for row in rows} == {"result_returned"}
    assert "tới địa chỉ: 12 Hùng Vương, Quảng Ngãi, số hiệu bưu gửi EB123456789VN" in FakeSmsGateway.outbox[-1].text


def test_a_result_returned_at_the_desk_sends_nothing(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.RETURNED)
    event = add_event(dossier, "return_result", Status.RESOLVED, Status.RETURNED, data={"method": "desk"})
    assert notify(event, django_capture_on_commit_callbacks) == []


def test_refusal_at_intake(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.INTAKE_REFUSED)
    event = add_event(dossier, "refuse_intake", Status.SUBMITTED, Status.INTAKE_REFUSED, note="Không thuộc thẩm quyền")
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"intake_refused"}
    assert "từ chối tiếp nhận" in mail.outbox[0].body and "Không thuộc thẩm quyền" in mail.outbox[0].body
    assert "không được tiếp nhận: Không thuộc thẩm quyền" in FakeSmsGateway.outbox[0].text


def test_refusal_after_appraisal(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.REFUSED)
    event = add_event(dossier, "refuse", Status.PROCESSING, Status.REFUSED, note="Kho không đạt điều kiện")
    rows = notify(event, django_capture_on_commit_callbacks)
    assert {row.kind for row in rows} == {"refused"}
    assert "với lý do: Kho không đạt điều kiện" in mail.outbox[0].body


def test_events_that_do_not_notify_are_ignored(django_capture_on_commit_callbacks):
    dossier = make_dossier()
    for event in [
        add_event(dossier, "transfer", Status.RECEIVED, Status.PROCESSING),
        add_event(dossier, "add_note", Status.PROCESSING, Status.PROCESSING),
        add_event(dossier, "consult", Status.PROCESSING, Status.CONSULTING),
    ]:
        assert notify(event, django_capture_on_commit_callbacks) == []
    assert not Message.objects.exists()


def test_nothing_is_sent_before_the_commit(django_capture_on_commit_callbacks):
    dossier = make_dossier()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        rows = notifications.dossier_event_notify(event=dossier.events.get())
    assert len(callbacks) == 2
    assert all(row.state == Message.State.PENDING for row in reload(rows))
    assert not mail.outbox and not FakeSmsGateway.outbox


def test_email_received_time_is_local(django_capture_on_commit_callbacks):
    dossier = make_dossier(received_at=at(2021, 9, 21, 16, 45))
    notify(dossier.events.get(), django_capture_on_commit_callbacks)
    assert "16:45, ngày 21/09/2021" in mail.outbox[0].body


def test_messages_are_in_the_unit_of_the_dossier_for_its_staff(django_capture_on_commit_callbacks):
    dossier = make_dossier()
    dossier.unit = make_unit(dossier.agency)
    dossier.save(update_fields=["unit"])
    notify(dossier.events.get(), django_capture_on_commit_callbacks)
    assert set(messages_about(dossier).values_list("unit_id", flat=True)) == {dossier.unit_id}


# --- written with the transition, sent after its commit ----------------------------------------


def _desk_officer(dossier):
    return make_user(agency=dossier.agency, roles=(Role.RECEIVING_OFFICER,))


def test_a_transition_writes_its_messages_in_its_own_transaction(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.dossier_receive(dossier=dossier, actor=_desk_officer(dossier))
        # Before the commit the rows are there, pending, and nothing has been sent.
        rows = list(messages_about(dossier))
        assert {(row.kind, row.state) for row in rows} == {("received", Message.State.PENDING)}
        assert len(rows) == 2 and not mail.outbox and not FakeSmsGateway.outbox
    for callback in callbacks:
        callback()
    assert {row.state for row in reload(rows)} == {Message.State.SENT}
    dossier.refresh_from_db()
    assert dossier.code in FakeSmsGateway.outbox[0].text


def test_a_transition_rolled_back_leaves_no_message(django_capture_on_commit_callbacks):
    dossier = make_dossier(status=Status.SUBMITTED)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.dossier_receive(dossier=dossier, actor=_desk_officer(dossier))
        raise RuntimeError("a later step of the same request fails")
    assert not Message.objects.exists() and not callbacks
    assert not mail.outbox and not FakeSmsGateway.outbox


# Receives the dossier in a transaction whose first on-commit hook kills the process: it dies
# right after the commit, before any other hook (the outbox's hand-over to the broker) runs.
KILLED_AFTER_COMMIT = """
import os, signal, sys
import django
django.setup()
from django.db import transaction
from egov.dossiers import services
from egov.dossiers.models import Dossier
from egov.organisations.models import User
dossier, actor = Dossier.objects.get(pk=int(sys.argv[1])), User.objects.get(pk=int(sys.argv[2]))
with transaction.atomic():
    transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
    services.dossier_receive(dossier=dossier, actor=actor)
print("still alive")
"""


def _database_url() -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    return f"postgres://{user}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_process_killed_between_commit_and_hooks_loses_no_message():
    """Issue 12 item 2: a real process commits a transition and is killed (SIGKILL) before any
    on-commit hook; its messages were committed with the transition and the sweep sends them."""
    dossier = make_dossier(status=Status.SUBMITTED)
    actor = _desk_officer(dossier)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "egov.settings.test", "DATABASE_URL": _database_url()}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[3])
    result = subprocess.run(
        [sys.executable, "-c", KILLED_AFTER_COMMIT, str(dossier.pk), str(actor.pk)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert "still alive" not in result.stdout

    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED and dossier.code  # the transition committed
    rows = list(messages_about(dossier))
    assert sorted(row.channel for row in rows) == ["email", "sms"]
    assert all(row.state == Message.State.PENDING and row.attempts == 0 for row in rows)  # never handed over

    assert messages_sweep(now=timezone.now() + STALE_AFTER + dt.timedelta(minutes=1)) == 2
    assert {row.state for row in reload(rows)} == {Message.State.SENT}
    [sms] = FakeSmsGateway.outbox
    assert dossier.code in sms.text and sms.phone == "84905123456"
    assert [m.to for m in mail.outbox] == [["doanhnghiep@example.vn"]] and dossier.code in mail.outbox[0].subject


def test_a_long_applicant_name_still_gets_its_supplement_request(django_capture_on_commit_callbacks):
    # Before: "[<230-character name>] Yêu cầu bổ sung, hoàn thiện hồ sơ" did not fit the outbox's
    # subject column: the request answered 500 and no message was written or sent.
    from .factories import applicant, make_staff, procedure_with_workflow

    procedure = procedure_with_workflow()
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    name = "Công ty trách nhiệm hữu hạn " + "Thương mại dịch vụ " * 11
    name = name[:230]
    dossier = services.dossier_submit(
        procedure=procedure, applicant=applicant(name=name), channel="online", at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_request_intake_supplement(dossier=dossier, actor=desk, items=["Bản sao hợp đồng thuê kho"])
    email = Message.objects.get(kind="intake_supplement", channel=Message.Channel.EMAIL)
    assert len(email.subject) == 255 and email.subject.endswith("…")
    assert email.subject.startswith(f"[{name[:200]}")
    assert mail.outbox[-1].subject == email.subject

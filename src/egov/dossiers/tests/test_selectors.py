"""What the applicant sees of their dossier: one definition (selectors.applicant_history,
applicant_attachments, STAFF_ONLY_FIELDS), the same in the citizen portal and in the API."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from egov.api.tests.world import attach
from egov.organisations.roles import Role
from egov.organisations.services import staff_create
from egov.workdays.calendar import LOCAL_TZ

from .. import services
from ..models import Attachment
from ..selectors import applicant_history, dossier_attachments_for, dossier_history
from .factories import procedure_with_workflow, submitted_dossier

pytestmark = pytest.mark.django_db

INTERNAL_NOTES = ("Ghi chú nội bộ khi tiếp nhận", "Giao anh Minh xử lý gấp", "Hỏi Sở Xây dựng", "Sở Xây dựng đồng ý")
STAFF_NAMES = ("Phan Văn Tiếp", "Lê Thị Hồng Nhung", "Võ Minh Chuyên")
ASKED = ["Bản sao Giấy chứng nhận đăng ký doanh nghiệp"]


def at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def case():
    """An online dossier with internal steps and notes, an apology and a supplement request."""
    from egov.api.tests.factories import citizen

    procedure = procedure_with_workflow(time_limit=10, effective_from=dt.date(2020, 1, 1))
    agency, unit = procedure.agency, procedure.lead_unit

    def member(role, name, unit=None):
        return staff_create(
            username=f"u-{role}", full_name=name, agency=agency, unit=unit, roles=[role], password="mat-khau-dai-1"
        )

    desk = member(Role.RECEIVING_OFFICER, STAFF_NAMES[0])
    head = member(Role.UNIT_HEAD, STAFF_NAMES[1], unit)
    specialist = member(Role.SPECIALIST, STAFF_NAMES[2], unit)
    owner = citizen()
    dossier = submitted_dossier(procedure, owner=owner, at=at(2, 8))
    dossier = services.dossier_receive(dossier=dossier, actor=desk, note=INTERNAL_NOTES[0], at=at(2, 9))
    dossier = services.dossier_transfer(dossier=dossier, actor=desk, at=at(2, 10))
    dossier = services.dossier_assign(
        dossier=dossier, actor=head, assignee=specialist, note=INTERNAL_NOTES[1], at=at(2, 11)
    )
    dossier = services.dossier_consult(
        dossier=dossier,
        actor=specialist,
        consulted="Sở Xây dựng",
        reply_due=dt.date(2026, 3, 6),
        note=INTERNAL_NOTES[2],
        at=at(2, 14),
    )
    dossier = services.dossier_consult_reply(dossier=dossier, actor=specialist, note=INTERNAL_NOTES[3], at=at(3, 8))
    dossier = services.dossier_apologise(
        dossier=dossier,
        actor=specialist,
        reason="Chờ ý kiến của Sở Xây dựng",
        new_due_date=dt.date(2026, 3, 20),
        at=at(3, 9),
    )
    dossier = services.dossier_request_supplement(
        dossier=dossier, actor=specialist, items=ASKED, reason="Thiếu giấy chứng nhận", at=at(3, 10)
    )
    attach(dossier, kind=Attachment.Kind.INTERNAL)
    return dossier, owner, head


def test_the_applicant_sees_their_steps_and_the_notes_addressed_to_them(case):
    dossier, _, _ = case
    history = applicant_history(dossier)
    assert [e.action for e in history] == ["submit", "receive", "transfer", "apologise", "request_supplement"]
    assert all(e.actor is None for e in history)
    notes = {e.action: e.note for e in history}
    assert notes == {
        "submit": "",
        "receive": "",  # the desk's note is internal
        "transfer": "",
        "apologise": "Chờ ý kiến của Sở Xây dựng",
        "request_supplement": "Thiếu giấy chứng nhận",
    }
    assert history[-1].items == ASKED
    assert history[-2].new_due_date == "2026-03-20"


def test_staff_in_scope_see_every_step_with_its_actor_and_note(case):
    dossier, _, head = case
    history = dossier_history(dossier, staff_view=True)
    assert [e.action for e in history] == [
        "submit",
        "receive",
        "transfer",
        "assign",
        "consult",
        "consult_reply",
        "apologise",
        "request_supplement",
    ]
    assert {e.note for e in history} >= set(INTERNAL_NOTES)
    assert history[3].actor == head
    assert {a.kind for a in dossier_attachments_for(head, dossier)} == {Attachment.Kind.INTERNAL}


def test_the_portal_and_the_api_show_the_applicant_the_same(case):
    dossier, owner, head = case
    browser = Client()
    browser.force_login(owner)
    page = browser.get(reverse("portal:my_dossier", args=[dossier.pk])).content.decode()
    api = APIClient()
    api.force_authenticate(owner)
    status = api.get(f"/api/v1/dossiers/{dossier.pk}/status/")
    detail = api.get(f"/api/v1/dossiers/{dossier.pk}/")
    files = api.get(f"/api/v1/dossiers/{dossier.pk}/attachments/")
    api_text = status.content.decode() + detail.content.decode() + files.content.decode()

    for hidden in (*INTERNAL_NOTES, *STAFF_NAMES, "Đơn đề nghị.pdf"):  # the internal paper's name too
        assert hidden not in page, hidden
        assert hidden not in api_text, hidden
    expected = [(e.action, e.note, e.items) for e in applicant_history(dossier)]
    assert [(e["action"], e["note"], e["items"]) for e in status.json()["history"]] == expected
    for entry in applicant_history(dossier):
        if entry.note:
            assert entry.note in page
    assert detail.json()["assignee"] is None
    assert files.json() == []

    # Staff in scope get the whole record through the same API.
    api.force_authenticate(head)
    staff_status = api.get(f"/api/v1/dossiers/{dossier.pk}/status/").json()
    assert len(staff_status["history"]) == len(dossier_history(dossier, staff_view=True))
    assert api.get(f"/api/v1/dossiers/{dossier.pk}/").json()["assignee"]["full_name"] == STAFF_NAMES[2]


def test_the_applicants_forms_are_those_issued_to_them_never_the_agencys_own():
    from ..models import Status
    from ..selectors import applicant_forms
    from .test_forms_fixtures import add_event, make_dossier

    submitted = make_dossier(status=Status.SUBMITTED)
    assert applicant_forms(submitted) == []  # no receipt before it is received
    received = make_dossier()
    assert [form.number for form in applicant_forms(received)] == ["01"]  # not the control slip, nor the register
    add_event(received, "refuse", Status.PROCESSING, Status.REFUSED, note="Không đủ điều kiện")
    assert [(form.number, form.kind) for form in applicant_forms(received)] == [("01", "receipt"), ("03", "refusal")]

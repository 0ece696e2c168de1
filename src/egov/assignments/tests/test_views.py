"""Task pages: permissions, unit scope, Vietnamese messages, nothing saved on bad input; the
addresses are those users bookmarked when the pages were part of the registers."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse

from egov.assignments.models import ProgressReport, Recurrence, Task
from egov.assignments.services import task_create
from egov.documents.models import Document
from egov.documents.tests.test_views import draft_post
from egov.organisations.roles import Role


def test_the_bookmarked_addresses_are_kept():
    assert reverse("assignments:tasks", args=[7]) == "/van-ban/7/nhiem-vu/"
    assert reverse("assignments:tasks_from_items", args=[7]) == "/van-ban/7/nhiem-vu/giao-theo-muc/"
    assert reverse("assignments:followup_export", args=[7]) == "/van-ban/7/nhiem-vu/bao-cao-theo-doi.docx"
    assert reverse("assignments:overdue") == "/van-ban/nhiem-vu/qua-han/"
    assert reverse("assignments:task_status", args=[7]) == "/van-ban/nhiem-vu/7/trang-thai/"
    assert reverse("assignments:occurrence_report", args=[7]) == "/van-ban/nhiem-vu/ky/7/bao-cao/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def decision(register_incoming, units):
    return register_incoming(
        "2121/QĐ-UBND",
        document_date=dt.date(2020, 12, 31),
        arrived_on=dt.date(2021, 1, 4),
        handling_unit=units["QLTM"],
        summary="Phê duyệt quy trình nội bộ giải quyết thủ tục hành chính",
        body="Căn cứ Quyết định số 12/QĐ-UBND ngày 01/02/2019. Quyết định này thay thế Quyết định số 99/QĐ-UBND.",
    )


def test_tasks_pages(client, make_staff, units, leader, clerk, decision):
    task = task_create(
        document=decision,
        user=leader,
        position=1,
        content="Rà soát quy trình nội bộ",
        lead_unit=units["QLTM"],
        coordinating_units=[units["VP"]],
        recurrence=Recurrence.HALF_YEARLY,
    )
    head = make_staff(Role.UNIT_HEAD, unit=units["QLTM"])
    login(client, head)
    page = client.get(reverse("assignments:tasks", args=[decision.pk]))
    assert page.status_code == 200 and "Gửi báo cáo" in page.content.decode()
    occurrence = task.occurrences.first()
    bad = client.post(
        reverse("assignments:occurrence_report", args=[occurrence.pk]),
        {"content": "", "percent_complete": 150},
        follow=True,
    )
    assert "Vui lòng nhập kết quả thực hiện" in bad.content.decode() and not ProgressReport.objects.exists()
    client.post(
        reverse("assignments:occurrence_report", args=[occurrence.pk]),
        {"content": "Đã rà soát 37 quy trình", "percent_complete": 60, "completes_occurrence": "on"},
    )
    occurrence.refresh_from_db()
    assert occurrence.completed_at is not None
    # Another unit's head cannot report on it, nor even find it.
    other = make_staff(Role.UNIT_HEAD, unit=units["QLCN"])
    login(client, other)
    assert (
        client.post(
            reverse("assignments:occurrence_report", args=[occurrence.pk]), {"content": "x", "percent_complete": 1}
        ).status_code
        == 404
    )
    # The unit head cannot assign tasks.
    login(client, head)
    assert client.post(reverse("assignments:tasks", args=[decision.pk]), {"position": 2}).status_code == 403
    # The leader assigns one; bad input is refused in Vietnamese.
    login(client, leader)
    response = client.post(
        reverse("assignments:tasks", args=[decision.pk]),
        {"position": 2, "content": "Báo cáo kết quả", "lead_unit": units["VP"].pk, "recurrence": "", "report_day": 15},
    )
    assert "Nhiệm vụ cần có thời hạn hoặc chu kỳ báo cáo" in response.content.decode()
    assert Task.objects.count() == 1
    response = client.post(
        reverse("assignments:tasks", args=[decision.pk]),
        {
            "position": 2,
            "content": "Báo cáo kết quả",
            "lead_unit": units["VP"].pk,
            "deadline": "2021-02-01",
            "report_day": 15,
        },
    )
    assert response.status_code == 302 and Task.objects.count() == 2
    overdue = client.get(reverse("assignments:overdue")).content.decode()
    assert "Báo cáo kết quả" in overdue  # due 01/02/2021, long past
    export = client.get(
        reverse("assignments:followup_export", args=[decision.pk]),
        {"as_of": "2021-12-31", "signer_title": "GIÁM ĐỐC", "signer_name": "Võ Văn Rân"},
    )
    assert export.status_code == 200
    assert "BÁO CÁO" in [p.text for p in docx.Document(io.BytesIO(export.content)).paragraphs]
    login(client, head)
    assert (
        client.get(reverse("assignments:followup_export", args=[decision.pk]), {"as_of": "2021-12-31"}).status_code
        == 403
    )


def test_task_page_prefills_the_next_numbered_item(client, clerk, register_incoming):
    plan = register_incoming(
        "38a/KH-BCT",
        type_name="Kế hoạch",
        issuer_symbol="BCT",
        body="1. Rà soát quy hoạch.\n2. Kiểm tra thị trường.\nĐề nghị các đơn vị thực hiện, báo cáo định kỳ hằng quý.",
    )
    login(client, clerk)
    page = client.get(reverse("assignments:tasks", args=[plan.pk]))
    form = page.context["form"]
    assert form.initial["position"] == 1 and form.initial["content"] == "Rà soát quy hoạch."
    assert form.initial["recurrence"] == Recurrence.QUARTERLY
    assert [p.position for p in page.context["proposals"]] == [1, 2]
    assert not Task.objects.exists()  # proposals are only proposals


def test_task_status_by_the_leader_only(client, leader, make_staff, units, decision):
    task = task_create(
        document=decision, user=leader, position=1, content="X", lead_unit=units["QLTM"], deadline=dt.date(2021, 6, 1)
    )
    head = make_staff(Role.UNIT_HEAD, unit=units["QLTM"])
    login(client, head)
    assert client.post(reverse("assignments:task_status", args=[task.pk]), {"status": "done"}).status_code == 403
    login(client, leader)
    bad = client.post(reverse("assignments:task_status", args=[task.pk]), {"status": "xong"}, follow=True)
    assert "Trạng thái nhiệm vụ không hợp lệ" in bad.content.decode()
    client.post(reverse("assignments:task_status", args=[task.pk]), {"status": "done"})
    task.refresh_from_db()
    assert task.status == Task.Status.DONE


def test_assigning_all_numbered_items_in_one_page(client, clerk, make_staff, units, other_agency):
    login(client, clerk)
    client.post(reverse("documents:draft_create"), draft_post(units))
    dispatch = Document.objects.get()
    client.post(reverse("documents:issue", args=[dispatch.pk]), {"issued_on": "2021-03-03"})
    url = reverse("assignments:tasks_from_items", args=[dispatch.pk])
    assert f'href="{url}"' in client.get(reverse("assignments:tasks", args=[dispatch.pk])).content.decode()
    page = client.get(url)
    formset = page.context["formset"]
    assert [f.initial["position"] for f in formset.forms] == [1, 2]
    assert formset.forms[0].initial["lead_unit"] == units["VP"].pk  # the drafting unit by default
    # Each item's cycle is proposed from the text (here the document's, the items saying none).
    assert [f.initial["recurrence"] for f in formset.forms] == [Recurrence.HALF_YEARLY_AND_YEARLY] * 2

    def post(**overrides):
        data = {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-selected": "on",
            "form-0-position": "1",
            "form-0-content": "Quán triệt kế hoạch.",
            "form-0-lead_unit": units["VP"].pk,
            "form-0-recurrence": Recurrence.HALF_YEARLY_AND_YEARLY,
            "form-1-selected": "on",
            "form-1-position": "2",
            "form-1-content": "Báo cáo kết quả.",
            "form-1-lead_unit": units["QLCN"].pk,
            "form-1-recurrence": Recurrence.HALF_YEARLY_AND_YEARLY,
            "report_day": "15",
            "others_coordinate": "on",
        }
        data.update(overrides)
        return client.post(url, {k: v for k, v in data.items() if v is not None}, follow=True)

    # A selected item without a lead unit: refused in Vietnamese, nothing saved.
    response = post(**{"form-1-lead_unit": ""})
    assert "Vui lòng chọn đơn vị chủ trì" in response.content.decode() and not Task.objects.exists()
    # A schedule that yields no report: refused for every item, nothing saved.
    response = post(**{"form-0-recurrence": Recurrence.YEARLY}, recurrence_until="2021-03-10")
    assert "Mục 1: Không có kỳ báo cáo nào" in response.content.decode() and not Task.objects.exists()
    # A unit head may not assign.
    head = make_staff(Role.UNIT_HEAD, unit=units["VP"])
    login(client, head)
    assert client.get(url).status_code == 403
    # A clerk of another agency does not find the document.
    login(client, make_staff(Role.CLERK, user_agency=other_agency))
    assert client.get(url).status_code == 404
    login(client, clerk)
    response = post(**{"form-1-selected": None})  # the second item is skipped
    assert "Đã giao 1 nhiệm vụ" in response.content.decode()
    task = Task.objects.get()
    assert task.position == 1 and task.occurrences.count() == 2
    assert set(task.coordinating_units.all()) == {u for u in units.values() if u != units["VP"]}
    # The skipped item is still proposed; once all are assigned the page says so.
    assert [f.initial["position"] for f in client.get(url).context["formset"].forms] == [2]
    post(
        **{
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-position": "2",
            "form-0-lead_unit": units["QLCN"].pk,
            "form-0-recurrence": Recurrence.HALF_YEARLY_AND_YEARLY,
        }
    )
    assert Task.objects.count() == 2
    assert "không còn mục đánh số" in client.get(url, follow=True).content.decode()


def test_items_in_one_page_each_with_its_cycle_and_an_outside_lead(client, clerk, units, other_agency):
    """The item whose text asks for quarterly reports is proposed quarterly; the clerk may give an
    item to another agency to lead, and each item keeps the cycle chosen for it."""
    login(client, clerk)
    body = "Các phòng báo cáo định kỳ 6 tháng, 01 năm.\n1. Quán triệt kế hoạch.\n2. Rà soát thủ tục, báo cáo hằng quý."
    client.post(reverse("documents:draft_create"), draft_post(units, body=body))
    dispatch = Document.objects.get()
    client.post(reverse("documents:issue", args=[dispatch.pk]), {"issued_on": "2021-03-03"})
    url = reverse("assignments:tasks_from_items", args=[dispatch.pk])
    page = client.get(url)
    assert [f.initial["recurrence"] for f in page.context["formset"].forms] == [
        Recurrence.HALF_YEARLY_AND_YEARLY,
        Recurrence.QUARTERLY,
    ]
    assert "Sở Nội vụ tỉnh Quảng Ngãi" in page.content.decode()  # offered as an outside lead
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-selected": "on",
        "form-0-position": "1",
        "form-0-content": "Quán triệt kế hoạch.",
        "form-0-lead_unit": units["VP"].pk,
        "form-0-lead_agency": other_agency.pk,
        "form-0-recurrence": Recurrence.HALF_YEARLY_AND_YEARLY,
        "form-1-selected": "on",
        "form-1-position": "2",
        "form-1-content": "Rà soát thủ tục.",
        "form-1-lead_agency": other_agency.pk,
        "form-1-deadline": "2021-10-31",
        "form-1-recurrence": Recurrence.QUARTERLY,
        "report_day": "15",
    }
    response = client.post(url, data)
    assert "không chọn cả hai" in response.content.decode() and not Task.objects.exists()
    data["form-0-lead_agency"] = ""
    response = client.post(url, data, follow=True)
    assert "Đã giao 2 nhiệm vụ" in response.content.decode()
    first, second = Task.objects.order_by("position")
    assert [o.label for o in first.occurrences.all()] == ["Báo cáo 6 tháng đầu năm 2021", "Báo cáo năm 2021"]
    assert second.lead == other_agency and second.lead_unit is None
    assert [o.label for o in second.occurrences.all()] == [
        "Báo cáo quý I/2021",
        "Báo cáo quý II/2021",
        "Báo cáo quý III/2021",
        "Hạn hoàn thành nhiệm vụ",
    ]
    assert "Sở Nội vụ tỉnh Quảng Ngãi" in client.get(reverse("assignments:tasks", args=[dispatch.pk])).content.decode()

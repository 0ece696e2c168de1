"""Fixtures of the task tests: dispatch 003 of the department (Công văn /SCT-VP, 03/3/2021), its
ten tasks for the units, and the department with its units and staff (the documents' fixtures)."""

import datetime as dt
from pathlib import Path

import pytest

from egov.assignments.proposals import propose_recurrence, tasks_propose_from_text
from egov.assignments.services import task_create
from egov.documents.services import outgoing_draft_create, outgoing_issue
from egov.documents.tests.conftest import *  # noqa: F403 (the department, its units and staff)
from egov.documents.tests.conftest import doc_type

SAMPLE = Path(__file__).resolve().parents[2] / "documents" / "tests" / "data" / "samples" / "003_d086f47df4891f74.txt"

# The ten tasks of dispatch 003, read from its text, with the unit that leads each by function.
TASKS_003 = [
    (1, "Quán triệt nội dung Kế hoạch phối hợp số 10", "VP"),
    (2, "Thực hiện tốt Quy chế phối hợp giữa Giám đốc Sở với Đảng ủy Sở", "VP"),
    (3, "Chú trọng xây dựng mô hình, điển hình “Dân vận khéo”", "VP"),
    (4, "Tiếp tục vận động, huy động nguồn lực thực hiện linh hoạt, hiệu quả “mục tiêu kép”", "QLCN"),
    (5, "Thực hiện tốt công tác tiếp công dân, giải quyết khiếu nại, tố cáo", "TTr"),
    (6, "Tham mưu thực hiện nội dung được giao cho Sở Công Thương", "QLCN"),
    (7, "Đổi mới và nâng cao hiệu quả công tác cải cách hành chính", "VP"),
    (8, "Phối hợp, tạo điều kiện thuận lợi để Mặt trận Tổ quốc", "VP"),
    (9, "Đẩy mạnh thông tin, tuyên truyền, phổ biến, hướng dẫn các văn bản quy phạm pháp luật", "TTr"),
    (10, "Tham gia đóng góp ý kiến về xây dựng dự án Luật Thực hiện dân chủ ở cơ sở", "VP"),
]


def body_of_003() -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    return text[text.index("Thực hiện Kế hoạch số 10") : text.index("**Nơi nhận:**")].strip()


@pytest.fixture
def dispatch_003(agency, units, register_incoming):
    # The plan it implements is in the incoming register, so the citation resolves.
    register_incoming(
        "10 – KH/BDVTU-BCSĐUBND",
        type_name="Kế hoạch",
        issuer_symbol="BDVTU",
        document_date=dt.date(2021, 1, 11),
        arrived_on=dt.date(2021, 1, 14),
        summary="Phối hợp thực hiện công tác dân vận năm 2021",
    )
    draft = outgoing_draft_create(
        agency=agency,
        user=None,
        document_type=doc_type("Công văn"),
        summary="V/v triển khai Kế hoạch phối hợp thực hiện công tác dân vận năm 2021",
        body=body_of_003(),
        drafting_unit=units["VP"],
        addressees="Trưởng các phòng, đơn vị trực thuộc Sở",
        recipients="Như trên;\nSở Nội vụ;\nBan Dân vận Tỉnh ủy;",
        signer_title="GIÁM ĐỐC",
        signer_name="Võ Văn Rân",
    )
    return outgoing_issue(document=draft, user=None, issued_on=dt.date(2021, 3, 3))


@pytest.fixture
def tasks_003(dispatch_003, units, leader):
    recurrence = propose_recurrence(dispatch_003.body)
    created = []
    for position, _, lead in TASKS_003:
        proposal = tasks_propose_from_text(dispatch_003.body)[position - 1]
        created.append(
            task_create(
                document=dispatch_003,
                user=leader,
                position=position,
                content=proposal.content,
                lead_unit=units[lead],
                coordinating_units=[u for short, u in units.items() if short != lead],
                recurrence=recurrence,
            )
        )
    return created

"""`load_demo --history 2021H1`, citizen reception and petitions: the first half of 2021 as the
department's half-year report counts it (sample 000): "Trong 6 tháng đầu năm, có 02 lượt tiếp
công dân (9 người, 01 vụ việc); tiếp nhận và giải quyết 04/04 đơn kiến nghị, phản ánh cùng
01 vụ việc" — and no complaint left pending.

One case (the power supply of a hamlet's households), received twice — the Director's periodic
reception (a delegation of seven) and a regular reception day (two citizens) — and raised by four
written petitions (post, by hand, forwarded by the Ban Dân vận Tỉnh ủy), each classified within
competence and answered within days. Everything goes through the petitions services with the
dates of the time (`at=`); nothing writes a figure.

Clocks: Thông tư 05/2021/TT-TTCP took effect on 16/11/2021 (decision 0047) and law-2026.md gives
no figures for the circular it replaced, so no time limit was in force for these petitions: the
services start no clock, and the figures count them as settled without one (`no_clock`), not as
on time. When the earlier circular's limits are checked against its text, they become
TimeLimitRule rows valid before 16/11/2021 and a rebuilt history gets its clocks from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from egov.petitions import service as petitions
from egov.procedures.service import Field
from egov.workdays.calendar import LOCAL_TZ

PERIOD = (dt.date(2021, 1, 1), dt.date(2021, 6, 30))
CASE_TITLE = "Kiến nghị cấp điện sinh hoạt cho 12 hộ dân thôn Tân Phong, xã Phổ Phong"
PLACE = "Trụ sở tiếp công dân Sở Công Thương, 169 Hùng Vương, TP Quảng Ngãi"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL_TZ)


@dataclass(frozen=True)
class Letter:
    """One of the four petitions: how it came, from whom, and when it was answered."""

    received: dt.datetime
    channel: str
    sender: str
    content: str
    answered: dt.datetime
    source_body: str = ""
    source_reference: str = ""


LETTERS = [
    Letter(
        _at(dt.date(2021, 2, 22), 8, 30),
        "post",
        "Phan Văn Vân",
        "Đề nghị kéo điện lưới về cho 12 hộ dân thôn Tân Phong chưa có điện sinh hoạt.",
        _at(dt.date(2021, 3, 1), 15, 0),
    ),
    Letter(
        _at(dt.date(2021, 3, 24), 9, 15),
        "hand",
        "Nguyễn Thị Lài",
        "Phản ánh việc đường dây hạ thế thôn Tân Phong chưa được đầu tư, các hộ phải câu nhờ điện.",
        _at(dt.date(2021, 3, 31), 10, 0),
    ),
    Letter(
        _at(dt.date(2021, 4, 12), 14, 0),
        "forwarded",
        "Trần Văn Được",
        "Kiến nghị của cử tri thôn Tân Phong về tiến độ cấp điện sinh hoạt, do Ban Dân vận Tỉnh ủy chuyển đến.",
        _at(dt.date(2021, 4, 19), 16, 0),
        source_body="Ban Dân vận Tỉnh ủy Quảng Ngãi",
        source_reference="Phiếu chuyển số 112-PC/BDVTU ngày 08/4/2021",
    ),
    Letter(
        _at(dt.date(2021, 5, 24), 8, 0),
        "post",
        "Phan Văn Vân",
        "Đề nghị cho biết thời gian đóng điện đường dây hạ thế thôn Tân Phong.",
        _at(dt.date(2021, 5, 31), 9, 30),
    ),
]
ANSWER = (
    "Sở Công Thương đã làm việc với Công ty Điện lực Quảng Ngãi; đường dây hạ thế thôn Tân Phong "
    "được bố trí vốn năm 2021, dự kiến đóng điện trong quý III/2021."
)


def petition_history_exists(agency) -> bool:
    return agency.reception_sessions.filter(held_on__range=PERIOD).exists()


def build_petition_history(result) -> bool:
    """Create the half-year's reception and petitions once; False when they exist already."""
    if petition_history_exists(result.agency):
        return False
    leader, officer = result.users["giamdoc"], result.users["chuyenvien"]
    unit = result.units["QLTM"]
    power = Field.objects.filter(name__iexact="Điện").first()
    with transaction.atomic():
        periodic = petitions.session_register(
            agency=result.agency,
            kind=petitions.ReceptionKind.PERIODIC,
            held_on=dt.date(2021, 3, 18),
            place=PLACE,
            receiver=leader,
            receiver_role=petitions.ReceiverRole.LEADER,
            actor=leader,
        )
        first = petitions.visit_register(
            session=periodic,
            people=[
                petitions.PersonData("Phan Văn Vân", address="Thôn Tân Phong, xã Phổ Phong", is_representative=True),
                petitions.PersonData("Lê Văn Sáu", address="Thôn Tân Phong, xã Phổ Phong", is_representative=True),
            ],
            people_count=7,
            is_delegation=True,
            new_case_title=CASE_TITLE,
            content="Đoàn 07 hộ dân kiến nghị sớm kéo điện lưới về thôn Tân Phong.",
            classification=petitions.Classification.RECOMMENDATION,
            in_competence=True,
            outcome=petitions.VisitOutcome.ANSWERED,
            outcome_detail="Giám đốc Sở trả lời trực tiếp về kế hoạch đầu tư lưới điện năm 2021.",
            actor=leader,
        )
        case = first.case
        regular = petitions.session_register(
            agency=result.agency,
            kind=petitions.ReceptionKind.REGULAR,
            held_on=dt.date(2021, 5, 20),
            place=PLACE,
            receiver=officer,
            receiver_role=petitions.ReceiverRole.OFFICER,
            actor=officer,
        )
        petitions.visit_register(
            session=regular,
            people=[
                petitions.PersonData("Nguyễn Thị Lài", address="Thôn Tân Phong, xã Phổ Phong"),
                petitions.PersonData("Nguyễn Văn Hòa", address="Thôn Tân Phong, xã Phổ Phong"),
            ],
            case=case,
            content="Hỏi tiến độ cấp điện sinh hoạt thôn Tân Phong.",
            classification=petitions.Classification.RECOMMENDATION,
            in_competence=True,
            outcome=petitions.VisitOutcome.ANSWERED,
            outcome_detail="Cán bộ tiếp công dân thông tin kế hoạch đóng điện quý III/2021.",
            actor=officer,
        )
        for letter in LETTERS:
            petition = petitions.petition_register(
                agency=result.agency,
                channel=letter.channel,
                received_at=letter.received,
                content=letter.content,
                classification=petitions.Classification.RECOMMENDATION,
                senders=[petitions.SenderData(letter.sender, address="Thôn Tân Phong, xã Phổ Phong")],
                source_body=letter.source_body,
                source_reference=letter.source_reference,
                field=power,
                case=case,
                handling_unit=unit,
                actor=officer,
            )
            classified_at = letter.received + dt.timedelta(days=1)
            petition = petitions.SERVICES["classify"](
                petition=petition, actor=officer, at=classified_at, competence=petitions.Competence.OWN
            )
            petitions.SERVICES["answer"](petition=petition, actor=officer, at=letter.answered, answer=ANSWER)
    return True

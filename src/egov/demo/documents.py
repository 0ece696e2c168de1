"""Demo data of the document registers: the department issues under its own symbol, and two
incoming Party documents that the sample dispatch 003 cites are already in the register.

Idempotent: the issuer link is set (or created) by symbol, documents are registered once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from egov.documents.service import Direction, Document, DocumentType, Issuer, incoming_register
from egov.organisations.models import Agency, Unit

# (ref, issuer symbol, type name, document date, arrival date, handling unit, summary)
DEMO_INCOMING = [
    (
        "10-KH/BDVTU-BCSĐUBND",
        "BDVTU",
        "Kế hoạch",
        dt.date(2021, 1, 11),
        dt.date(2021, 1, 14),
        "VP",
        "Phối hợp thực hiện công tác dân vận năm 2021 của Ban Dân vận Tỉnh ủy và Ban Cán sự Đảng UBND tỉnh",
    ),
    (
        "08-TB/VPTU",
        "VPTU",
        "Thông báo",
        dt.date(2020, 12, 14),
        dt.date(2020, 12, 17),
        "VP",
        "Kết luận của Bí thư Tỉnh ủy tại buổi đối thoại với tổ chức Công đoàn, công nhân và người lao động "
        "tại Khu Kinh tế Dung Quất và Khu Công nghiệp VSIP Quảng Ngãi",
    ),
]


def ensure_own_issuer(agency: Agency) -> Issuer:
    """Link the agency to the issuer carrying its symbol, so that it can draft and issue."""
    issuer = Issuer.objects.filter(agency=agency).first()
    if issuer is not None:
        return issuer
    issuer = Issuer.objects.filter(symbol=agency.short_name, agency__isnull=True).first()
    if issuer is None:
        issuer, _ = Issuer.objects.get_or_create(name=agency.name, defaults={"symbol": agency.short_name})
    issuer.agency = agency
    issuer.save(update_fields=["agency"])
    return issuer


@transaction.atomic
def ensure_demo_documents(*, agency: Agency) -> int:
    """The issuer link and the demo incoming documents; returns how many documents were registered."""
    ensure_own_issuer(agency)
    created = 0
    for ref, issuer_symbol, type_name, document_date, arrived_on, unit, summary in DEMO_INCOMING:
        issuer = Issuer.objects.get(symbol=issuer_symbol)
        if Document.objects.filter(agency=agency, direction=Direction.INCOMING, ref=ref, issuer=issuer).exists():
            continue
        incoming_register(
            agency=agency,
            user=None,
            ref=ref,
            issuer=issuer,
            document_type=DocumentType.objects.get(name=type_name),
            document_date=document_date,
            arrived_on=arrived_on,
            handed_over_on=arrived_on,
            handling_unit=Unit.objects.filter(agency=agency, short_name=unit).first(),
            summary=summary,
        )
        created += 1
    return created

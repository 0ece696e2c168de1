"""Shared set-up: an agency with two fields and hand-built dossier rows (written directly, as the
statistics read columns; the lifecycle services are exercised in egov/demo/tests/test_history.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from egov.dossiers.models import Channel, Dossier, Outcome, PauseInterval, Status
from egov.dossiers.tests.factories import (
    AgencyFactory,
    DossierFactory,
    FieldFactory,
    ProcedureFactory,
    ProcedureVersionFactory,
)
from egov.portal.tests.browser import chromium_browser, run_factory  # noqa: F401 (browser fixtures)
from egov.workdays.calendar import LOCAL_TZ


def local(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL_TZ)


@dataclass
class World:
    agency: object
    trade: object  # field "Lưu thông hàng hóa trong nước"
    power: object  # field "Điện"
    alcohol: object  # procedure version in trade
    safety_card: object  # procedure version in power

    def dossier(
        self,
        *,
        received: dt.datetime | None,
        channel: str = Channel.ONLINE,
        due: dt.date | None = None,
        finished: dt.datetime | None = None,
        outcome: str = "",
        version=None,
        rating: str = "",
        rated_at: dt.datetime | None = None,
        pause: tuple[dt.datetime, dt.datetime | None] | None = None,
    ) -> Dossier:
        version = version or self.alcohol
        if finished is not None and not outcome:
            outcome = Outcome.RESOLVED
        status = {
            "": Status.PROCESSING if received else Status.SUBMITTED,
            Outcome.RESOLVED: Status.RETURNED,
            Outcome.REFUSED: Status.RETURNED,
            Outcome.WITHDRAWN: Status.WITHDRAWN,
            Outcome.STOPPED: Status.STOPPED,
        }[outcome]
        if pause is not None and pause[1] is None and finished is None:
            status = Status.PAUSED
        dossier = DossierFactory(
            procedure_version=version,
            channel=channel,
            status=status,
            submitted_at=(received or local(dt.date(2021, 1, 4))) - dt.timedelta(minutes=10),
            received_at=received,
            due_date=due,
            finished_at=finished,
            outcome=outcome,
            rating=rating,
            rated_at=rated_at,
        )
        if pause is not None:
            PauseInterval.objects.create(
                dossier=dossier, requested_at=pause[0], completed_at=pause[1], reason="Bổ sung giấy tờ"
            )
        return dossier


def make_world() -> World:
    agency = AgencyFactory(name="Sở Công Thương tỉnh Quảng Ngãi", short_name="SCT", identifier="000.00.53.H48")
    trade = FieldFactory(name="Lưu thông hàng hóa trong nước")
    power = FieldFactory(name="Điện")
    alcohol = ProcedureVersionFactory(
        procedure=ProcedureFactory(agency=agency, field=trade, name="Cấp Giấy phép bán buôn rượu", code="2.000648")
    )
    card = ProcedureVersionFactory(
        procedure=ProcedureFactory(agency=agency, field=power, name="Cấp thẻ an toàn điện", code="2.000100")
    )
    return World(agency, trade, power, alcohol, card)


@pytest.fixture
def world(db) -> World:
    return make_world()

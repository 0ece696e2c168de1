"""The online-service measures of NĐ 224/2026/NĐ-CP Art. 19 (law-2026.md §6.3, §5.3 item 14), from
01/7/2026; the methods are the system's reading (the Ministry of Science and Technology's not issued)."""

import datetime as dt

import pytest

from egov.dossiers.models import Attachment, Channel, ReturnMethod
from egov.procedures.models import OnlineLevel, PartialReason, ProactiveLevel
from egov.reports.online_services import online_service_metrics
from egov.reports.selectors import Scope

from .conftest import local
from .test_indices import attach


def metrics(world, date_from=dt.date(2026, 7, 1), date_to=dt.date(2026, 9, 30)):
    report = online_service_metrics(date_from=date_from, date_to=date_to, scope=Scope(agency=world.agency))
    return report and {m.code: m for m in report.metrics}


def test_no_measures_before_nd_224(world):
    """NĐ 42/2022 listed no such measures: periods ending before 01/7/2026 have none."""
    assert metrics(world, dt.date(2026, 4, 1), dt.date(2026, 6, 30)) is None
    assert metrics(world, dt.date(2021, 1, 1), dt.date(2021, 6, 6)) is None


@pytest.fixture
def q3(world):
    world.alcohol.online_level = OnlineLevel.FULL
    world.alcohol.proactive_level = ProactiveLevel.AUTOMATIC
    world.alcohol.save(update_fields=["online_level", "proactive_level"])
    received = local(dt.date(2026, 7, 1))  # a Wednesday
    done = local(dt.date(2026, 7, 8))  # five working days later
    online = world.dossier(received=received, due=dt.date(2026, 7, 15), finished=done)
    online.return_method = ReturnMethod.ELECTRONIC
    online.save(update_fields=["return_method"])
    attach(online, kind=Attachment.Kind.RESULT)
    world.dossier(received=received, due=dt.date(2026, 7, 7), finished=done, channel=Channel.DIRECT)
    world.dossier(received=received, due=dt.date(2026, 7, 15), version=world.safety_card, channel=Channel.DIRECT)
    return world


def test_full_online_intake_processing_and_automation(q3):
    """Art. 19: toàn trình share, online intake, online processing, automation (law-2026.md §6.3)."""
    m = metrics(q3)
    assert (m["full_online"].numerator, m["full_online"].denominator, m["full_online"].value) == (1, 2, 50.0)
    assert (m["online_intake"].numerator, m["online_intake"].denominator) == (1, 3)
    # Of the two results, the online one with an electronic result returned online.
    assert (m["online_processing"].numerator, m["online_processing"].denominator) == (1, 2)
    # Dossiers of the level-4 (automatic) service: the two of the alcohol procedure.
    assert (m["automated"].numerator, m["automated"].denominator) == (2, 3)


def test_time_on_time_and_satisfaction(q3):
    """Art. 19: processing time (working days), on-time rate, satisfaction."""
    m = metrics(q3)
    assert (m["average_time"].numerator, m["average_time"].denominator, m["average_time"].value) == (10, 2, 5.0)
    assert m["average_time"].unit == "ngày làm việc"
    assert (m["on_time"].numerator, m["on_time"].denominator) == (1, 2)
    assert m["satisfaction"].denominator == 0


def test_proactive_services_and_unexplained_partial_services(q3):
    """Art. 16 levels counted; Art. 14: a service not offered end to end without a published reason."""
    m = metrics(q3)
    assert (m["proactive"].numerator, m["proactive"].denominator) == (1, 2)
    assert "mức 4: 1" in m["proactive"].detail
    assert (m["partial_without_reason"].numerator, m["partial_without_reason"].denominator) == (1, 2)
    q3.safety_card.online_partial_reason = PartialReason.PRESENCE
    q3.safety_card.save(update_fields=["online_partial_reason"])
    assert metrics(q3)["partial_without_reason"].numerator == 0

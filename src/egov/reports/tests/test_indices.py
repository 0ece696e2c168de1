"""QĐ 766 indices: each formula on hand-built rows, and the score against its threshold."""

import datetime as dt
from decimal import Decimal

import pytest

from egov.dossiers.models import Attachment, Channel, Outcome, Payment, ReturnMethod
from egov.procedures.models import OnlineLevel
from egov.reports.indices import INDEX_DEFINITIONS, IndexDefinition, group_totals, score, service_quality
from egov.reports.selectors import Scope

from .conftest import local

FROM, TO = dt.date(2021, 1, 1), dt.date(2021, 6, 6)


def results(world) -> dict:
    _, items = service_quality(date_from=FROM, date_to=TO, scope=Scope(agency=world.agency))
    return {item.code: item for item in items}


def test_score_is_full_at_the_threshold_and_proportional_below():
    definition = IndexDefinition("3c", 3, "x", Decimal(8), Decimal(50))
    assert score(50, definition) == 8.0
    assert score(75, definition) == 8.0
    assert score(25, definition) == 4.0
    assert score(0, definition) == 0.0
    assert score(33.33, definition) == 5.33


def test_at_least_the_issue_indices_are_defined():
    assert {d.code for d in INDEX_DEFINITIONS} >= {"2a", "2b", "3a", "3c", "3e", "4a", "4b", "5c"}


def test_indices_from_the_dossier_data(world):
    world.alcohol.online_level = OnlineLevel.FULL
    world.alcohol.save(update_fields=["online_level"])
    world.safety_card.online_level = OnlineLevel.NONE
    world.safety_card.save(update_fields=["online_level"])
    received = local(dt.date(2021, 3, 1))
    # Four results: three on time (one electronic), one late; due date 10 days after receipt.
    due = dt.date(2021, 3, 11)
    on_time = [
        world.dossier(received=received, due=due, finished=local(dt.date(2021, 3, 6)), channel=Channel.ONLINE),
        world.dossier(received=received, due=due, finished=local(dt.date(2021, 3, 11)), channel=Channel.DIRECT),
        world.dossier(received=received, due=due, finished=local(dt.date(2021, 3, 11)), channel=Channel.DIRECT),
    ]
    late = world.dossier(
        received=received, due=due, finished=local(dt.date(2021, 3, 21)), channel=Channel.DIRECT, rating="unsatisfied"
    )
    late.rated_at = local(dt.date(2021, 3, 22))
    late.save(update_fields=["rated_at"])
    on_time[0].return_method = ReturnMethod.ELECTRONIC
    on_time[0].rating, on_time[0].rated_at = "very_satisfied", local(dt.date(2021, 3, 7))
    on_time[0].save(update_fields=["return_method", "rating", "rated_at"])
    world.dossier(received=received, due=due, finished=local(dt.date(2021, 3, 2)), outcome=Outcome.WITHDRAWN)
    # Paper dossier with a digitised item.
    Attachment.objects.create(
        dossier=on_time[1],
        file="x.pdf",
        original_name="don.pdf",
        extension=".pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        is_digitised=True,
        uploaded_at=received,
    )
    for dossier, method in ((on_time[0], Payment.Method.ONLINE), (on_time[1], Payment.Method.CASH)):
        Payment.objects.create(
            dossier=dossier, description="Phí thẩm định", amount_vnd=1_200_000, method=method, paid_at=received
        )
    r = results(world)
    assert (r["2a"].numerator, r["2a"].denominator, r["2a"].rate, r["2a"].score) == (3, 4, 75.0, 7.5)
    # 2b: days used 5 + 10 + 10 + 20 = 45; allowed 4 × 10 = 40 -> 40 / 45.
    assert (r["2b"].numerator, r["2b"].denominator, r["2b"].rate) == (40, 45, 88.89)
    assert "Trung bình 11,3 ngày / thời hạn trung bình 10 ngày" in r["2b"].detail
    assert (r["3a"].numerator, r["3a"].denominator, r["3a"].rate, r["3a"].score) == (1, 2, 50.0, 3.75)
    assert (r["3c"].numerator, r["3c"].denominator, r["3c"].rate, r["3c"].score) == (2, 5, 40.0, 6.4)
    assert (r["3e"].numerator, r["3e"].denominator, r["3e"].score) == (1, 2, 4.0)
    assert (r["4a"].numerator, r["4a"].denominator, r["4a"].rate) == (1, 4, 25.0)
    # Online dossiers (two, one withdrawn) and the digitised paper one, of five received.
    assert (r["4b"].numerator, r["4b"].denominator, r["4b"].rate) == (3, 5, 60.0)
    assert (r["5c"].numerator, r["5c"].denominator, r["5c"].rate, r["5c"].score) == (1, 2, 50.0, 3.33)
    groups = {group: (scored, computable) for group, _, scored, computable, _ in group_totals(list(r.values()))}
    assert groups[2] == (round(7.5 + r["2b"].score, 2), 20.0)


def test_no_data_scores_zero_without_errors(world):
    r = results(world)
    assert all(item.denominator == 0 or item.code == "3a" for item in r.values())
    assert r["2a"].score == 0.0 and not r["2a"].has_data
    assert r["2b"].score == 0.0


@pytest.mark.parametrize("code", ["2a", "3c", "5c"])
def test_indices_agree_with_the_statistics(world, code):
    world.dossier(received=local(dt.date(2021, 3, 1)), due=dt.date(2021, 3, 11), finished=local(dt.date(2021, 3, 5)))
    stats, items = service_quality(date_from=FROM, date_to=TO)
    item = next(i for i in items if i.code == code)
    expected = {"2a": stats.totals.on_time_pct, "3c": stats.totals.online_pct, "5c": stats.totals.satisfied_pct}[code]
    assert item.rate == expected

"""Biểu 06 definitions (domain.md §2.5) on hand-built cases, an independent computation of the
definitions in plain Python over random rows (hypothesis), and the invariant
received.total = resolved.total + withdrawn_or_stopped + in_progress.total."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov.dossiers.models import Channel, Dossier, Outcome, PauseInterval, Rating
from egov.reports.selectors import Scope, StatisticsError, pct, resolve_scope, tthc_statistics
from egov.workdays.calendar import LOCAL_TZ

from .conftest import local, make_world

JAN1, JUN6 = dt.date(2021, 1, 1), dt.date(2021, 6, 6)


def stats(date_from=JAN1, date_to=JUN6, **kwargs):
    return tthc_statistics(date_from=date_from, date_to=date_to, **kwargs).as_dict()


# --- definitions on hand-built cases ---------------------------------------------------------------


def test_carried_over_counts_dossiers_received_before_and_open_at_the_start(world):
    world.dossier(received=local(dt.date(2020, 12, 28)), due=dt.date(2021, 1, 8), finished=local(dt.date(2021, 1, 5)))
    world.dossier(received=local(dt.date(2020, 12, 29)), due=dt.date(2021, 1, 8))  # still open, overdue by 06/6
    world.dossier(
        received=local(dt.date(2020, 12, 10)), due=dt.date(2020, 12, 20), finished=local(dt.date(2020, 12, 15))
    )
    data = stats()
    assert data["received"] == {"total": 2, "carried_over": 2, "online": 0, "direct": 0, "postal": 0}
    assert data["resolved"]["total"] == 1
    assert data["in_progress"] == {"total": 1, "within_deadline": 0, "overdue": 1}


def test_finished_exactly_at_the_start_of_the_period_is_carried_over_and_resolved_in_it(world):
    world.dossier(received=local(dt.date(2020, 12, 31), 16), due=dt.date(2021, 1, 4), finished=local(JAN1, 0, 0))
    data = stats()
    assert data["received"]["carried_over"] == 1
    assert data["resolved"] == {"total": 1, "early": 1, "on_time": 0, "late": 0}


def test_receipts_by_channel_and_not_received_dossiers_ignored(world):
    day = dt.date(2021, 3, 2)
    world.dossier(received=local(day), channel=Channel.ONLINE, due=dt.date(2021, 3, 16))
    world.dossier(received=local(day), channel=Channel.DIRECT, due=dt.date(2021, 3, 16))
    world.dossier(received=local(day), channel=Channel.POSTAL, due=dt.date(2021, 3, 16))
    world.dossier(received=None)  # submitted, or refused at intake: not received
    data = stats()
    assert data["received"] == {"total": 3, "carried_over": 0, "online": 1, "direct": 1, "postal": 1}
    assert data["online_pct"] == pytest.approx(33.33)


def test_finishing_on_the_due_date_is_on_time_before_is_early_after_is_late(world):
    due = dt.date(2021, 3, 10)
    world.dossier(received=local(dt.date(2021, 3, 1)), due=due, finished=local(dt.date(2021, 3, 9), 16))
    world.dossier(received=local(dt.date(2021, 3, 1)), due=due, finished=local(due, 16, 30))
    world.dossier(received=local(dt.date(2021, 3, 1)), due=due, finished=local(dt.date(2021, 3, 11), 8))
    data = stats()
    assert data["resolved"] == {"total": 3, "early": 1, "on_time": 1, "late": 1}
    assert data["on_time_pct"] == pytest.approx(66.67)


def test_finishing_at_23_30_local_time_counts_on_that_local_day(world):
    """23:30 in Hồ Chí Minh is 16:30 UTC of the same day, and the next day is 00:30 local: the local
    date decides, both for the due date comparison and for the period bounds."""
    due = dt.date(2021, 3, 10)
    late_evening = local(due, 23, 30)
    assert late_evening.astimezone(dt.UTC).date() == due
    world.dossier(received=local(dt.date(2021, 3, 1)), due=due, finished=late_evening)
    after_midnight = local(dt.date(2021, 3, 11), 0, 30)  # 17:30 UTC on the 10th
    assert after_midnight.astimezone(dt.UTC).date() == due
    world.dossier(received=local(dt.date(2021, 3, 1)), due=due, finished=after_midnight)
    data = stats()
    assert data["resolved"] == {"total": 2, "early": 0, "on_time": 1, "late": 1}
    # A period ending on the 10th takes the 23:30 result and leaves the 00:30 one in progress (late).
    day = stats(dt.date(2021, 3, 10), dt.date(2021, 3, 10))
    assert day["resolved"]["total"] == 1
    assert day["in_progress"] == {"total": 1, "within_deadline": 1, "overdue": 0}


def test_received_at_23_30_on_the_last_day_belongs_to_the_period(world):
    world.dossier(received=local(JUN6, 23, 30), due=dt.date(2021, 6, 14))
    world.dossier(received=local(dt.date(2021, 6, 7), 0, 10), due=dt.date(2021, 6, 14))
    data = stats()
    assert data["received"]["total"] == 1
    assert data["in_progress"]["total"] == 1


def test_withdrawn_and_stopped_are_not_resolved(world):
    world.dossier(
        received=local(dt.date(2021, 2, 1)),
        due=dt.date(2021, 2, 22),
        finished=local(dt.date(2021, 2, 3)),
        outcome=Outcome.WITHDRAWN,
    )
    world.dossier(
        received=local(dt.date(2021, 2, 1)),
        due=dt.date(2021, 2, 22),
        finished=local(dt.date(2021, 2, 4)),
        outcome=Outcome.STOPPED,
    )
    world.dossier(
        received=local(dt.date(2021, 2, 1)),
        due=dt.date(2021, 2, 22),
        finished=local(dt.date(2021, 2, 5)),
        outcome=Outcome.REFUSED,
    )
    data = stats()
    assert data["withdrawn_or_stopped"] == 2
    assert data["resolved"] == {"total": 1, "early": 1, "on_time": 0, "late": 0}


def test_in_progress_overdue_unless_paused_waiting_for_the_applicant(world):
    world.dossier(received=local(dt.date(2021, 5, 3)), due=dt.date(2021, 5, 17))  # overdue on 06/6
    world.dossier(received=local(dt.date(2021, 5, 3)), due=dt.date(2021, 6, 6))  # due on the last day
    world.dossier(
        received=local(dt.date(2021, 5, 3)), due=dt.date(2021, 5, 17), pause=(local(dt.date(2021, 5, 5)), None)
    )
    # Paused earlier, completed before the end: the (restarted) due date decides.
    world.dossier(
        received=local(dt.date(2021, 5, 3)),
        due=dt.date(2021, 5, 20),
        pause=(local(dt.date(2021, 5, 5)), local(dt.date(2021, 5, 10))),
    )
    # Paused at the end of a past period, completed after it: within deadline for that period.
    world.dossier(
        received=local(dt.date(2021, 5, 3)),
        due=dt.date(2021, 6, 1),
        pause=(local(dt.date(2021, 5, 5)), local(dt.date(2021, 6, 10))),
    )
    data = stats()
    assert data["in_progress"] == {"total": 5, "within_deadline": 3, "overdue": 2}


def test_one_day_period(world):
    day = dt.date(2021, 4, 6)
    world.dossier(received=local(day, 8), due=dt.date(2021, 4, 20), finished=local(day, 16))  # same-day result
    world.dossier(received=local(dt.date(2021, 4, 5)), due=dt.date(2021, 4, 6), finished=local(day, 10))
    world.dossier(received=local(dt.date(2021, 4, 5)), due=dt.date(2021, 4, 5))  # overdue
    world.dossier(received=local(dt.date(2021, 4, 7)), due=dt.date(2021, 4, 20))  # after the day
    data = stats(day, day)
    assert data["received"] == {"total": 3, "carried_over": 2, "online": 1, "direct": 0, "postal": 0}
    assert data["resolved"] == {"total": 2, "early": 1, "on_time": 1, "late": 0}
    assert data["in_progress"] == {"total": 1, "within_deadline": 0, "overdue": 1}


def test_satisfaction_counts_ratings_given_in_the_period(world):
    done = local(dt.date(2021, 2, 1))
    kwargs = {"received": local(dt.date(2021, 1, 20)), "due": dt.date(2021, 2, 3), "finished": done}
    world.dossier(**kwargs, rating=Rating.VERY_SATISFIED, rated_at=done + dt.timedelta(hours=2))
    world.dossier(**kwargs, rating=Rating.SATISFIED, rated_at=done + dt.timedelta(hours=3))
    world.dossier(**kwargs, rating=Rating.UNSATISFIED, rated_at=done + dt.timedelta(hours=4))
    world.dossier(**kwargs)  # not rated
    world.dossier(**kwargs, rating=Rating.UNSATISFIED, rated_at=local(dt.date(2021, 6, 7)))  # after the period
    data = stats()
    assert data["satisfaction"] == {
        "rated": 3,
        "very_satisfied": 1,
        "satisfied": 1,
        "unsatisfied": 1,
        "satisfied_pct": 66.67,
        "very_satisfied_pct": 33.33,
    }


def test_empty_period_gives_zeros_not_errors(world):
    data = stats()
    assert data["received"]["total"] == 0
    assert data["on_time_pct"] == data["online_pct"] == data["satisfaction"]["satisfied_pct"] == 0.0


def test_json_has_exactly_the_issue_keys(world):
    assert list(stats()) == [
        "from",
        "to",
        "received",
        "resolved",
        "withdrawn_or_stopped",
        "in_progress",
        "satisfaction",
        "on_time_pct",
        "online_pct",
    ]
    assert "rows" in stats(by="field")


def test_rows_by_field_and_procedure_add_up_to_the_totals(world):
    day = dt.date(2021, 3, 2)
    world.dossier(received=local(day), due=dt.date(2021, 3, 9), finished=local(dt.date(2021, 3, 5)))
    world.dossier(received=local(day), due=dt.date(2021, 3, 9), version=world.safety_card, channel=Channel.DIRECT)
    world.dossier(received=local(day), due=dt.date(2021, 3, 9), version=world.safety_card)
    by_field = stats(by="field")
    assert [(row["name"], row["received"]["total"]) for row in by_field["rows"]] == [
        ("Lưu thông hàng hóa trong nước", 1),
        ("Điện", 2),
    ]
    by_procedure = stats(by="procedure")
    assert {row["code"] for row in by_procedure["rows"]} == {"2.000648", "2.000100"}
    for data in (by_field, by_procedure):
        assert sum(row["received"]["total"] for row in data["rows"]) == data["received"]["total"] == 3


def test_filters_by_agency_field_and_procedure(world):
    other = make_world_other_agency()
    day = dt.date(2021, 3, 2)
    world.dossier(received=local(day), due=dt.date(2021, 3, 9))
    world.dossier(received=local(day), due=dt.date(2021, 3, 9), version=world.safety_card)
    other.dossier(received=local(day), due=dt.date(2021, 3, 9))
    assert stats()["received"]["total"] == 3
    assert stats(scope=resolve_scope(agency_code="000.00.53.H48"))["received"]["total"] == 2
    assert stats(scope=resolve_scope(field_name="Điện"))["received"]["total"] == 1
    assert stats(scope=resolve_scope(procedure_code="2.000648", agency_code="SCT"))["received"]["total"] == 1
    with pytest.raises(StatisticsError, match="Không có lĩnh vực"):
        resolve_scope(field_name="Không tồn tại")
    with pytest.raises(StatisticsError, match="Không có cơ quan"):
        resolve_scope(agency_code="999")


def make_world_other_agency():
    from egov.dossiers.tests.factories import AgencyFactory, ProcedureFactory, ProcedureVersionFactory

    from .conftest import World

    agency = AgencyFactory(name="Sở Xây dựng tỉnh Quảng Ngãi")
    version = ProcedureVersionFactory(procedure=ProcedureFactory(agency=agency))
    return World(agency, None, None, version, version)


def test_staff_see_only_their_scope(world):
    from egov.dossiers.tests.factories import UnitFactory, make_staff
    from egov.organisations.roles import Role

    unit = UnitFactory(agency=world.agency)
    day = dt.date(2021, 3, 2)
    mine = world.dossier(received=local(day), due=dt.date(2021, 3, 9))
    mine.unit = unit
    mine.save(update_fields=["unit"])
    world.dossier(received=local(day), due=dt.date(2021, 3, 9))
    other = make_world_other_agency()
    other.dossier(received=local(day), due=dt.date(2021, 3, 9))
    leader = make_staff(world.agency, Role.AGENCY_LEADER)
    head = make_staff(world.agency, Role.UNIT_HEAD, unit=unit)
    assert stats(user=leader)["received"]["total"] == 2
    assert stats(user=head)["received"]["total"] == 1


def test_figures_come_from_three_aggregate_queries(world):
    for day in (dt.date(2021, 3, 2), dt.date(2021, 3, 3)):
        world.dossier(received=local(day), due=dt.date(2021, 3, 9))
        world.dossier(received=local(day), due=dt.date(2021, 3, 9), version=world.safety_card)
    with CaptureQueriesContext(connection) as queries:
        tthc_statistics(date_from=JAN1, date_to=JUN6)
    assert len(queries) == 3  # finished since the start, still open, ratings
    with CaptureQueriesContext(connection) as queries:
        tthc_statistics(date_from=JAN1, date_to=JUN6, by="field")
    assert len(queries) == 4  # the three aggregates, grouped, and the fields' names


def test_monthly_series_matches_the_statistics_of_each_month(world):
    from egov.reports.selectors import monthly_series

    world.dossier(
        received=local(dt.date(2021, 1, 31), 23, 30),
        due=dt.date(2021, 2, 1),
        finished=local(dt.date(2021, 2, 1), 23, 45),
    )
    world.dossier(
        received=local(dt.date(2021, 2, 2)),
        due=dt.date(2021, 2, 3),
        channel=Channel.DIRECT,
        finished=local(dt.date(2021, 2, 5)),
    )
    world.dossier(received=local(dt.date(2021, 3, 1)), due=dt.date(2021, 3, 9), channel=Channel.POSTAL)
    with CaptureQueriesContext(connection) as queries:
        series = monthly_series(date_from=dt.date(2021, 1, 15), date_to=dt.date(2021, 3, 31))
    assert len(queries) == 2
    assert [(first, last) for first, last, _ in series] == [
        (dt.date(2021, 1, 15), dt.date(2021, 1, 31)),
        (dt.date(2021, 2, 1), dt.date(2021, 2, 28)),
        (dt.date(2021, 3, 1), dt.date(2021, 3, 31)),
    ]
    for first, last, figures in series:
        month = tthc_statistics(date_from=first, date_to=last).totals
        assert (figures.online, figures.direct, figures.postal) == (month.online, month.direct, month.postal)
        assert (figures.early, figures.on_time, figures.late) == (month.early, month.on_time, month.late)
        assert figures.on_time_pct == month.on_time_pct


def test_pct_rounds_half_up_to_two_decimals():
    assert pct(197, 200) == 98.5
    assert pct(1, 3) == 33.33
    assert pct(2, 3) == 66.67
    assert pct(1, 8) == 12.5
    assert pct(0, 0) == 0.0


def test_bad_grouping_and_inverted_period_refused(world):
    with pytest.raises(StatisticsError):
        tthc_statistics(date_from=JAN1, date_to=JUN6, by="unit")
    with pytest.raises(StatisticsError):
        tthc_statistics(date_from=JUN6, date_to=JAN1)


# --- an independent computation over random rows --------------------------------------------------


def _day(moment: dt.datetime | None) -> dt.date | None:
    return moment.astimezone(LOCAL_TZ).date() if moment is not None else None


def expected(rows: list[dict], date_from: dt.date, date_to: dt.date, scope_field=None) -> dict:
    """The definitions of domain.md §2.5 restated over local dates, row by row."""
    out = dict.fromkeys(
        [
            "carried_over",
            "online",
            "direct",
            "postal",
            "early",
            "on_time",
            "late",
            "ended",
            "within",
            "overdue",
            "very",
            "satisfied",
            "unsatisfied",
        ],
        0,
    )
    for row in rows:
        if scope_field is not None and row["field_id"] != scope_field:
            continue
        received, finished, rated = _day(row["received_at"]), _day(row["finished_at"]), _day(row["rated_at"])
        if rated is not None and date_from <= rated <= date_to:
            out[{"very_satisfied": "very", "satisfied": "satisfied", "unsatisfied": "unsatisfied"}[row["rating"]]] += 1
        if received is None:
            continue
        if received < date_from and (finished is None or finished >= date_from):
            out["carried_over"] += 1
        if date_from <= received <= date_to:
            out[row["channel"]] += 1
        if finished is not None and date_from <= finished <= date_to:
            if row["outcome"] in (Outcome.RESOLVED, Outcome.REFUSED):
                due = row["due_date"]
                key = "on_time" if due is None or finished == due else "early" if finished < due else "late"
                out[key] += 1
            else:
                out["ended"] += 1
        if received <= date_to and (finished is None or finished > date_to):
            paused = any(
                _day(requested) <= date_to and (completed is None or _day(completed) > date_to)
                for requested, completed in row["pauses"]
            )
            due = row["due_date"]
            out["within" if due is None or due >= date_to or paused else "overdue"] += 1
    return out


BASE = dt.datetime(2021, 1, 1, tzinfo=LOCAL_TZ)
moments = st.integers(min_value=0, max_value=90 * 24 * 60 // 30).map(lambda n: BASE + dt.timedelta(minutes=30 * n))
row_strategy = st.fixed_dictionaries(
    {
        "received": st.one_of(st.none(), moments),
        "channel": st.sampled_from([Channel.ONLINE, Channel.DIRECT, Channel.POSTAL]),
        "finish_after": st.one_of(st.none(), st.integers(min_value=0, max_value=40 * 48)),
        "outcome": st.sampled_from([Outcome.RESOLVED, Outcome.REFUSED, Outcome.WITHDRAWN, Outcome.STOPPED]),
        "due_after": st.one_of(st.none(), st.integers(min_value=0, max_value=30)),
        "pause": st.one_of(
            st.none(),
            st.tuples(st.integers(min_value=0, max_value=10 * 48), st.one_of(st.none(), st.integers(1, 20 * 48))),
        ),
        "rating": st.sampled_from(["", Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.UNSATISFIED]),
        "power": st.booleans(),
    }
)
periods = st.tuples(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=40)).map(
    lambda t: (dt.date(2021, 1, 1) + dt.timedelta(days=t[0]), dt.date(2021, 1, 1) + dt.timedelta(days=t[0] + t[1]))
)


def _write(world, specs) -> list[dict]:
    PauseInterval.objects.all().delete()
    Dossier.objects.all().delete()
    rows = []
    for spec in specs:
        received = spec["received"]
        finished = rated_at = None
        outcome = ""
        pauses = []
        if received is not None and spec["finish_after"] is not None:
            finished = received + dt.timedelta(minutes=30 * spec["finish_after"])
            outcome = spec["outcome"]
        if received is not None and spec["pause"] is not None:
            requested = received + dt.timedelta(minutes=30 * spec["pause"][0])
            completed = None if spec["pause"][1] is None else requested + dt.timedelta(minutes=30 * spec["pause"][1])
            if finished is not None and (completed is None or completed > finished):
                completed = finished  # a pause ends when the dossier does (services._end_open_pause)
            if finished is None or requested <= finished:
                pauses.append((requested, completed))
        if spec["rating"] and finished is not None and outcome in (Outcome.RESOLVED, Outcome.REFUSED):
            rated_at = finished + dt.timedelta(hours=5)
        due = None
        if received is not None and spec["due_after"] is not None:
            due = _day(received) + dt.timedelta(days=spec["due_after"])
        version = world.safety_card if spec["power"] else world.alcohol
        dossier = world.dossier(
            received=received,
            channel=spec["channel"],
            due=due,
            finished=finished,
            outcome=outcome,
            version=version,
            rating=spec["rating"] if rated_at else "",
            rated_at=rated_at,
            pause=pauses[0] if pauses else None,
        )
        rows.append(
            {
                "field_id": dossier.field_id,
                "received_at": received,
                "finished_at": finished,
                "outcome": outcome,
                "channel": spec["channel"],
                "due_date": due,
                "rated_at": rated_at,
                "rating": spec["rating"] if rated_at else "",
                "pauses": pauses,
            }
        )
    return rows


def _compare(data: dict, want: dict) -> None:
    assert data["received"]["carried_over"] == want["carried_over"]
    assert [data["received"][k] for k in ("online", "direct", "postal")] == [
        want[k] for k in ("online", "direct", "postal")
    ]
    assert [data["resolved"][k] for k in ("early", "on_time", "late")] == [
        want[k] for k in ("early", "on_time", "late")
    ]
    assert data["withdrawn_or_stopped"] == want["ended"]
    assert data["in_progress"]["within_deadline"] == want["within"]
    assert data["in_progress"]["overdue"] == want["overdue"]
    satisfaction = data["satisfaction"]
    assert [satisfaction["very_satisfied"], satisfaction["satisfied"], satisfaction["unsatisfied"]] == [
        want["very"],
        want["satisfied"],
        want["unsatisfied"],
    ]
    # The invariant of Biểu 06.
    assert data["received"]["total"] == (
        data["resolved"]["total"] + data["withdrawn_or_stopped"] + data["in_progress"]["total"]
    )


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(specs=st.lists(row_strategy, max_size=25), period=periods)
def test_selector_matches_an_independent_computation_and_the_invariant(specs, period):
    world = _world_once()
    rows = _write(world, specs)
    date_from, date_to = period
    _compare(stats(date_from, date_to), expected(rows, date_from, date_to))
    by_field = stats(date_from, date_to, by="field")
    _compare(by_field, expected(rows, date_from, date_to))
    for row in by_field["rows"]:
        _compare(row, expected(rows, date_from, date_to, scope_field=row["key"]))
    power = stats(date_from, date_to, scope=Scope(field=world.power))
    _compare(power, expected(rows, date_from, date_to, scope_field=world.power.pk))


_WORLD = {}


def _world_once():
    """One agency and catalogue per test run inside the test's transaction (hypothesis calls the
    test body many times; the fixture would run once, but rows are reset by `_write`)."""
    from egov.organisations.models import Agency

    world = _WORLD.get("world")
    if world is None or not Agency.objects.filter(pk=world.agency.pk).exists():
        world = _WORLD["world"] = make_world()
    return world


# --- a period not over yet ------------------------------------------------------------------------


def freeze_now(monkeypatch, moment: dt.datetime) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_an_unfinished_period_judges_open_dossiers_today_not_at_its_last_day(world, monkeypatch):
    """On 04/12 in the month of December, a dossier due 10/12 is not late yet: the period's figures
    on 04/12 are the same as those of 01/12–04/12, and become the month's own once it is over."""
    november = dt.date(2026, 11, 25)
    world.dossier(received=local(november), due=dt.date(2026, 12, 3))  # late since 04/12
    world.dossier(received=local(november), due=dt.date(2026, 12, 4))  # due today: still within
    world.dossier(received=local(november), due=dt.date(2026, 12, 10))
    world.dossier(received=local(dt.date(2026, 12, 2)), due=dt.date(2026, 12, 16))
    december = {"date_from": dt.date(2026, 12, 1), "date_to": dt.date(2026, 12, 31)}

    freeze_now(monkeypatch, local(dt.date(2026, 12, 4), 10))
    month = stats(**december)
    assert month["in_progress"] == {"total": 4, "within_deadline": 3, "overdue": 1}
    assert month["in_progress"] == stats(dt.date(2026, 12, 1), dt.date(2026, 12, 4))["in_progress"]
    # 00:30 on 05/12 local is still 04/12 in UTC: the local day decides.
    freeze_now(monkeypatch, local(dt.date(2026, 12, 5), 0, 30))
    assert stats(**december)["in_progress"]["overdue"] == 2
    freeze_now(monkeypatch, local(dt.date(2027, 1, 2), 9))
    assert stats(**december)["in_progress"] == {"total": 4, "within_deadline": 0, "overdue": 4}

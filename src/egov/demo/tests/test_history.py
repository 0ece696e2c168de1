"""The 2021H1 demo history: its plan gives the sample report's figures exactly, and it is made
through the lifecycle services (checked on a short run; the full run takes minutes)."""

import datetime as dt
import io
import os
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from egov.demo import history as sample_history
from egov.demo.build import build_demo
from egov.dossiers.integrity import iter_offences
from egov.dossiers.models import Dossier, DossierEvent
from egov.outbox.models import Message
from egov.procedures.models import Procedure
from egov.reports.selectors import tthc_statistics
from egov.reports.tests.test_selectors import expected
from egov.workdays.calendar import LOCAL_TZ, get_calendar

START, END = sample_history.WINDOW


def _offences() -> list[str]:
    return [str(offence) for offences, _count in iter_offences() for offence in offences]


@pytest.fixture
def demo(db):
    return build_demo()


def test_the_plan_gives_the_report_figures(demo):
    procedures = list(Procedure.objects.filter(agency=demo.agency, is_active=True).select_related("lead_unit"))
    plans, refusals = sample_history.build_plans(random.Random(sample_history.SEED), procedures)
    calendar = get_calendar()

    def day(moment):
        return moment.astimezone(LOCAL_TZ).date()

    in_window = [p for p in plans if START <= day(p.received_at) <= END]
    assert sum(p.channel == "online" for p in in_window) == 3924
    assert sum(p.channel == "direct" for p in in_window) == 2338
    carried = [p for p in plans if day(p.received_at) < START and p.finish_day >= START]
    assert len(carried) == 17
    resolved = [p for p in plans if START <= p.finish_day <= END]
    assert len(resolved) == 6264
    assert sum(day(p.received_at) <= END < p.finish_day for p in plans) == 15
    rated = [
        p
        for p in plans
        if p.rating and p.finish_day >= START and p.rate_before == sample_history._local(END, 0) + dt.timedelta(days=1)
    ]
    assert len(rated) == 1000
    assert sum(p.rating == "very_satisfied" for p in rated) == 985
    assert {p.rating for p in rated} == {"very_satisfied", "satisfied"}
    for plan in plans:
        # Receipts on working days in office hours; results on working days.
        assert calendar.is_working_day(day(plan.received_at))
        assert 7 <= plan.received_at.astimezone(LOCAL_TZ).hour < 17
        assert calendar.is_working_day(plan.finish_day)
        assert plan.finish_day >= day(plan.received_at)
    assert refusals


def test_a_short_history_goes_through_the_services(demo):
    before = Message.objects.count()
    outcome = sample_history.build_history(demo, limit=60)
    assert outcome.created == 60 + 1 and not outcome.skipped
    history = Dossier.objects.filter(submitted_at__lt=dt.datetime(2021, 7, 1, tzinfo=LOCAL_TZ))
    assert history.count() == 61
    actions = set(DossierEvent.objects.filter(dossier__in=history).values_list("action", flat=True))
    assert {
        "submit",
        "receive",
        "transfer",
        "submit_for_signature",
        "sign",
        "return_result",
        "refuse_intake",
    } <= actions
    received = history.exclude(code__isnull=True)
    assert received.count() == 60
    assert all(d.code.startswith("000.00.53.H48-20") for d in received)
    # Past events send no message today.
    assert Message.objects.count() == before
    # The selector agrees with the definitions restated over these rows.
    rows = [
        {
            "field_id": d.field_id,
            "received_at": d.received_at,
            "finished_at": d.finished_at,
            "outcome": d.outcome,
            "channel": d.channel,
            "due_date": d.due_date,
            "rated_at": d.rated_at,
            "rating": d.rating,
            "pauses": [(p.requested_at, p.completed_at) for p in d.pauses.all()],
        }
        for d in history
    ]
    for date_from, date_to in (
        (dt.date(2020, 12, 1), dt.date(2020, 12, 10)),
        (dt.date(2020, 12, 3), dt.date(2020, 12, 3)),
    ):
        data = tthc_statistics(date_from=date_from, date_to=date_to, scope=None).as_dict()
        want = expected(rows, date_from, date_to)
        assert data["received"]["online"] + data["received"]["direct"] == want["online"] + want["direct"]
        assert data["resolved"]["total"] == want["early"] + want["on_time"] + want["late"]
        assert data["in_progress"]["total"] == want["within"] + want["overdue"]
    assert _offences() == []
    # A second run finds the history and does nothing.
    assert sample_history.build_history(demo).skipped


def test_unknown_history_is_refused(db):
    with pytest.raises(CommandError):
        call_command("load_demo", "--history", "2030H2", stdout=io.StringIO())


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("EGOV_FULL_HISTORY") != "1", reason="full 2021H1 history: set EGOV_FULL_HISTORY=1")
def test_full_history_gives_the_sample_figures(demo):
    sample_history.build_history(demo)
    data = tthc_statistics(date_from=START, date_to=END).as_dict()
    assert data["received"] == {"total": 6279, "carried_over": 17, "online": 3924, "direct": 2338, "postal": 0}
    assert data["resolved"]["total"] == 6264 and data["resolved"]["late"] == 0
    assert data["in_progress"] == {"total": 15, "within_deadline": 15, "overdue": 0}
    assert data["satisfaction"]["satisfied_pct"] == 100.0
    assert data["satisfaction"]["very_satisfied_pct"] == 98.5
    assert _offences() == []  # check_dossiers finds the history sound (no rating before its result)

"""Dossier codes `<agency>-YYMMDD-NNNN`: per agency per local day, no gaps, no duplicates —
also under concurrent intake (PostgreSQL: one connection per thread, real row locks)."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection, transaction

from egov.organisations.roles import Role
from egov.workdays.calendar import LOCAL_TZ

from .. import services
from ..codes import format_code, reserve_codes
from ..models import DailyCounter, Dossier
from .factories import AgencyFactory, make_staff, procedure_with_workflow, submitted_dossier

CONCURRENT_RECEIPTS = 50


@pytest.mark.django_db
def test_format_pads_the_number_and_uses_the_local_day():
    agency = AgencyFactory(identifier="000.00.53.H48")
    assert format_code(agency, dt.date(2022, 9, 21), 99) == "000.00.53.H48-220921-0099"


@pytest.mark.django_db(transaction=True)
def test_reserve_outside_a_transaction_is_refused():
    agency = AgencyFactory()
    with pytest.raises(RuntimeError):
        reserve_codes(agency, dt.date(2025, 3, 3), 1)


@pytest.mark.django_db
def test_a_rolled_back_receipt_gives_its_number_back():
    procedure = procedure_with_workflow()
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    at = dt.datetime(2025, 3, 3, 9, 0, tzinfo=LOCAL_TZ)
    first, second = submitted_dossier(procedure, at=at), submitted_dossier(procedure, at=at)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.dossier_receive(dossier=first, actor=desk, at=at)
        raise RuntimeError("the rest of the receipt failed")
    assert services.dossier_receive(dossier=second, actor=desk, at=at).code.endswith("-250303-0001")


@pytest.mark.django_db
def test_counters_are_per_agency_and_per_day():
    one, two = AgencyFactory(), AgencyFactory()
    monday, tuesday = dt.date(2025, 3, 3), dt.date(2025, 3, 4)
    with transaction.atomic():
        assert reserve_codes(one, monday, 2)[-1].endswith("-250303-0002")
        assert reserve_codes(two, monday, 1)[0].endswith("-250303-0001")
        assert reserve_codes(one, tuesday, 1)[0].endswith("-250304-0001")
        assert reserve_codes(one, monday, 1)[0].endswith("-250303-0003")


@pytest.mark.django_db
def test_more_than_9999_a_day_is_refused_and_the_counter_is_unchanged():
    agency = AgencyFactory()
    day = dt.date(2025, 3, 3)
    DailyCounter.objects.create(agency=agency, day=day, last_number=9998)
    with pytest.raises(ValueError), transaction.atomic():
        reserve_codes(agency, day, 2)
    assert DailyCounter.objects.get(agency=agency, day=day).last_number == 9998


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_receipts_get_unique_consecutive_codes():
    procedure = procedure_with_workflow()
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    at = dt.datetime(2025, 3, 3, 9, 0, tzinfo=LOCAL_TZ)  # a fresh day: the counter row does not exist yet
    dossiers = [submitted_dossier(procedure, at=at) for _ in range(CONCURRENT_RECEIPTS)]
    assert not DailyCounter.objects.exists()
    barrier = threading.Barrier(CONCURRENT_RECEIPTS)
    codes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def receive(dossier: Dossier) -> None:
        try:
            # Each thread has its own connection; open it before the barrier so that all
            # receipts really start together.
            connection.ensure_connection()
            barrier.wait(timeout=60)
            received = services.dossier_receive(dossier=dossier, actor=desk, at=at)
            with lock:
                codes.append(received.code)
        except BaseException as exc:  # reported below, with the thread's traceback
            with lock:
                errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=receive, args=(dossier,)) for dossier in dossiers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    expected = [f"{procedure.agency.identifier}-250303-{n:04d}" for n in range(1, CONCURRENT_RECEIPTS + 1)]
    assert sorted(codes) == expected
    assert sorted(Dossier.objects.values_list("code", flat=True)) == expected
    assert DailyCounter.objects.get(agency=procedure.agency, day=dt.date(2025, 3, 3)).last_number == (
        CONCURRENT_RECEIPTS
    )

"""Dossier codes `<agency>-YYMMDD-NNNN` (TT 03/2025/TT-VPCP Art. 13, Art. 13.3 added by TT 04/2025/TT-VPCP
Art. 23; law-2026.md §6.2, §8.4 [S]): per agency per local day, no gaps, no duplicates — also under
concurrent intake (PostgreSQL: one connection per thread, real row locks); a sequence of 4 digits or
more; the centralised-service variant read back; the agency identifier in force on the day."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction

from egov.core.models import RegisterCounter
from egov.organisations.models import AgencyIdentifier
from egov.organisations.roles import Role
from egov.workdays.calendar import LOCAL_TZ

from .. import services
from ..codes import DOSSIER_CODES, DossierCode, code_shape, format_code, parse_code, reserve_codes
from ..integrity import check_dossier
from ..models import Dossier
from .factories import AgencyFactory, make_staff, procedure_with_workflow, submitted_dossier

CONCURRENT_RECEIPTS = 50


def test_format_pads_the_number_to_four_digits_and_uses_the_day():
    assert format_code("000.00.53.H48", dt.date(2022, 9, 21), 99) == "000.00.53.H48-220921-0099"
    assert format_code("000.00.53.H48", dt.date(2022, 9, 21), 12345) == "000.00.53.H48-220921-12345"


@pytest.mark.parametrize(
    ("identifier", "day", "number", "system"),
    [
        ("000.00.53.H48", dt.date(2026, 1, 26), 1, ""),
        ("000.00.53.H48", dt.date(2026, 1, 26), 10000, ""),
        ("G22.BCT.01", dt.date(2026, 1, 26), 7, "35"),
        ("G22.BCT.01", dt.date(2026, 1, 26), 123456, "35"),
    ],
)
def test_format_and_parse_are_a_pair(identifier, day, number, system):
    """The standard code and the centralised-service code `MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX`
    (TT 03/2025 Art. 13.3, added by TT 04/2025 Art. 23 from 25/01/2026 [S])."""
    code = format_code(identifier, day, number, system=system)
    assert parse_code(code) == DossierCode(identifier=identifier, day=day, number=number, system=system)
    assert parse_code(code.lower()) == parse_code(code)


def test_the_shape_shown_in_messages_is_the_format():
    assert code_shape() == "<mã cơ quan>-YYMMDD-NNNN"
    assert code_shape("000.00.53.H48", dt.date(2025, 3, 3)) == "000.00.53.H48-250303-NNNN"
    assert len(code_shape()) - len("<mã cơ quan>") == len(format_code("", dt.date(2025, 3, 3), 1))


def test_a_centralised_code_reads_its_system_digits_apart_from_the_sequence():
    parsed = parse_code("G22.BCT.01-260126-350007")
    assert parsed.centralised and (parsed.system, parsed.number) == ("35", 7)
    standard = parse_code("000.00.53.H48-260126-350007")
    assert not standard.centralised and standard.number == 350007


@pytest.mark.parametrize(
    "text",
    [
        "000.00.53.H48-260126-001",  # fewer than 4 digits
        "000.00.53.H48-260126-0000",  # 0 is never issued
        "000.00.53.H48-260126-012345",  # a long sequence is not padded past 4 digits
        "000.00.53.H48-261332-0001",  # no such day
        "G22.BCT.01-260126-0001",  # centralised without the 2 system digits and a 4-digit sequence
        "HS-0001",
        "",
    ],
)
def test_parse_refuses_what_is_not_a_code(text):
    assert parse_code(text) is None


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
def test_the_10000th_dossier_of_a_day_gets_a_five_digit_sequence():
    """TT 03/2025 Art. 13 [S]: the daily sequence has at least 4 digits, variable length."""
    agency = AgencyFactory()
    day = dt.date(2025, 3, 3)
    RegisterCounter.objects.create(register=DOSSIER_CODES.key, scope=agency.pk, period=day, last_number=9998)
    with transaction.atomic():
        codes = reserve_codes(agency, day, 3)
    assert [code.rsplit("-", 1)[1] for code in codes] == ["9999", "10000", "10001"]
    assert DOSSIER_CODES.last_numbers({(agency.pk, day)}) == {(agency.pk, day): 10001}


@pytest.mark.django_db
def test_codes_carry_the_identifier_in_force_on_the_day_of_receipt():
    """law-2026.md §8.4: identifiers of merged-province agencies changed in 2025 [S]; each code keeps
    the identifier of its day, the counter stays the agency's."""
    agency = AgencyFactory(identifier="000.00.53.H48")
    AgencyIdentifier.objects.create(
        agency=agency, identifier="000.00.36.H36", valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2025, 6, 30)
    )
    with transaction.atomic():
        before = reserve_codes(agency, dt.date(2025, 6, 30), 1)[0]
        after = reserve_codes(agency, dt.date(2025, 7, 1), 1)[0]
        earlier = reserve_codes(agency, dt.date(2019, 12, 31), 1)[0]
    assert before == "000.00.36.H36-250630-0001"
    assert after == "000.00.53.H48-250701-0001"  # no dated row covers it: the current identifier
    assert earlier == "000.00.53.H48-191231-0001"


@pytest.mark.django_db
def test_identifier_periods_may_not_overlap():
    agency = AgencyFactory()
    AgencyIdentifier.objects.create(agency=agency, identifier="000.00.36.H36", valid_from=dt.date(2020, 1, 1))
    overlapping = AgencyIdentifier(agency=agency, identifier="000.00.37.H36", valid_from=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError) as refused:
        overlapping.full_clean()
    assert refused.value.error_dict["__all__"][0].code == "period_overlap"


@pytest.mark.django_db
def test_the_integrity_check_accepts_a_dated_identifier_and_a_long_sequence():
    procedure = procedure_with_workflow()
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    AgencyIdentifier.objects.create(
        agency=procedure.agency,
        identifier="000.00.36.H36",
        valid_from=dt.date(2020, 1, 1),
        valid_to=dt.date(2025, 6, 30),
    )
    RegisterCounter.objects.create(
        register=DOSSIER_CODES.key, scope=procedure.agency.pk, period=dt.date(2025, 3, 3), last_number=9999
    )
    at = dt.datetime(2025, 3, 3, 9, 0, tzinfo=LOCAL_TZ)
    dossier = services.dossier_receive(dossier=submitted_dossier(procedure, at=at), actor=desk, at=at)
    assert dossier.code == "000.00.36.H36-250303-10000"
    assert check_dossier(dossier) == []
    Dossier.objects.filter(pk=dossier.pk).update(code=f"{procedure.agency.identifier}-250303-10000")
    assert [offence.rule for offence in check_dossier(dossier)] == ["code"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_receipts_get_unique_consecutive_codes():
    procedure = procedure_with_workflow()
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    at = dt.datetime(2025, 3, 3, 9, 0, tzinfo=LOCAL_TZ)  # a fresh day: the counter row does not exist yet
    dossiers = [submitted_dossier(procedure, at=at) for _ in range(CONCURRENT_RECEIPTS)]
    assert not RegisterCounter.objects.exists()
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
    key = (procedure.agency.pk, dt.date(2025, 3, 3))
    assert DOSSIER_CODES.last_numbers({key}) == {key: CONCURRENT_RECEIPTS}

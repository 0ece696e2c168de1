"""Numbering registers: one sequence per (register, scope, period), no gaps, no duplicates, numbers
given back by a rolled-back transaction, bulk reservation past an import's own numbers, the
counter column's limit — and, on PostgreSQL, concurrent issuers queueing on the counter row."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection, transaction

from egov.core.models import RegisterCounter
from egov.core.registers import Claim, Period, Register, RegisterFull


def _format(number: int) -> str:
    return f"T-{number:03d}"


def _parse(text: str) -> int | None:
    return int(text[2:]) if text.startswith("T-") and text[2:].isdigit() else None


DAILY = Register("test-daily", Period.DAY, _format, _parse)
YEARLY = Register("test-yearly", Period.YEAR, _format, _parse)
MONDAY, TUESDAY = dt.date(2025, 3, 3), dt.date(2025, 3, 4)


def test_a_period_is_named_by_its_first_day():
    assert Period.DAY.start(MONDAY) == MONDAY
    assert Period.YEAR.start(dt.date(2025, 12, 31)) == dt.date(2025, 1, 1)


def test_format_and_parse_are_a_pair():
    assert DAILY.format(7) == "T-007" and DAILY.parse(DAILY.format(7)) == 7
    assert DAILY.parse("X-007") is None


@pytest.mark.django_db(transaction=True)
def test_reserving_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        DAILY.reserve(1, MONDAY)
    assert not RegisterCounter.objects.exists()


@pytest.mark.django_db
def test_numbers_are_consecutive_per_register_scope_and_period():
    with transaction.atomic():
        assert DAILY.reserve(1, MONDAY, 2) == range(1, 3)
        assert DAILY.reserve(1, MONDAY) == range(3, 4)
        assert DAILY.reserve(2, MONDAY) == range(1, 2)  # another scope
        assert DAILY.reserve(1, TUESDAY) == range(1, 2)  # another day
        assert YEARLY.reserve(1, MONDAY) == range(1, 2)  # another register, same scope and day
        assert YEARLY.reserve(1, dt.date(2025, 12, 31)) == range(2, 3)  # the same year
        assert YEARLY.reserve(1, dt.date(2026, 1, 1)) == range(1, 2)  # restarts on 1 January
        assert not DAILY.reserve(1, MONDAY, 0)
    assert DAILY.last_numbers({(1, MONDAY), (2, MONDAY), (1, TUESDAY), (3, MONDAY)}) == {
        (1, MONDAY): 3,
        (2, MONDAY): 1,
        (1, TUESDAY): 1,
    }
    assert YEARLY.periods_of(1) == {dt.date(2026, 1, 1): 1, dt.date(2025, 1, 1): 2}
    assert list(YEARLY.periods_of(1)) == [dt.date(2026, 1, 1), dt.date(2025, 1, 1)]  # newest first


@pytest.mark.django_db
def test_a_rolled_back_transaction_gives_its_numbers_back():
    with transaction.atomic():
        DAILY.reserve(1, MONDAY)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert DAILY.reserve(1, MONDAY, 5) == range(2, 7)
        assert DAILY.reserve(1, TUESDAY) == range(1, 2)
        raise RuntimeError("the document was not stored")
    with transaction.atomic():
        assert DAILY.reserve(1, MONDAY) == range(2, 3)
        assert DAILY.reserve(1, TUESDAY) == range(1, 2)


@pytest.mark.django_db
def test_bulk_reservation_continues_after_the_counter_and_the_imported_numbers():
    with transaction.atomic():
        DAILY.reserve(1, MONDAY, 10)
        reserved = DAILY.reserve_bulk(
            {
                (1, MONDAY): Claim(3, after=4),  # the file's numbers are below the live counter
                (1, TUESDAY): Claim(2, after=40),  # the file brings numbers up to 40 of a new day
                (2, MONDAY): Claim(0, after=7),  # only numbers kept from the previous system
                (3, MONDAY): Claim(0),  # nothing to take: no counter written
            }
        )
    assert reserved[(1, MONDAY)] == range(11, 14) and reserved[(1, TUESDAY)] == range(41, 43)
    assert not reserved[(2, MONDAY)] and not reserved[(3, MONDAY)]
    assert DAILY.last_numbers(reserved) == {(1, MONDAY): 13, (1, TUESDAY): 42, (2, MONDAY): 7}
    with transaction.atomic():
        assert DAILY.reserve(2, MONDAY) == range(8, 9)


@pytest.mark.django_db
def test_a_bulk_key_names_its_period_by_the_first_day_and_claims_are_not_negative():
    with transaction.atomic():
        with pytest.raises(ValueError, match="first day"):
            YEARLY.reserve_bulk({(1, dt.date(2025, 6, 1)): Claim(1)})
        with pytest.raises(ValueError, match="negative"):
            DAILY.reserve(1, MONDAY, -1)
    assert not RegisterCounter.objects.exists()


@pytest.mark.django_db
def test_a_reservation_never_passes_what_the_counter_column_holds():
    top = DAILY.max_number
    assert top == 2**31 - 1  # PositiveIntegerField: PostgreSQL integer
    RegisterCounter.objects.create(register=DAILY.key, scope=1, period=MONDAY, last_number=top - 1)
    with transaction.atomic():
        with pytest.raises(RegisterFull):
            DAILY.reserve(1, MONDAY, 2)
        with pytest.raises(RegisterFull):
            DAILY.reserve_bulk({(2, MONDAY): Claim(1, after=top)})
        assert DAILY.reserve(1, MONDAY) == range(top, top + 1)
    assert DAILY.last_numbers({(1, MONDAY)}) == {(1, MONDAY): top}


THREADS = 16
EACH = 4


def _race(work) -> list[BaseException]:
    """Run `work(i)` in THREADS threads, each on its own connection, released together."""
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            connection.ensure_connection()
            barrier.wait(timeout=60)
            work(i)
        except BaseException as exc:  # reported by the caller
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_reservations_are_distinct_and_consecutive():
    """A fresh period: every thread also races to create the counter row; the losers' transactions
    stay usable and queue on the winner's row."""
    numbers: list[int] = []
    lock = threading.Lock()

    def work(i: int) -> None:
        for _ in range(EACH):
            with transaction.atomic():
                taken = DAILY.reserve(1, MONDAY)
            with lock:
                numbers.extend(taken)

    assert _race(work) == []
    assert sorted(numbers) == list(range(1, THREADS * EACH + 1))
    assert DAILY.last_numbers({(1, MONDAY)}) == {(1, MONDAY): THREADS * EACH}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_imports_and_live_issuers_queue_without_deadlock_or_collision():
    """Half the threads reserve in bulk over two days of two scopes (listed in different orders),
    half one number at a time; some roll back. What committed is gap-free per sequence."""
    keys = [(1, MONDAY), (1, TUESDAY), (2, MONDAY), (2, TUESDAY)]
    committed: dict[tuple[int, dt.date], list[int]] = {key: [] for key in keys}
    lock = threading.Lock()

    def work(i: int) -> None:
        for round_ in range(EACH):
            given_back = (i + round_) % 5 == 0
            try:
                with transaction.atomic():
                    if i % 2:
                        order = keys if i % 4 == 1 else list(reversed(keys))
                        taken = DAILY.reserve_bulk({key: Claim(2) for key in order})
                    else:
                        key = keys[(i + round_) % len(keys)]
                        taken = {key: DAILY.reserve(*key)}
                    if given_back:
                        raise _GivenBack
            except _GivenBack:
                continue
            with lock:
                for key, numbers in taken.items():
                    committed[key].extend(numbers)

    assert _race(work) == []
    last = DAILY.last_numbers(keys)
    for key in keys:
        assert sorted(committed[key]) == list(range(1, last[key] + 1)), key


class _GivenBack(Exception):
    pass

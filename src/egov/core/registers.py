"""Numbering registers: the gap-free sequences the department issues (dossier codes, outgoing
document numbers, arrival numbers, and every number a later domain issues).

A register is declared once by the domain that issues its numbers, next to its format/parse pair:

    DOSSIER_CODES = Register("dossier-code", Period.DAY, format_code, parse_code)

and numbers are taken from it inside the transaction that stores them:

    numbers = DOSSIER_CODES.reserve(agency.pk, day, 3)     # range(first, first + 3)

Guarantees, for every register:
- one sequence per (register, scope, period): the scope is the row it numbers within (the agency
  for dossier codes, the numbering series for documents), the period is a day or a year and the
  sequence restarts at 1 in each;
- no gaps, no duplicates: the one race rule is that a number is taken by locking the sequence's
  `RegisterCounter` row (SELECT ... FOR UPDATE) until the caller's transaction ends. Concurrent
  issuers queue on the row instead of reading the same value, and a transaction that rolls back
  gives its numbers back with it;
- a reservation never exceeds `max_number` (what the counter column holds): `RegisterFull`.

`reserve_bulk` takes many sequences at once for an import: each is locked, moved past the highest
number the import brings with it (codes kept from the previous system), then gives the new ones.
Two such reservations of one register queue whole (a transaction-scoped advisory lock on
PostgreSQL): each locks rows it may have to create first, so rows alone could not give them one
order. A single reservation locks one row and never waits while holding another.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from .columns import integer_range
from .models import RegisterCounter

__all__ = ["Claim", "Period", "Register", "RegisterFull"]

Key = tuple[int, dt.date]  # (scope, first day of the period)


class RegisterFull(ValueError):
    """The reservation would go past the largest number the register's counter can hold."""


class Period(enum.Enum):
    """How long a sequence runs before it restarts at 1."""

    DAY = "day"  # dossier codes: per local day of receipt
    YEAR = "year"  # document numbers: from 1 January (NĐ 30/2020 Art. 15)

    def start(self, day: dt.date) -> dt.date:
        """The first day of the period `day` belongs to (the counter row's `period`)."""
        return day if self is Period.DAY else dt.date(day.year, 1, 1)


@dataclass(frozen=True)
class Claim:
    """What an import takes from one sequence: `count` new numbers after both the counter and
    `after`, the highest number of that sequence the import already holds."""

    count: int
    after: int = 0


@dataclass(frozen=True)
class Register:
    """One kind of number. `key` is stored in every counter row: never rename it without a data
    migration. `format` and `parse` are the domain's pair (how the number is written, how a
    written one is read back); the register itself hands out plain integers."""

    key: str
    period: Period
    format: Callable[..., str]
    parse: Callable[[str], Any]

    @property
    def max_number(self) -> int:
        return integer_range(RegisterCounter._meta.get_field("last_number"))[1]

    def reserve(self, scope: int, day: dt.date, n: int = 1) -> range:
        """`n` consecutive numbers of `scope`'s sequence for the period of `day`; call inside the
        transaction that stores them."""
        key = (scope, self.period.start(day))
        return self.reserve_bulk({key: Claim(n)})[key]

    def reserve_bulk(self, claims: Mapping[Key, Claim]) -> dict[Key, range]:
        """The new numbers of every claimed sequence, keyed by (scope, first day of the period);
        the counters stay locked until the caller's transaction ends."""
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError(f"Numbers of {self.key} must be reserved inside the transaction that uses them.")
        if any(claim.count < 0 or claim.after < 0 for claim in claims.values()):
            raise ValueError(f"A claim on {self.key} takes no negative count and follows no negative number.")
        if any(period != self.period.start(period) for _, period in claims):
            raise ValueError(f"A sequence of {self.key} is named by the first day of its period.")
        wanted = {key for key, claim in claims.items() if claim.count > 0 or claim.after > 0}
        if len(wanted) > 1 and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [self._bulk_lock_id])
        counters = self._locked(wanted)
        reserved: dict[Key, range] = {}
        changed: list[RegisterCounter] = []
        for key, claim in claims.items():
            counter = counters.get(key)
            last = max(counter.last_number if counter else 0, claim.after)
            if last + claim.count > self.max_number:
                raise RegisterFull(f"{self.key} {key}: {claim.count} more numbers would pass {self.max_number}.")
            reserved[key] = range(last + 1, last + 1 + claim.count)
            if counter is not None and last + claim.count > counter.last_number:
                counter.last_number = last + claim.count
                changed.append(counter)
        _save(changed)
        return reserved

    @property
    def _bulk_lock_id(self) -> int:
        # A stable signed 64-bit id per register (Python's hash() changes between processes).
        digest = hashlib.sha256(f"egov.core.registers:{self.key}".encode()).digest()
        return int.from_bytes(digest[:8], "big", signed=True)

    def last_numbers(self, keys: Iterable[Key]) -> dict[Key, int]:
        """The last number given in each existing sequence of `keys` (a plain read, no lock)."""
        keys = set(keys)
        if not keys:
            return {}
        periods = [period for _, period in keys]
        rows = RegisterCounter.objects.filter(
            register=self.key, scope__in={scope for scope, _ in keys}, period__range=(min(periods), max(periods))
        ).values_list("scope", "period", "last_number")
        return {(scope, period): last for scope, period, last in rows if (scope, period) in keys}

    def periods_of(self, scope: int) -> dict[dt.date, int]:
        """Every period of `scope` that has given numbers, with its last number, newest first."""
        rows = RegisterCounter.objects.filter(register=self.key, scope=scope).order_by("-period")
        return dict(rows.values_list("period", "last_number"))

    def _locked(self, keys: Iterable[Key]) -> dict[Key, RegisterCounter]:
        keys = set(keys)
        if not keys:
            return {}
        counters = self._select_for_update(keys)
        if missing := sorted(keys - counters.keys()):
            # INSERT ... ON CONFLICT DO NOTHING: losing the race to create a period's row to a
            # concurrent first issuer raises nothing, so the caller's transaction stays usable (a
            # plain create() would need a savepoint around its IntegrityError). The loser waits on
            # the winner's row, then locks it below.
            RegisterCounter.objects.bulk_create(
                [RegisterCounter(register=self.key, scope=scope, period=period) for scope, period in missing],
                ignore_conflicts=True,
                batch_size=5000,
            )
            counters |= self._select_for_update(set(missing))
        return counters

    def _select_for_update(self, keys: set[Key]) -> dict[Key, RegisterCounter]:
        if len(keys) == 1:
            [(scope, period)] = keys
            rows = RegisterCounter.objects.filter(register=self.key, scope=scope, period=period)
        else:  # the periods named, not a range: live issuers of the days between go on meanwhile
            rows = RegisterCounter.objects.filter(
                register=self.key, scope__in={scope for scope, _ in keys}, period__in={period for _, period in keys}
            )
        # Every caller locks in one order (scope, period).
        locked = rows.order_by("scope", "period").select_for_update()
        return {(c.scope, c.period): c for c in locked if (c.scope, c.period) in keys}


def _save(counters: list[RegisterCounter]) -> None:
    if not counters:
        return
    if len(counters) == 1:
        counters[0].save(update_fields=["last_number"])
        return
    if connection.vendor != "postgresql":
        RegisterCounter.objects.bulk_update(counters, ["last_number"], batch_size=500)
        return
    # One statement for an import's thousands of rows (bulk_update's CASE is quadratic in them).
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {RegisterCounter._meta.db_table} AS counter SET last_number = new.last_number "
            "FROM unnest(%s::bigint[], %s::integer[]) AS new(id, last_number) WHERE counter.id = new.id",
            [[c.pk for c in counters], [c.last_number for c in counters]],
        )

"""Legacy dossier import: a valid 100,000-row CSV through `legacy_import`, against a raw COPY.

    DATABASE_URL=postgres://... python -m benchmarks.bench_import_dossiers [--rows N] [--seed S] [--keep]

Needs PostgreSQL (`DATABASE_URL`). It never touches the database named there: like the test
runner, it creates a scratch database `test_<name>_bench` next to it, migrates it, seeds one
agency with 20 procedures, and drops it at the end (`--keep` keeps it for inspection).

Measured, each from a cold start of its step:
- the import (read, validate every row, compute due dates, codes, bulk writes of dossiers,
  events and counters, in one transaction), in rows/s and seconds;
- `check_dossiers` over the imported dossiers;
- refusing the same history again in another file (the same rows, other line endings): every
  row is found among the imported dossiers, by its code or by its natural key (decision 0011);
- the reference: PostgreSQL's COPY of exactly the rows the import wrote (dossiers and events,
  already computed) into tables of the same shape, indexes and foreign keys, in one transaction —
  the floor for writing them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

PROCEDURES = 20
AGENCY_IDENTIFIER = "000.00.53.H48"
CHANNELS = ["online", "online", "direct", "trực tuyến", "trực tiếp", "postal", "bưu chính"]
OUTCOMES = ["resolved"] * 14 + ["refused", "withdrawn", "stopped"] + [""] * 3
RATINGS = ["very_satisfied", "very_satisfied", "satisfied", "unsatisfied", ""]
NAMES = ["Công ty TNHH Thương mại Sa Huỳnh", "Nguyễn Văn An", "Hợp tác xã Trà Bồng", "Trần Thị Bình", "Lê Văn Sơn"]


def generate_csv(rows: int, seed: int, procedure_codes: list[str], identifier: str = AGENCY_IDENTIFIER) -> bytes:
    """A valid legacy file: receipts on working hours of 2021–2025, half of them with their own
    code (numbered per day from 0001), the rest to be numbered by the import."""
    from egov.dossiers.legacy_import import HEADER

    rng = random.Random(seed)
    start = dt.datetime(2021, 1, 4, 7, 30)
    span_days = (dt.date(2025, 12, 31) - start.date()).days
    numbers: dict[dt.date, int] = {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for index in range(rows):
        received = start + dt.timedelta(days=rng.randrange(span_days), minutes=rng.randrange(9 * 60))
        code = ""
        if index % 2 == 0:
            numbers[received.date()] = numbers.get(received.date(), 0) + 1
            code = f"{identifier}-{received:%y%m%d}-{numbers[received.date()]:04d}"
        outcome = rng.choice(OUTCOMES)
        finished = received + dt.timedelta(days=rng.randint(0, 25), hours=rng.randint(0, 8)) if outcome else None
        rating = rng.choice(RATINGS) if outcome in ("resolved", "refused") else ""
        due = (received.date() + dt.timedelta(days=rng.randint(3, 30))).isoformat() if index % 5 == 0 else ""
        writer.writerow(
            [
                code,
                procedure_codes[index % len(procedure_codes)],
                identifier if index % 3 == 0 else "",
                rng.choice(CHANNELS),
                received.strftime("%Y-%m-%dT%H:%M:%S" if index % 4 else "%Y-%m-%dT%H:%M"),
                due,
                finished.strftime("%Y-%m-%dT%H:%M") if finished else "",
                outcome,
                rating,
                f"{rng.choice(NAMES)} {index}",
            ]
        )
    return out.getvalue().encode()


def seed_catalogue(identifier: str = AGENCY_IDENTIFIER) -> list[str]:
    from egov.organisations.models import Agency, Province
    from egov.procedures.models import Field, Procedure, ProcedureVersion

    province, _ = Province.objects.get_or_create(code="H48", defaults={"name": "Quảng Ngãi"})
    agency, _ = Agency.objects.get_or_create(
        identifier=identifier, defaults={"province": province, "name": "Sở Công Thương", "short_name": "SCT"}
    )
    field, _ = Field.objects.get_or_create(name="Lưu thông hàng hóa trong nước")
    codes = []
    for number in range(PROCEDURES):
        procedure, _ = Procedure.objects.get_or_create(
            code=f"2.{number + 1:06d}",
            defaults={"name": f"Thủ tục thử nghiệm {number + 1}", "field": field, "agency": agency},
        )
        if not procedure.versions.exists():
            ProcedureVersion.objects.create(
                procedure=procedure,
                effective_from=dt.date(2022, 1, 1),  # after part of the history: the nearest version is used
                name=procedure.name,
                time_limit=[5, 10, 15, 20][number % 4],
                afternoon_cutoff=number % 2 == 0,
            )
        codes.append(procedure.code)
    return codes


def copy_reference() -> tuple[float, int]:
    """COPY the imported dossiers and events, as stored, into tables of the same shape, indexes and
    (deferred) foreign keys, in one transaction; seconds including the commit, and rows."""
    from django.db import connection, transaction

    buffers = {}
    with connection.cursor() as cursor:
        raw = cursor.connection
        for table in ("dossiers_dossier", "dossiers_dossierevent"):
            buffer = io.BytesIO()
            with raw.cursor().copy(f"COPY {table} TO STDOUT") as copy:
                for chunk in copy:
                    buffer.write(chunk)
            buffers[table] = buffer.getvalue()
            cursor.execute(f"CREATE TABLE ref_{table} (LIKE {table} INCLUDING ALL)")
            cursor.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            for (definition,) in cursor.fetchall():
                cursor.execute(f"ALTER TABLE ref_{table} ADD {definition}")
    started = time.perf_counter()
    rows = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for table, data in buffers.items():
            with cursor.connection.cursor().copy(f"COPY ref_{table} FROM STDIN") as copy:
                copy.write(data)
            rows += data.count(b"\n")
    return time.perf_counter() - started, rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20210205)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings.test")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench_import_dossiers needs PostgreSQL: set DATABASE_URL=postgres://...")
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_{old_name}_bench"
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(f"scratch database {connection.settings_dict['NAME']} migrated in {time.perf_counter() - started:.1f} s")
    try:
        from egov.dossiers.integrity import dossiers_check
        from egov.dossiers.legacy_import import ImportRejected, legacy_import
        from egov.dossiers.models import Dossier, DossierEvent

        codes = seed_catalogue()
        data = generate_csv(args.rows, args.seed, codes)
        print(f"{args.rows:,} rows generated ({len(data) / 1e6:.1f} MB)")

        started = time.perf_counter()
        report = legacy_import(data)
        imported = time.perf_counter() - started
        assert report.rows == args.rows == Dossier.objects.count()
        events = DossierEvent.objects.count()

        started = time.perf_counter()
        check = dossiers_check()
        checked = time.perf_counter() - started
        assert check.checked == args.rows and not check.offences, check.offences[:5]

        started = time.perf_counter()
        try:
            legacy_import(data.replace(b"\n", b"\r\n"))
            raise AssertionError("the same history was imported twice")
        except ImportRejected as rejected:
            refused, refused_lines = time.perf_counter() - started, rejected.bad_lines
        assert refused_lines == args.rows == Dossier.objects.count()

        reference, reference_rows = copy_reference()

        print(f"import_dossiers: {args.rows:,} dossiers + {events:,} events + {report.counters:,} day counters")
        print(
            f"  legacy_import (parse, validate, bulk write) : {imported:8.2f} s  {args.rows / imported:10,.0f} rows/s"
        )
        print("    of which " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in report.phases.items()))
        print(f"  check_dossiers over the imported dossiers   : {checked:8.2f} s  {args.rows / checked:10,.0f} rows/s")
        print(f"  the same rows again, refused (every row)    : {refused:8.2f} s  {args.rows / refused:10,.0f} rows/s")
        print(
            f"  reference: COPY of the same {reference_rows:,} rows (same indexes, FKs) : {reference:8.2f} s  "
            f"{args.rows / reference:10,.0f} dossiers/s"
        )
        print(f"  ratio import / COPY                         : {imported / reference:8.2f}x")
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

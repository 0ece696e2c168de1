"""Biểu 06 statistics at scale: the selector against a hand-written SQL aggregate, 1M then 5M rows.

    python -m benchmarks.bench_stats [--rows 1000000] [--grow-to 5000000] [--repeat 7] [--keep]

Run by hand (not in `make test`), on PostgreSQL only, in its own database `egov_bench_reports4`
(created, migrated and filled here; dropped at the end unless --keep). The data generator is one
`INSERT ... SELECT generate_series` per batch, so a million dossiers load in minutes:

- `--rows` dossiers over five years (2021–2025, ≈200,000 a year), 20 fields, 200 procedures, three
  channels, results on average two weeks after receipt (a few late, refused, withdrawn or stopped),
  ratings on a third of the results, the last weeks' dossiers still open;
- then `--grow-to` by adding the same density in the twenty years before, so the fixed window
  (2025-01-01 – 2025-06-30) holds the same dossiers and only the table grows.

For each size it times (median of `--repeat` runs, after a warm-up) the selector
`reports.selectors.tthc_statistics` for the window — all fields, and by field — and the best
single hand-written SQL statement computing the same figures, checks that both agree, and prints
the times and their ratio; at the end, the growth ratio of the selector's time from 1M to 5M.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

BENCH_DB = "egov_bench_reports4"
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
WINDOW = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))
DATA_START = dt.date(2021, 1, 1)
YEARS = 5
BATCH = 500_000
FIELDS = 20
PROCEDURES = 200


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def setup_django(fresh: bool, random_page_cost: float | None = None) -> None:
    if fresh:
        _admin(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        _admin(f"CREATE DATABASE {BENCH_DB}")
    # PostgreSQL's default random_page_cost (4) models spinning disks; on SSD the usual setting is
    # 1.1 (docs/decisions/0013). With 4, the planner reads a 5M table sequentially rather than
    # follow the index range of a window, whatever the physical order of the rows.
    setting = "DEFAULT" if random_page_cost is None else str(float(random_page_cost))
    _admin(f"ALTER DATABASE {BENCH_DB} SET random_page_cost = {setting}")
    print(f"random_page_cost = {setting.lower()} on {BENCH_DB}")
    os.environ["DATABASE_URL"] = f"{SERVER}/{BENCH_DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed_catalogue() -> tuple[int, list[int], list[int]]:
    """One agency, FIELDS fields, PROCEDURES procedures with a version each; returns ids."""
    from egov.organisations.models import Agency, Province
    from egov.procedures.models import Field, Procedure, ProcedureVersion

    province, _ = Province.objects.get_or_create(code="H48", defaults={"name": "Quảng Ngãi"})
    agency, _ = Agency.objects.get_or_create(
        identifier="000.00.53.H48", defaults={"name": "Sở Công Thương tỉnh Quảng Ngãi", "province": province}
    )
    fields = [Field.objects.get_or_create(name=f"Lĩnh vực {i:02d}")[0] for i in range(FIELDS)]
    procedure_ids, version_ids = [], []
    for i in range(PROCEDURES):
        procedure, _ = Procedure.objects.get_or_create(
            code=f"9.{i:06d}", defaults={"name": f"Thủ tục {i}", "field": fields[i % FIELDS], "agency": agency}
        )
        version = procedure.versions.first() or ProcedureVersion.objects.create(
            procedure=procedure, effective_from=dt.date(2000, 1, 1), name=procedure.name, time_limit=10
        )
        procedure_ids.append(procedure.pk)
        version_ids.append(version.pk)
    return agency.pk, procedure_ids, version_ids


INSERT = """
INSERT INTO dossiers_dossier (
    code, procedure_id, procedure_version_id, field_id, agency_id, applicant_kind, applicant_name,
    applicant_id_number, applicant_tax_code, applicant_representative, applicant_address, applicant_phone,
    applicant_email, search_text, channel, status, sets_count, submitted_at, received_at, due_date,
    finished_at, outcome, result_number, returned_at, return_method, rating, rated_at, is_legacy,
    result_delivery, result_address, identity_verified, population_data_used
)
SELECT
    'BENCH-' || g.n, p.procedure_id, p.version_id, p.field_id, %(agency)s, 'person', 'Người nộp ' || g.n,
    '', '', '', '', '', '', '',
    (ARRAY['online', 'online', 'online', 'direct', 'direct', 'postal'])[1 + (g.n * 7919 %% 6)],
    CASE WHEN f.finished_at IS NULL THEN 'processing' ELSE 'returned' END, 1,
    r.received_at - interval '20 minutes', r.received_at,
    (r.received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 14,
    f.finished_at,
    CASE WHEN f.finished_at IS NULL THEN ''
         ELSE (ARRAY['resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved', 'resolved',
                     'resolved', 'refused', 'withdrawn', 'stopped', 'resolved'])[1 + (g.n * 104729 %% 12)] END,
    '', NULL, '',
    CASE WHEN f.finished_at IS NOT NULL AND g.n %% 3 = 0
         THEN (ARRAY['very_satisfied', 'very_satisfied', 'very_satisfied', 'satisfied', 'unsatisfied'])[1 + (g.n %% 5)]
         ELSE '' END,
    CASE WHEN f.finished_at IS NOT NULL AND g.n %% 3 = 0 THEN f.finished_at + interval '3 hours' END,
    false, '', '', false, false
FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g(n)
CROSS JOIN LATERAL (
    -- in order of receipt, as a live system inserts them, with a few hours of jitter
    SELECT %(start)s::timestamptz
           + (%(span)s::double precision * (g.n - %(first_all)s) / %(count_all)s) * interval '1 second'
           + ((g.n * 2654435761) %% 14400) * interval '1 second' AS received_at
) r
CROSS JOIN LATERAL (
    SELECT CASE
        -- a few never finish (stuck, or still open at the end of the data)
        WHEN g.n %% 2000 = 0 THEN NULL
        WHEN r.received_at + interval '28 days' > %(data_end)s::timestamptz AND g.n %% 4 <> 0 THEN NULL
        ELSE r.received_at + ((g.n * 48271) %% (20 * 86400)) * interval '1 second' + interval '1 hour'
    END AS finished_at
) f
JOIN (
    SELECT ordinality AS k, procedure_id, version_id, field_id
    FROM unnest(%(procedures)s::int[], %(versions)s::int[], %(fields)s::int[]) WITH ORDINALITY
        AS t(procedure_id, version_id, field_id)
) p ON p.k = 1 + (g.n * 31 %% %(count)s)
"""


def load(
    first: int, last: int, start: dt.date, end: dt.date, agency: int, procedure_ids, version_ids, *, vacuum: bool = True
) -> float:
    """Rows `first`..`last` received between `start` and `end`; open ones only near the data's end."""
    from django.db import connection

    from egov.procedures.models import Procedure
    from egov.workdays.calendar import LOCAL_TZ

    field_of = dict(Procedure.objects.filter(pk__in=procedure_ids).values_list("pk", "field_id"))
    start_at = dt.datetime.combine(start, dt.time(7), tzinfo=LOCAL_TZ)
    end_at = dt.datetime.combine(end, dt.time(17), tzinfo=LOCAL_TZ)
    data_end = dt.datetime.combine(dt.date(DATA_START.year + YEARS - 1, 12, 31), dt.time(17), tzinfo=LOCAL_TZ)
    began = time.monotonic()
    for batch_first in range(first, last + 1, BATCH):
        batch_last = min(last, batch_first + BATCH - 1)
        with connection.cursor() as cursor:
            cursor.execute(
                INSERT,
                {
                    "agency": agency,
                    "first": batch_first,
                    "last": batch_last,
                    "start": start_at,
                    "data_end": data_end,
                    "first_all": first,
                    "count_all": last - first + 1,
                    "span": (end_at - start_at).total_seconds(),
                    "procedures": procedure_ids,
                    "versions": version_ids,
                    "fields": [field_of[pk] for pk in procedure_ids],
                    "count": len(procedure_ids),
                },
            )
        print(f"  loaded {batch_last - first + 1:>9,} rows ({time.monotonic() - began:.0f} s)", flush=True)
    if vacuum:  # not inside a transaction (the smoke test's)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) dossiers_dossier")
    return time.monotonic() - began


REFERENCE = """
WITH counted AS (
    SELECT d.field_id,
        count(*) FILTER (WHERE d.received_at < %(s)s) AS carried_over,
        count(*) FILTER (WHERE d.received_at >= %(s)s AND d.channel = 'online') AS online,
        count(*) FILTER (WHERE d.received_at >= %(s)s AND d.channel = 'direct') AS direct,
        count(*) FILTER (WHERE d.received_at >= %(s)s AND d.channel = 'postal') AS postal,
        count(*) FILTER (WHERE r.with_result AND r.finished_on < d.due_date) AS early,
        count(*) FILTER (WHERE r.with_result AND (r.finished_on = d.due_date OR d.due_date IS NULL)) AS on_time,
        count(*) FILTER (WHERE r.with_result AND r.finished_on > d.due_date) AS late,
        count(*) FILTER (WHERE d.finished_at < %(e)s AND d.outcome IN ('withdrawn', 'stopped')) AS ended,
        count(*) FILTER (WHERE r.open_at_end AND (d.due_date IS NULL OR d.due_date >= %(to)s OR EXISTS (
                             SELECT 1 FROM dossiers_pauseinterval p WHERE p.dossier_id = d.id
                             AND p.requested_at < %(e)s AND (p.completed_at IS NULL OR p.completed_at >= %(e)s))))
            AS within_deadline,
        count(*) FILTER (WHERE r.open_at_end) AS open_at_end
    FROM dossiers_dossier d
    -- the local date of the result computed once per row, for the three comparisons
    CROSS JOIN LATERAL (
        SELECT d.finished_at < %(e)s AND d.outcome IN ('resolved', 'refused') AS with_result,
               (d.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS finished_on,
               d.finished_at IS NULL OR d.finished_at >= %(e)s AS open_at_end
    ) r
    WHERE d.received_at < %(e)s AND (d.finished_at IS NULL OR d.finished_at >= %(s)s)
    GROUP BY d.field_id
), rated AS (
    SELECT field_id,
        count(*) FILTER (WHERE rating = 'very_satisfied') AS very,
        count(*) FILTER (WHERE rating = 'satisfied') AS satisfied,
        count(*) FILTER (WHERE rating = 'unsatisfied') AS unsatisfied
    FROM dossiers_dossier
    WHERE rated_at >= %(s)s AND rated_at < %(e)s
    GROUP BY field_id
)
SELECT coalesce(c.field_id, r.field_id), c.carried_over, c.online, c.direct, c.postal, c.early, c.on_time, c.late,
       c.ended, c.within_deadline, c.open_at_end - c.within_deadline, r.very, r.satisfied, r.unsatisfied
FROM counted c FULL JOIN rated r ON r.field_id = c.field_id
"""


# A second hand-written form: the rows as two disjoint index ranges (UNION ALL, no OR), two date
# conversions (early, late), on time and overdue derived from the totals, ratings as a grouped
# subquery joined on the field. The faster of the
# two forms is the reference ("the best single statement we could write").
REFERENCE_FLAT = """
SELECT c.field_id, c.carried_over, c.online, c.direct, c.postal, c.early, c.with_result - c.early - c.late, c.late,
       c.ended, c.within_deadline, c.open_at_end - c.within_deadline,
       coalesce(r.very, 0), coalesce(r.satisfied, 0), coalesce(r.unsatisfied, 0)
FROM (
    SELECT d.field_id,
        count(*) FILTER (WHERE d.received_at < %(s)s) AS carried_over,
        count(*) FILTER (WHERE d.received_at >= %(s)s AND d.channel = 'online') AS online,
        count(*) FILTER (WHERE d.received_at >= %(s)s AND d.channel = 'direct') AS direct,
        count(*) FILTER (WHERE d.received_at >= %(s)s AND d.channel = 'postal') AS postal,
        count(*) FILTER (WHERE d.finished_at < %(e)s AND d.outcome IN ('resolved', 'refused')) AS with_result,
        count(*) FILTER (WHERE d.finished_at < %(e)s AND d.outcome IN ('resolved', 'refused')
                         AND d.due_date > (d.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS early,
        count(*) FILTER (WHERE d.finished_at < %(e)s AND d.outcome IN ('resolved', 'refused')
                         AND d.due_date < (d.finished_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) AS late,
        count(*) FILTER (WHERE d.finished_at < %(e)s AND d.outcome IN ('withdrawn', 'stopped')) AS ended,
        count(*) FILTER (WHERE (d.finished_at IS NULL OR d.finished_at >= %(e)s)) AS open_at_end,
        count(*) FILTER (WHERE (d.finished_at IS NULL OR d.finished_at >= %(e)s)
                         AND (d.due_date IS NULL OR d.due_date >= %(to)s OR EXISTS (
                             SELECT 1 FROM dossiers_pauseinterval p WHERE p.dossier_id = d.id
                             AND p.requested_at < %(e)s AND (p.completed_at IS NULL OR p.completed_at >= %(e)s))))
            AS within_deadline
    FROM (
        -- the two disjoint index ranges, no OR between them: finished since the start, still open
        SELECT id, field_id, received_at, finished_at, outcome, channel, due_date
        FROM dossiers_dossier WHERE received_at < %(e)s AND finished_at >= %(s)s
        UNION ALL
        SELECT id, field_id, received_at, finished_at, outcome, channel, due_date
        FROM dossiers_dossier WHERE received_at < %(e)s AND finished_at IS NULL
    ) d
    GROUP BY d.field_id
) c
LEFT JOIN (
    SELECT field_id,
        count(*) FILTER (WHERE rating = 'very_satisfied') AS very,
        count(*) FILTER (WHERE rating = 'satisfied') AS satisfied,
        count(*) FILTER (WHERE rating = 'unsatisfied') AS unsatisfied
    FROM dossiers_dossier
    WHERE rated_at >= %(s)s AND rated_at < %(e)s
    GROUP BY field_id
) r ON r.field_id = c.field_id
"""


def explain(date_from: dt.date, date_to: dt.date) -> None:
    """The reference's plan (the selector's WHERE is the same): which indexes serve the window."""
    from django.db import connection

    from egov.reports.periods import bounds

    s, e = bounds(date_from, date_to)
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) " + REFERENCE, {"s": s, "e": e, "to": date_to}
        )
        lines = [row[0] for row in cursor.fetchall()]
    for line in lines:
        if any(word in line for word in ("Scan", "Buffers: shared", "Execution Time", "Aggregate")):
            print(f"    {line.strip()[:150]}")


def reference(date_from: dt.date, date_to: dt.date, sql: str = REFERENCE) -> dict[int, tuple]:
    from django.db import connection

    from egov.reports.periods import bounds

    s, e = bounds(date_from, date_to)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"s": s, "e": e, "to": date_to})
        return {row[0]: tuple(value or 0 for value in row[1:]) for row in cursor.fetchall()}


def _as_tuple(figures) -> tuple:
    f = figures
    return (
        f.carried_over,
        f.online,
        f.direct,
        f.postal,
        f.early,
        f.on_time,
        f.late,
        f.withdrawn_or_stopped,
        f.within_deadline,
        f.overdue,
        f.very_satisfied,
        f.satisfied,
        f.unsatisfied,
    )


def timed(functions: dict, repeat: int) -> dict[str, float]:
    """Median seconds per function; runs interleaved (A B C A B C ...) so that the load of a shared
    machine weighs on all of them alike."""
    for function in functions.values():
        function()  # warm-up (plans, caches)
    samples: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeat):
        for name, function in functions.items():
            began = time.perf_counter()
            function()
            samples[name].append(time.perf_counter() - began)
    return {name: statistics.median(values) for name, values in samples.items()}


def measure(rows: int, repeat: int) -> dict[str, float]:
    from egov.reports.selectors import tthc_statistics

    date_from, date_to = WINDOW
    by_field = tthc_statistics(date_from=date_from, date_to=date_to, by="field")
    want = reference(date_from, date_to)
    got = {row.key: _as_tuple(row.figures) for row in by_field.rows}
    if got != want or reference(date_from, date_to, REFERENCE_FLAT) != want:
        raise SystemExit(f"selector and reference disagree:\n{got}\n{want}")
    totals = by_field.totals
    print(
        f"  window {date_from} – {date_to}: received {totals.received_total:,} (carried over {totals.carried_over:,}), "
        f"resolved {totals.resolved_total:,}, in progress {totals.in_progress_total:,}, rated {totals.rated:,}"
    )
    explain(date_from, date_to)
    result = timed(
        {
            "selector_all": lambda: tthc_statistics(date_from=date_from, date_to=date_to),
            "selector_by_field": lambda: tthc_statistics(date_from=date_from, date_to=date_to, by="field"),
            "sql_lateral": lambda: reference(date_from, date_to),
            "sql_flat": lambda: reference(date_from, date_to, REFERENCE_FLAT),
        },
        repeat,
    )
    print(
        f"  hand-written SQL: with lateral {result['sql_lateral'] * 1000:.1f} ms, "
        f"flat {result['sql_flat'] * 1000:.1f} ms"
    )
    result["reference"] = min(result["sql_lateral"], result["sql_flat"])
    print(f"  load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"  {rows:>9,} rows: selector (all fields) {result['selector_all'] * 1000:8.1f} ms")
    print(f"  {rows:>9,} rows: selector (by field)   {result['selector_by_field'] * 1000:8.1f} ms")
    print(f"  {rows:>9,} rows: best hand-written SQL {result['reference'] * 1000:8.1f} ms")
    print(
        f"  ratio selector / SQL: all fields {result['selector_all'] / result['reference']:.2f}, "
        f"by field {result['selector_by_field'] / result['reference']:.2f}  (bound: 1.5; bound on time: 1 s)"
    )
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--grow-to", type=int, default=5_000_000, help="0: skip the growth step")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--measure-only", action="store_true", help="time the kept database again, load nothing")
    parser.add_argument(
        "--random-page-cost",
        type=float,
        default=1.1,
        help="planner setting of the benchmark database (1.1: SSD, the default here; 4: PostgreSQL's default)",
    )
    args = parser.parse_args(argv)

    if args.measure_only:
        setup_django(fresh=False, random_page_cost=args.random_page_cost)
        from egov.dossiers.models import Dossier

        measure(Dossier.objects.count(), args.repeat)
        return 0

    setup_django(fresh=True, random_page_cost=args.random_page_cost)
    agency, procedure_ids, version_ids = seed_catalogue()
    end = dt.date(DATA_START.year + YEARS - 1, 12, 31)
    print(f"Loading {args.rows:,} dossiers, {DATA_START} – {end} ...", flush=True)
    seconds = load(1, args.rows, DATA_START, end, agency, procedure_ids, version_ids)
    print(f"  {args.rows:,} rows in {seconds:.0f} s")
    first = measure(args.rows, args.repeat)
    if args.grow_to > args.rows:
        extra = args.grow_to - args.rows
        years_before = round(YEARS * extra / args.rows)
        before_start = dt.date(DATA_START.year - years_before, 1, 1)
        print(f"Adding {extra:,} dossiers before the first ones ({before_start} – {DATA_START}) ...", flush=True)
        seconds = load(
            args.rows + 1,
            args.grow_to,
            before_start,
            DATA_START - dt.timedelta(days=1),
            agency,
            procedure_ids,
            version_ids,
        )
        print(f"  {extra:,} rows in {seconds:.0f} s")
        # A live system inserted the older dossiers first: put the table back in order of receipt.
        from django.db import connection

        began = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("CLUSTER dossiers_dossier USING dossier_received")
            cursor.execute("VACUUM (ANALYZE) dossiers_dossier")
        print(f"  table put in order of receipt (CLUSTER) in {time.monotonic() - began:.0f} s")
        second = measure(args.grow_to, args.repeat)
        for key, label in (("selector_all", "all fields"), ("selector_by_field", "by field"), ("reference", "SQL")):
            print(
                f"  growth {args.rows:,} -> {args.grow_to:,} rows, {label}: "
                f"{second[key] / first[key]:.2f}x (bound: 1.5x)"
            )
    if not args.keep:
        from django.db import connections

        connections.close_all()
        _admin(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

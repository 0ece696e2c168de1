"""How `manage.py` runs a command: a database without the tables a command reads gets a message
saying to migrate first, not a Python traceback.

One mechanism for every command (the project's and Django's), in the command line's entry point:
a command that fails on a missing table or column, while the database still has migrations to
apply, exits with code 1 and that message. Any other failure, `--traceback`, and `migrate` itself
(whose own failure is not cured by running it again) are left as they are.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from django.core.management import execute_from_command_line as django_execute_from_command_line
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

# SQLite's messages; PostgreSQL's SQLSTATE codes undefined_table and undefined_column.
_SQLITE_MISSING = ("no such table", "no such column", "has no column named")
_POSTGRES_MISSING = {"42P01", "42703"}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def execute_from_command_line(argv: list[str]) -> None:
    try:
        django_execute_from_command_line(argv)
    except DatabaseError as exc:
        if "--traceback" in argv or argv[1:2] == ["migrate"] or not _is_missing_schema(exc):
            raise
        pending = pending_migrations()
        if not pending:
            raise
        sys.stderr.write(migrate_first_message(pending) + "\n")
        sys.exit(1)


def _is_missing_schema(exc: DatabaseError) -> bool:
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in _POSTGRES_MISSING:
        return True
    return any(text in str(exc) for text in _SQLITE_MISSING)


def pending_migrations() -> list[str]:
    """The migrations not yet applied to the default database ("app.name"), in order; [] when
    the database cannot even be asked."""
    from django.db.migrations.executor import MigrationExecutor

    try:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return []
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def migrate_first_message(pending: list[str]) -> str:
    return (
        f"Cơ sở dữ liệu chưa được cập nhật cấu trúc: còn {len(pending)} migration chưa chạy "
        f"(đầu tiên: {pending[0]}). Hãy chạy `python manage.py migrate` trước.\n"
        f"The database is not migrated ({len(pending)} migrations pending, first {pending[0]}): "
        "run `python manage.py migrate` first."
    )


def write_output(command: BaseCommand, data: str | bytes, out: str | Path | None) -> None:
    """A report command's output: to the file `--out` names (saying so on stderr), else to stdout.
    A file that cannot be written is exit code 2 with the reason, as every bad argument is."""
    if not out:
        if isinstance(data, bytes):
            raise CommandError("Tệp nhị phân (.xlsx, .docx) cần --out FILE.", returncode=2)
        command.stdout.write(data, ending="")
        return
    path = Path(out)
    try:
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"Không ghi được {path}: {exc.strerror}.", returncode=2) from None
    command.stderr.write(f"Đã ghi {path}.")


def parse_day(value: str, option: str) -> dt.date:
    """A day written YYYY-MM-DD; a day the calendar does not have is told apart from a bad form."""
    if not _ISO_DAY.fullmatch(value or ""):
        raise CommandError(f"{option}: “{value}” không phải ngày dạng YYYY-MM-DD (ví dụ 2021-06-30).", returncode=2)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        year, month, day = value.split("-")
        raise CommandError(f"{option}: không có ngày {day}/{month}/{year} trong lịch.", returncode=2) from None

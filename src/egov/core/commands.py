"""How `manage.py` runs a command: a database without the tables a command reads gets a message
saying to migrate first, not a Python traceback.

One mechanism for every command (the project's and Django's), in the command line's entry point:
a command that fails on a missing table or column, while the database still has migrations to
apply, exits with code 1 and that message. Any other failure, `--traceback`, and `migrate` itself
(whose own failure is not cured by running it again) are left as they are.
"""

from __future__ import annotations

import sys

from django.core.management import execute_from_command_line as django_execute_from_command_line
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

# SQLite's messages; PostgreSQL's SQLSTATE codes undefined_table and undefined_column.
_SQLITE_MISSING = ("no such table", "no such column", "has no column named")
_POSTGRES_MISSING = {"42P01", "42703"}


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

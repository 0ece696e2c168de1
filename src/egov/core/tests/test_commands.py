"""Every management command of the project, run against a database that was never migrated, says
to run `migrate` first instead of printing a traceback (core/commands.py)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import ManagementUtility, get_commands, load_command_class
from django.db import OperationalError, connection
from django.utils import translation

from egov.core import commands
from egov.dossiers.tests.test_legacy_import import csv_bytes, row

ROOT = Path(__file__).resolve().parents[4]
CATALOGUE = ROOT / "src/egov/procedures/fixtures/tthc_catalogue.csv"

# The arguments each command is run with: valid ones, so that the command reaches the database.
# Every project command must be listed (test_every_project_command_is_covered).
ARGUMENTS = {
    "load_demo": [],
    "load_catalogue": [str(CATALOGUE)],
    "import_dossiers": ["{tmp}/hoso.csv"],
    "check_dossiers": [],
    "due_date": ["--received", "2021-02-05T09:00", "--days", "5"],
    "workdays": ["--year", "2025"],
    "tthc_stats": ["--from", "2021-01-01", "--to", "2021-01-31"],
    "petition_stats": ["--from", "2021-01-01", "--to", "2021-01-31"],
    "render_report": ["--kind", "tthc", "--from", "2021-01-01", "--to", "2021-01-31", "--out", "{tmp}/bc.docx"],
    "extract_citations": ["{tmp}/vanban.txt"],
    "backup_files": ["{tmp}/tep.tar"],
    "restore_files": ["{tmp}/saoluu.tar"],
    "retention": [],
    "api_token_issue": ["tich-hop", "--name", "Cổng dịch vụ công tỉnh"],
}
# Commands that work on a file alone and never open the database.
WITHOUT_DATABASE = {"extract_citations"}


def project_commands() -> set[str]:
    return {name for name, app in get_commands().items() if app.startswith("egov.")}


def test_every_project_command_is_covered():
    assert project_commands() == set(ARGUMENTS)


def _run(command: str, tmp: Path, database_url: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=database_url, EGOV_VAR_DIR=str(tmp / "var"))
    args = [value.format(tmp=tmp) for value in ARGUMENTS[command]]
    return subprocess.run(
        [sys.executable, "manage.py", command, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def files(tmp_path):
    (tmp_path / "hoso.csv").write_bytes(csv_bytes(row(SimpleNamespace(code="1.001234"))))
    with tarfile.open(tmp_path / "saoluu.tar", "w") as archive:  # a backup of no file
        manifest = tarfile.TarInfo("MANIFEST.json")
        manifest.size = 2
        archive.addfile(manifest, io.BytesIO(b"{}"))
    (tmp_path / "vanban.txt").write_text("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ.", "utf-8")
    return tmp_path


def test_every_project_command_on_an_unmigrated_database_says_to_migrate_first(files):
    database_url = f"sqlite:///{files / 'empty.sqlite3'}"
    commands = sorted(ARGUMENTS)
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(commands, pool.map(lambda name: _run(name, files, database_url), commands), strict=True))
    for command, result in results.items():
        assert "Traceback" not in result.stderr, (command, result.stderr)
        if command in WITHOUT_DATABASE:
            assert result.returncode == 0, (command, result.stderr)
        else:
            assert result.returncode == 1, (command, result.stdout, result.stderr)
            assert "Hãy chạy `python manage.py migrate` trước." in result.stderr, (command, result.stderr)
            assert "run `python manage.py migrate` first" in result.stderr


@pytest.mark.django_db
def test_a_missing_table_on_a_migrated_database_is_not_called_a_missing_migration(monkeypatch):
    # Every migration applied, yet a table is missing (dropped by hand): a real fault, shown as it is.
    def failing(argv):
        raise OperationalError("no such table: dossiers_dossier")

    monkeypatch.setattr(commands, "django_execute_from_command_line", failing)
    assert commands.pending_migrations() == []
    with pytest.raises(OperationalError):
        commands.execute_from_command_line(["manage.py", "tthc_stats"])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # CREATE DATABASE runs outside a transaction
def test_on_postgresql_an_unmigrated_database_says_to_migrate_first(files):
    settings = connection.settings_dict
    name = f"egov_unmigrated_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        user = settings["USER"] or "postgres"
        database_url = f"postgres://{user}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"
        result = _run("tthc_stats", files, database_url)
        assert "Traceback" not in result.stderr
        assert result.returncode == 1 and "run `python manage.py migrate` first" in result.stderr
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}"')


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_project_command_prints_its_help(language, capsys):
    # Found, not listed: a command added later is covered too. argparse formats the description
    # and each argument's help with str-only functions, so a lazy translation there crashed.
    names = sorted(project_commands())
    assert len(names) >= 13
    with translation.override(language):
        for name in names:
            with pytest.raises(SystemExit) as exit_info:
                ManagementUtility(["manage.py", name, "--help"]).execute()
            assert exit_info.value.code == 0, name
            out = capsys.readouterr().out
            assert out.startswith(f"usage: manage.py {name}"), (name, out)
            description = load_command_class(get_commands()[name], name).help
            assert "".join(str(description).split()) in "".join(out.split()), name  # wrapped anywhere


def test_a_day_argument_tells_a_bad_form_from_a_day_the_calendar_has_not():
    import datetime as dt

    from django.core.management.base import CommandError

    from egov.core.commands import parse_day

    assert parse_day("2021-06-30", "--to") == dt.date(2021, 6, 30)
    for value, message in [
        ("30/06/2021", "--to: “30/06/2021” không phải ngày dạng YYYY-MM-DD"),
        ("2021-6-30", "--to: “2021-6-30” không phải ngày dạng YYYY-MM-DD"),
        ("2021-02-29", "--to: không có ngày 29/02/2021 trong lịch"),
    ]:
        with pytest.raises(CommandError, match=message) as refused:
            parse_day(value, "--to")
        assert refused.value.returncode == 2


def test_a_report_is_written_to_its_file_or_to_stdout_and_an_unwritable_file_is_exit_code_2(tmp_path):
    import io

    from django.core.management.base import BaseCommand, CommandError

    from egov.core.commands import write_output

    command = BaseCommand(stdout=io.StringIO(), stderr=io.StringIO())
    write_output(command, "Tổng số: 6.279\n", None)
    assert command.stdout.getvalue() == "Tổng số: 6.279\n"
    write_output(command, b"PK\x03\x04", tmp_path / "bieu06.xlsx")
    assert (tmp_path / "bieu06.xlsx").read_bytes() == b"PK\x03\x04"
    assert "Đã ghi" in command.stderr.getvalue()
    for data, out in [(b"PK", None), ("x", tmp_path / "missing" / "x.json")]:
        with pytest.raises(CommandError) as refused:
            write_output(command, data, out)
        assert refused.value.returncode == 2

"""Backup and restore (issue 12, item 14): deploy/backup.sh (pg_dump, then every stored file through
core/backup.py), deploy/restore.sh and the restore drill (deploy/restore-drill.sh), run as an
operator would, on PostgreSQL, against a department with dossiers and their files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from egov.dossiers.models import Attachment, Dossier
from egov.portal.tests.world import advance_to, build_department, file_online

ROOT = Path(__file__).resolve().parents[4]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]  # the scripts read committed data


def _database_url(name: str | None = None) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER'] or 'postgres'}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name or s['NAME']}"


def _run(script: str, *args: str, **environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(PYTHON=sys.executable, DATABASE_URL=_database_url(), MEDIA_ROOT=str(settings.MEDIA_ROOT), **environment)
    return subprocess.run(
        ["bash", f"deploy/{script}", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture
def department_with_files():
    department = build_department()
    for stage in ("received", "returned"):
        advance_to(department, file_online(department), stage)
    assert Attachment.objects.count() >= 4
    return department


def test_a_backup_passes_the_restore_drill_with_the_same_dossiers_and_files(department_with_files, tmp_path):
    backup = _run("backup.sh", str(tmp_path / "backups"))
    assert backup.returncode == 0, backup.stderr
    directory = Path(backup.stdout.strip().splitlines()[-1])
    assert sorted(p.name for p in directory.iterdir()) == ["SHA256SUMS", "database.dump", "files.tar"]

    drill = _run("restore-drill.sh", str(directory), KEEP="1", TMPDIR=str(tmp_path))
    assert drill.returncode == 0, drill.stdout + drill.stderr
    database, media = drill.stdout.strip().splitlines()[-1].removeprefix("Kept: database ").split(", files in ")
    try:
        assert f"Đã khôi phục {Attachment.objects.count()} tệp" in drill.stdout
        assert "Mọi tệp được tham chiếu đều có trong kho." in drill.stdout
        assert f"Đã kiểm tra {Dossier.objects.count()} hồ sơ: không có sai lệch." in drill.stdout
        assert f"dossiers {Dossier.objects.count()}\nattachments {Attachment.objects.count()}\n" in drill.stdout
        assert "Restore drill passed" in drill.stdout
        for attachment in Attachment.objects.all():  # every file back, byte for byte
            with default_storage.open(attachment.file.name, "rb") as original:
                assert (Path(media) / attachment.file.name).read_bytes() == original.read()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{database.rsplit("/", 1)[1]}"')


def test_without_keep_the_drill_drops_its_copy_and_a_damaged_backup_fails_it(department_with_files, tmp_path):
    directory = Path(_run("backup.sh", str(tmp_path)).stdout.strip().splitlines()[-1])
    with (directory / "files.tar").open("r+b") as archive:
        archive.seek(600)
        archive.write(b"\xff" * 16)  # not zeros: a tar header is mostly zeros already
    drill = _run("restore-drill.sh", str(directory))
    assert drill.returncode != 0
    assert "files.tar: FAILED" in drill.stdout + drill.stderr  # sha256sum's check of SHA256SUMS
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'egov_restore_drill_%%'")
        assert cursor.fetchone()[0] == 0
    # The same backup against the live database: refused, nothing written.
    restore = _run("restore.sh", str(directory))
    assert restore.returncode != 0
    assert Dossier.objects.count() == 2


def test_a_file_missing_from_the_storage_fails_the_backup_and_leaves_no_backup(department_with_files, tmp_path):
    attachment = Attachment.objects.first()
    data = default_storage.open(attachment.file.name, "rb").read()
    default_storage.delete(attachment.file.name)
    try:
        backup = _run("backup.sh", str(tmp_path))
    finally:
        default_storage.save(attachment.file.name, ContentFile(data))
    assert backup.returncode == 1
    assert f"Thiếu tệp trong kho: dossiers.Attachment: {attachment.file.name}" in backup.stderr
    assert list(tmp_path.iterdir()) == []


def test_restore_refuses_a_database_that_is_not_empty(department_with_files, tmp_path):
    directory = Path(_run("backup.sh", str(tmp_path)).stdout.strip().splitlines()[-1])
    restore = _run("restore.sh", str(directory))  # DATABASE_URL: the live (test) database
    assert restore.returncode == 2
    assert "already has" in restore.stderr and "restore into an empty one" in restore.stderr
    assert Dossier.objects.count() == 2

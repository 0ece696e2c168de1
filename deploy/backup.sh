#!/usr/bin/env bash
# Back up the database and the stored files into a new directory under DIRECTORY:
#
#   deploy/backup.sh /srv/backups/egov
#
# with the server's environment (DATABASE_URL on PostgreSQL, the storage settings, and
# DJANGO_SETTINGS_MODULE as the server has it). Writes egov-YYYYMMDDTHHMMSS/ holding
# database.dump (pg_dump's custom format), files.tar (every stored file the database refers to,
# with its SHA-256) and SHA256SUMS. The database first, then the files: every file the dump refers to
# is in the archive. Test a backup with deploy/restore-drill.sh; restore one with deploy/restore.sh.
# docs/decisions/0033.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

target="${1:?usage: deploy/backup.sh DIRECTORY}"
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
case "$DATABASE_URL" in postgres://* | postgresql://*) ;; *) echo "backup.sh: DATABASE_URL is not PostgreSQL" >&2; exit 2 ;; esac

dir="$target/egov-$(date +%Y%m%dT%H%M%S)"
mkdir -p "$dir.partial"
trap 'rm -rf "$dir.partial"' ERR

pg_dump --format=custom --no-owner --no-privileges --file "$dir.partial/database.dump" "$DATABASE_URL"
"$PYTHON" manage.py backup_files "$dir.partial/files.tar"
(cd "$dir.partial" && sha256sum database.dump files.tar > SHA256SUMS)
mv "$dir.partial" "$dir"  # only a complete backup carries the final name
echo "$dir"

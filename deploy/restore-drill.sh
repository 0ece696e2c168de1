#!/usr/bin/env bash
# The restore drill: restore a backup into a scratch database and a scratch file directory beside
# the real ones, and check the copy, without touching the running system:
#
#   deploy/restore-drill.sh /srv/backups/egov/egov-20261204T020000
#
# with the server's environment (DATABASE_URL names the server; the scratch database is created
# on it and dropped afterwards, KEEP=1 keeps it). The copy must pass deploy/restore.sh (checksums,
# every referenced file present) and `check_dossiers` (every dossier's state, dates and history
# agree). Prints the figures of the copy; exit code 0 only if all of it held. Run it after every
# change to the backup's set-up, and regularly (e.g. monthly) on a recent backup.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

backup="${1:?usage: deploy/restore-drill.sh BACKUP_DIRECTORY}"
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL server (its database is not touched)}"

live="$DATABASE_URL"  # only connected to, to create and drop the scratch database
scratch="egov_restore_drill_$(date +%Y%m%d%H%M%S)_$$"
without_query="${DATABASE_URL%%\?*}"
query="${DATABASE_URL#"$without_query"}"  # ?sslmode=... and the like, kept for the copy
server="${without_query%/*}"
media="$(mktemp -d)"
cleanup() {
  if [ "${KEEP:-0}" != "1" ]; then
    psql "$live" -X -q -c "DROP DATABASE IF EXISTS \"$scratch\"" >/dev/null
    rm -rf "$media"
  else
    echo "Kept: database $server/$scratch, files in $media"
  fi
}
trap cleanup EXIT

psql "$live" -X -q -c "CREATE DATABASE \"$scratch\""
export DATABASE_URL="$server/$scratch$query" STORAGE_BACKEND=local MEDIA_ROOT="$media"
deploy/restore.sh "$backup"
"$PYTHON" manage.py migrate --check >/dev/null || { echo "restore-drill: the copy has unapplied migrations" >&2; exit 1; }
"$PYTHON" manage.py check_dossiers
psql "$DATABASE_URL" -X -A -t -F ' ' -c \
  "SELECT 'dossiers', count(*) FROM dossiers_dossier UNION ALL SELECT 'attachments', count(*) FROM dossiers_attachment UNION ALL SELECT 'documents', count(*) FROM documents_document"
echo "Restore drill passed: $backup"

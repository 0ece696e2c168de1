#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and storage:
#
#   DATABASE_URL=postgres://.../egov_new deploy/restore.sh /srv/backups/egov/egov-20261204T020000
#
# Checks the backup's SHA256SUMS, restores the dump (pg_restore, in one transaction), then the
# files through the storage in use (local MEDIA_ROOT or the S3 bucket), checked one by one, and
# fails if any file the database refers to is missing. Refuses a database that already has tables.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"

backup="${1:?usage: deploy/restore.sh BACKUP_DIRECTORY}"
: "${DATABASE_URL:?DATABASE_URL must point at the empty PostgreSQL database to restore into}"

(cd "$backup" && sha256sum --quiet --check SHA256SUMS)
tables=$(psql "$DATABASE_URL" -X -A -t -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "restore.sh: the target database already has $tables tables; restore into an empty one" >&2
  exit 2
fi
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error --dbname "$DATABASE_URL" "$backup/database.dump"
"$PYTHON" manage.py restore_files "$backup/files.tar"

#!/usr/bin/env bash
# Back up a PostgreSQL database with pg_dump, restore it into a fresh database,
# and compare the row count of every table. Exits non-zero on any difference.
#
#   scripts/backup_restore_check.sh postgres://postgres@127.0.0.1:5432/portal [backup-file]
set -euo pipefail
SOURCE_URL="$1"
BACKUP="${2:-$(mktemp -d)/portal.dump}"
BASE_URL="${SOURCE_URL%/*}"
RESTORED="restore_check_$$"
RESTORED_URL="$BASE_URL/$RESTORED"

pg_dump --format=custom --no-owner --file "$BACKUP" "$SOURCE_URL"
psql -q "$BASE_URL/postgres" -c "DROP DATABASE IF EXISTS $RESTORED" -c "CREATE DATABASE $RESTORED"
trap 'psql -q "$BASE_URL/postgres" -c "DROP DATABASE IF EXISTS $RESTORED WITH (FORCE)" >/dev/null' EXIT
pg_restore --no-owner --exit-on-error --dbname "$RESTORED_URL" "$BACKUP"

counts() {
  psql -At "$1" -c "SELECT format('SELECT %L, count(*) FROM %I.%I', table_schema || '.' || table_name, table_schema, table_name)
                     FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
                     ORDER BY 1" | while read -r query; do psql -At -F ' ' "$1" -c "$query"; done
}
diff <(counts "$SOURCE_URL") <(counts "$RESTORED_URL")
echo "restore check: $(counts "$RESTORED_URL" | wc -l) tables, every row count equal (backup: $BACKUP)"

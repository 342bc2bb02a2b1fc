#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on port 54329 with a doorman/doorman superuser and database.
set -euo pipefail
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx doorman; then
  pg_createcluster "$version" doorman -p 54329 >/dev/null
fi
pg_ctlcluster "$version" doorman start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 54329 && break
  sleep 0.5
done
su postgres -c "psql -q -p 54329 -tc \"select 1 from pg_roles where rolname='doorman'\"" | grep -q 1 ||
  su postgres -c "psql -q -p 54329 -c \"create role doorman login superuser password 'doorman'\""
su postgres -c "psql -q -p 54329 -tc \"select 1 from pg_database where datname='doorman'\"" | grep -q 1 ||
  su postgres -c "createdb -p 54329 -O doorman doorman"
echo "PostgreSQL $version on 127.0.0.1:54329"

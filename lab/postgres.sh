#!/usr/bin/env bash
# A PostgreSQL server for the history tests, from Debian's packages: installed if missing, started,
# with a role and a database of their own. The role's password is random, kept in a root-only file
# and never put on a command line; prints the JDBC URL (without the password).
set -euo pipefail
state=/var/lib/hastate-pg
mkdir -p "$state" && chmod 0700 "$state"
if ! command -v pg_ctlcluster >/dev/null; then
  "$(dirname "${BASH_SOURCE[0]}")/apt-install" postgres postgresql
fi
version=$(ls /etc/postgresql | sort -n | tail -1)
pg_ctlcluster "$version" main status >/dev/null 2>&1 || pg_ctlcluster "$version" main start
for _ in $(seq 50); do su postgres -c "pg_isready -q" && break; sleep 0.2; done
pwfile="$state/pg-password"
if [ ! -s "$pwfile" ]; then (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$pwfile"); fi
password=$(cat "$pwfile")
{
  echo "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hastate_test') THEN CREATE ROLE hastate_test LOGIN; END IF; END \$\$;"
  echo "ALTER ROLE hastate_test PASSWORD '$password';"
} | su postgres -c "psql -q -v ON_ERROR_STOP=1" >/dev/null
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'hastate_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O hastate_test hastate_test"
echo "jdbc:postgresql://127.0.0.1:5432/hastate_test?user=hastate_test"

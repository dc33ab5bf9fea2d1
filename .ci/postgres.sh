#!/usr/bin/env bash
# CI: a PostgreSQL server for the service's Postgres tests (tests/server) and the
# load test (npm run bench:serve).
#
#   eval "$(.ci/postgres.sh)"      # installs if missing, starts, creates role and database
#   npx vitest run tests/server    # the Postgres variants now run
#
# Installs PostgreSQL with apt when no server binary is present, starts the cluster
# (Debian/Ubuntu pg_ctlcluster), creates the role `casepath` (password `casepath`) and
# the database `casepath` if absent, and prints the export line for
# CASEPATH_TEST_POSTGRES on standard output. Everything else goes to standard error.
# Needs root (or sudo) for apt and for running commands as the postgres user.
set -euo pipefail

ROLE="${CASEPATH_PG_ROLE:-casepath}"
PASSWORD="${CASEPATH_PG_PASSWORD:-casepath}"
DATABASE="${CASEPATH_PG_DATABASE:-casepath}"

log() { echo "postgres.sh: $*" >&2; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }

if ! ls /usr/lib/postgresql/*/bin/postgres > /dev/null 2>&1; then
  log "installing postgresql with apt"
  as_root apt-get update >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
fi

# The newest installed major version, and its first cluster (created by the package).
VERSION="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"
CLUSTER="$(pg_lsclusters --no-header 2>/dev/null | awk -v v="$VERSION" '$1 == v { print $2; exit }')"
if [ -z "$CLUSTER" ]; then
  log "creating cluster $VERSION main"
  as_root pg_createcluster "$VERSION" main >&2
  CLUSTER=main
fi
PORT="$(pg_lsclusters --no-header | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { print $3 }')"
STATUS="$(pg_lsclusters --no-header | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { print $4 }')"
if [ "$STATUS" != "online" ]; then
  log "starting cluster $VERSION $CLUSTER on port $PORT"
  as_root pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

# Wait until it accepts connections.
for _ in $(seq 1 30); do
  if as_postgres "psql -p $PORT -tAc 'select 1'" > /dev/null 2>&1; then break; fi
  sleep 1
done

if [ "$(as_postgres "psql -p $PORT -tAc \"select 1 from pg_roles where rolname = '$ROLE'\"")" != "1" ]; then
  log "creating role $ROLE"
  as_postgres "psql -p $PORT -v ON_ERROR_STOP=1 -c \"create role $ROLE login superuser password '$PASSWORD'\"" >&2
fi
if [ "$(as_postgres "psql -p $PORT -tAc \"select 1 from pg_database where datname = '$DATABASE'\"")" != "1" ]; then
  log "creating database $DATABASE"
  as_postgres "psql -p $PORT -v ON_ERROR_STOP=1 -c \"create database $DATABASE owner $ROLE\"" >&2
fi

echo "export CASEPATH_TEST_POSTGRES=postgres://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"

#!/bin/sh
# First start: make the cluster (scram-sha-256 passwords) and the application's role and
# database; every start: run PostgreSQL in the foreground on POSTGRES_HOST:POSTGRES_PORT.
set -eu
: "${POSTGRES_USER:=klachtwijs}" "${POSTGRES_DB:=klachtwijs}"
: "${POSTGRES_HOST:=127.0.0.1}" "${POSTGRES_PORT:=5432}"
if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "postgres-entrypoint: set POSTGRES_PASSWORD (deploy/env.example)" >&2
    exit 1
fi
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
    initdb --pgdata="$PGDATA" --username=postgres --pwfile="$pwfile" \
        --auth-local=peer --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    pg_ctl --pgdata="$PGDATA" --options="-c listen_addresses=''" --wait start >/dev/null
    psql --quiet --username=postgres --dbname=postgres --set ON_ERROR_STOP=1 \
        --set user="$POSTGRES_USER" --set password="$POSTGRES_PASSWORD" \
        --set db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"db" OWNER :"user";
SQL
    pg_ctl --pgdata="$PGDATA" --mode=fast --wait stop >/dev/null
    echo "postgres-entrypoint: made the cluster and database $POSTGRES_DB" >&2
fi
exec postgres -D "$PGDATA" -c listen_addresses="$POSTGRES_HOST" -c port="$POSTGRES_PORT" \
    -c unix_socket_directories=/run/postgresql

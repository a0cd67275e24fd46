#!/bin/sh
# The image's commands (compose.yaml runs one per service):
#   web        wait for the database, `migrate` (upgrades happen here), then gunicorn
#   worker     wait until the migrations are applied, then `klachtwijs db_worker`
#   scheduler  the same wait, then `klachtwijs scheduler` (the daily jobs)
#   anything else runs as given, e.g. `klachtwijs setup --no-input`.
set -eu

wait_for_database() {
    case "${DATABASE_URL:-}" in
    postgres://* | postgresql://*)
        tries=0
        until pg_isready --quiet --dbname="$DATABASE_URL"; do
            tries=$((tries + 1))
            [ "$tries" -lt 60 ] || { echo "entrypoint: the database does not answer" >&2; exit 1; }
            sleep 1
        done
        ;;
    esac
}

wait_for_migrations() {
    wait_for_database
    until klachtwijs migrate --check >/dev/null 2>&1; do
        echo "entrypoint: waiting for the web service to apply the migrations" >&2
        sleep 3
    done
}

case "${1:-web}" in
web)
    wait_for_database
    klachtwijs migrate --noinput
    # The access log leaves the path out: the parent's status link carries its token in the
    # path, and a token must never reach a log (issue 15).
    exec gunicorn klachtwijs.wsgi \
        --bind "${KLACHTWIJS_BIND:-127.0.0.1:8000}" \
        --workers "${GUNICORN_WORKERS:-3}" \
        --timeout "${GUNICORN_TIMEOUT:-120}" \
        --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" \
        --access-logfile - \
        --access-logformat '%(h)s %(m)s %(s)s %(b)s %(M)sms'
    ;;
worker)
    wait_for_migrations
    exec klachtwijs db_worker --no-reload --interval "${WORKER_INTERVAL:-1}"
    ;;
scheduler)
    wait_for_migrations
    exec klachtwijs scheduler
    ;;
*)
    exec "$@"
    ;;
esac

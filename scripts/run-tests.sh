#!/usr/bin/env bash
# Runs the whole test suite twice, on SQLite and on a throwaway PostgreSQL cluster
# (tests/pgcluster.py), prints both summaries and fails if either run failed.
# The browser journeys (marker `browser`) run once, in the SQLite run: they test what the pages
# do in Chromium, and every rule and query under them is tested on PostgreSQL by the rest of the
# suite. That keeps `make test` within its time budget (README).
# Extra arguments go to pytest (make passes PYTEST_ARGS; a -m there replaces ours).
set -uo pipefail

cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-.venv/bin/python}
PYTEST_JOBS=${PYTEST_JOBS:-2}

xdist=()
if [ "$PYTEST_JOBS" != "0" ] && [ -n "$PYTEST_JOBS" ]; then
    xdist=(-n "$PYTEST_JOBS")
fi

pg_version=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sed -E 's#.*/postgresql/([0-9.]+)/bin#\1#' | sort -V | tail -n 1)
pg_version=${pg_version:-15}

logdir=$(mktemp -d "${TMPDIR:-/tmp}/klachtwijs-tests.XXXXXX")
trap 'rm -rf "$logdir"' EXIT

summary() {
    # pytest's last line, e.g. "123 passed, 2 skipped in 45.6s".
    grep -E '(passed|failed|errors?|skipped|deselected|xfailed|xpassed|warnings?|no tests ran).* in [0-9.]+s( \([0-9:]+\))?( =+)?$' "$1" |
        tail -n 1 | sed -E 's/^=+ //; s/ =+$//'
}

echo
echo "== SQLite =="
env -u DATABASE_URL -u KLACHTWIJS_TEST_POSTGRES \
    "$PYTHON" -m pytest "${xdist[@]}" "$@" 2>&1 | tee "$logdir/sqlite.log"
sqlite_rc=${PIPESTATUS[0]}

echo
echo "== PostgreSQL $pg_version =="
env -u DATABASE_URL KLACHTWIJS_TEST_POSTGRES=1 \
    "$PYTHON" -m pytest "${xdist[@]}" -m "not browser" "$@" 2>&1 | tee "$logdir/postgres.log"
postgres_rc=${PIPESTATUS[0]}

echo
echo "== Summary =="
printf 'SQLite:        %s (exit %s)\n' "$(summary "$logdir/sqlite.log")" "$sqlite_rc"
printf 'PostgreSQL %s: %s (exit %s)\n' "$pg_version" "$(summary "$logdir/postgres.log")" "$postgres_rc"

if [ "$sqlite_rc" -ne 0 ] || [ "$postgres_rc" -ne 0 ]; then
    exit 1
fi

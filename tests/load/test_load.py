"""50 parents send the public form at once for 30 s against gunicorn (2 workers) and
PostgreSQL: no 5xx, and every successful answer stands for exactly one dossier and exactly
one acknowledgement in the outbox (issue 8, point 4)."""

import os
import threading
from collections import Counter

import pytest

from tests.load import server
from tests.load.conftest import ON_POSTGRES, form_exists

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ON_POSTGRES, reason="load test runs on PostgreSQL only"),
]

PARENTS = 50
SECONDS = float(os.environ.get("KLACHTWIJS_LOAD_SECONDS", "30"))
DATABASE = "klachtwijs_load"


@pytest.fixture
def site(workdir, transactional_db):
    if not form_exists():
        pytest.skip("the public form (intake:feedback_new) does not exist yet")
    url, migrated = server.database_for_site(os.environ["DATABASE_URL"], DATABASE)
    env = server.site_env(url, workdir)
    try:
        server.site_prepare(env, workdir, migrated=migrated)
        gunicorn = server.Gunicorn(env, workdir)
        try:
            yield gunicorn, url
        finally:
            gunicorn.stop()
    finally:
        server.database_drop(os.environ["DATABASE_URL"], DATABASE)


def test_fifty_parents_for_thirty_seconds_lose_nothing(site):
    gunicorn, url = site
    answers: list[tuple[str, server.Answer]] = []
    lock = threading.Lock()

    def record(email, answer):
        with lock:
            answers.append((email, answer))

    server.run_parents(gunicorn.port, parents=PARENTS, seconds=SECONDS, record=record)

    statuses = Counter(answer.status for _, answer in answers)
    assert not [s for s in statuses if s >= 500 or s == 0], statuses
    successes = {
        email
        for email, answer in answers
        if answer.status == 302 and "/klantreactie/ontvangen/" in answer.location
    }
    assert len(successes) >= PARENTS, statuses  # every parent got through at least once
    dossiers, acknowledgements = server.stored(url)
    assert {e for e in successes if dossiers.get(e) != 1} == set()
    assert {e for e in successes if acknowledgements.get(e) != 1} == set()
    assert set(dossiers) == successes  # nothing was stored for an answer that failed

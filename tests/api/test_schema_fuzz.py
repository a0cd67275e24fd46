"""schemathesis against the live schema (/api/schema/?format=json) with every built-in check
(`--checks all`: server errors, status codes, content types, headers, response bodies, bad data
rejected, good data accepted, auth not ignored, ...), anonymous and with a token of each role.
Bounded: one test per operation, derandomized, few examples, each sent by every caller."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from klachtwijs.organisation.models import Role
from klachtwijs.wsgi import application
from tests.factories import FeedbackFactory, LocationFactory

# A reference to an object that does not exist (a service id in `correct_service`, a region id
# in the figures) is schema-valid: the schema can say "an integer", not "an id that exists".
# The API rightly answers 400 with the field's error, and the schema documents that 400 (with
# its `fields` shape) on these operations. `positive_data_acceptance` does not read expected
# statuses from the schema, only from its configuration, so for exactly these operations it
# also accepts 400; everywhere else schema-valid data must be accepted.
UNKNOWN_REFERENCE_MAY_400 = [
    ("POST", "/api/v1/klantreacties/{id}/correct_service/"),
    ("GET", "/api/v1/figures/{year}/"),
]
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # schemathesis' default
CONFIG = SchemathesisConfig.from_dict(
    {
        # The coverage phase would try every boundary of every field (hundreds of calls per
        # operation); the fuzzing phase with positive and negative data fits the time budget.
        "phases": {"coverage": {"enabled": False}},
        "operations": [
            {
                "include-method": method,
                "include-path": path,
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}},
            }
            for method, path in UNKNOWN_REFERENCE_MAY_400
        ],
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)

FUZZ = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calls go straight to the WSGI handler, which closes "old" connections at the start and
    end of every request; inside the test's transaction that would close PostgreSQL's
    connection. Django's own test client disconnects the same receiver."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, make_token):
    """Two locations with dossiers (a set-up organisation, so the public endpoint is open:
    issue 14); a token of every role, bound to the first location."""
    here, there = LocationFactory(), LocationFactory()
    dossier = FeedbackFactory(location=here, contacted=True)
    FeedbackFactory(location=there, registered=True)
    keys = {role: make_token(role, [here], name=f"bi-{role}")[1] for role in Role.values}
    return {"dossier": dossier, "location": here, "keys": keys}


def _real_ids(case, world) -> None:
    """Point `{id}` at an existing object, so actions meet a real dossier in some state. Only
    in schema-valid cases: a negative case's `{id}` may be the part made invalid."""
    if "id" not in (case.path_parameters or {}) or not case.meta.generation.mode.is_positive:
        return
    if case.path.startswith("/api/v1/klantreacties/"):
        case.path_parameters["id"] = str(world["dossier"].pk)
    elif case.path.startswith("/api/v1/locations/"):
        case.path_parameters["id"] = str(world["location"].pk)


# Every example goes to every caller: anonymous first, then a token of each role.
CALLERS = [None, *Role.values]


@schema.parametrize()
@FUZZ
def test_every_caller_keeps_to_the_schema(case, world):
    """Each schema operation, a few generated requests (valid and invalid, derandomized), each
    sent anonymously and with a token of every role; no `checks=`: every built-in check."""
    _real_ids(case, world)
    for role in CALLERS:
        # `X-Caller` only names the caller in schemathesis' "Reproduce with" line (which
        # filters the token); the API ignores it.
        headers = {"X-Caller": role or "anonymous"}
        if role:
            headers["Authorization"] = f"Bearer {world['keys'][role]}"
        case.call_and_validate(headers=headers)

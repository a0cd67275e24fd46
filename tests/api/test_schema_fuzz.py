"""schemathesis against the live schema (/api/schema/?format=json): no server error and no
response that breaks the schema, anonymous and with a token. Bounded: well under a minute."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from klachtwijs.organisation.models import Role
from klachtwijs.wsgi import application
from tests.factories import FeedbackFactory, LocationFactory

# The coverage phase would try every boundary of every field (hundreds of calls per operation);
# the fuzzing phase with negative data already covers bad input within the time budget.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)

CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=10,
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
    """Two locations with dossiers; a quality officer's token and a handler's token."""
    here, there = LocationFactory(), LocationFactory()
    dossier = FeedbackFactory(location=here, contacted=True)
    FeedbackFactory(location=there, registered=True)
    _, officer_key = make_token(Role.QUALITY_OFFICER, name="bi")
    return {"dossier": dossier, "location": here, "key": officer_key}


def _real_ids(case, world) -> None:
    """Point `{id}` at an existing object, so actions meet a real dossier in some state."""
    if "id" not in (case.path_parameters or {}):
        return
    if case.path.startswith("/api/v1/klantreacties/"):
        case.path_parameters["id"] = world["dossier"].pk
    elif case.path.startswith("/api/v1/locations/"):
        case.path_parameters["id"] = world["location"].pk


@schema.parametrize()
@FUZZ
def test_anonymous_calls_never_break_the_schema(case, db, location):
    # `location`: a set-up organisation, so the public endpoint is open (issue 14).
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@FUZZ
def test_token_calls_never_break_the_schema(case, world):
    _real_ids(case, world)
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Bearer {world['key']}"})

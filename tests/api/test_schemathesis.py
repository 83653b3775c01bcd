"""Property-based tests of the whole API from its OpenAPI schema (schemathesis): for every operation, generated
requests, valid and invalid, never get a server error, and every answer conforms to the schema's status codes,
content types and response schemas.

Bounded for CI: API_FUZZ_EXAMPLES examples per operation (default 25; a few minutes in all). Marked slow: it runs
once in CI, not once per database. Requests go to the Django application in this process, so they meet the test
database with a world of letters in it (tests/archive/test_access_rules.build_world).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from wagtail.models import APIToken

from api.main import api_v1
from tests.archive.test_access_rules import build_world

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "25"))

raw_schema = api_v1.get_openapi_schema()
schema = schemathesis.openapi.from_dict(raw_schema)
schema.app = WSGIHandler()

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def caller(db):
    """A head of office who is also a superuser (so every screen's permission passes), on a letter's chain."""
    world = build_world("rahasia")
    user = world.users["kadis"]
    user.is_superuser = True
    user.save()
    _token, key = APIToken.create_token(user=user, name="schemathesis")
    # Like Django's test client: a request must not close the test's database connection when it finishes.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {key}"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,
)
def test_no_operation_answers_with_a_server_error(case, caller):
    # Multipart bodies with generated field names (empty, control characters) are rejected by Django's multipart
    # parser before the API sees them; that rejection (422, as JSON) is right, so it is not counted against the
    # schema there. Every other check, server errors first, applies to every operation.
    excluded = [positive_data_acceptance] if case.media_type == "multipart/form-data" else []
    case.call_and_validate(headers=caller, excluded_checks=excluded)

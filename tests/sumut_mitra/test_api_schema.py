"""The API against its own OpenAPI schema (schemathesis, through the WSGI application): for
every operation, generated requests never get a server error and every answer fits the schema
it documents. Bounded and derandomised, so it runs the same way each time in about a minute."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.sumut_mitra.test_api_public import build_world

pytestmark = pytest.mark.django_db

EXAMPLES = 20  # per operation: the whole walk stays near a minute


@pytest.fixture
def wsgi_app():
    """The project's WSGI application in the test's transaction: as Django's test client does,
    a request's end must not close the connection that holds the test's rows."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def test_every_operation_answers_within_its_schema_and_without_a_server_error(wsgi_app):
    build_world()
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/agreements/", "/api/v1/submissions/{id}/"}
    failures = []
    for operation in operations:
        try:
            exercise(operation)
        except Exception as error:  # noqa: BLE001 - every operation is tried; all failures shown
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)


def exercise(operation):
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])

    check()

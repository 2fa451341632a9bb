"""schemathesis over /openapi.json (in-process ASGI app, real index): valid and invalid requests, zero 5xx,
and every 2xx body conforms to the response model the schema documents."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from rag import Assistant, Settings
from rag.adapters.api import create_app

pytestmark = pytest.mark.integration

KEY = "schema-key"
# Built at import so schemathesis can generate the tests; the real assistant is plugged in by `wired` below.
# (schemathesis.pytest.from_fixture does not work with pytest 9; from_asgi would run the lifespan.)
APP = create_app(Settings(api_keys=KEY, api_keys_file=None, cors_origins="", rate_limit_per_minute=1_000_000))
schema = schemathesis.openapi.from_dict(APP.openapi())
schema.app = APP


@pytest.fixture()
def wired(review_assistant: Assistant) -> Assistant:
    APP.state.assistant = review_assistant
    return review_assistant


@schema.parametrize()
@settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case, wired: Assistant) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {KEY}"}, checks=[not_a_server_error, response_schema_conformance]
    )


def test_schema_lists_every_endpoint() -> None:
    paths = set(APP.openapi()["paths"])
    assert {"/v1/ask", "/v1/search", "/v1/chat/completions", "/v1/models", "/v1/corpus", "/healthz", "/readyz"} <= paths

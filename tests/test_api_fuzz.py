"""Never a 500 for bad input (API.md "Errors, always"), checked by property-based fuzzing.

Schemathesis reads the served OpenAPI document (``/api/openapi.json``, through the WSGI app: no
network) and Hypothesis generates requests for every operation, both valid for the schema and
deliberately invalid, sent as each role of the standard organisation (and anonymously). Every answer
must be below 500, and every error must carry the envelope
``{"error": {"code", "message", "message_en", "details"}}``.

Bounded and reproducible: a fixed number of examples per operation (``FUZZ_EXAMPLES``, default 12),
derandomized, no example database, no deadline. ``FUZZ_EXAMPLES=200 pytest tests/test_api_fuzz.py``
digs deeper by hand.
"""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from app import create_app

ROLES = ("m1a", "l1", "sec1", "admin", "viewer1", None)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
ENVELOPE_KEYS = {"code", "message", "message_en", "details"}
CJK = re.compile(r"[\u4e00-\u9fff]")
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")  # a date-time in an answer (API.md: at +08:00)


def operation_labels() -> list[str]:
    """Every operation of the served document, as ``METHOD /path`` (read once, at collection)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    spec = app.test_client().get("/api/openapi.json").get_json()
    return [f"{method.upper()} {path}" for path, item in spec["paths"].items()
            for method in item if method != "parameters"]


def _instants(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [t for item in value.values() for t in _instants(item)]
    if isinstance(value, list):
        return [t for item in value for t in _instants(item)]
    return [value] if isinstance(value, str) and INSTANT.match(value) else []


def check_answer(response: Any, label: str) -> None:
    """The invariant: no 5xx, every error in the envelope of API.md, every time at +08:00."""
    status = response.status_code
    body = response.json() if response.content else None
    assert status < 500, f"{label} answered {status}: {body}"
    assert all(t.endswith("+08:00") for t in _instants(body)), f"{label}: a time without +08:00 in {body}"
    if status >= 400:
        assert isinstance(body, dict) and set(body) == {"error"}, f"{label} {status}: not an envelope: {body}"
        error = body["error"]
        assert set(error) == ENVELOPE_KEYS, f"{label} {status}: {error}"
        assert isinstance(error["code"], str) and error["code"].isupper(), error
        assert error["message"] and error["message_en"], error
        assert isinstance(error["details"], dict), error
        if error["code"] == "VALIDATION_ERROR" and "fields" in error["details"]:  # each problem in both languages
            assert all(CJK.search(p["message"]) and p["message_en"] for p in error["details"]["problems"]), error


@pytest.mark.parametrize("label", operation_labels())
def test_no_500_and_error_envelope_for_any_input(org, label):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", org.app)
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    tokens = {who: org.token(who) for who in ROLES if who}
    cases = st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                      operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, print_blob=True,
              suppress_health_check=list(HealthCheck))
    @given(case=cases, who=st.sampled_from(ROLES))
    def fuzz(case, who):
        headers = dict(case.headers or {})
        headers.pop("Authorization", None)
        if who:
            headers["Authorization"] = f"Bearer {tokens[who]}"
        case.headers = headers  # in the case itself: schemathesis drops call(headers=) when case.headers is empty
        response = case.call()
        check_answer(response, f"{label} as {who}")
        case.validate_response(response, checks=[response_schema_conformance, content_type_conformance])

    fuzz()

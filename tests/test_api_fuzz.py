"""Never a 500 for bad input (API.md "Errors, always"), checked by property-based fuzzing.

Schemathesis reads the served OpenAPI document (``/api/openapi.json``, through the WSGI app: no
network) and Hypothesis generates requests for every operation, both valid for the schema and
deliberately invalid, sent as each role of the standard organisation (and anonymously). Every answer
must be below 500, every error must carry the envelope
``{"error": {"code", "message", "message_en", "details"}}`` (a VALIDATION_ERROR with each field's
problem in Chinese and English), and every time must carry +08:00. And the other way round: a
request valid for the document is never refused as malformed (400), so the document states every
constraint the server enforces (``app/openapi.py``).

Bounded and reproducible: a fixed number of examples per operation (``FUZZ_EXAMPLES``, default 12),
derandomized, no example database, no deadline. ``FUZZ_EXAMPLES=200 pytest tests/test_api_fuzz.py``
digs deeper by hand.
"""

from __future__ import annotations

import os
import re
from datetime import date
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, assume, given, settings
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


def _json(response: Any) -> Any:
    """The answer's JSON; None for an empty answer or a file (an .xlsx export, REPORT-2)."""
    kind = (response.headers.get("content-type") or [""])[0]
    return response.json() if response.content and kind.startswith("application/json") else None


def check_answer(response: Any, label: str) -> None:
    """The invariant: no 5xx, every error in the envelope of API.md, every time at +08:00."""
    status = response.status_code
    body = _json(response)
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


def _as(case: Any, who: str | None, tokens: dict[str, str]) -> None:
    headers = dict(case.headers or {})
    headers.pop("Authorization", None)
    if who:
        headers["Authorization"] = f"Bearer {tokens[who]}"
    case.headers = headers  # in the case itself: schemathesis drops call(headers=) when case.headers is empty


def _fuzz(org, label: str, cases, check) -> None:
    """Run ``check(case, response, who)`` on ``EXAMPLES`` cases of ``label`` sent as each role (derandomized)."""
    tokens = {who: org.token(who) for who in ROLES if who}

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None, print_blob=True,
              suppress_health_check=list(HealthCheck))
    @given(case=cases, who=st.sampled_from(ROLES))
    def fuzz(case, who):
        _as(case, who, tokens)
        check(case, case.call(), f"{label} as {who}")

    fuzz()


def _operation(org, label: str):
    method, path = label.split(" ", 1)
    return schemathesis.openapi.from_wsgi("/api/openapi.json", org.app)[path][method]


@pytest.mark.parametrize("label", operation_labels())
def test_no_500_and_error_envelope_for_any_input(org, label):
    operation = _operation(org, label)
    cases = st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                      operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

    def check(case, response, who):
        check_answer(response, who)
        case.validate_response(response, checks=[response_schema_conformance, content_type_conformance])

    _fuzz(org, label, cases, check)


def _stated_ranges(org, label: str) -> list[tuple[str, dict]]:
    """The ``x-range`` limits the document states on query parameters: (the ``to`` name, {from, max_days})."""
    method, path = label.split(" ", 1)
    operation = org.client.get("/api/openapi.json").get_json()["paths"][path][method.lower()]
    return [(p["name"], p["schema"]["x-range"]) for p in operation.get("parameters", [])
            if "x-range" in p.get("schema", {})]


def _within(query: dict, to: str, rule: dict) -> bool:
    """Whether ``query`` keeps a stated range: ``from`` ≤ ``to``, covering at most ``max_days`` days."""
    if to not in query or rule["from"] not in query:
        return True
    start, end = date.fromisoformat(query[rule["from"]]), date.fromisoformat(query[to])
    return start <= end and (end - start).days + 1 <= rule.get("max_days", 10**6)


@pytest.mark.parametrize("label", operation_labels())
def test_schema_valid_requests_are_never_refused_as_malformed(org, label):
    """The document states every constraint the server enforces: a request valid for it is never a 400.

    Two things JSON Schema cannot say are taken from the document otherwise: the ``x-range`` of a
    ``from``/``to`` pair (requests outside it are not sent), and ``cursor``, which is opaque (an
    earlier answer's ``next_cursor``): a made-up one is rightly refused, so it is left out.
    """
    operation = _operation(org, label)
    ranges = _stated_ranges(org, label)

    def check(case, response, who):
        assume(all(_within(case.query or {}, to, rule) for to, rule in ranges))
        if case.query and "cursor" in case.query:
            case.query.pop("cursor")
            response = case.call()
        check_answer(response, who)
        body = _json(response)
        assert response.status_code != 400, f"{who}: schema-valid {case.body!r} {case.query!r} refused: {body}"

    _fuzz(org, label, operation.as_strategy(generation_mode=GenerationMode.POSITIVE), check)

"""The served OpenAPI document describes the API of API.md: every operation with a summary, its
request and response schemas, errors in the envelope, malformed input as 400, lists with cursor/limit."""

from __future__ import annotations

import pytest

from tests.helpers import assert_error


@pytest.fixture
def spec(client):
    return client.get("/api/openapi.json").get_json()


def operations(spec):
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method != "parameters":
                yield f"{method.upper()} {path}", op, op.get("parameters", []) + item.get("parameters", [])


def _schema_of(spec, response):
    content = response.get("content", {})
    binary = [media for media, item in content.items() if item.get("schema", {}).get("format") == "binary"]
    if binary and "application/json" not in content:  # a file download (PAY-1's .xlsx) states its media type
        return content[binary[0]]["schema"]
    ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
    return spec["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {}) if ref else None


def _is_file(response) -> bool:
    """A file answer (an .xlsx export, REPORT-2): a media type other than JSON, as a binary string."""
    return any(kind != "application/json" and body.get("schema", {}).get("format") == "binary"
               for kind, body in response.get("content", {}).items())


def test_every_operation_has_a_summary_and_a_response_schema(spec):
    for label, op, _ in operations(spec):
        assert op.get("summary"), f"{label} has no summary (view docstring)"
        success = [code for code in op["responses"] if code.startswith("2")]
        assert success, f"{label} documents no success response"
        for code in success:
            response = op["responses"][code]
            assert _schema_of(spec, response) is not None or _is_file(response), f"{label} {code} has no schema"


def test_errors_are_documented_as_the_envelope_and_bad_arguments_as_400(spec):
    envelope = spec["components"]["schemas"]["ErrorEnvelope"]
    assert envelope["required"] == ["error"]
    body = spec["components"]["schemas"]["ErrorBody"]
    assert set(body["required"]) == {"code", "message", "message_en", "details"}
    for label, op, _ in operations(spec):
        assert "422" not in op["responses"] or "requestBody" not in op, f"{label}: bad input is 400, not 422"
        assert op["responses"]["default"]["$ref"].endswith("DEFAULT_ERROR")
    default = spec["components"]["responses"]["DEFAULT_ERROR"]
    assert default["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorEnvelope")


def test_every_list_answers_items_and_next_cursor_and_takes_cursor_and_limit(spec):
    for label, op, params in operations(spec):
        if not label.startswith("GET"):
            continue
        schema = _schema_of(spec, op["responses"]["200"]) or {}
        if set(schema.get("properties", {})) != {"items", "next_cursor"}:
            continue
        names = {p["name"]: p for p in params if p["in"] == "query"}
        assert "cursor" in names and "limit" in names, f"{label} is a list without cursor/limit"
        limit = names["limit"]["schema"]
        assert (limit["default"], limit["minimum"], limit["maximum"]) == (50, 1, 500), label


def test_malformed_query_is_400_validation_error_not_422(org):
    error = assert_error(org.as_("m1a").get("/alerts?limit=0"), 400, "VALIDATION_ERROR")
    assert "limit" in error["details"]["fields"]["query"]


def test_computed_fields_are_documented_with_a_type(spec):
    """A marshmallow Function field documents nothing unless told; the contract's fields must have a shape."""
    schemas = spec["components"]["schemas"]
    assert schemas["MeOut"]["properties"]["posting"]["properties"]["village"]["$ref"].endswith("/Ref")
    assert schemas["PersonOut"]["properties"]["bound"]["type"] == "boolean"
    assert schemas["CaseOut"]["properties"]["person"]["$ref"].endswith("/Ref")
    assert schemas["MissedLogOut"]["properties"]["person"]["$ref"].endswith("/Ref")
    for name, schema in schemas.items():
        for prop, body in schema.get("properties", {}).items():
            assert body, f"{name}.{prop} is documented without a type"

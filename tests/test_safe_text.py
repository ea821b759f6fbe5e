"""No NUL and no lone surrogate reaches a database: 400 VALIDATION_ERROR for every string field.

PostgreSQL refuses U+0000 in text; neither database (nor UTF-8) can store a lone surrogate, which a
JSON escape such as ``"\\ud800"`` produces. Both used to answer 500 (or, on SQLite, store the NUL).
The walk below takes every operation of the served OpenAPI document, builds a request holding
every field its schema describes (a valid-looking value each), and for each string field in turn
(body, query, header, path) sends it with a NUL and with a lone surrogate appended: the answer is
400 VALIDATION_ERROR naming the field (or 403 for a role refused before its body is read).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.helpers import assert_error
from tests.orgdata import standard_org
from tests.test_api_fuzz import operation_labels

TODAY = "2026-03-02"
BAD = {"nul": "\x00", "lone_surrogate": "\ud800"}
#: Bodies the document describes only as an object: a realistic one (every string is walked).
OPAQUE_BODIES = {"POST /api/v1/admin/org-import": standard_org()}


def _resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def example(spec: dict, schema: dict) -> Any:
    """A value for ``schema`` with every property present and plausible values."""
    schema = _resolve(spec, schema)
    if "oneOf" in schema:
        return example(spec, schema["oneOf"][0])
    kind = schema.get("type")
    if kind == "object":
        return {name: example(spec, sub) for name, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [example(spec, schema.get("items", {}))]
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    if "enum" in schema:
        return next((v for v in schema["enum"] if v is not None), None)
    return {"date": TODAY, "date-time": f"{TODAY}T09:00:00+08:00"}.get(schema.get("format"),
                                                                        "文本" * max(1, schema.get("minLength", 1)))


def string_paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from string_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_paths(item, (*path, index))


def spoiled(value: Any, path: tuple, bad: str) -> Any:
    value = copy.deepcopy(value)
    if not path:
        return value + bad
    node = value
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = node[path[-1]] + bad
    return value


def request_parts(spec: dict, label: str) -> dict[str, Any]:
    """The example request of an operation: {"path": {...}, "query": {...}, "header": {...}, "json": ...}."""
    method, path = label.split(" ", 1)
    operation = spec["paths"][path][method.lower()]
    parts: dict[str, Any] = {"path": {}, "query": {}, "header": {}}
    for param in operation.get("parameters", []) + spec["paths"][path].get("parameters", []):
        schema = param.get("schema", {})
        if param["in"] == "path":
            if schema.get("type") == "string":
                parts["path"][param["name"]] = TODAY  # the only string path segment is a day
        elif param["name"] not in ("cursor", "Authorization"):  # cursor: an opaque token of the server's own
            parts[param["in"]][param["name"]] = "key-1" if param["in"] == "header" else example(spec, schema)
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        parts["json"] = OPAQUE_BODIES.get(label) or example(spec, content["application/json"]["schema"])
    return parts


def cases(spec: dict, label: str) -> Iterator[tuple[str, tuple, Any]]:
    """(location, path, spoiled request parts) for every string field and every bad character."""
    parts = request_parts(spec, label)
    for location in ("json", "query", "header", "path"):
        if location not in parts:
            continue
        for path in string_paths(parts[location]):
            for name, bad in BAD.items():
                if name == "lone_surrogate" and location != "json":
                    continue  # URLs and headers carry bytes: no lone surrogate can be sent in them
                yield location, path, {**parts, location: spoiled(parts[location], path, bad)}


def send(org, label: str, parts: dict, who: str):
    method, path = label.split(" ", 1)
    url = path.format(**{k: v.replace("\x00", "%00") for k, v in parts["path"].items()} |
                      {k: "1" for k in ("person_id", "request_id", "case_id", "alert_id", "delivery_id", "upload_id",
                                        "correction_id", "posting_id", "call_id", "unit_id")} |
                      {"year": "2026"})
    headers = {"Authorization": f"Bearer {org.token(who)}", **parts["header"]}
    kwargs: dict[str, Any] = {"query_string": parts["query"]}
    if "json" in parts:  # ensure_ascii: a lone surrogate travels as the JSON escape \ud800
        kwargs.update(data=json.dumps(parts["json"]), content_type="application/json")
    return org.client.open(url, method=method, headers=headers, **kwargs)


def named(fields: dict, location: str, path: tuple) -> bool:
    node = fields.get({"header": "headers"}.get(location, location), fields)
    for part in path:
        if not isinstance(node, dict) or str(part) not in {str(k) for k in node}:
            return False
        node = node[next(k for k in node if str(k) == str(part))]
    return True


@pytest.mark.parametrize("label", operation_labels())
def test_nul_and_lone_surrogates_are_400_in_every_string_field(org, travel, label):
    travel(f"{TODAY}T09:00:00+08:00")
    spec = org.client.get("/api/openapi.json").get_json()
    for location, path, parts in cases(spec, label):
        response = send(org, label, parts, "m1a")
        if response.status_code == 403:  # a cadre may not: the city office may (or is refused before 400 too)
            response = send(org, label, parts, "admin")
        error = assert_error(response, 400, "VALIDATION_ERROR")
        if location in ("json", "query"):
            assert named(error["details"]["fields"], location, path), (label, path, error)


def test_a_raw_lone_surrogate_in_utf8_bytes_is_a_400(org):
    """The UTF-8 encoding of U+D800 (ED A0 80) is not valid UTF-8: refused before any schema."""
    body = b'{"content": "\xed\xa0\x80"}'
    response = org.as_("m1a").put("/logs/2026-03-02", data=body, content_type="application/json")
    assert_error(response, 400, "VALIDATION_ERROR")


def test_nul_in_an_import_file_is_refused_with_nothing_written(org, runner, tmp_path):
    renamed = {"towns": [{"key": "t1", "name": "大柳塔\x00镇"}]}  # a re-import that would rename t1
    (tmp_path / "bad.json").write_text(json.dumps(renamed), encoding="utf-8")
    result = runner.invoke(args=["import-org", str(tmp_path / "bad.json")])
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "VALIDATION_ERROR" and error["details"]["fields"]["file"]["towns"]["0"]["name"]
    villages = org.as_("admin").get("/villages").get_json()["items"]
    assert "大柳塔镇" in json.dumps(villages, ensure_ascii=False)  # the stored name is untouched

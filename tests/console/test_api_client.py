"""The console's typed API client is generated from the served OpenAPI document, never by hand:
the committed ``web/src/api/schema.d.ts`` must be what openapi-typescript makes of it now."""

from __future__ import annotations

import json
import subprocess

from tests.console.helpers import WEB, require_node_tool


def test_the_committed_api_types_match_the_served_openapi_document(client, tmp_path):
    generator = require_node_tool("openapi-typescript")
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(client.get("/api/openapi.json").get_json()), encoding="utf-8")
    out = tmp_path / "schema.d.ts"
    subprocess.run([str(generator), str(spec), "-o", str(out)], check=True, capture_output=True, timeout=120)
    committed = (WEB / "src" / "api" / "schema.d.ts").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, (
        "web/src/api/schema.d.ts is out of date with the API: run `npm --prefix web run gen:api` and commit it")

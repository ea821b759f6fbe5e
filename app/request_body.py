"""Reading a JSON body that is not described by one schema (e.g. the org import document)."""

from __future__ import annotations

from typing import Any

from flask import request

from app.errors import validation_error
from app.safe_text import refuse_unsafe_text


def json_body() -> Any:
    """The parsed JSON body of safe text (``app.safe_text``), or VALIDATION_ERROR (400).

    Size limits are set in the factory.
    """
    body = request.get_json(silent=True)
    if body is None:
        raise validation_error({"json": ["a JSON body is required"]}, "malformed or missing JSON body")
    refuse_unsafe_text(body, "json")
    return body

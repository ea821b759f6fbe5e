"""Reading input that is not described by one schema: a JSON body (e.g. the org import document), a
date in the path."""

from __future__ import annotations

import re
from datetime import date
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


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def path_date(text: str) -> date:
    """A ``<day:…>`` path segment (``YYYY-MM-DD``) as a date, or VALIDATION_ERROR (400)."""
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise validation_error({"date": [f"{text!r} is not a date (YYYY-MM-DD)"]}, "malformed date in the path")

"""What the served OpenAPI document states beyond marshmallow's own conversion: the constraints the
server enforces where a field's validators alone do not say them, so a request valid for the
document is never refused as malformed (``tests/test_api_fuzz.py`` checks it with schemathesis).

- Every plain string: no NUL (a ``pattern``), as ``app.safe_text`` refuses it (and lone
  surrogates, which valid UTF-8 cannot carry); a string trimmed before its checks: one visible
  character at least.
- A date bounded by whole years (``validate.Range(date(2000, 1, 1), date(2100, 12, 31))``): its
  years as a ``pattern`` (OpenAPI 3.0 cannot bound a date otherwise; apispec's ``x-minimum`` is
  read by no tool).
- A time the client sends (``AwareDateTime``): an offset is required and the year is 0002–9998
  (the edges of the calendar cannot be held in UTC).
- Path segments: ``<day:…>`` is a date, ``<year:…>`` FIRST_YEAR..LAST_YEAR (``app.fields``).

``spec_kwargs()`` gives ``api.init_app`` the plugins that say so.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from apispec.ext.marshmallow import MarshmallowPlugin
from flask_smorest.spec.plugins import FlaskPlugin
from marshmallow import fields, validate

from app.fields import FIRST_YEAR, LAST_YEAR, DayConverter, YearConverter

#: Formats that by themselves exclude NUL (apispec's "url" for ``fields.Url`` is not one of them).
STANDARD_FORMATS = {"date", "date-time", "time", "email", "uri", "uuid", "ipv4", "ipv6", "hostname", "binary",
                    "byte"}
SAFE_TEXT = "^[^\\u0000]*$"
VISIBLE_TEXT = "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"
_MONTH_DAY = "-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_CLOCK = "T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"


def _digit(a: int, b: int) -> str:
    return str(a) if a == b else f"[{a}-{b}]"


def digits_between(lo: str, hi: str) -> str:
    """A regex for the fixed-width decimal strings from ``lo`` to ``hi`` (same width, lo ≤ hi)."""
    if len(lo) == 1:
        return _digit(int(lo), int(hi))
    if lo[0] == hi[0]:
        return lo[0] + digits_between(lo[1:], hi[1:])
    rest = len(lo) - 1
    any_rest = "[0-9]" if rest == 1 else f"[0-9]{{{rest}}}"
    first = int(lo[0]) if lo[1:] == "0" * rest else int(lo[0]) + 1  # the leading digits free below
    last = int(hi[0]) if hi[1:] == "9" * rest else int(hi[0]) - 1
    parts = [lo[0] + digits_between(lo[1:], "9" * rest)] if first > int(lo[0]) else []
    parts += [_digit(first, last) + any_rest] if first <= last else []
    parts += [hi[0] + digits_between("0" * rest, hi[1:])] if last < int(hi[0]) else []
    return parts[0] if len(parts) == 1 else "(" + "|".join(parts) + ")"


def date_pattern(first_year: int, last_year: int) -> str:
    """``YYYY-MM-DD`` with the year in [first_year, last_year]."""
    return f"^{digits_between(f'{first_year:04d}', f'{last_year:04d}')}{_MONTH_DAY}$"


AWARE_INSTANT = f"^{digits_between('0002', '9998')}{_MONTH_DAY}{_CLOCK}$"


def _whole_years(field: fields.Field) -> tuple[int, int] | None:
    for validator in field.validators:
        if isinstance(validator, validate.Range) and isinstance(validator.min, date) \
                and isinstance(validator.max, date) and (validator.min.month, validator.min.day) == (1, 1) \
                and (validator.max.month, validator.max.day) == (12, 31):
            return validator.min.year, validator.max.year
    return None


def _trimmed(field: fields.Field) -> bool:
    """A string field that strips its value before its validators (e.g. ``Trimmed``) and needs one character."""
    return type(field)._deserialize is not fields.String._deserialize and any(
        isinstance(v, validate.Length) and (v.min or 0) >= 1 for v in field.validators)


def _constraints(converter: Any, field: fields.Field, ret: dict, **kwargs: Any) -> dict:
    """apispec attribute function: the patterns above, for fields that have none of their own."""
    if "pattern" in ret or "enum" in ret:
        return {}
    if isinstance(field, fields.AwareDateTime):
        return {"pattern": AWARE_INSTANT}
    if isinstance(field, fields.Date) and (years := _whole_years(field)):
        return {"pattern": date_pattern(*years)}
    if isinstance(field, fields.String) and ret.get("format") not in STANDARD_FORMATS:
        return {"pattern": VISIBLE_TEXT if _trimmed(field) else SAFE_TEXT}
    return {}


PATH_SEGMENTS: dict[type, dict[str, Any]] = {
    DayConverter: {"type": "string", "format": "date"},
    YearConverter: {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
}


class ConstraintsPlugin(MarshmallowPlugin):
    """apispec's marshmallow plugin, stating the constraints above; and a schema with
    ``openapi_one_of`` (schema classes) is documented as ``oneOf`` them — a requirement that depends
    on another field (a trip needs ``trip_type``) is said that way."""

    def init_spec(self, spec: Any) -> None:
        super().init_spec(spec)
        self.converter.add_attribute_function(_constraints)

    def schema_helper(self, name: str, _: Any, schema: Any = None, **kwargs: Any) -> dict | None:
        documented = super().schema_helper(name, _, schema=schema, **kwargs)
        variants = vars(schema if isinstance(schema, type) else type(schema)).get("openapi_one_of")
        if variants:  # the class's own, not inherited by its variants
            return {"oneOf": [self.converter.resolve_nested_schema(variant) for variant in variants]}
        return documented


class ConvertersPlugin(FlaskPlugin):
    """flask-smorest's Flask plugin, documenting the path converters of ``app.fields``."""

    def __init__(self) -> None:
        super().__init__()
        for converter, schema in PATH_SEGMENTS.items():
            self.register_converter(converter, lambda _converter, schema=schema: dict(schema))


def spec_kwargs() -> dict[str, Any]:
    """For ``api.init_app(app, spec_kwargs=...)``: fresh plugins for one app's spec."""
    return {"marshmallow_plugin": ConstraintsPlugin(), "flask_plugin": ConvertersPlugin()}

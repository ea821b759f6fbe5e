"""What goes over the wire for check-ins (API.md ``/checkins``)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate, validates_schema

from app import clock
from app.fields import range_end, record_id
from app.org.schemas import Ref
from app.pagination import PageArgs
from app.policy import current_policy
from config.policy import DEFAULT_POLICY
from geofence import COORD_SYSTEMS

IDEMPOTENCY_KEY = validate.Regexp(r"^[A-Za-z0-9._:\-]{1,128}$")
MAX_LIST_DAYS = 366


class FiniteNumber(fields.Float):
    """A JSON number, finite (no NaN or Infinity, which Python's JSON parser lets through); never a
    string or a boolean."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError("must be a number")
        number = float(value)
        if not math.isfinite(number):
            raise ValidationError("must be a finite number")
        return number


def _representable(instant: datetime) -> None:
    """An instant that UTC and the business day can hold (not 0001-01-01 or 9999-12-31 at the edges)."""
    try:
        instant.astimezone(UTC)
        clock.business_day(instant)
    except OverflowError as exc:
        raise ValidationError("not a representable time") from exc


class CheckinIn(Schema):
    """A check-in as the phone sends it (CHK-2, CHK-5, CHK-6, CHK-8).

    Unknown fields are ignored, not refused: a mini-program may forward the whole
    ``wx.getLocation`` result (speed, altitude, verticalAccuracy, …), and a cadre standing in the
    village must not be turned away for it. Idempotency compares the validated body, so they
    do not affect replays either.
    """

    class Meta:
        unknown = EXCLUDE

    lat = FiniteNumber(required=True, validate=validate.Range(-90, 90))
    lon = FiniteNumber(required=True, validate=validate.Range(-180, 180))
    coord_system = fields.String(load_default=lambda: current_policy().default_coord_system,
                                 validate=validate.OneOf(COORD_SYSTEMS),
                                 metadata={"description": "wgs84, gcj02 (default, as wx.getLocation) or bd09"})
    accuracy_m = FiniteNumber(required=True, metadata={  # the policy's bounds, checked in _sane_accuracy
        "description": "horizontal accuracy in metres (0..accuracy_sane_max_m)", "minimum": 0,
        "maximum": DEFAULT_POLICY.accuracy_sane_max_m})
    captured_at = fields.AwareDateTime(required=True, format="iso", validate=_representable,
                                       metadata={"description": "capture time, ISO 8601 with offset"})
    mock_location = fields.Boolean(load_default=False, truthy={True}, falsy={False})
    device_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 128))
    photo_id = record_id(load_default=None, allow_none=True, strict=True)

    @validates_schema
    def _sane_accuracy(self, data, **kwargs):
        limit = current_policy().accuracy_sane_max_m
        accuracy = data.get("accuracy_m")
        if accuracy is not None and not 0 <= accuracy <= limit:
            raise ValidationError(f"must be between 0 and {limit:.0f} metres", "accuracy_m")


class CheckinOut(Schema):
    """The 201 answer (and its replays)."""

    id = fields.Integer()
    status = fields.String(metadata={"description": "accepted | rejected"})
    reason = fields.String(allow_none=True, metadata={"description": "the rejection reason code (CHK-3)"})
    message = fields.String()
    message_en = fields.String()
    distance_m = fields.Float(allow_none=True, metadata={"description": "to the nearest fence edge, 0 inside"})
    day = fields.Date(metadata={"description": "capture day in Asia/Shanghai"})


class CheckinItem(CheckinOut):
    """A stored check-in in a list."""

    person = fields.Nested(Ref)
    village = fields.Nested(Ref, allow_none=True)
    captured_at = fields.DateTime()
    received_at = fields.DateTime()
    lat = fields.Float()
    lon = fields.Float()
    coord_system = fields.String()
    accuracy_m = fields.Float()
    mock_location = fields.Boolean()
    device_id = fields.String(allow_none=True)
    photo_id = fields.Integer(allow_none=True)


def _shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, held within the calendar (0001-01-01 … 9999-12-31), never an overflow."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


class CheckinListArgs(PageArgs):
    person_id = record_id(metadata={"description": "default: everyone the caller may see"})
    from_ = fields.Date(data_key="from", metadata={"description": "first capture day (default: to − 30 days)"})
    to = fields.Date(metadata=range_end(MAX_LIST_DAYS, description="last capture day (default: from + 30 days, or "
                                                                   "today)"))

    @post_load
    def _range(self, data, **kwargs):
        """Defaults (to: today, from: to − 30 days) and the limits: from ≤ to, ≤ 366 days."""
        if "to" not in data:
            data["to"] = _shift(data["from_"], 30) if "from_" in data else clock.today()
        end = data["to"]
        start = data.setdefault("from_", _shift(end, -30))
        if start > end:
            raise ValidationError("from must not be after to", "from")
        if (end - start).days + 1 > MAX_LIST_DAYS:
            raise ValidationError(f"at most {MAX_LIST_DAYS} days at a time", "to")
        return data

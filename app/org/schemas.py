"""What goes over the wire for the organisation: the import format of API.md and the directory."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from app.fields import Ref, record_id
from app.org.models import POSTED_ROLES, ROLES, SOURCES
from app.org.rules import ROTATION_REASONS
from app.pagination import PageArgs
from geofence.coords import COORD_SYSTEMS

KEY = fields.String(required=True, validate=validate.Length(1, 64))
NAME = {"required": True, "validate": validate.Length(1, 100)}


class LatLon(fields.List):
    """``[lat, lon]`` in degrees, finite and in range."""

    def __init__(self, **kwargs):
        super().__init__(fields.Float(allow_nan=False), validate=validate.Length(equal=2), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        lat, lon = super()._deserialize(value, attr, data, **kwargs)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValidationError("coordinates are [lat, lon] with lat in [-90, 90] and lon in [-180, 180]")
        return [lat, lon]


# --- import (API.md "Org import") -------------------------------------------------------------

class TownIn(Schema):
    key = KEY
    name = fields.String(**NAME)
    wecom_webhook = fields.Url(allow_none=True, load_default=None, schemes={"https", "http"})


class UnitIn(Schema):
    key = KEY
    name = fields.String(**NAME)
    meal_rate_yuan = fields.Decimal(places=2, allow_none=True, load_default=None, allow_nan=False,
                                    validate=validate.Range(0, 1000), metadata={
                                        "description": "PAY-1: the unit's travel-meal rate, yuan per attendance day",
                                        "minimum": 0, "maximum": 1000})


class FenceIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["circle", "polygon"]))
    center = LatLon()
    radius_m = fields.Float(allow_nan=False, validate=validate.Range(1, 50_000))
    points = fields.List(LatLon(), validate=validate.Length(3, 2000))
    coord_system = fields.String(validate=validate.OneOf(COORD_SYSTEMS))

    @validates_schema
    def _shape(self, data, **kwargs):
        if data["kind"] == "circle" and "center" not in data:
            raise ValidationError("a circle fence needs a center", "center")
        if data["kind"] == "polygon" and "points" not in data:
            raise ValidationError("a polygon fence needs points", "points")


class VillageIn(Schema):
    key = KEY
    town = fields.String(required=True)
    name = fields.String(**NAME)
    types = fields.List(fields.String(validate=validate.Length(1, 50)), load_default=list)
    fences = fields.List(fields.Nested(FenceIn), load_default=list)
    distance_tier = fields.String(allow_none=True, load_default=None, validate=validate.Length(1, 20), metadata={
        "description": "PAY-1: the village's distance tier (a tier of transport_allowance_yuan_by_tier)"})


class PersonIn(Schema):
    key = KEY
    name = fields.String(required=True, validate=validate.Length(1, 50))
    phone = fields.String(allow_none=True, load_default=None, validate=validate.Regexp(r"^\+?[0-9\- ]{5,20}$"))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    unit = fields.String(allow_none=True, load_default=None)
    town = fields.String(allow_none=True, load_default=None)
    party_member = fields.Boolean(load_default=False)
    party_joined_on = fields.Date(allow_none=True, load_default=None)
    work_started_on = fields.Date(allow_none=True, load_default=None)
    source = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(SOURCES))


class PostingIn(Schema):
    person = fields.String(required=True)
    village = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(POSTED_ROLES))
    start_date = fields.Date(required=True)
    end_date = fields.Date(allow_none=True, load_default=None)
    planned_end_date = fields.Date(allow_none=True, load_default=None,
                                   metadata={"description": "ORG-5: last day of the planned term (default: "
                                                            "term_min_years after the start)"})
    handover_of = fields.String(allow_none=True, load_default=None, validate=validate.Length(1, 64),
                                metadata={"description": "ORG-5: this posting takes over from that person's posting "
                                                         "in the village; the handover runs to its end_date"})
    rotation_reason = fields.String(allow_none=True, load_default=None, validate=validate.OneOf(ROTATION_REASONS),
                                    metadata={"description": "ORG-5: why the handed-over posting ends before its term"})

    @validates_schema
    def _dates(self, data, **kwargs):
        if data.get("end_date") and data["end_date"] < data["start_date"]:
            raise ValidationError("end_date is before start_date", "end_date")


SECTIONS: dict[str, type[Schema]] = {
    "towns": TownIn, "units": UnitIn, "villages": VillageIn, "people": PersonIn, "postings": PostingIn,
}


class OrgImportIn(Schema):
    """The whole import document; items are validated one by one so every problem is listed."""

    class Meta:
        unknown = EXCLUDE

    towns = fields.List(fields.Dict(), load_default=list)
    units = fields.List(fields.Dict(), load_default=list)
    villages = fields.List(fields.Dict(), load_default=list)
    people = fields.List(fields.Dict(), load_default=list)
    postings = fields.List(fields.Dict(), load_default=list)


#: The import document as the OpenAPI document describes it: each section a list of its items. (The
#: import reads sections as plain objects, so that every item's problems are listed: 422, not 400.)
OrgImportDoc = Schema.from_dict({section: fields.List(fields.Nested(item), load_default=list)
                                 for section, item in SECTIONS.items()}, name="OrgImportDoc")


class OrgImportOut(Schema):
    created = fields.Dict(keys=fields.String(), values=fields.Integer())
    updated = fields.Dict(keys=fields.String(), values=fields.Integer())
    ids = fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Integer()))
    invite_codes = fields.Dict(keys=fields.String(), values=fields.String())
    notes = fields.List(fields.Dict())


# --- directory --------------------------------------------------------------------------------

class FenceOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    center = fields.Method("_center", metadata={"description": "[lat, lon] WGS-84"})
    radius_m = fields.Float(allow_none=True)
    points = fields.List(fields.List(fields.Float()), allow_none=True)

    def _center(self, fence):
        return None if fence.center_lat is None else [fence.center_lat, fence.center_lon]


class VillageOut(Schema):
    id = fields.Integer()
    key = fields.String()
    name = fields.String()
    types = fields.List(fields.String())
    town = fields.Nested(Ref)
    fences = fields.List(fields.Nested(FenceOut))


class PostingOut(Schema):
    id = fields.Integer()
    village = fields.Nested(Ref)
    role = fields.String()
    start_date = fields.Date()
    end_date = fields.Date(allow_none=True)


# ``posting`` is computed (the posting current today); this documents its shape in the OpenAPI.
POSTING_DOC = {"type": "object", "nullable": True, "description": "the current posting, null when none",
               "properties": {"id": {"type": "integer"}, "village": {"$ref": "#/components/schemas/Ref"},
                              "role": {"type": "string"}, "start_date": {"type": "string", "format": "date"},
                              "end_date": {"type": "string", "format": "date", "nullable": True}}}


class PersonOut(Schema):
    id = fields.Integer()
    key = fields.String()
    name = fields.String()
    role = fields.String()
    phone = fields.String(allow_none=True)
    town = fields.Nested(Ref, allow_none=True)
    unit = fields.Nested(Ref, allow_none=True)
    party_member = fields.Boolean()
    bound = fields.Function(lambda p: p.openid is not None, metadata={"type": "boolean"})
    posting = fields.Function(lambda p: PostingOut().dump(p.current_posting()) if p.current_posting() else None,
                              metadata=POSTING_DOC)
    no_promotion_until = fields.Date(allow_none=True, metadata={
        "description": "RECALL-2: not to be promoted until this date (two years after a confirmed recall), or null"})


class PeopleArgs(PageArgs):
    village_id = record_id()
    role = fields.String(validate=validate.OneOf(ROLES))


class VillageArgs(PageArgs):
    town_id = record_id()


class ShortfallOut(Schema):
    village = fields.Nested(Ref)
    town = fields.Nested(Ref)
    types = fields.List(fields.String())
    leaders = fields.Integer()
    members = fields.Integer()
    leaders_needed = fields.Integer()
    members_needed = fields.Integer()
    message = fields.String()
    message_en = fields.String()


# --- ORG-5: terms and handovers ---------------------------------------------------------------------

class RotationIn(Schema):
    successor_id = record_id(required=True,
                             metadata={"description": "the cadre who takes over (not posted elsewhere)"})
    handover_start = fields.Date(required=True, metadata={"description": "first day both are posted (today or later)"})
    handover_end = fields.Date(metadata={"description": "the leaving cadre's last day; default: the "
                                                        "handover_working_days-th working day from the start"})
    reason = fields.String(validate=validate.OneOf(ROTATION_REASONS),
                           metadata={"description": "before the term ends: health or transfer_out "
                                                    "(promotion is refused)"})


class EndingArgs(PageArgs):
    within_days = fields.Integer(load_default=90, validate=validate.Range(1, 366))


class HandoverSide(Schema):
    posting_id = fields.Integer(attribute="id")
    person = fields.Nested(Ref)


class HandoverOut(Schema):
    id = fields.Integer()
    village = fields.Nested(Ref, attribute="leaving.village")
    role = fields.String(attribute="leaving.role")
    leaving = fields.Nested(HandoverSide)
    successor = fields.Nested(HandoverSide)
    start_date = fields.Date()
    end_date = fields.Date()
    working_days = fields.Integer()
    reason = fields.String(allow_none=True)


class HandoverBrief(Schema):
    successor = fields.Nested(Ref, attribute="successor.person")
    start_date = fields.Date()
    end_date = fields.Date()
    working_days = fields.Integer()


class EndingPostingOut(Schema):
    id = fields.Integer()
    person = fields.Nested(Ref)
    village = fields.Nested(Ref)
    town = fields.Nested(Ref, attribute="village.town")
    role = fields.String()
    start_date = fields.Date()
    planned_end_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    handover = fields.Nested(HandoverBrief, allow_none=True)

"""PAY-1: the monthly allowance statement of a dispatching unit, as JSON and as an .xlsx export."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from app.auth.current import require_user
from app.errors import NotFound
from app.extensions import Blueprint, db
from app.fields import Ref, record_id
from app.org.models import Person, Unit
from app.reports.allowances import statement, workbook

blp = Blueprint("reports", __name__, url_prefix="/api/v1", description="Allowance statements (PAY-1)")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READERS = ("city_admin", "unit_viewer")


class AllowanceArgs(Schema):
    unit_id = record_id(required=True)
    month = fields.String(required=True, validate=validate.Regexp(r"^(20\d\d|2100)-(0[1-9]|1[0-2])$"),
                          metadata={"description": "YYYY-MM", "pattern": r"^(20\d\d|2100)-(0[1-9]|1[0-2])$"})


def _money(**kwargs) -> fields.Decimal:
    return fields.Decimal(places=2, as_string=True, **kwargs)


class AllowanceLineOut(Schema):
    person = fields.Nested(Ref)
    village = fields.Nested(Ref)
    attendance_days = fields.Integer()
    communication = _money()
    meal_rate = _money()
    meal = _money()
    transport_tier = fields.String(allow_none=True)
    transport = _money()
    total = _money()


class AllowanceTotalsOut(Schema):
    attendance_days = fields.Integer()
    communication = _money()
    meal = _money()
    transport = _money()
    total = _money()


class AllowanceStatementOut(Schema):
    unit = fields.Nested(Ref)
    month = fields.String()
    from_ = fields.Date(data_key="from", attribute="from")
    to = fields.Date()
    lines = fields.List(fields.Nested(AllowanceLineOut))
    totals = fields.Nested(AllowanceTotalsOut)


def _unit(user: Person, unit_id: int) -> Unit:
    """The city office reads every unit; a unit's account (its finance office) only its own (ORG-2)."""
    unit = db.session.get(Unit, unit_id)
    if unit is None or (user.role == "unit_viewer" and user.unit_id != unit.id):
        raise NotFound("unit", "派出单位")
    return unit


@blp.route("/allowances")
class Allowances(MethodView):
    @blp.arguments(AllowanceArgs, location="query")
    @blp.response(200, AllowanceStatementOut)
    def get(self, args: dict):
        """PAY-1: a unit's allowance statement for a month, line by line: communication subsidy, attendance
        days × the unit's meal rate, the village tier's transport allowance; amounts as decimal strings."""
        user = require_user(*READERS)
        return statement(_unit(user, args["unit_id"]), args["month"])


@blp.route("/exports/allowances")
class AllowanceExport(MethodView):
    @blp.arguments(AllowanceArgs, location="query")
    @blp.response(200, {"type": "string", "format": "binary"}, description="the statement as an .xlsx workbook",
                  content_type=XLSX)
    def get(self, args: dict):
        """PAY-1: the allowance statement of a unit and month as an Excel workbook (the same lines and totals)."""
        user = require_user(*READERS)
        unit = _unit(user, args["unit_id"])
        found = statement(unit, args["month"])
        return Response(workbook(found), mimetype=XLSX, headers={
            "Content-Disposition": f"attachment; filename=allowances-{unit.id}-{args['month']}.xlsx"})

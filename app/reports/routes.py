"""Reporting duties (REPORT-1) and Excel exports (REPORT-2)."""

from __future__ import annotations

from flask.views import MethodView

from app import clock
from app.auth.current import require_user
from app.errors import NotFound
from app.extensions import Blueprint, db
from app.org.models import Person, Unit
from app.pagination import list_page, page_schema
from app.reports import duties
from app.reports.allowances import allowance_sheet, statement
from app.reports.evidence import evidence_workbook, visible_case
from app.reports.exports import export_scope, monthly_sheet
from app.reports.schemas import (
    AllowanceArgs,
    AllowanceStatementOut,
    DutyArgs,
    DutyOut,
    MonthlySheetArgs,
    RecallEvidenceArgs,
    WorkReportIn,
    WorkReportOut,
)
from app.reports.sheets import XLSX, xlsx_response

blp = Blueprint("reports", __name__, url_prefix="/api/v1", description="Reporting duties and exports")
EXPORTERS = ("town_secretary", "city_admin")
XLSX_DOC = {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            "headers": {"Content-Disposition": {"schema": {"type": "string"}, "description":
                        "attachment; the Chinese file name as RFC 5987 filename*=UTF-8''…"}}}


@blp.route("/work-reports")
class WorkReports(MethodView):
    @blp.arguments(DutyArgs, location="query")
    @blp.response(200, page_schema(DutyOut, "WorkReportDutyPage"))
    def get(self, args):
        """REPORT-1: the reporting duties of each village in scope in the year — done, due or overdue.

        Monthly to the town, quarterly to the dispatching unit, half-yearly to the city office; only
        periods that have begun and in which the village had a team. A ``village_id`` outside your
        scope answers 404."""
        user = require_user()
        year = args.get("year") or (int(args["period"][:4]) if "period" in args else clock.today().year)
        items = duties.duties(user, args.get("village_id"), year, args.get("period"), args.get("state"))
        return list_page(items, lambda item: item["key"], args.get("cursor"), args["limit"])

    @blp.arguments(WorkReportIn)
    @blp.response(201, WorkReportOut)
    def post(self, body):
        """REPORT-1: the team leader files the team's report of a period (a member only while the
        team has no leader); one per village, level and period (409 for a second)."""
        user = require_user("member", "leader")
        report = duties.file_report(user, body)
        db.session.commit()
        return report


@blp.route("/exports/monthly-sheet")
class MonthlySheet(MethodView):
    @blp.arguments(MonthlySheetArgs, location="query")
    @blp.doc(responses={"200": {"description": "the .xlsx", **XLSX_DOC}})
    def get(self, args):
        """REPORT-2: the monthly attendance sheet (驻村考勤表) of a town or the whole city, as .xlsx.

        One row per cadre (village, role, unit), a column per day with its mark (√ 在岗, 公 外出,
        假 请假, 休 休息, 值 值班, 补 补卡, × 缺勤), the totals at the right, a legend; A4 landscape."""
        user = require_user(*EXPORTERS)
        sheet, filename = monthly_sheet(export_scope(user, args.get("town_id")), args["year"], args["month"])
        return xlsx_response([sheet], filename)


@blp.route("/exports/recall-evidence")
class RecallEvidence(MethodView):
    @blp.arguments(RecallEvidenceArgs, location="query")
    @blp.doc(responses={"200": {"description": "the .xlsx", **XLSX_DOC}})
    def get(self, args):
        """REPORT-2 / RECALL-1: a recall case's evidence as .xlsx — the case, and each day it rests on
        with the day's status, check-ins and log (city office; a town secretary: their town)."""
        user = require_user(*EXPORTERS)
        sheets, filename = evidence_workbook(visible_case(user, args["case_id"]))
        return xlsx_response(sheets, filename)


ALLOWANCE_READERS = ("city_admin", "unit_viewer")


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
        user = require_user(*ALLOWANCE_READERS)
        return statement(_unit(user, args["unit_id"]), args["year"], args["month"])


@blp.route("/exports/allowances")
class AllowanceExport(MethodView):
    @blp.arguments(AllowanceArgs, location="query")
    @blp.doc(responses={"200": {"description": "the .xlsx", **XLSX_DOC}})
    def get(self, args: dict):
        """PAY-1: the allowance statement of a unit and month as .xlsx — the same lines and totals, the
        computation column by column, for the unit's finance office."""
        user = require_user(*ALLOWANCE_READERS)
        found = statement(_unit(user, args["unit_id"]), args["year"], args["month"])
        sheet, filename = allowance_sheet(found)
        return xlsx_response([sheet], filename)

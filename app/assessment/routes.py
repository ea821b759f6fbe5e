"""ASSESS-1 / RECALL-2 endpoints: the assessment rows, the city office's grade, a unit's flags."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.assessment import figures, service
from app.assessment.schemas import (
    AssessmentArgs,
    AssessmentOut,
    AssessmentSheetArgs,
    GradeIn,
    GradeOut,
    UnitFlagArgs,
    UnitFlagOut,
)
from app.assessment.sheet import assessment_sheet
from app.auth.current import require_user
from app.errors import NotFound, validation_error
from app.extensions import Blueprint, db
from app.fields import FIRST_YEAR, LAST_YEAR
from app.org.models import Person, Town, Unit, Village
from app.org.scope import village_clause, visible_person
from app.pagination import keyset_page, page_schema
from app.recall.grades import AnnualResultChange
from app.recall.models import RecallCase, UnitYearFlag
from app.reports.sheets import XLSX, xlsx_response

blp = Blueprint("assessment", __name__, url_prefix="/api/v1", description="Annual assessment (ASSESS-1)")
READERS = ("city_admin", "town_secretary", "unit_viewer")


def _visible_town(user: Person, town_id: int) -> int:
    """``town_id`` if the caller may see a village of it (ORG-2), else 404."""
    clause = Village.town_id == user.town_id if user.role == "town_secretary" else village_clause(user)
    if db.session.scalar(select(Town.id).join(Village, Village.town_id == Town.id).where(
            Town.id == town_id, clause).limit(1)) is None:
        raise NotFound("town", "镇（街道）")
    return town_id


@blp.route("/assessments")
class Assessments(MethodView):
    @blp.arguments(AssessmentArgs, location="query")
    @blp.response(200, page_schema(AssessmentOut, "AssessmentPage"))
    def get(self, args):
        """ASSESS-1: one row per cadre posted more than half of ``year`` in your scope, by person id.

        Figures from the stored counters (as ``/attendance/summary``), the suggested grade with the
        reasons that produced it (``assessment_grade_rules`` of the policy), and the recorded grade.
        City office: all; town secretary: own town; unit viewer: own unit. ``town_id`` outside your
        scope answers 404.
        """
        user = require_user(*READERS)
        town_id = _visible_town(user, args["town_id"]) if "town_id" in args else None
        return figures.page(user, args["year"], town_id, args.get("cursor"), args["limit"])


@blp.route("/assessments/<int:person_id>/<year:year>")
class Grade(MethodView):
    @blp.arguments(GradeIn)
    @blp.response(200, GradeOut)
    def put(self, body, person_id: int, year: int):
        """ASSESS-1: the city office records the year's grade (优秀/称职/基本称职/不称职) with a comment.

        A year already graded answers 409 ``ALREADY_GRADED`` unless ``correction: true`` with a
        ``reason`` (the history is kept). 基本称职 or 不称职 confirms a recall (RECALL-2). 优秀 for a
        cadre whose unit had a cadre recalled that year answers 422 rule RECALL-2. The unit's
        viewers are told (``assessment_graded``: 作为其在派出单位的年度考核等次).
        """
        user = require_user("city_admin")
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise validation_error({"year": [f"between {FIRST_YEAR} and {LAST_YEAR}"]}, "year out of range")
        person = visible_person(user, person_id)
        result = service.record_grade(user, person, year, body)
        db.session.commit()
        history = list(db.session.scalars(select(AnnualResultChange).where(
            AnnualResultChange.person_id == person.id, AnnualResultChange.year == year)
            .options(joinedload(AnnualResultChange.recorded_by)).order_by(AnnualResultChange.id)))
        return {**{k: getattr(result, k) for k in ("year", "grade", "comment", "source", "recorded_at")},
                "person": person, "recorded_by": result.recorded_by, "history": history}


@blp.route("/units/<int:unit_id>/flags")
class UnitFlags(MethodView):
    @blp.arguments(UnitFlagArgs, location="query")
    @blp.response(200, page_schema(UnitFlagOut, "UnitFlagPage"))
    def get(self, args, unit_id: int):
        """RECALL-2: the years a unit may not be rated 优秀 (a cadre of it was recalled), newest first.

        City office: any unit; a unit viewer: their own (another unit answers 404).
        """
        user = require_user("city_admin", "unit_viewer")
        if (user.role == "unit_viewer" and user.unit_id != unit_id) or db.session.get(Unit, unit_id) is None:
            raise NotFound("unit", "派出单位")
        stmt = select(UnitYearFlag).where(UnitYearFlag.unit_id == unit_id).options(
            joinedload(UnitYearFlag.unit), joinedload(UnitYearFlag.case).joinedload(RecallCase.person))
        if "year" in args:
            stmt = stmt.where(UnitYearFlag.year == args["year"])
        return keyset_page(stmt, [(UnitYearFlag.id, True)], args.get("cursor"), args["limit"], db.session)


@blp.route("/exports/assessment-sheet")
class AssessmentSheet(MethodView):
    @blp.arguments(AssessmentSheetArgs, location="query")
    @blp.doc(responses={"200": {"description": "the .xlsx", "content": {
        XLSX: {"schema": {"type": "string", "format": "binary"}}}, "headers": {"Content-Disposition": {
            "schema": {"type": "string"}, "description": "attachment; the Chinese file name as RFC 5987 "
                                                         "filename*=UTF-8''…"}}}})
    def get(self, args):
        """REPORT-2 / ASSESS-1: the annual assessment sheet (年度考核表) of a town or the whole city, as .xlsx.

        The rows of ``GET /assessments`` — the figures, the suggested grade with its reasons, the
        recorded grade and comment. Town secretary: own town; city office: a town or the city. An
        empty town is a sheet with its headers; a future year is 422 (ASSESS-1)."""
        user = require_user("town_secretary", "city_admin")
        town_id = args.get("town_id")
        if user.role == "town_secretary":
            town_id = user.town_id if town_id is None else _visible_town(user, town_id)
        elif town_id is not None:
            if db.session.get(Town, town_id) is None:
                raise NotFound("town", "镇（街道）")
        sheet, filename = assessment_sheet(user, args["year"], db.session.get(Town, town_id) if town_id else None)
        return xlsx_response([sheet], filename)

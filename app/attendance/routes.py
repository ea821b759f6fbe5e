"""Attendance read API: year summary, day statuses, missed logs (ATT-1..5, LOG-3)."""

from __future__ import annotations

from datetime import date

from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import clock
from app.attendance import explain, service
from app.attendance.schemas import (
    CaseDaysOut,
    DayArgs,
    DayExplained,
    DayOut,
    DaysArgs,
    MissedLogArgs,
    MissedLogOut,
    SummaryArgs,
    SummaryOut,
)
from app.auth.current import require_user
from app.extensions import Blueprint, db
from app.org.scope import person_clause, visible_person
from app.pagination import keyset_page, list_page, page_schema
from app.recall.service import visible_case
from app.request_body import path_date
from app.worklog.missed import MissedLog

blp = Blueprint("attendance", __name__, url_prefix="/api/v1", description="Attendance and missed logs")


@blp.route("/attendance/summary")
class Summary(MethodView):
    @blp.arguments(SummaryArgs, location="query")
    @blp.response(200, SummaryOut)
    def get(self, args):
        """A cadre's year: attendance days against the prorated target, absences, streaks, missed logs.

        ``closed_through`` says which day the figures include; ``today_closed`` is false until the
        night's day close has run, so a figure is never a guess.
        """
        user = require_user()
        person = visible_person(user, args.get("person_id", user.id))
        return service.summary(person, args.get("year", clock.today().year))


@blp.route("/attendance/days")
class Days(MethodView):
    @blp.arguments(DaysArgs, location="query")
    @blp.response(200, page_schema(DayOut, "DayStatusPage"))
    def get(self, args):
        """Each closed day's status (RULES.md §2), ascending; at most 366 days a request."""
        user = require_user()
        person = visible_person(user, args.get("person_id", user.id))
        items = service.days(person, args["from_"], args["to"])
        return list_page(items, lambda day: day["date"], args.get("cursor"), args["limit"])


@blp.route("/attendance/days/<day:day>")
class DayWhy(MethodView):
    @blp.arguments(DayArgs, location="query")
    @blp.response(200, DayExplained)
    def get(self, args, day):
        """Why a closed day is what it is (§2, ATT-5): the calendar and its source, the roster, every
        check-in with its decision and reason, the requests and correction (CHK-9) covering it, the log,
        and the counters it moved. 404 DAY_NOT_CLOSED before the day close has run for it."""
        user = require_user()
        person = visible_person(user, args.get("person_id", user.id))
        return explain.explain_day(person, path_date(day))


@blp.route("/recall-cases/<int:case_id>/days")
class CaseDays(MethodView):
    @blp.response(200, CaseDaysOut)
    def get(self, case_id):
        """RECALL-1: each evidence day of a case explained as ``GET /attendance/days/{date}`` explains it."""
        user = require_user("city_admin", "town_secretary")
        case = visible_case(user, case_id)
        return {"case_id": case.id, "rule": case.rule,
                "days": explain.evidence_days(case.person, case.rule, case.evidence or {})}


@blp.route("/missed-logs")
class MissedLogs(MethodView):
    @blp.arguments(MissedLogArgs, location="query")
    @blp.response(200, page_schema(MissedLogOut, "MissedLogPage"))
    def get(self, args):
        """LOG-3 missed logs in your scope (a person's, or your team's/town's), by date ascending."""
        user = require_user()
        stmt = select(MissedLog).where(person_clause(user, MissedLog.person_id)).options(joinedload(MissedLog.person))
        if "person_id" in args:
            stmt = stmt.where(MissedLog.person_id == visible_person(user, args["person_id"]).id)
        if "year" in args:
            stmt = stmt.where(MissedLog.day >= date(args["year"], 1, 1), MissedLog.day <= date(args["year"], 12, 31))
        if "status" in args:
            stmt = stmt.where(MissedLog.status == args["status"])
        return keyset_page(stmt, [(MissedLog.day, False), (MissedLog.person_id, False)], args.get("cursor"),
                           args["limit"], db.session)

"""Attendance read API: year summary, day statuses, missed logs (ATT-1..5, LOG-3)."""

from __future__ import annotations

from datetime import date

from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import clock
from app.attendance import service
from app.attendance.schemas import DayOut, DaysArgs, MissedLogArgs, MissedLogOut, SummaryArgs, SummaryOut
from app.auth.current import require_user
from app.extensions import Blueprint, db
from app.org.scope import person_clause, visible_person
from app.pagination import keyset_page, list_page, page_schema
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

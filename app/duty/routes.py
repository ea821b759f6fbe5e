"""Endpoints of the official calendar (DUTY-4) and the duty roster (DUTY-1..3)."""

from __future__ import annotations

from datetime import timedelta

from flask.views import MethodView
from sqlalchemy import select

import app.duty.roster  # noqa: F401  (connects the calendar_changed receiver)
from app import clock
from app.auth.current import require_user
from app.auth.scope import village_clause, visible_village
from app.duty import calendar, swap
from app.duty.models import DutyAssignment, DutyChange
from app.duty.schemas import (
    CalendarIn,
    CalendarOut,
    RosterArgs,
    RosterChangeArgs,
    RosterChangeOut,
    RosterItemOut,
    SwapIn,
    SwapOut,
)
from app.duty.service import roster_query
from app.errors import validation_error
from app.extensions import Blueprint, db
from app.fields import FIRST_YEAR, LAST_YEAR
from app.org.models import Village
from app.pagination import keyset_page, page_schema

blp = Blueprint("duty", __name__, url_prefix="/api/v1", description="Official calendar and duty roster (DUTY-1..4)")

ROSTER_READERS = ("member", "leader", "town_secretary", "city_admin")


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise validation_error({"year": [f"between {FIRST_YEAR} and {LAST_YEAR}"]}, "year out of range")
    return year


@blp.route("/admin/calendar/<year:year>")
class Calendar(MethodView):
    @blp.response(200, CalendarOut)
    def get(self, year: int):
        """The calendar in force for a year (DUTY-4): its holidays, make-up workdays and source.

        404 ``CALENDAR_UNKNOWN`` for a year neither chinese-calendar nor an override knows.
        """
        require_user("city_admin", "town_secretary")
        try:
            return calendar.calendar_view(_year(year))
        except calendar.CalendarUnknown as unknown:
            unknown.status = 404
            raise

    @blp.arguments(CalendarIn)
    @blp.response(200, CalendarOut)
    def put(self, body: dict, year: int):
        """Enter or correct a year's statutory holidays and make-up workdays (调休) (DUTY-4).

        Replaces the earlier override of that year (which is kept as a version). A date is
        non-working when it is a holiday, or a Saturday or Sunday not listed as a workday.
        """
        user = require_user("city_admin")
        calendar.store_override(_year(year), body["holidays"], body["workdays"], user, body["note"])
        db.session.commit()
        return calendar.calendar_view(year)


def _village_ids(user, village_id: int | None):
    if village_id is not None:
        return [visible_village(user, village_id).id]
    return select(Village.id).where(village_clause(user))


@blp.route("/roster")
class Roster(MethodView):
    @blp.arguments(RosterArgs, location="query")
    @blp.response(200, page_schema(RosterItemOut, "RosterPage"))
    def get(self, args: dict):
        """Who is on duty on which day (DUTY-1/2): your team, your town's teams, or the city's."""
        user = require_user(*ROSTER_READERS)
        start = args.get("from_") or clock.today()
        end = args.get("to") or start + timedelta(days=31)
        stmt = roster_query(_village_ids(user, args.get("village_id")), start, end)
        order = [(DutyAssignment.day, False), (DutyAssignment.village_id, False), (DutyAssignment.id, False)]
        return keyset_page(stmt, order, args.get("cursor"), args["limit"], db.session)


@blp.route("/roster/swap")
class RosterSwap(MethodView):
    @blp.arguments(SwapIn)
    @blp.response(200, SwapOut)
    def post(self, body: dict):
        """The leader swaps two duties of the team: person_a takes date_b, person_b takes date_a (DUTY-2)."""
        user = require_user("leader")
        return {"items": swap.swap(user, body["date_a"], body["person_a"], body["date_b"], body["person_b"])}


@blp.route("/roster/changes")
class RosterChanges(MethodView):
    @blp.arguments(RosterChangeArgs, location="query")
    @blp.response(200, page_schema(RosterChangeOut, "RosterChangePage"))
    def get(self, args: dict):
        """Every change to a team's roster (assigned, repaired, removed, swapped, cancelled), newest first."""
        user = require_user(*ROSTER_READERS)
        village = visible_village(user, args["village_id"])
        stmt = select(DutyChange).where(DutyChange.village_id == village.id)
        return keyset_page(stmt, [(DutyChange.id, True)], args.get("cursor"), args["limit"], db.session)

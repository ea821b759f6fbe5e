"""Endpoints of the duty roster (DUTY-1..3)."""

from __future__ import annotations

from datetime import timedelta

from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import clock
from app.auth.current import require_user
from app.duty import swap
from app.duty.models import DutyAssignment, DutyChange
from app.duty.schemas import (
    RosterArgs,
    RosterChangeArgs,
    RosterChangeOut,
    RosterItemOut,
    SwapIn,
    SwapOut,
)
from app.duty.service import roster_query
from app.extensions import Blueprint, db
from app.org.models import Village
from app.org.scope import village_clause, visible_village
from app.pagination import keyset_page, page_schema

blp = Blueprint("duty", __name__, url_prefix="/api/v1", description="Duty roster (DUTY-1..3)")

ROSTER_READERS = ("member", "leader", "town_secretary", "city_admin")


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
        items = swap.swap(user, body["date_a"], body["person_a"], body["date_b"], body["person_b"])
        db.session.commit()
        return {"items": items}


@blp.route("/roster/changes")
class RosterChanges(MethodView):
    @blp.arguments(RosterChangeArgs, location="query")
    @blp.response(200, page_schema(RosterChangeOut, "RosterChangePage"))
    def get(self, args: dict):
        """Every change to a team's roster (assigned, repaired, removed, swapped, cancelled), newest first."""
        user = require_user(*ROSTER_READERS)
        village = visible_village(user, args["village_id"])
        stmt = select(DutyChange).where(DutyChange.village_id == village.id).options(
            joinedload(DutyChange.person), joinedload(DutyChange.previous_person), joinedload(DutyChange.changed_by))
        return keyset_page(stmt, [(DutyChange.id, True)], args.get("cursor"), args["limit"], db.session)

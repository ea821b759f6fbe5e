"""Roll calls (INSPECT-1): a town secretary or the city office calls cadres to check in with a photo."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from app import clock
from app.auth.current import require_user
from app.extensions import Blueprint, db
from app.org.models import Person
from app.oversight import duties, service
from app.oversight.models import RollCall
from app.oversight.schemas import (
    DutyArgs,
    DutyRowOut,
    RollCallArgs,
    RollCallIn,
    RollCallOut,
    VisitIn,
    VisitOut,
)
from app.pagination import keyset_page, list_page, page_schema

blp = Blueprint("oversight", __name__, url_prefix="/api/v1", description="Oversight: roll calls, visits, duties")

def _answer(user: Person, call: RollCall) -> dict[str, Any]:
    """The call as API.md gives it; a town secretary sees only the cadres of their town (ORG-2)."""
    return {"id": call.id, "caller": call.caller, "town_id": call.town_id, "drawn": call.drawn,
            "called_at": call.called_at, "answer_by": call.answer_by, "closed_at": call.closed_at,
            "people": service.visible_people(user, call)}


@blp.route("/roll-calls")
class RollCalls(MethodView):
    @blp.arguments(RollCallIn)
    @blp.response(201, RollCallOut)
    def post(self, body: dict):
        """Start a roll call (INSPECT-1): `person_ids`, or `draw: n` at random among those expected in the village now.

        Each is alerted at once and answers with an accepted check-in with a photo within
        `rollcall_answer_min` minutes. A cadre out of scope is 404; nobody available (or a chosen
        cadre on leave, trip or rest) is 422 INSPECT-1; a cadre already in an open window is 409."""
        user = require_user(*service.CALLERS)
        call = service.start_roll_call(user, body.get("person_ids"), body.get("draw"), body.get("town_id"))
        db.session.commit()
        return _answer(user, service.get_roll_call(user, call.id))

    @blp.arguments(RollCallArgs, location="query")
    @blp.response(200, page_schema(RollCallOut, "RollCallPage"))
    def get(self, args: dict):
        """Roll calls, newest first: the city office all; a town secretary those calling cadres of their town."""
        user = require_user(*service.CALLERS)
        stmt = service.roll_call_query(user)
        if "open" in args:
            stmt = stmt.where(RollCall.closed_at.is_(None) if args["open"] else RollCall.closed_at.is_not(None))
        page = keyset_page(stmt, [(RollCall.id, True)], args.get("cursor"), args["limit"], db.session)
        page["items"] = [_answer(user, call) for call in page["items"]]
        return page


@blp.route("/roll-calls/<int:call_id>")
class RollCallItem(MethodView):
    @blp.response(200, RollCallOut)
    def get(self, call_id: int):
        """One roll call with each cadre waiting, answered (the check-in) or silent (INSPECT-1)."""
        user = require_user(*service.CALLERS)
        return _answer(user, service.get_roll_call(user, call_id))


@blp.route("/oversight/visits")
class Visits(MethodView):
    @blp.arguments(VisitIn)
    @blp.response(201, VisitOut)
    def post(self, body: dict):
        """Record a spot check (town secretary), an inspection (city office), or a unit's leader visit or
        走访慰问 (the unit's account) with a check-in at the village (INSPECT-2, VISIT-1).

        Outside the village fence the visit is kept with the reason (as CHK-3) and does not count."""
        user = require_user(*duties.RECORDERS)
        visit, (message, message_en) = duties.record_visit(user, body)
        db.session.commit()
        return {"id": visit.id, "kind": visit.kind, "rule": visit.rule, "by": user, "village": visit.village,
                "day": visit.day, "captured_at": visit.captured_at, "status": visit.status, "reason": visit.reason,
                "message": message, "message_en": message_en, "distance_m": visit.distance_m, "counts": visit.counts}


@blp.route("/oversight/duties")
class Duties(MethodView):
    @blp.arguments(DutyArgs, location="query")
    @blp.response(200, page_schema(DutyRowOut, "DutyBoardPage"))
    def get(self, args: dict):
        """The board of oversight duties (INSPECT-2, VISIT-1): per period begun this year and per town, the
        city office and unit, required, done and done/open/missing (a town secretary: their town; a unit:
        its own)."""
        user = require_user(*duties.RECORDERS)
        rows = [row for row in duties.duty_board(user, args.get("year") or clock.today().year)
                if all(row[key] == args[key] for key in ("duty", "status", "period") if key in args)]
        return list_page(rows, lambda row: row["seq"], args.get("cursor"), args["limit"])

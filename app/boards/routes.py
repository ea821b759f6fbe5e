"""Boards API (VIEW-1, VIEW-2): a whole scope in one request, paged per API.md."""

from __future__ import annotations

from flask.views import MethodView

from app import clock
from app.auth.current import require_user
from app.boards.period import period_board
from app.boards.readings import board_page
from app.boards.schemas import PeriodArgs, PeriodBoard, PeriodItem, TodayArgs, TodayBoard, TodayItem
from app.boards.today import today_board
from app.extensions import Blueprint, db

blp = Blueprint("boards", __name__, url_prefix="/api/v1", description="Today and period boards (VIEW-1, VIEW-2)")

@blp.route("/boards/today")
class TodayBoardView(MethodView):
    @blp.arguments(TodayArgs, location="query")
    @blp.response(200, TodayBoard)
    def get(self, args):
        """VIEW-1: every cadre of your scope with today's live state; totals per village and overall.

        Leader: the team; town secretary: the town; city office: the city; unit viewer: the unit's
        cadres. Read live from today's check-ins, approvals and roster (not a closed day). A member
        is refused (403); a town or village outside your scope is 404.

        The first page (no cursor) computes the whole board; its `next_cursor` pages through that one
        computation (kept 5 minutes, then computed again and continued after the cursor), so the
        pages of one reading never mix two moments and cost no recomputation.
        """
        user = require_user()
        place = {"town_id": args.get("town_id"), "village_id": args.get("village_id")}
        page = board_page(user, "today", place, lambda: today_board(user, **place), TodayItem._declared_fields,
                          args.get("cursor"), args["limit"])
        db.session.commit()
        return page


@blp.route("/boards/period")
class PeriodBoardView(MethodView):
    @blp.arguments(PeriodArgs, location="query")
    @blp.response(200, PeriodBoard)
    def get(self, args):
        """VIEW-2: one row per cadre of your scope for a month or the year, with the risk list.

        The figures are those of `/attendance/summary` (the same code computes both); a month gives
        that month's day counts and missed logs, the year's target, projection, streaks and risk.

        The first page (no cursor) computes the whole board; its `next_cursor` pages through that one
        computation (kept 5 minutes, then computed again and continued after the cursor), so the
        pages of one reading never mix two moments and cost no recomputation.
        """
        user = require_user()
        query = {"year": args.get("year", clock.today().year), "month": args.get("month"),
                 "town_id": args.get("town_id"), "village_id": args.get("village_id"),
                 "by_risk": args.get("sort") == "risk"}
        page = board_page(user, "period", query, lambda: period_board(user, **query), PeriodItem._declared_fields,
                          args.get("cursor"), args["limit"])
        db.session.commit()
        return page

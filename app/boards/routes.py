"""Boards API (VIEW-1, VIEW-2): a whole scope in one request, paged per API.md."""

from __future__ import annotations

from flask.views import MethodView

from app import clock
from app.auth.current import require_user
from app.boards.period import period_board
from app.boards.schemas import PeriodArgs, PeriodBoard, TodayArgs, TodayBoard
from app.boards.today import today_board
from app.extensions import Blueprint
from app.pagination import list_page

blp = Blueprint("boards", __name__, url_prefix="/api/v1", description="Today and period boards (VIEW-1, VIEW-2)")


def _paged(board: dict, args: dict) -> dict:
    page = list_page(board.pop("items"), lambda item: item["key"], args.get("cursor"), args["limit"])
    return {**board, **page}


@blp.route("/boards/today")
class TodayBoardView(MethodView):
    @blp.arguments(TodayArgs, location="query")
    @blp.response(200, TodayBoard)
    def get(self, args):
        """VIEW-1: every cadre of your scope with today's live state; totals per village and overall.

        Leader: the team; town secretary: the town; city office: the city; unit viewer: the unit's
        cadres. Read live from today's check-ins, approvals and roster (not a closed day). A member
        is refused (403); a town or village outside your scope is 404.
        """
        user = require_user()
        return _paged(today_board(user, args.get("town_id"), args.get("village_id")), args)


@blp.route("/boards/period")
class PeriodBoardView(MethodView):
    @blp.arguments(PeriodArgs, location="query")
    @blp.response(200, PeriodBoard)
    def get(self, args):
        """VIEW-2: one row per cadre of your scope for a month or the year, with the risk list.

        The figures are those of `/attendance/summary` (the same code computes both); a month gives
        that month's day counts and missed logs, the year's target, projection, streaks and risk.
        """
        user = require_user()
        board = period_board(user, args.get("year", clock.today().year), args.get("month"), args.get("town_id"),
                             args.get("village_id"), args.get("sort") == "risk")
        return _paged(board, args)

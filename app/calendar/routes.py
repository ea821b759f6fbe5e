"""Endpoints of the official calendar (DUTY-4)."""

from __future__ import annotations

from flask.views import MethodView

from app.auth.current import require_user
from app.calendar import service as calendar
from app.calendar.schemas import CalendarIn, CalendarOut
from app.errors import validation_error
from app.extensions import Blueprint, db

blp = Blueprint("calendar", __name__, url_prefix="/api/v1", description="Official calendar (DUTY-4)")

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise validation_error({"year": [f"between {FIRST_YEAR} and {LAST_YEAR}"]}, "year out of range")
    return year


@blp.route("/admin/calendar/<int:year>")
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
        calendar.store_override(_year(year), body["holidays"], body["workdays"], user.id, body["note"])
        db.session.commit()
        return calendar.calendar_view(year)

"""Endpoints of the official calendar (DUTY-4)."""

from __future__ import annotations

from flask.views import MethodView

from app.auth.current import require_user
from app.calendar import service as calendar
from app.calendar.schemas import CalendarIn, CalendarOut
from app.errors import validation_error
from app.extensions import Blueprint, db
from app.fields import FIRST_YEAR, LAST_YEAR

blp = Blueprint("calendar", __name__, url_prefix="/api/v1", description="Official calendar (DUTY-4)")


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise validation_error({"year": [f"between {FIRST_YEAR} and {LAST_YEAR}"]}, "year out of range")
    return year


@blp.route("/admin/calendar/<year:year>")
class Calendar(MethodView):
    @blp.response(200, CalendarOut)
    def get(self, year: int):
        """The calendar in force for a year (DUTY-4), for anyone signed in: holidays, make-up workdays, source.

        ``source`` is ``entered`` (the city office's override), ``official`` (chinese-calendar) or
        ``provisional``: a year neither knows gets weekends plus the law's statutory holidays
        (lunar dates computed by the ``holidays`` package), with no make-up workdays.
        """
        require_user()
        return calendar.calendar_view(_year(year))

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

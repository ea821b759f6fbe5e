"""``/api/v1/logs``: write and back-fill your log, read logs in scope, versions, comments (LOG-*)."""

from __future__ import annotations

from flask.views import MethodView

from app.auth.current import require_user, roles_first
from app.extensions import Blueprint, db
from app.org.scope import person_clause, visible_person
from app.pagination import PageArgs, keyset_page, list_page, page_schema
from app.request_body import path_date
from app.worklog import service
from app.worklog.models import WorkLog
from app.worklog.schemas import (
    LogCommentIn,
    LogCommentOut,
    LogCorrectionIn,
    LogListArgs,
    LogVersionOut,
    WorkLogIn,
    WorkLogOut,
)

blp = Blueprint("worklog", __name__, url_prefix="/api/v1", description="Work logs (工作日志)")

WRITERS = ("member", "leader")


@blp.route("/logs/<day:day>")
class OwnLog(MethodView):
    @roles_first(*WRITERS)
    @blp.arguments(WorkLogIn)
    @blp.response(200, WorkLogOut, description="the log was edited (or left unchanged when nothing differed)")
    @blp.alt_response(201, schema=WorkLogOut, description="the log was written for the first time")
    def put(self, body, day):
        """Write or edit your own log of a day (LOG-1): 201 the first time, 200 after.

        Written after the deadline (LOG-2, 23:59 Asia/Shanghai) → ``late: true`` (补录), for ever.
        Refused (422) for a future date or one outside your posting (LOG-1), after
        ``log_lock_days`` (LOG-5), for empty or over-long content, an unknown category, too many
        photos (LOG-1) or photos that are not yours (PHOTO_NOT_FOUND, CHK-8). Every change is kept
        as a version; an unchanged writing adds none.
        """
        user = require_user(*WRITERS)
        log, first = service.write_log(user, path_date(day), body["content"], body["category"],
                                       body["photo_ids"])
        db.session.commit()
        return log, 201 if first else 200


@blp.route("/logs/<day:day>/corrections")
class OwnLogCorrection(MethodView):
    @roles_first(*WRITERS)
    @blp.arguments(LogCorrectionIn)
    @blp.response(200, WorkLogOut)
    def post(self, body, day):
        """Correct your own log after it is locked (LOG-5), with a reason; kept as a version.

        Refused (422 LOG-5) when there is no log of that day, or while it can still be edited with
        ``PUT /logs/{date}``. The leader and the town secretary read the reason in the versions.
        """
        user = require_user(*WRITERS)
        log = service.correct_log(user, path_date(day), body["content"], body["category"], body["photo_ids"],
                                  body["reason"])
        db.session.commit()
        return log


@blp.route("/logs")
class Logs(MethodView):
    @blp.arguments(LogListArgs, location="query")
    @blp.response(200, page_schema(WorkLogOut, "WorkLogPage"))
    def get(self, args):
        """Logs in your scope (ORG-2: own; leader: team; town secretary: town; all; unit), dates ascending."""
        user = require_user()
        stmt = service.log_query().where(person_clause(user, WorkLog.person_id))
        if "person_id" in args:
            visible_person(user, args["person_id"])
            stmt = stmt.where(WorkLog.person_id == args["person_id"])
        if "from_" in args:
            stmt = stmt.where(WorkLog.day >= args["from_"])
        if "to" in args:
            stmt = stmt.where(WorkLog.day <= args["to"])
        return keyset_page(stmt, [(WorkLog.day, False), (WorkLog.id, False)], args.get("cursor"), args["limit"],
                           db.session)


@blp.route("/logs/<int:person_id>/<day:day>")
class PersonLog(MethodView):
    @blp.response(200, WorkLogOut)
    def get(self, person_id, day):
        """One log with its comments (404 when there is none or the person is beyond your scope)."""
        return service.get_log(require_user(), person_id, path_date(day))


@blp.route("/logs/<int:person_id>/<day:day>/versions")
class LogVersions(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(LogVersionOut, "LogVersionList"))
    def get(self, args, person_id, day):
        """LOG-5: every writing of the log, oldest first (who, when, the text, what changed)."""
        versions = service.list_versions(require_user(), person_id, path_date(day))
        return list_page(versions, lambda version: version.number, args.get("cursor"), args["limit"])


@blp.route("/logs/<int:person_id>/<day:day>/comments")
class LogComments(MethodView):
    @blp.arguments(LogCommentIn)
    @blp.response(201, LogCommentOut)
    def post(self, body, person_id, day):
        """LOG-5: the team leader or the town secretary comments on a log (others 403, beyond scope 404)."""
        comment = service.add_comment(require_user(), person_id, path_date(day), body["body"])
        db.session.commit()
        return comment

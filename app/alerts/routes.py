"""The inbox (ALERT-3: ``/alerts``) and the delivery log for the city office (ALERT-1)."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.alerts.models import Delivery
from app.alerts.schemas import AlertOut, DeliveryArgs, DeliveryOut, InboxArgs, UnreadOut
from app.alerts.service import inbox_page, own_alert, unread_count
from app.auth.current import require_user
from app.errors import Conflict, NotFound
from app.extensions import Blueprint, db
from app.pagination import keyset_page, page_schema

blp = Blueprint("alerts", __name__, url_prefix="/api/v1", description="Alerts: inbox and deliveries")


@blp.route("/alerts")
class Inbox(MethodView):
    @blp.arguments(InboxArgs, location="query")
    @blp.response(200, page_schema(AlertOut, "AlertPage"))
    def get(self, args):
        """My alerts, newest first (``?unread=1`` for the unread ones only)."""
        user = require_user()
        return inbox_page(user, args["unread"], args.get("cursor"), args["limit"])


@blp.route("/alerts/unread-count")
class Unread(MethodView):
    @blp.response(200, UnreadOut)
    def get(self):
        """How many of my alerts are unread (for the badge)."""
        return {"unread": unread_count(require_user())}


@blp.route("/alerts/<int:alert_id>/read")
class MarkRead(MethodView):
    @blp.response(200, AlertOut)
    def post(self, alert_id: int):
        """Mark one of my alerts read (another person's alert answers 404)."""
        user = require_user()
        alert = own_alert(user, alert_id)
        alert.mark_read(user)
        db.session.commit()
        return alert


@blp.route("/admin/deliveries")
class Deliveries(MethodView):
    @blp.arguments(DeliveryArgs, location="query")
    @blp.response(200, page_schema(DeliveryOut, "DeliveryPage"))
    def get(self, args):
        """Push deliveries, newest first, with every attempt (city office; ``?status=failed``)."""
        require_user("city_admin")
        stmt = select(Delivery).options(joinedload(Delivery.subject), selectinload(Delivery.history))
        if "status" in args:
            stmt = stmt.where(Delivery.status == args["status"])
        if "channel" in args:
            stmt = stmt.where(Delivery.channel == args["channel"])
        return keyset_page(stmt, [(Delivery.id, True)], args.get("cursor"), args["limit"], db.session)


@blp.route("/admin/deliveries/<int:delivery_id>/retry")
class Requeue(MethodView):
    @blp.response(200, DeliveryOut)
    def post(self, delivery_id: int):
        """Send a failed delivery again, from a fresh attempt count (city office)."""
        user = require_user("city_admin")
        delivery = db.session.get(Delivery, delivery_id)
        if delivery is None:
            raise NotFound("delivery", "推送记录")
        if not delivery.can_requeue(user):
            raise Conflict("DELIVERY_NOT_FAILED", "只有失败的推送可以重新发送",
                           "only a failed delivery can be sent again", details={"status": delivery.status})
        delivery.requeue(user)
        db.session.commit()
        return delivery

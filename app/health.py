"""``GET /api/v1/health``: is the service up and can it reach its database."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app import clock
from app.extensions import Blueprint, db

blp = Blueprint("health", __name__, url_prefix="/api/v1", description="Liveness")


class HealthOut(Schema):
    status = fields.String()
    db = fields.String()
    time = fields.DateTime()


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, HealthOut)
    @blp.doc(security=[])
    def get(self):
        """``{status: "ok", db: "ok"}``; ``db`` says "error" (and status 503) when the database is down."""
        try:
            db.session.execute(text("SELECT 1"))
            return {"status": "ok", "db": "ok", "time": clock.now()}
        except SQLAlchemyError:
            db.session.rollback()
            return {"status": "degraded", "db": "error", "time": clock.now()}, 503

"""``POST /api/v1/uploads``: a photo for a check-in or a work log."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from marshmallow import Schema, fields

from app.auth.current import require_user
from app.errors import validation_error
from app.extensions import Blueprint, db
from app.uploads.service import store_photo

blp = Blueprint("uploads", __name__, url_prefix="/api/v1", description="Photos")


class UploadOut(Schema):
    id = fields.Integer()
    content_type = fields.String()
    size_bytes = fields.Integer()
    width = fields.Integer()
    height = fields.Integer()


@blp.route("/uploads")
class Uploads(MethodView):
    @blp.response(201, UploadOut)
    @blp.doc(requestBody={"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "properties": {"file": {"type": "string", "format": "binary"}}, "required": ["file"]}}}})
    def post(self):
        """Upload a JPEG or PNG (checked by content, ≤ 5 MB); attach it by ``photo_id`` later (CHK-8)."""
        user = require_user("member", "leader")
        file = request.files.get("file")
        if file is None:
            raise validation_error({"file": ["a multipart field named 'file' is required"]})
        upload = store_photo(user, file.read())
        db.session.commit()
        return upload

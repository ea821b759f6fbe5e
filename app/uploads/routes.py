"""``POST /api/v1/uploads``: a photo for a check-in, a work log or a correction; ``GET`` shows it (VIEW-3)."""

from __future__ import annotations

from flask import request, send_file
from flask.views import MethodView
from marshmallow import Schema, fields, validate

from app.auth.current import require_user
from app.errors import validation_error
from app.extensions import Blueprint, db
from app.uploads.service import photo_file, store_photo, visible_upload

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


class PhotoArgs(Schema):
    size = fields.String(validate=validate.OneOf(["thumb"]), metadata={
        "description": "thumb: a JPEG of at most 320 px on its longer side, for lists"})


_IMAGE = {"schema": {"type": "string", "format": "binary"}}


@blp.route("/uploads/<int:upload_id>")
class UploadOne(MethodView):
    @blp.arguments(PhotoArgs, location="query")
    @blp.doc(responses={"200": {"description": "the image bytes",
                                "content": {"image/jpeg": _IMAGE, "image/png": _IMAGE}}})
    def get(self, args, upload_id):
        """VIEW-3: the photo, to its uploader and to whoever may read the record it is attached to
        (a check-in, a log, a correction; ORG-2); 404 to anyone else. ``Cache-Control: private``."""
        user = require_user()
        path, content_type = photo_file(visible_upload(user, upload_id), args.get("size"))
        response = send_file(path, mimetype=content_type, conditional=True, etag=True, max_age=3600)
        response.cache_control.private = True
        response.cache_control.public = False
        return response

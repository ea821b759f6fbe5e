"""Storing photos safely and letting only their owner attach them."""

from __future__ import annotations

import hashlib
import io
import secrets
from collections.abc import Iterable
from pathlib import Path

from flask import current_app
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from app import clock
from app.errors import DomainError, RuleViolation
from app.extensions import db
from app.org.models import Person
from app.uploads.models import Upload

# Decoded by Pillow, not trusted from the declared Content-Type or the file name.
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
MAX_PIXELS = 50_000_000  # a phone photo is ≈ 12–50 MP; beyond that is a decompression bomb


def store_photo(owner: Person, data: bytes) -> Upload:
    """Check ``data`` is a real JPEG or PNG within the size limit, store it under a random name."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    if len(data) > limit:
        raise DomainError("PAYLOAD_TOO_LARGE", f"照片不能超过 {limit // (1024 * 1024)} MB",
                          f"photos are limited to {limit} bytes", 413, details={"limit_bytes": limit})
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt, (width, height) = image.format, image.size
            if fmt not in FORMATS or width * height > MAX_PIXELS:
                raise UnidentifiedImageError(fmt)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise DomainError("UNSUPPORTED_IMAGE", "只能上传 JPG 或 PNG 格式的照片",
                          "only JPEG or PNG photos are accepted", 422, rule="CHK-8") from exc
    content_type, ext = FORMATS[fmt]
    now = clock.now()
    relative = Path(f"{now:%Y/%m}") / f"{secrets.token_urlsafe(18)}.{ext}"
    target = Path(current_app.config["UPLOAD_DIR"]) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    upload = Upload(owner_id=owner.id, path=str(relative), content_type=content_type, size_bytes=len(data),
                    width=width, height=height, sha256=hashlib.sha256(data).hexdigest(), created_at=now)
    db.session.add(upload)
    db.session.flush()
    return upload


def own_photos(owner: Person, photo_ids: Iterable[int]) -> list[Upload]:
    """The uploads ``photo_ids``, all of which must be ``owner``'s (CHK-8); else 422 naming them.

    Someone else's photo is reported exactly like a missing one, so ids reveal nothing.
    """
    ids = list(dict.fromkeys(photo_ids))
    found = {u.id: u for u in db.session.scalars(
        select(Upload).where(Upload.id.in_(ids), Upload.owner_id == owner.id))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise RuleViolation("CHK-8", "照片不存在或不是您本人上传的", "photo not found or not uploaded by you",
                            details={"photo_ids": missing}, code="PHOTO_NOT_FOUND")
    return [found[i] for i in ids]

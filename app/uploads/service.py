"""Storing photos safely, letting only their owner attach them, and showing them (CHK-8, VIEW-3)."""

from __future__ import annotations

import hashlib
import io
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from flask import current_app
from PIL import Image, UnidentifiedImageError
from sqlalchemy import and_, or_, select, update

from app import clock
from app.errors import DomainError, NotFound, RuleViolation
from app.extensions import db
from app.org.models import Person
from app.org.scope import person_clause
from app.uploads.models import Upload

# Decoded by Pillow, not trusted from the declared Content-Type or the file name.
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
MAX_PIXELS = 50_000_000  # a phone photo is ≈ 12–50 MP; beyond that is a decompression bomb
THUMB_PX = 320  # VIEW-3: the longer side of a list thumbnail (a phone list row, a console table cell)


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


def attach(photos: Iterable[Upload]) -> None:
    """VIEW-3: these photos now belong to a record, so its readers may see them (first time kept)."""
    ids = [photo.id for photo in photos]
    if ids:
        db.session.execute(update(Upload).where(Upload.id.in_(ids), Upload.attached_at.is_(None))
                           .values(attached_at=clock.now()).execution_options(synchronize_session=False))


def attach_own(owner: Person, photo_ids: Iterable[int]) -> list[Upload]:
    """``own_photos`` (CHK-8), then ``attach`` them (VIEW-3): what a record's writer calls."""
    photos = own_photos(owner, photo_ids)
    attach(photos)
    return photos


def visible_upload(user: Person, upload_id: int) -> Upload:
    """VIEW-3: the upload if ``user`` uploaded it, or it is attached to a record of someone whose
    records ``user`` may read (ORG-2); else NOT_FOUND, as for an id that does not exist."""
    upload = db.session.scalar(select(Upload).where(Upload.id == upload_id, or_(
        Upload.owner_id == user.id,
        and_(Upload.attached_at.is_not(None), person_clause(user, Upload.owner_id)))))
    if upload is None:
        raise NotFound("photo", "照片")
    return upload


def photo_file(upload: Upload, size: str | None = None) -> tuple[Path, str]:
    """The file to send for ``upload`` and its Content-Type; ``size="thumb"`` gives a JPEG of at most
    ``THUMB_PX`` on its longer side, made once with Pillow and kept beside the original."""
    original = Path(current_app.config["UPLOAD_DIR"]) / upload.path
    if not original.is_file():
        raise NotFound("photo", "照片")
    if size != "thumb":
        return original, upload.content_type
    thumb = original.with_name(f"{original.stem}.thumb.jpg")
    if not thumb.is_file():
        with Image.open(original) as image:
            image.thumbnail((THUMB_PX, THUMB_PX))
            partial = thumb.with_name(f"{thumb.name}.{secrets.token_hex(4)}.part")
            image.convert("RGB").save(partial, format="JPEG", quality=80)
        os.replace(partial, thumb)  # atomic: two first views at once both send a whole file
    return thumb, "image/jpeg"

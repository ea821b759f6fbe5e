"""VIEW-3: a photo is shown to whoever may read the record it belongs to, and to its uploader."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from tests.checkin.conftest import body, post
from tests.helpers import assert_error
from tests.images import image_bytes, upload_photo, view_photo

NOW = "2026-03-02T09:00:00+08:00"
READERS_OF_M1A = ("m1a", "l1", "sec1", "admin", "viewer1")  # own, team leader, town, city, own unit
NOT_READERS = ("m1b", "l2", "m2a", "sec2", "l3")


def _get(org, who, photo_id, **query):
    return view_photo(org, who, photo_id, **query)


def test_view3_an_unattached_photo_is_seen_by_its_uploader_only(org, travel):
    travel(NOW)
    photo = upload_photo(org, "m1a", image_bytes("PNG"))
    response = _get(org, "m1a", photo)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert "private" in response.headers["Cache-Control"] and "public" not in response.headers["Cache-Control"]
    assert response.data == image_bytes("PNG")
    for who in ("l1", "sec1", "admin"):
        assert_error(_get(org, who, photo), 404, "NOT_FOUND")


def test_view3_a_checkin_photo_is_seen_by_whoever_may_read_the_checkin(org, travel):
    travel(NOW)
    photo = upload_photo(org, "m1a")
    assert post(org, "m1a", body(photo_id=photo)).status_code == 201
    for who in READERS_OF_M1A:
        response = _get(org, who, photo)
        assert response.status_code == 200, who
        assert response.headers["Content-Type"] == "image/jpeg"
    for who in NOT_READERS:
        assert_error(_get(org, who, photo), 404, "NOT_FOUND")
    assert_error(_get(org, "l1", photo + 1000), 404, "NOT_FOUND")
    assert_error(org.as_(None).get(f"/uploads/{photo}"), 401, "TOKEN_INVALID")


def test_view3_a_log_photo_is_seen_by_the_logs_readers(org, travel):
    travel(NOW)
    photo = upload_photo(org, "m1a")
    assert org.as_("m1a").put("/logs/2026-03-02", json={"content": "走访农户", "photo_ids": [photo]}).status_code == 201
    assert _get(org, "l1", photo).status_code == 200
    assert_error(_get(org, "m1b", photo), 404, "NOT_FOUND")


def test_view3_a_thumbnail_is_made_once_and_kept_beside_the_photo(org, app, travel):
    travel(NOW)
    photo = upload_photo(org, "m1a", image_bytes("PNG", size=(1600, 1200)))
    assert post(org, "m1a", body(photo_id=photo)).status_code == 201
    first = _get(org, "l1", photo, size="thumb")
    assert first.status_code == 200 and first.headers["Content-Type"] == "image/jpeg"
    assert "private" in first.headers["Cache-Control"]
    with Image.open(io.BytesIO(first.data)) as thumb:
        assert thumb.format == "JPEG" and thumb.size == (320, 240)
    thumbs = list(Path(app.config["UPLOAD_DIR"]).rglob("*.thumb.jpg"))
    assert len(thumbs) == 1
    made = thumbs[0].stat().st_mtime_ns
    assert _get(org, "m1a", photo, size="thumb").data == first.data
    assert thumbs[0].stat().st_mtime_ns == made
    assert_error(_get(org, "m1b", photo, size="thumb"), 404, "NOT_FOUND")
    assert_error(_get(org, "l1", photo, size="huge"), 400, "VALIDATION_ERROR")

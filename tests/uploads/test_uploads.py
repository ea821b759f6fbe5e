"""CHK-8: photos are checked by content, limited in size, and belong to their uploader."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.helpers import assert_error
from tests.images import image_bytes, upload_photo


def post_file(api, who, data, filename="x.jpg", field="file"):
    # Encoded here as bytes: the test client spools big multipart bodies to a file it never closes.
    boundary, body = encode_multipart({field: FileStorage(io.BytesIO(data), filename)})
    return api.as_(who).post("/uploads", data=body, content_type=f"multipart/form-data; boundary={boundary}")


@pytest.mark.parametrize("fmt,content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png")])
def test_chk8_jpeg_and_png_are_stored_under_a_random_name(org, app, fmt, content_type):
    response = post_file(org, "m1a", image_bytes(fmt), filename="../../etc/passwd")
    assert response.status_code == 201
    body = response.get_json()
    assert body["content_type"] == content_type and body["width"] == 64
    stored = list(Path(app.config["UPLOAD_DIR"]).rglob("*.*"))
    assert len(stored) == 1 and "passwd" not in stored[0].name


def test_chk8_type_is_judged_by_content_not_by_name(org):
    fake = b"GIF89a" + b"\0" * 100
    assert_error(post_file(org, "m1a", fake, filename="photo.jpg"), 422, "UNSUPPORTED_IMAGE", rule="CHK-8")
    assert_error(post_file(org, "m1a", image_bytes("GIF"), filename="photo.png"), 422, "UNSUPPORTED_IMAGE")
    truncated = image_bytes("PNG")[:60]
    assert_error(post_file(org, "m1a", truncated, filename="photo.png"), 422, "UNSUPPORTED_IMAGE")


def test_chk8_photos_over_5_mb_are_413(org):
    big = image_bytes("PNG") + b"\0" * (5 * 1024 * 1024)
    assert_error(post_file(org, "m1a", big), 413, "PAYLOAD_TOO_LARGE")
    huge = b"\0" * (7 * 1024 * 1024)
    assert_error(post_file(org, "m1a", huge), 413, "PAYLOAD_TOO_LARGE")


def test_upload_needs_the_file_field(org):
    assert_error(post_file(org, "m1a", image_bytes(), field="photo"), 400, "VALIDATION_ERROR")


def test_upload_is_for_cadres(org):
    assert_error(post_file(org, "sec1", image_bytes()), 403, "FORBIDDEN")
    assert_error(org.as_(None).post("/uploads"), 401, "TOKEN_INVALID")


def test_chk8_a_photo_belongs_to_its_uploader(org, app):
    from app.errors import RuleViolation
    from app.extensions import db
    from app.org.models import Person
    from app.uploads.service import own_photos

    mine = upload_photo(org, "m1a")
    with app.app_context():
        m1a = db.session.get(Person, org.person_id("m1a"))
        m1b = db.session.get(Person, org.person_id("m1b"))
        assert [u.id for u in own_photos(m1a, [mine])] == [mine]
        with pytest.raises(RuleViolation) as err:
            own_photos(m1b, [mine, 999])
        assert err.value.details == {"photo_ids": [mine, 999], "rule": "CHK-8"}

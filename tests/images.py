"""Real, tiny images for upload tests (made with Pillow, not fixtures on disk)."""

from __future__ import annotations

import io

from PIL import Image


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload_photo(api, who: str, data: bytes | None = None, filename: str = "photo.jpg") -> int:
    """Upload a photo as ``who`` and return its id."""
    response = api.as_(who).post("/uploads", data={"file": (io.BytesIO(data or image_bytes()), filename)},
                                 content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def view_photo(api, who: str | None, photo_id: int, **query):
    """``GET /uploads/{id}`` as ``who`` (VIEW-3); the body is read and the file closed (the answer
    streams it, and an unclosed test response would keep it open)."""
    response = api.as_(who).get(f"/uploads/{photo_id}", query_string=query)
    response.get_data()
    response.close()
    return response

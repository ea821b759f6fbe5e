"""Assertions shared by the tests."""

from __future__ import annotations


def assert_error(response, status: int, code: str, rule: str | None = None) -> dict:
    """The response is an error in the envelope of API.md, with this status, code (and rule)."""
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert error["code"] == code, error
    assert error["message"] and error["message_en"], error
    assert isinstance(error["details"], dict)
    if rule is not None:
        assert error["details"].get("rule") == rule, error
    return error

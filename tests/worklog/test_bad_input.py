"""Bad input to a work log: clear errors, never a 500, text stored verbatim, nothing locked overwritten."""

from __future__ import annotations

import pytest

from tests.helpers import assert_error
from tests.images import upload_photo

DAY = "2026-03-02"


@pytest.fixture(autouse=True)
def evening(travel):
    travel("2026-03-02T20:00:00+08:00")


def put(org, body, who="m1a", day=DAY):
    return org.as_(who).put(f"/logs/{day}", json=body)


def read(org, who="m1a", day=DAY):
    return org.as_(who).get(f"/logs/{org.person_id(who)}/{day}")


@pytest.mark.parametrize("content", ["", " ", "\n\t \u3000\u3000 \r\n"])
def test_log1_empty_or_whitespace_content_is_refused(org, content):
    error = assert_error(put(org, {"content": content}), 422, "RULE_VIOLATION", rule="LOG-1")
    assert error["details"]["reason"] == "CONTENT_EMPTY" and error["details"]["min_chars"] == 1
    assert_error(read(org), 404, "NOT_FOUND")


def test_log1_oversize_content_names_the_limit(org):
    error = assert_error(put(org, {"content": "驻" * 5001}), 422, "RULE_VIOLATION", rule="LOG-1")
    assert error["details"]["max_chars"] == 5000 and error["details"]["length"] == 5001
    assert "5000" in error["message"] and "5000" in error["message_en"]
    assert put(org, {"content": "驻" * 5000}).status_code == 201


def test_a_body_over_the_json_limit_is_413(org):
    assert_error(put(org, {"content": "驻" * 400_000}), 413, "PAYLOAD_TOO_LARGE")


@pytest.mark.parametrize("body", [{}, {"content": None}, {"content": 42}, {"content": ["a"]},
                                  {"content": "ok", "photo_ids": "1"}, {"content": "ok", "photo_ids": ["x"]},
                                  {"content": "ok", "photo_ids": [1.5]}, {"content": "ok", "category": 3}])
def test_malformed_bodies_are_400(org, body):
    assert_error(put(org, body), 400, "VALIDATION_ERROR")


def test_a_body_that_is_not_json_is_a_clear_error(org):
    response = org.as_("m1a").put(f"/logs/{DAY}", data="content=hello", content_type="application/json")
    assert_error(response, 400, "VALIDATION_ERROR")


def test_log1_unknown_category_is_refused(org):
    error = assert_error(put(org, {"content": "走访", "category": "吃喝玩乐"}), 422, "RULE_VIOLATION", rule="LOG-1")
    assert "为民办事服务" in error["details"]["allowed"]


SQLISH = "'); DROP TABLE work_logs; -- \" OR 1=1; SELECT * FROM people WHERE name LIKE '%"
EXOTIC = "今天走访𠀀𠀁𪚥家，群众很满意👍🏻👨‍👩‍👧 ‮反向‬ \\u0000 <script>alert(1)</script>"


@pytest.mark.parametrize("content", [SQLISH, EXOTIC, "  前后有空格  \n"])
def test_text_is_stored_verbatim(org, content):
    assert put(org, {"content": content}).get_json()["content"] == content
    assert read(org).get_json()["content"] == content
    listed = org.as_("l1").get(f"/logs?person_id={org.person_id('m1a')}").get_json()["items"]
    assert [log["content"] for log in listed] == [content]


def test_rare_characters_count_as_one_character_each(org):
    assert put(org, {"content": "𠀀" * 5000}).status_code == 201
    error = assert_error(put(org, {"content": "𠀀" * 5001}), 422, "RULE_VIOLATION", rule="LOG-1")
    assert error["details"]["length"] == 5001
    assert read(org).get_json()["content"] == "𠀀" * 5000


def test_chk8_someone_elses_photo_is_refused(org):
    theirs = upload_photo(org, "m1b")
    mine = upload_photo(org, "m1a")
    error = assert_error(put(org, {"content": "走访", "photo_ids": [mine, theirs]}), 422, "PHOTO_NOT_FOUND",
                         rule="CHK-8")
    assert error["details"]["photo_ids"] == [theirs]
    error = assert_error(put(org, {"content": "走访", "photo_ids": [999999]}), 422, "PHOTO_NOT_FOUND")
    assert_error(read(org), 404, "NOT_FOUND")


def test_log1_photos_are_own_uploads_at_most_nine(org):
    photos = [upload_photo(org, "m1a") for _ in range(10)]
    error = assert_error(put(org, {"content": "走访", "photo_ids": photos}), 422, "RULE_VIOLATION", rule="LOG-1")
    assert error["details"]["max_photos"] == 9
    log = put(org, {"content": "走访", "photo_ids": photos[:9] + [photos[0]]}).get_json()
    assert log["photo_ids"] == photos[:9]  # a repeated id is attached once


@pytest.mark.parametrize("day", ["2026-3-2", "20260302", "2026-02-30", "yesterday", "2026-03-02T00:00",
                                 "０２０２６-03-02", "%F0%A0%80%80"])
def test_malformed_dates_in_the_path_are_400(org, day):
    assert_error(put(org, {"content": "走访"}, day=day), 400, "VALIDATION_ERROR")
    assert_error(org.as_("l1").get(f"/logs/{org.person_id('m1a')}/{day}"), 400, "VALIDATION_ERROR")
    assert_error(org.as_("l1").get(f"/logs/{org.person_id('m1a')}/{day}/versions"), 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("query", ["from=2026-13-01", "to=soon", "from=2026-03-05&to=2026-03-01", "person_id=x",
                                   "limit=0", "cursor=%%%"])
def test_malformed_list_queries_are_400(org, query):
    assert_error(org.as_("l1").get(f"/logs?{query}"), 400, "VALIDATION_ERROR")


def test_log5_a_locked_log_is_not_overwritten_by_any_input(org, travel):
    put(org, {"content": "原始记录"})
    travel("2026-03-12T09:00:00+08:00")
    for body in ({"content": "改写"}, {"content": ""}, {"content": "驻" * 6000}, {"content": "改写", "photo_ids": [1]}):
        assert put(org, body).status_code == 422
    log = read(org).get_json()
    assert log["content"] == "原始记录" and log["version"] == 1


@pytest.mark.parametrize("who", ["sec1", "admin", "viewer1"])
@pytest.mark.parametrize("body", [{}, {"content": 5, "extra": True}, {"content": "x\u0000"}, "not json"])
def test_org2_a_role_that_may_not_write_logs_gets_403_before_400(org, who, body):
    """Whatever the body, a role that may not write logs learns that first (ORG-2), not how to fix the body."""
    for path in (f"/logs/{DAY}", f"/logs/{DAY}/corrections"):
        method = org.as_(who).put if path.endswith(DAY) else org.as_(who).post
        kwargs = {"json": body} if isinstance(body, dict) else {"data": body, "content_type": "application/json"}
        assert_error(method(path, **kwargs), 403, "FORBIDDEN", rule="ORG-2")

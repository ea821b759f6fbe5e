"""400 VALIDATION_ERROR names each field's problem in Chinese as well as English (API.md envelope)."""

from __future__ import annotations

import re

import pytest
from marshmallow import Schema, ValidationError, fields, validate

from app.validation_messages import to_chinese
from tests.helpers import assert_error

CJK = re.compile(r"[\u4e00-\u9fff]")


def problems(response) -> dict[str, dict]:
    error = assert_error(response, 400, "VALIDATION_ERROR")
    assert CJK.search(error["message"]), error
    found = error["details"]["problems"]
    for problem in found:
        assert CJK.search(problem["message"]) and problem["message_en"], problem
    return {p["field"]: p for p in found}


def test_validation_details_name_each_field_in_chinese_and_english(org):
    found = problems(org.as_("m1a").post("/leave-requests", json={"kind": "holiday", "reason": "", "extra": 1}))
    assert found["kind"]["location"] == "json"
    assert found["kind"]["message"] == "请求体字段 kind：须为以下之一：leave, trip"
    assert found["start_date"]["message"] == "请求体字段 start_date：缺少必填字段"
    assert found["start_date"]["message_en"] == "Missing data for required field."
    assert found["reason"]["message"] == "请求体字段 reason：长度须在 1 到 500 之间"
    assert found["extra"]["message"] == "请求体字段 extra：不认识的字段，请删除"


def test_validation_details_of_a_query_and_a_nested_field(org):
    found = problems(org.as_("m1a").get("/checkins?limit=0&from=2026-13-01"))
    assert found["limit"]["location"] == "query" and "须不小于 1" in found["limit"]["message"]
    assert "日期" in found["from"]["message"]
    body = {"holidays": ["2026-01-01", "x"], "workdays": []}
    nested = problems(org.as_("admin").put("/admin/calendar/2026", json=body))
    assert nested["holidays.1"]["message"] == "请求体字段 holidays.1：须为有效的日期（YYYY-MM-DD）"


class _Every(Schema):
    n = fields.Integer(validate=validate.Range(1, 500))
    m = fields.Float(validate=validate.Range(min=0, min_inclusive=False))
    s = fields.String(validate=validate.Length(max=3))
    t = fields.String(validate=validate.Length(min=2))
    e = fields.String(validate=validate.Length(equal=2))
    r = fields.String(validate=validate.Regexp("a+"))
    d = fields.Date()
    w = fields.AwareDateTime()
    b = fields.Boolean()
    li = fields.List(fields.Integer())
    di = fields.Dict()
    req = fields.String(required=True)
    nn = fields.String(allow_none=False)


@pytest.mark.parametrize("data", [
    {"n": 0, "m": 0, "s": "abcd", "t": "a", "e": "a", "r": "b", "d": "x", "w": "2026-03-02T09:00", "b": "x",
     "li": "x", "di": 1, "nn": None, "zz": 1},
    {"n": "x", "m": float("nan"), "w": "x", "li": ["x"]},
    {"n": 10**30, "s": 5},
])
def test_every_marshmallow_message_has_chinese(data):
    with pytest.raises(ValidationError) as raised:
        _Every().load(data)
    messages = [m for value in raised.value.messages.values()
                for m in (value if isinstance(value, list) else [x for v in value.values() for x in v])]
    assert messages
    assert {m: to_chinese(m) for m in messages if to_chinese(m) is None} == {}

"""Each field's problem in Chinese and English, for every 400 VALIDATION_ERROR (API.md envelope).

marshmallow, webargs and our schemas word their messages in English, nested by location and field
(``{"json": {"content": ["Missing data for required field."]}}``). ``problems(fields)`` flattens
that into ``[{"location", "field", "message", "message_en"}]``, translating each message with the
patterns below: marshmallow's own messages (with their numbers, choices and bounds) and the
project's. A message no pattern knows still gets a Chinese sentence that names the field, with the
English beside it, so a reader is never left without Chinese. ``app.errors.validation_error`` is
the one caller: every VALIDATION_ERROR carries ``details.problems``.
"""

from __future__ import annotations

import re
from typing import Any

#: Where webargs found the value (the first level of its messages).
LOCATIONS = {"json": "请求体", "query": "查询参数", "querystring": "查询参数", "form": "表单", "headers": "请求头",
             "files": "上传文件", "path": "路径", "file": "导入文件", "json_or_form": "请求体"}

_TYPES = {"integer": "整数", "number": "数字", "boolean": "布尔值（true 或 false）", "string": "字符串",
          "date": "日期（YYYY-MM-DD）", "datetime": "时间（ISO 8601）", "list": "列表", "mapping type": "对象",
          "tuple": "数组", "email address": "电子邮件地址", "URL": "网址", "UUID": "UUID", "time": "时刻"}

_RANGE_OPS = {"greater than or equal to": "不小于", "less than or equal to": "不大于", "greater than": "大于",
              "less than": "小于"}
_OP = "|".join(re.escape(op) for op in _RANGE_OPS)

#: (pattern of the English message, Chinese; ``\\1``… are the pattern's groups), tried in order.
_PATTERNS: list[tuple[str, str]] = [
    (r"Missing data for required field\.", "缺少必填字段"),
    (r"Field may not be null\.", "不能为 null"),
    (r"Unknown field\.", "不认识的字段，请删除"),
    (r"Not a valid aware datetime\.", "须为带时区偏移的时间，如 2026-03-02T09:00:00+08:00"),
    (r"Not a valid naive datetime\.", "须为不带时区偏移的时间"),
    (r"Not a valid utf-8 string\.", "不是有效的 UTF-8 文本"),
    (r"Must be one of: (.*)\.", r"须为以下之一：\1"),
    (r"Length must be between (\d+) and (\d+)\.", r"长度须在 \1 到 \2 之间"),
    (r"Longer than maximum length (\d+)\.", r"长度不能超过 \1"),
    (r"Shorter than minimum length (\d+)\.", r"长度不能少于 \1"),
    (r"Length must be (\d+)\.", r"长度须为 \1"),
    (r"String does not match expected pattern\.", "格式不符合要求"),
    (r"Invalid input type\.", "输入的类型不正确"),
    (r"Invalid type\.", "类型不正确"),
    (r"Invalid value\.", "值无效"),
    (r"Invalid input\.", "输入无效"),
    (r"Number too large\.", "数值太大"),
    (r"Special numeric values \(nan or infinity\) are not permitted\.", "不允许 NaN 或无穷大"),
    (r'"(.*)" cannot be formatted as a (\w+)\.', r"“\1”无法作为\2"),
    # The project's own messages.
    (r"must not contain a NUL character or a lone surrogate", "不能包含空字符（NUL）或不成对的代理字符"),
    (r"invalid cursor", "翻页游标无效，请从第一页重新开始"),
    (r"a JSON body is required", "需要 JSON 格式的请求体"),
    (r"'?(?:from|to)'? (?:must not be (?:after|before)|is before) '?(?:to|from)'?",
     "结束日期（to）不能早于开始日期（from）"),
    (r"at most (\d+) days at a time", r"一次最多 \1 天"),
    (r"must be a finite number", "须为有限的数字"),
    (r"must be a number", "须为数字"),
    (r"not a representable time", "时间超出可表示的范围"),
    (r"must be between (\S+) and (\S+) metres", r"须在 \1 到 \2 米之间"),
    (r"between (\d+) and (\d+)", r"须在 \1 到 \2 之间"),
    (r"a trip needs a trip_type.*", "外出申请须填写外出类型 trip_type（meeting、training 或 project）"),
    (r"trip_type is only for trips", "只有外出申请可以填写外出类型 trip_type"),
    (r"coordinates are \[lat, lon\].*", "坐标格式为 [纬度, 经度]，纬度在 -90 到 90 之间，经度在 -180 到 180 之间"),
    (r"a circle fence needs a center", "圆形围栏须有圆心 center"),
    (r"a polygon fence needs points", "多边形围栏须有顶点 points"),
    (r"end_date is before start_date", "结束日期早于开始日期"),
    (r"1–128 characters of .*", "须为 1 到 128 个字符，只能包含 A-Z a-z 0-9 . _ : -"),
    (r"a multipart field named 'file' is required", "须以 multipart 表单字段 file 上传文件"),
    (r".* is not a date \(YYYY-MM-DD\)", "不是有效的日期（YYYY-MM-DD）"),
    (r"the import document must be a JSON object", "导入文件须为 JSON 对象"),
]
_COMPILED = [(re.compile(pattern), zh) for pattern, zh in _PATTERNS]
_NOT_A = re.compile(r"Not a valid (.+)\.")
_RANGE = re.compile(rf"Must be ({_OP}) (\S+?)(?: and ({_OP}) (\S+?))?\.")


def to_chinese(message: str) -> str | None:
    """The Chinese for an English validation message, or None when no pattern knows it."""
    for pattern, zh in _COMPILED:
        if (found := pattern.fullmatch(message)) is not None:
            return found.expand(zh)
    if (found := _NOT_A.fullmatch(message)) is not None and found[1] in _TYPES:
        return f"须为有效的{_TYPES[found[1]]}"
    if (found := _RANGE.fullmatch(message)) is not None:
        parts = [f"{_RANGE_OPS[found[1]]} {found[2]}"]
        if found[3]:
            parts.append(f"{_RANGE_OPS[found[3]]} {found[4]}")
        return "须" + " 且".join(parts)
    return None


def _leaves(node: Any, path: tuple[str, ...]):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, str(key)))
    elif isinstance(node, list | tuple) and all(isinstance(m, str) for m in node):
        for message in node:
            yield path, message
    elif isinstance(node, list | tuple):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, str(index)))
    else:
        yield path, str(node)


def problems(fields: Any) -> list[dict[str, str | None]]:
    """``fields`` (marshmallow/webargs messages, nested) as one bilingual problem per message."""
    found = []
    for path, message in _leaves(fields, ()):
        location = path[0] if len(path) > 1 and path[0] in LOCATIONS else None
        names = path[1:] if location else path
        field = ".".join(n for n in names if n != "_schema") or None
        zh = to_chinese(message) or "格式不正确"
        where = f"{LOCATIONS[location]}字段 {field}" if location and field else (f"字段 {field}" if field else "请求")
        found.append({"location": location, "field": field, "message": f"{where}：{zh}", "message_en": message})
    return found

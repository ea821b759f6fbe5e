"""Text the databases can store: no NUL character and no lone surrogate, in any input.

PostgreSQL refuses U+0000 in ``text`` columns and parameters; neither database (nor UTF-8) can
hold a lone surrogate (U+D800..U+DFFF unpaired, which JSON's ``"\\ud800"`` escape produces). Such a
string used to reach the database and answer 500. It is refused where input enters, once for every
string: ``refuse_unsafe_text(data, location)`` walks a parsed input (keys and values, at any depth)
and raises 400 VALIDATION_ERROR naming each offending field. It is called by the arguments parser
of every ``@blp.arguments`` (JSON bodies, query strings, forms, headers: ``app.extensions``), by
``app.request_body.json_body`` (bodies without one schema) and by ``import-org`` for its file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from marshmallow import EXCLUDE, Schema

from app.errors import validation_error

UNSAFE = re.compile("[\x00\ud800-\udfff]")
MESSAGE_EN = "must not contain a NUL character or a lone surrogate"


def _unsafe_paths(value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(value, str):
        if UNSAFE.search(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            name = str(key)
            if UNSAFE.search(name):  # a field name is input too; report it readably
                yield (*path, UNSAFE.sub("\ufffd", name))
            else:
                yield from _unsafe_paths(item, (*path, name))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _unsafe_paths(item, (*path, str(index)))


def _nest(paths: list[tuple[str, ...]]) -> dict[str, Any]:
    """Paths as marshmallow nests its messages: ``{"a": {"0": ["…"]}}``."""
    tree: dict[str, Any] = {}
    for path in paths:
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1] if path else "_schema"] = [MESSAGE_EN]
    return tree


def _kept(data: Any, schema: Schema | None) -> Any:
    """``data`` without the top-level fields ``schema`` ignores (``unknown = EXCLUDE``): they reach nothing."""
    if schema is None or schema.unknown != EXCLUDE or not isinstance(data, dict):
        return data
    known = {field.data_key or name for name, field in schema.fields.items()}
    return {key: value for key, value in data.items() if key in known}


def refuse_unsafe_text(data: Any, location: str, schema: Schema | None = None) -> None:
    """400 VALIDATION_ERROR if any string in ``data`` (a parsed input from ``location``, to be loaded
    by ``schema`` if given) is unsafe."""
    paths = list(_unsafe_paths(_kept(data, schema)))
    if paths:
        raise validation_error({location: _nest(paths)}, f"text {MESSAGE_EN}")

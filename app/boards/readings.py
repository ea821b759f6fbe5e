"""VIEW-1/VIEW-2: a board is computed once per reading; its pages are slices of that computation.

A board needs every cadre of the scope before its first row (the totals, the risk order), so
computing it again for each page of 500 made a 10,000-cadre city twenty whole computations
(``bench/console_period_board.py``). The first page (no cursor) computes the board and stores it,
compressed, in ``board_readings`` — the database, so whichever worker process or host answers the
next page finds it — and its cursors name that reading. A reading is the board as it was at its
first page: its pages never mix two moments. It lives ``READING_TTL``; past that, or with a cursor
of someone else's reading or of other arguments, the board is computed afresh and the page
continues after the cursor's key, as any keyset cursor does.
"""

from __future__ import annotations

import gc
import json
import secrets
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete

from app import clock
from app.boards.models import BoardReading
from app.errors import DomainError
from app.extensions import db
from app.org.models import Person
from app.pagination import decode_cursor, encode_cursor, invalid_cursor, tagged, untagged

#: Long enough to page through a city (seconds) and to come back to a page; short enough that a
#: board left open shows a new computation when it next asks for a first page (every minute for
#: the today board).
READING_TTL = timedelta(minutes=5)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a board is built or unpacked.

    A city's board is ~300,000 new dicts, lists and numbers, none in a reference cycle; each
    allocation burst triggers a collection that walks the growing young generation again. It
    was half the CPU of a 10,000-cadre board (0.90 s → 0.45 s, ``bench/boards.py``). Reference
    counting still frees everything; collection resumes as soon as the board is built.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _json_date(value: Any) -> Any:
    if isinstance(value, date):  # datetimes included
        return tagged(value)
    raise TypeError(f"{type(value).__name__} is not stored in a board reading")


def _pack(head: dict[str, Any], fields: list[str], rows: list[list]) -> bytes:
    """The board as compressed JSON, its items as rows of ``fields`` (the sort key first)."""
    text = json.dumps({"head": head, "fields": fields, "rows": rows}, default=_json_date, separators=(",", ":"),
                      ensure_ascii=False)
    return zlib.compress(text.encode(), 1)


def _unpack(blob: bytes) -> tuple[dict[str, Any], list[str], list[list]]:
    stored = json.loads(zlib.decompress(blob), object_hook=untagged)
    return stored["head"], stored["fields"], stored["rows"]


def _cursor(cursor: str) -> tuple[str, str | None]:
    """The sort key after which the page starts and the reading it belongs to (``None``: a cursor of
    a board answered before readings, which carries the key alone)."""
    try:
        after, reading = decode_cursor(cursor, 2)
    except DomainError:  # a one-value cursor is the older form; anything else is refused here
        (after,), reading = decode_cursor(cursor, 1), None
    if not isinstance(after, str) or not (reading is None or isinstance(reading, str) and len(reading) == 32):
        raise invalid_cursor()
    return after, reading


def _stored(reading: str, person: Person, query: str) -> BoardReading | None:
    row = db.session.get(BoardReading, reading)
    if row is None or row.person_id != person.id or row.query != query or row.expires_at <= clock.now():
        return None
    return row


def _store(person: Person, query: str, blob: bytes) -> str:
    now = clock.now()
    db.session.execute(delete(BoardReading).where(BoardReading.expires_at <= now))
    reading = secrets.token_hex(16)
    db.session.add(BoardReading(id=reading, person_id=person.id, query=query, created_at=now,
                                expires_at=now + READING_TTL, board=blob))
    return reading


def board_page(person: Person, kind: str, arguments: dict[str, Any], compute: Callable[[], dict[str, Any]],
               item_fields: Iterable[str], cursor: str | None, limit: int) -> dict[str, Any]:
    """One page of the board ``compute`` returns (``items`` sorted by their unique ``key``): computed
    and stored when ``cursor`` is empty or its reading is gone, else sliced from the stored reading.

    ``arguments`` are what the board depends on besides the caller (year, month, place, sort);
    ``item_fields`` what an item keeps (those of the response schema). The caller commits.
    """
    query = json.dumps({"board": kind, **arguments}, sort_keys=True, default=_json_date)
    after, reading = _cursor(cursor) if cursor else (None, None)
    row = _stored(reading, person, query) if reading else None
    with _no_cycle_collection():
        head, page, more, reading = _page(person, query, row, reading, compute, item_fields, after, limit)
    return {**head, "items": page, "next_cursor": encode_cursor([page[-1]["key"], reading]) if more else None}


def _page(person: Person, query: str, row: BoardReading | None, reading: str | None,
          compute: Callable[[], dict[str, Any]], item_fields: Iterable[str], after: str | None,
          limit: int) -> tuple[dict[str, Any], list[dict[str, Any]], bool, str]:
    """The head, the page's items, whether more follow, and the reading's id.

    A function of its own so that the whole board (its items, its packed rows) is freed by
    reference counting when it returns, while the cyclic collector is still paused: Python counts
    allocations minus deallocations, so a board still alive when collection resumes made the next
    allocation walk all of it (0.18 s of a 10,000-cadre first page, ``bench/boards.py --profile``).
    """
    if row is not None:
        head, fields, rows = _unpack(row.board)
    else:
        board = compute()
        fields = ["key", *(name for name in item_fields if name != "key")]
        head = {k: v for k, v in board.items() if k != "items"}
        rows = [[item[name] for name in fields] for item in board["items"]]
        reading = _store(person, query, _pack(head, fields, rows))
    start = bisect_right([r[0] for r in rows], after) if after is not None else 0
    page = [dict(zip(fields, r, strict=True)) for r in rows[start:start + limit]]
    return head, page, start + limit < len(rows), reading

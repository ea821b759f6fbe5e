"""Put a test's database back to an earlier state, on SQLite and PostgreSQL alike, so one world can
be played twice (e.g. two day closes at once, then one alone) and the outcomes compared."""

from __future__ import annotations

import json

from sqlalchemy import func, select, text

from app.extensions import db

Snapshot = dict[str, list[dict]]


def take() -> Snapshot:
    """Every row of every table (inside an app context)."""
    with db.engine.connect() as conn:
        return {t.name: [dict(r._mapping) for r in conn.execute(select(t))] for t in db.metadata.sorted_tables}


def restore(snapshot: Snapshot) -> None:
    """Replace every table's rows with the snapshot's; sequences continue after the highest id."""
    tables = db.metadata.sorted_tables
    postgres = db.engine.dialect.name == "postgresql"
    with db.engine.begin() as conn:
        if postgres:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(table.delete())
        for table in tables:
            if snapshot[table.name]:
                conn.execute(table.insert(), snapshot[table.name])
        for table in tables if postgres else ():
            if "id" in table.c and table.c.id.autoincrement in (True, "auto") and table.c.id.primary_key:
                top = conn.scalar(select(func.max(table.c.id))) or 0
                conn.execute(text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, :called)"),
                             {"t": table.name, "v": max(top, 1), "called": top > 0})


def dump(*names: str) -> str:
    """The named tables as one canonical JSON text (rows in primary-key order), to compare byte for byte."""
    out = {}
    with db.engine.connect() as conn:
        for name in names:
            table = db.metadata.tables[name]
            out[name] = [dict(r._mapping) for r in conn.execute(select(table).order_by(*table.primary_key.columns))]
    return json.dumps(out, sort_keys=True, default=str, ensure_ascii=False, indent=1)

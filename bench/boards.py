"""Benchmark: the period board (VIEW-2) and the today board (VIEW-1) of a whole city, against
``/attendance/summary`` of one cadre in the same run (issue 13).

Run as a program:   .venv/bin/python bench/boards.py [--db sqlite,postgresql] [--people 10000]

For each database it builds a fresh schema (Alembic migrations) and the synthetic city of
``bench/day_close.py`` (villages of three cadres, ``--history`` closed days with counters, a
realistic yesterday and today: 95 % checked in, 3 % on leave, 92 % wrote their log), closes
yesterday, then calls through the Flask test client, as the city office, ``--rounds`` alternating
rounds of: ``GET /boards/period?year=`` (the whole city computed, the first page of 50 answered),
``GET /boards/period?sort=risk``, ``GET /boards/today`` and ``GET /attendance/summary?person_id=``.
It prints the median wall time of each and its ratio to the one-cadre summary, and the number of
SQL statements each request ran (the same for 1 cadre and for the city: set-based).
PostgreSQL uses the database ``bench_dayclose`` on 127.0.0.1 (created if missing) or ``--pg-url``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, text  # noqa: E402

from bench.checkin_throughput import cpu_seconds  # noqa: E402
from bench.day_close import PG_URL, build_city, build_history, build_sources, database_pids, fresh_database  # noqa: E402


def _admin(db, people: int) -> int:
    from app.org.models import Person

    admin = Person(id=people + 1, key="bench-admin", name="市驻村办", role="city_admin", token_version=1,
                   created_at=datetime.now(UTC))
    db.session.add(admin)
    db.session.commit()
    return admin.id


def _timed(client, url: str, headers: dict, engine, pids: list[int]) -> tuple[float, float, int]:
    """Wall time, CPU time (this process and the database backends) and SQL statements of one GET."""
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    cpu0, t0 = cpu_seconds(pids), time.perf_counter()
    response = client.get(url, headers=headers)
    elapsed, cpu = time.perf_counter() - t0, cpu_seconds(pids) - cpu0
    event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, response.get_json()
    return elapsed, cpu, len(statements)


def run_one(kind: str, people: int, history: int, rounds: int, workdir: Path, pg_url: str,
            profile: str | None = None) -> dict:
    from flask_migrate import upgrade

    from app import clock, create_app
    from app.attendance import close
    from app.auth import tokens
    from app.extensions import db
    from app.org.models import Person
    from scheduler.registry import run_steps

    uri = fresh_database(kind, workdir, pg_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(revision="heads")
        today = clock.today()
        day = today - timedelta(days=1)
        build_city(db, people, day, history)
        build_history(db, day, history)
        build_sources(db, day)
        run_steps(close.close_day(day))
        db.session.commit()
        build_sources(db, today)
        if db.engine.dialect.name == "postgresql":  # what autovacuum does after a bulk load
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        token, _ = tokens.issue(db.session.get(Person, _admin(db, people)))
        engine = db.engine
        db.session.remove()
    client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}
    risk = f"/api/v1/boards/period?year={today.year}&sort=risk&limit=500"
    cursor = client.get(risk, headers=headers).get_json()["next_cursor"]  # a reading to page through
    urls = {"period": f"/api/v1/boards/period?year={today.year}&limit=500",
            "period, sort=risk": risk,
            "period, sort=risk, next page": f"{risk}&cursor={cursor}",
            "today": "/api/v1/boards/today?limit=500",
            "summary (1 cadre)": f"/api/v1/attendance/summary?person_id={people // 2}&year={today.year}"}
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        client.get(risk, headers=headers)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats(profile).print_stats(40)
    times: dict[str, list[float]] = {name: [] for name in urls}
    cpus: dict[str, list[float]] = {name: [] for name in urls}
    statements: dict[str, int] = {}
    for url in urls.values():  # warm-up: statements compiled, caches filled, the pool's connection open
        _timed(client, url, headers, engine, [])
    with app.app_context():
        pids = database_pids(db)
        db.session.remove()
    for _ in range(rounds):
        for name, url in urls.items():
            elapsed, cpu, n = _timed(client, url, headers, engine, pids)
            times[name].append(elapsed)
            cpus[name].append(cpu)
            statements[name] = n
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return {"db": kind, "people": people, "statements": statements,
            "medians": {name: statistics.median(values) for name, values in times.items()},
            "cpu": {name: statistics.median(values) for name, values in cpus.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--history", type=int, default=30, help="closed days before yesterday")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--profile", metavar="SORT", help="cProfile one first page of sort=risk, printed to stderr")
    args = parser.parse_args()
    os.environ.setdefault("ZHUCUN_ENV", "prod")
    import logging

    logging.disable(logging.INFO)
    rows, load = [], " ".join(Path("/proc/loadavg").read_text().split()[:3])
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.db.split(","):
            rows.append(run_one(kind, args.people, args.history, args.rounds, Path(tmp), args.pg_url,
                                args.profile))
            print(rows[-1], flush=True)
    print()
    print(f"load average before: {load}")
    print("| db | cadres | request | wall median (ms) | CPU median (ms) | SQL statements | wall × summary |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        base = r["medians"]["summary (1 cadre)"]
        for name, median in r["medians"].items():
            print(f"| {r['db']} | {r['people']:,} | {name} | {1000 * median:.0f} | {1000 * r['cpu'][name]:.0f} | "
                  f"{r['statements'][name]} | {median / base:.1f}× |")


if __name__ == "__main__":
    main()

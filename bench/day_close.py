"""Benchmark: the nightly day close for 10k, 50k and 100k synthetic cadres (issue 6, ATT-5).

Run as a program:   .venv/bin/python bench/day_close.py [--db sqlite,postgresql] [--people 10000,50000,100000]
        [--history 30] [--no-long-history] [--statements] [--profile cumtime] [--pg-url URL]

Any sizes (``--people 10000,100000,300000,600000``). For each it prints the close's CPU and the
peak memory of the close (growth of VmHWM over the RSS before it), which must follow the batch
of the alert writes, not the city (issue 17).

For each database and size it builds a fresh schema (Alembic migrations), a synthetic city
(villages of three cadres), ``--history`` days of already-closed statuses with their counters, and a
realistic yesterday (95 % checked in, 3 % on leave, 2 % absent, 92 % wrote their log), then times
``close_day(yesterday)`` — what the scheduler runs after midnight: the forward close of yesterday
and the finalisation (re-evaluation) of the day whose offline grace just ended. It also closes a
10k city with 30 and with 365 days of history, to show that the cost follows people, not history.
Results are printed as a table with ratios measured in the same run (wall time, and the CPU time
of this process plus, on PostgreSQL, of the backends serving it); BENCHMARKS.md keeps them.
PostgreSQL uses the database ``bench_dayclose`` on 127.0.0.1 (created if missing), or ``--pg-url``
(its schema is dropped and rebuilt for every size).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Date, create_engine, event, insert, literal, select, text  # noqa: E402

from bench.checkin_throughput import cpu_seconds  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_dayclose"


def fresh_database(kind: str, workdir: Path, pg_url: str = PG_URL) -> str:
    if kind == "sqlite":
        path = workdir / "dayclose.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}"
    if pg_url == PG_URL:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = 'bench_dayclose'")).scalar():
                conn.execute(text("CREATE DATABASE bench_dayclose"))
        admin.dispose()
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return pg_url


def build_city(db, people: int, day, history: int) -> None:
    """Towns, villages of three, people and postings from ``day - history``; bulk inserts."""
    from app.org.models import Person, Posting, Town, Unit, Village

    villages = (people + 2) // 3
    db.session.execute(insert(Town), [{"id": t + 1, "key": f"t{t}", "name": f"镇{t}"}
                                      for t in range(villages // 60 + 1)])
    db.session.execute(insert(Unit), [{"id": u + 1, "key": f"u{u}", "name": f"单位{u}"} for u in range(50)])
    db.session.execute(insert(Village), [{"id": v + 1, "key": f"v{v}", "town_id": v // 60 + 1, "name": f"村{v}",
                                          "types": []} for v in range(villages)])
    now = datetime.now(UTC)
    db.session.execute(insert(Person), [
        {"id": p + 1, "key": f"p{p}", "name": f"干部{p}", "role": "leader" if p % 3 == 0 else "member",
         "unit_id": p % 50 + 1, "party_member": True, "token_version": 1, "created_at": now} for p in range(people)])
    start = min(day - timedelta(days=history), date(day.year, 1, 1))  # posted since January at least
    db.session.execute(insert(Posting), [
        {"person_id": p + 1, "village_id": p // 3 + 1, "role": "leader" if p % 3 == 0 else "member",
         "start_date": start} for p in range(people)])
    db.session.commit()


def build_history(db, day, history: int) -> None:
    """Closed statuses for the ``history`` days before ``day``.

    The last three days are still provisional (inside the offline grace); their check-ins, leave and
    logs exist and their statuses come from the real evaluation, so the nightly finalisation finds
    what it finds in life: nothing changed. Older days are final and need no source data.
    """
    from app.attendance import sources
    from app.attendance.close import calendar_day
    from app.attendance.models import AttendanceState
    from app.jobstate import JobWatermark

    first = day - timedelta(days=history)
    # About 1 % of working days absent: a city where the rules work, not one where everyone is recalled.
    status = ("CASE WHEN (s.i % 7) IN (5, 6) THEN 'rest' WHEN (p.person_id * 7 + s.i * 13) % 100 < 94 THEN 'present' "
              "WHEN (p.person_id * 7 + s.i * 13) % 100 < 96 THEN 'business' "
              "WHEN (p.person_id * 7 + s.i * 13) % 100 < 99 THEN 'leave' ELSE 'absent' END")
    if db.engine.dialect.name == "postgresql":
        series = "SELECT i, (CAST(:first AS date) + i) AS d FROM generate_series(0, :n - 1) AS i"
        ts = "CAST(:now AS timestamptz)"
    else:
        series = ("WITH RECURSIVE r(i, d) AS (SELECT 0, :first UNION ALL SELECT i + 1, date(d, '+1 day') FROM r "
                  "WHERE i + 1 < :n) SELECT i, d FROM r")
        ts = ":now"
    db.session.execute(text(
        f"INSERT INTO day_statuses (person_id, day, village_id, status, on_duty, provisional, calendar_provisional, "
        f"evaluated_at) SELECT p.person_id, s.d, p.village_id, {status}, false, false, false, {ts} "
        f"FROM postings p CROSS JOIN ({series}) s"),
        {"first": first.isoformat() if db.engine.dialect.name == "sqlite" else first, "n": history - 3,
         "now": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")})
    for back in (3, 2, 1):
        recent_day = day - timedelta(days=back)
        build_sources(db, recent_day)
        db.session.execute(sources.upsert_statuses(recent_day, sources.evaluate(
            recent_day, calendar_day(recent_day).working), True, False))
    # The year's counters also hold the days since 1 January before the materialised history, in the
    # same proportions (a night late in the year: every cadre's ATT-2 projection is computed).
    prior = max(0, (first - date(day.year, 1, 1)).days)
    share = {"present": prior * 5 * 94 // 700, "business": prior * 5 * 2 // 700, "leave": prior * 5 * 3 // 700,
             "absent": prior * 5 // 700}
    share["rest"] = prior - sum(share.values())
    counts = {c: f"SUM(CASE WHEN status = '{s}' THEN 1 ELSE 0 END) + {share[s]}" for s, c in (
        ("present", "present_days"), ("business", "business_days"), ("leave", "leave_days"), ("rest", "rest_days"),
        ("absent", "absent_days"))}
    db.session.execute(text(
        f"INSERT INTO attendance_years (person_id, year, {', '.join(counts)}, duty_days_served, longest_streak) "
        f"SELECT person_id, {day.year}, {', '.join(counts.values())}, 0, 0 FROM day_statuses GROUP BY person_id"))
    db.session.execute(insert(AttendanceState).from_select(
        ["person_id", "run_length", "pending_rest", "last_day"],
        select(text("id"), literal(0), literal(0), literal(day - timedelta(days=1), Date())).select_from(
            text("people"))))
    db.session.add(JobWatermark(job="day-close", last_date=day - timedelta(days=1), updated_at=datetime.now(UTC)))
    db.session.commit()


def build_sources(db, day) -> None:
    """95 % checked in, 3 % on approved leave, 92 % wrote their log on time; the rest absent."""
    from app import clock
    from app.checkin.models import Checkin
    from app.leave.models import LeaveRequest
    from app.org.models import Posting
    from app.worklog.models import WorkLog

    at = clock.at_local(day, datetime.min.time().replace(hour=9))
    pid = Posting.person_id
    db.session.execute(insert(Checkin).from_select(
        ["person_id", "idempotency_key", "request_hash", "day", "captured_at", "received_at", "status", "message",
         "message_en", "distance_m", "village_id", "lat", "lon", "coord_system", "lat_wgs84", "lon_wgs84",
         "accuracy_m", "mock_location"],
        select(pid, literal(f"bench-{day.isoformat()}"), literal("x"), literal(day, Date()),
               literal(at, Checkin.captured_at.type), literal(at, Checkin.received_at.type), literal("accepted"),
               literal("打卡成功"), literal("ok"), literal(0.0), Posting.village_id, literal(39.27), literal(110.29),
               literal("gcj02"), literal(39.27), literal(110.29), literal(20.0), literal(False))
        .where(pid % 100 < 95)))
    db.session.execute(insert(LeaveRequest).from_select(
        ["person_id", "village_id", "requester_role", "kind", "start_date", "end_date", "days", "reason", "status",
         "covered_until", "created_at"],
        select(pid, Posting.village_id, Posting.role, literal("leave"), literal(day - timedelta(2), Date()),
               literal(day + timedelta(2), Date()), literal(5.0), literal("事假"), literal("approved"),
               literal(day + timedelta(2), Date()), literal(at, LeaveRequest.created_at.type))
        .where(pid % 100 >= 95, pid % 100 < 98)))
    written = clock.at_local(day, datetime.min.time().replace(hour=20))
    db.session.execute(insert(WorkLog).from_select(
        ["person_id", "day", "content", "photo_ids", "first_written_at", "late", "written_at", "version"],
        select(pid, literal(day, Date()), literal("入户走访，整理台账"), literal([], WorkLog.photo_ids.type),
               literal(written, WorkLog.first_written_at.type), literal(False),
               literal(written, WorkLog.written_at.type), literal(1)).where(pid % 100 < 92)))
    db.session.commit()


def database_pids(db) -> list[int]:
    """This process, and on PostgreSQL the backends serving the benchmark database: CPU time is
    what the close costs, far less sensitive than wall time to the neighbours on a shared machine."""
    pids = [os.getpid()]
    if db.engine.dialect.name == "postgresql":
        pids += list(db.session.scalars(text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")))
        db.session.commit()
    return pids


def reset_peak_memory() -> None:
    """Linux: reset this process's peak resident set (VmHWM), so the peak measured is the close's."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def current_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class watch_statements:  # noqa: N801 - used like a function
    """Wall time per SQL statement text (cursor events), to see which statement the close waits on."""

    def __init__(self, engine):
        self.total: dict[str, list] = {}
        self.before, self.after = self._before, self._after
        event.listen(engine, "before_cursor_execute", self.before)
        event.listen(engine, "after_cursor_execute", self.after)

    def _before(self, conn, cursor, statement, *args):
        conn.info["bench_t0"] = time.perf_counter()

    def _after(self, conn, cursor, statement, *args):
        entry = self.total.setdefault(statement, [0, 0.0])
        entry[0] += 1
        entry[1] += time.perf_counter() - conn.info.pop("bench_t0")


def run_one(kind: str, people: int, history: int, workdir: Path, pg_url: str = PG_URL,
            profile: str | None = None, statements: bool = False) -> dict:
    from flask_migrate import upgrade

    from app import clock, create_app
    from app.attendance import close
    from app.extensions import db
    from scheduler.registry import run_steps

    uri = fresh_database(kind, workdir, pg_url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade(revision="heads")
        day = clock.today() - timedelta(days=1)
        t0 = time.perf_counter()
        build_city(db, people, day, history)
        build_history(db, day, history)
        build_sources(db, day)
        if db.engine.dialect.name == "postgresql":
            # A live database's state at night: autovacuum has vacuumed and analysed the day's rows
            # and a checkpoint has written them, so neither runs inside the timed close (they did,
            # at random, right after the bulk build: ±20 % between runs of the same size).
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
                conn.execute(text("CHECKPOINT"))
        else:
            db.session.execute(text("ANALYZE"))
        db.session.commit()
        setup = time.perf_counter() - t0
        pids = database_pids(db)
        db.session.expunge_all()
        gc.collect()
        rss0 = current_memory_mb()
        reset_peak_memory()
        timings = watch_statements(db.engine) if statements else None
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        cpu0, t0 = cpu_seconds(pids), time.perf_counter()
        close._close_forward(day)
        db.session.commit()
        forward = time.perf_counter() - t0
        t0 = time.perf_counter()
        finalised = run_steps(close.finalise_due())
        db.session.commit()
        final = time.perf_counter() - t0
        cpu = cpu_seconds(pids) - cpu0
        peak = peak_memory_mb() - rss0
        if profiler:
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stderr).sort_stats(profile).print_stats(45)
        if timings is not None:
            event.remove(db.engine, "before_cursor_execute", timings.before)
            event.remove(db.engine, "after_cursor_execute", timings.after)
            for sql, (n, seconds) in sorted(timings.total.items(), key=lambda kv: -kv[1][1])[:15]:
                print(f"{seconds:8.2f} s {n:5d}× {' '.join(sql.split())[:160]}", file=sys.stderr)
        counts = db.session.execute(text(
            "SELECT status, count(*) FROM day_statuses WHERE day = :d GROUP BY status"), {"d": day}).all()
        db.session.remove()
        db.engine.dispose()
    return {"db": kind, "people": people, "history": history, "setup_s": setup, "forward_s": forward,
            "finalise_s": final, "total_s": forward + final, "cpu_s": cpu, "peak_mb": peak, "finalised": finalised,
            "statuses": dict(counts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--people", default="10000,50000,100000")
    parser.add_argument("--history", type=int, default=30, help="days of closed history for the size runs")
    parser.add_argument("--pg-url", default=PG_URL, help="PostgreSQL database to rebuild (default bench_dayclose)")
    parser.add_argument("--no-long-history", action="store_true",
                        help="skip the extra run of the smallest city with 365 days of history")
    parser.add_argument("--profile", metavar="SORT", help="cProfile the close (e.g. cumtime), printed to stderr")
    parser.add_argument("--statements", action="store_true", help="time each SQL statement, printed to stderr")
    args = parser.parse_args()
    os.environ.setdefault("ZHUCUN_ENV", "prod")
    import logging

    logging.disable(logging.INFO)
    sizes = [int(n) for n in args.people.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.db.split(","):
            for people in sizes:
                rows.append(run_one(kind, people, args.history, Path(tmp), args.pg_url, args.profile,
                                    args.statements))
                print_row(rows[-1])
            if not args.no_long_history:
                rows.append(run_one(kind, sizes[0], 365, Path(tmp), args.pg_url))
                print_row(rows[-1])
    print()
    print("| db | cadres | history days | close (s) | of which finalise (s) | CPU (s) | per 1,000 cadres (ms) | "
          "per cadre vs smallest | peak memory of the close (MB) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for kind in args.db.split(","):
        base = next(r for r in rows if r["db"] == kind and r["people"] == sizes[0] and r["history"] == args.history)
        for r in (r for r in rows if r["db"] == kind):
            print(f"| {kind} | {r['people']:,} | {r['history']} | {r['total_s']:.2f} | {r['finalise_s']:.2f} | "
                  f"{r['cpu_s']:.2f} | "
                  f"{1000 * r['total_s'] / r['people'] * 1000:.1f} | "
                  f"{(r['total_s'] / r['people']) / (base['total_s'] / base['people']):.2f}× | {r['peak_mb']:.0f} |")


def print_row(r: dict) -> None:
    print(f"{r['db']:<10} {r['people']:>7} cadres, {r['history']:>3} days history: setup {r['setup_s']:.1f}s, "
          f"forward {r['forward_s']:.2f}s, finalise {r['finalise_s']:.2f}s, CPU {r['cpu_s']:.2f}s, "
          f"peak +{r['peak_mb']:.0f} MB, load {os.getloadavg()[0]:.1f} "
          f"{r['finalised']} {r['statuses']}",
          flush=True)


if __name__ == "__main__":
    main()

"""Benchmark: POST /api/v1/checkins throughput under gunicorn, as a ratio to GET /api/v1/health.

    .venv/bin/python bench/checkin_throughput.py [--db sqlite postgresql] [--requests 3000]
        [--rounds 5] [--concurrency 8] [--workers 4] [--worker-class sync] [--cadres 500]
        [--pg-url URL] [--max-seconds 150]

For each database: a fresh schema (Alembic ``upgrade heads``), an organisation of ``--cadres``
cadres in villages of ten (imported through the app's importer), a token per cadre (issued by the
app), then gunicorn on 127.0.0.1 on a free port. A client process drives it from
``--concurrency`` threads, each request on a new connection (gunicorn's sync workers close them):

- warm-up: 200 health checks and 200 check-ins (every worker has connected to the database and
  compiled its statements before anything is timed);
- ``--rounds`` rounds, each of ``--requests``/rounds health checks then as many check-ins (a new
  Idempotency-Key each, cadres in turn, all inside their fence, so every one is decided, stored
  and committed). Alternating short phases exposes both endpoints to the same background load
  (the machine is shared), so the ratio of one round is not skewed by a neighbour's test run.

The ratio check-ins/s ÷ health/s of the same server in the same run (the median of the rounds'
ratios) is the figure that travels between machines; the absolute rates (all rounds pooled) are
for context. After the server has stopped, the stored check-ins are counted: every 201 must be a
row. The run is bounded: a request times out after 30 s, and a database's run stops sending
after ``--max-seconds`` (the unsent requests are reported). Everything is stopped at the end.

PostgreSQL: ``--pg-url``, else ``BENCH_PG_URL``, else
``postgresql+psycopg://postgres@127.0.0.1:5432/bench_i3`` (created if missing; its public
schema is dropped and recreated).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/bench_i3")
SECRET = "bench-secret"
CENTRE = (38.8424, 110.4989)  # GCJ-02; each village is 0.05° further east


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reset_postgres(url: str) -> None:
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    base, name = plain.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def organisation(cadres: int) -> dict:
    villages = max(1, cadres // 10)
    doc = {"towns": [{"key": "t", "name": "基准镇"}], "units": [{"key": "u", "name": "基准单位"}],
           "villages": [], "people": [], "postings": []}
    for v in range(villages):
        doc["villages"].append({"key": f"v{v}", "town": "t", "name": f"村{v}", "fences": [
            {"kind": "circle", "center": [CENTRE[0], CENTRE[1] + 0.05 * v], "radius_m": 1000,
             "coord_system": "gcj02"}]})
    for c in range(cadres):
        role = "leader" if c % 10 == 0 else "member"
        doc["people"].append({"key": f"p{c}", "name": f"干部{c}", "role": role, "unit": "u",
                              "party_member": True, "party_joined_on": "2010-01-01",
                              "work_started_on": "2008-01-01", "source": "civil_servant"})
        doc["postings"].append({"person": f"p{c}", "village": f"v{c // 10}", "role": role,
                                "start_date": "2020-01-01"})
    return doc


def setup(uri: str, cadres: int, upload_dir: str) -> list[tuple[str, int]]:
    """Migrate, import the organisation, issue tokens; returns (token, village index) per cadre."""
    from flask_migrate import upgrade

    from app import create_app
    from app.auth import tokens
    from app.extensions import db
    from app.org.importer import import_org
    from app.org.models import Person

    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": SECRET, "UPLOAD_DIR": upload_dir})
    with app.app_context():
        upgrade(revision="heads")
        ids = import_org(organisation(cadres))["ids"]["people"]
        db.session.commit()
        people = {p.id: p for p in db.session.query(Person).filter(Person.id.in_(ids.values()))}
        result = [(tokens.issue(people[ids[f"p{c}"]])[0], c // 10) for c in range(cadres)]
        db.session.commit()
        db.engine.dispose()
    return result


def start_server(uri: str, port: int, args, upload_dir: str, wait_s: float = 30) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": uri, "SECRET_KEY": SECRET, "UPLOAD_DIR": upload_dir}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(args.workers), "-k", args.worker_class,
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            if request(port, "GET", "/api/v1/health")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def request(port: int, method: str, path: str, body: bytes | None = None,
            headers: dict | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time consumed so far by ``pids`` (Linux /proc)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def server_pids(server: subprocess.Popen, uri: str) -> list[int]:
    """gunicorn's workers, and on PostgreSQL the backends serving the benchmark database."""
    try:
        pids = [int(p) for p in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]
    except OSError:
        pids = []
    if uri.startswith("postgresql"):
        import psycopg

        plain = uri.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(plain, autocommit=True) as conn:
            pids += [row[0] for row in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")]
    return pids


def drive(port: int, calls: list[tuple], concurrency: int, deadline: float) -> tuple[float, dict]:
    """Send ``calls`` from ``concurrency`` threads; (requests per second, count per status).

    Calls not yet sent at ``deadline`` (``time.monotonic()``) are skipped and counted as "unsent".
    """
    statuses: dict = {}

    def one(call: tuple) -> int | str:
        if time.monotonic() > deadline:
            return "unsent"
        try:
            return request(port, *call)[0]
        except OSError as exc:
            return type(exc).__name__

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for status in pool.map(one, calls):
            statuses[status] = statuses.get(status, 0) + 1
    sent = len(calls) - statuses.get("unsent", 0)
    return sent / (time.perf_counter() - start), statuses


def checkin_calls(people: list[tuple[str, int]], n: int, run: str) -> list[tuple]:
    from datetime import UTC, datetime

    calls = []
    for i in range(n):
        token, village = people[i % len(people)]
        body = {"lat": CENTRE[0] + 0.001, "lon": CENTRE[1] + 0.05 * village, "coord_system": "gcj02",
                "accuracy_m": 20, "captured_at": datetime.now(UTC).isoformat(), "device_id": "bench"}
        headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"{run}-{i}",
                   "Content-Type": "application/json"}
        calls.append(("POST", "/api/v1/checkins", json.dumps(body).encode(), headers))
    return calls


def merge(total: dict, more: dict) -> None:
    for status, count in more.items():
        total[status] = total.get(status, 0) + count


def stored_checkins(uri: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(uri)
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM checkins WHERE device_id = 'bench'")).scalar_one()
    engine.dispose()
    return count


def bench(db_name: str, args) -> dict:
    tmp = tempfile.mkdtemp(prefix="bench_i3_")
    if db_name == "sqlite":
        uri = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        uri = args.pg_url
        reset_postgres(uri)
    people = setup(uri, args.cadres, f"{tmp}/uploads")
    port = free_port()
    per_round = max(1, args.requests // args.rounds)
    health_calls = [("GET", "/api/v1/health")] * per_round
    timed = {"health": 0.0, "checkin": 0.0}
    cpu = {"health": 0.0, "checkin": 0.0}
    statuses: dict[str, dict] = {"health": {}, "checkin": {}}
    ratios = []
    server = start_server(uri, port, args, f"{tmp}/uploads")
    deadline = time.monotonic() + args.max_seconds
    try:
        drive(port, [("GET", "/api/v1/health")] * 200, args.concurrency, deadline)  # warm up every worker
        merge(statuses["checkin"], drive(port, checkin_calls(people, 200, "warm"), args.concurrency, deadline)[1])
        pids = server_pids(server, uri)
        for r in range(args.rounds):
            rates = {}
            for kind, calls in (("health", health_calls), ("checkin", checkin_calls(people, per_round, f"r{r}"))):
                started, cpu_before = time.perf_counter(), cpu_seconds(pids)
                rates[kind], seen = drive(port, calls, args.concurrency, deadline)
                timed[kind] += time.perf_counter() - started
                cpu[kind] += cpu_seconds(pids) - cpu_before
                merge(statuses[kind], seen)
            ratios.append(rates["checkin"] / rates["health"])
    finally:
        stop_server(server)
    stored = stored_checkins(uri)
    shutil.rmtree(tmp, ignore_errors=True)
    sent = {kind: sum(n for s, n in statuses[kind].items() if s != "unsent") for kind in statuses}
    sent["checkin"] -= 200  # the warm-up
    return {"db": db_name, "health_rps": sent["health"] / timed["health"],
            "checkin_rps": sent["checkin"] / timed["checkin"], "ratio": statistics.median(ratios),
            "ratios": ratios, "health_status": statuses["health"], "checkin_status": statuses["checkin"],
            "health_cpu_ms": 1000 * cpu["health"] / sent["health"],
            "checkin_cpu_ms": 1000 * cpu["checkin"] / sent["checkin"], "stored": stored}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=3000, help="per endpoint, over all rounds")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--cadres", type=int, default=500)
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--max-seconds", type=float, default=150, help="per database, then stop sending")
    args = parser.parse_args()
    rows = [bench(name, args) for name in args.db]
    print(f"\ngunicorn -w {args.workers} -k {args.worker_class}; {args.concurrency} client threads; "
          f"{args.requests} requests per endpoint in {args.rounds} alternating rounds")
    print(f"{'database':<11} {'health/s':>9} {'check-ins/s':>12} {'ratio':>6}  {'CPU ms/req':>13}  rounds' ratios")
    for row in rows:
        print(f"{row['db']:<11} {row['health_rps']:>9.0f} {row['checkin_rps']:>12.0f} {row['ratio']:>6.2f}  "
              f"{row['health_cpu_ms']:>5.2f} / {row['checkin_cpu_ms']:<5.2f}  "
              f"{' '.join(f'{r:.2f}' for r in row['ratios'])}")
    for row in rows:
        print(f"{row['db']}: health {row['health_status']}, check-ins {row['checkin_status']} (warm-up included), "
              f"{row['stored']} stored")
        if row["stored"] != row["checkin_status"].get(201, 0):
            print(f"  !! {row['db']}: {row['checkin_status'].get(201, 0)} answered 201 but {row['stored']} stored")
    print("ratio: median of the rounds' check-ins/s ÷ health/s. CPU ms/req: health / check-in, user + system "
          "time of the gunicorn workers (and PostgreSQL's backends) per request, the client excluded.")
    print("goal: ratio ≥ 0.5; national morning peak ≈ 500 check-ins/s")


if __name__ == "__main__":
    main()

"""Benchmark: POST /api/v1/checkins throughput under gunicorn, as a ratio to GET /api/v1/health.

    .venv/bin/python bench/checkin_throughput.py [--db sqlite postgresql] [--requests 1500]
        [--concurrency 8] [--workers 4] [--cadres 500]

For each database: a fresh schema (Alembic ``upgrade heads``), an organisation of ``--cadres``
cadres in villages of ten (imported through the app's importer), a token per cadre (issued by the
app), then gunicorn on 127.0.0.1 on a free port. A client process drives it with ``--requests``
health checks and then ``--requests`` check-ins (each a new Idempotency-Key, cadres in turn, all
inside their fence, so every one is decided, stored and committed), from ``--concurrency``
threads, each request on a new connection (gunicorn's sync workers close them). The ratio
check-ins/s ÷ health/s of the same server in the same run is the figure that travels between
machines; the absolute rates are for context. Everything is stopped at the end.

PostgreSQL: ``postgresql+psycopg://postgres@127.0.0.1:5432/bench_i3`` (created if missing;
its public schema is dropped and recreated), or ``BENCH_PG_URL``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
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


def start_server(uri: str, port: int, workers: int, upload_dir: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": uri, "SECRET_KEY": SECRET, "UPLOAD_DIR": upload_dir}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level",
         "warning", "wsgi:app"], cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
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


def drive(port: int, calls: list[tuple], concurrency: int) -> tuple[float, dict[int, int]]:
    """Send ``calls`` from ``concurrency`` threads; (requests per second, count per status)."""
    statuses: dict[int, int] = {}
    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for status, _ in pool.map(lambda call: request(port, *call), calls):
            statuses[status] = statuses.get(status, 0) + 1
    return len(calls) / (time.perf_counter() - start), statuses


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


def bench(db_name: str, args) -> dict:
    tmp = tempfile.mkdtemp(prefix="bench_i3_")
    if db_name == "sqlite":
        uri = f"sqlite:///{tmp}/bench.sqlite3"
    else:
        uri = PG_URL
        reset_postgres(uri)
    people = setup(uri, args.cadres, f"{tmp}/uploads")
    port = free_port()
    server = start_server(uri, port, args.workers, f"{tmp}/uploads")
    try:
        drive(port, [("GET", "/api/v1/health")] * 100, args.concurrency)  # warm up every worker
        health_rate, health_status = drive(port, [("GET", "/api/v1/health")] * args.requests, args.concurrency)
        checkin_rate, checkin_status = drive(port, checkin_calls(people, args.requests, db_name),
                                             args.concurrency)
    finally:
        stop_server(server)
    return {"db": db_name, "health_rps": health_rate, "checkin_rps": checkin_rate,
            "ratio": checkin_rate / health_rate, "health_status": health_status, "checkin_status": checkin_status}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=1500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--cadres", type=int, default=500)
    args = parser.parse_args()
    rows = [bench(name, args) for name in args.db]
    print(f"\n{'database':<11} {'health/s':>9} {'check-ins/s':>12} {'ratio':>6}  statuses")
    for row in rows:
        print(f"{row['db']:<11} {row['health_rps']:>9.0f} {row['checkin_rps']:>12.0f} {row['ratio']:>6.2f}  "
              f"health {row['health_status']}, check-ins {row['checkin_status']}")
    print("goal: ratio ≥ 0.5; national morning peak ≈ 500 check-ins/s")


if __name__ == "__main__":
    main()

"""Benchmark: a morning of check-ins replayed against gunicorn on PostgreSQL (issue 17).

    .venv/bin/python bench/morning_peak.py [--cadres 10000] [--peak-rate 300] [--retries 0.05]
        [--offline 0.03] [--workers 4] [--threads 96] [--pg-url URL] [--max-seconds 240] [--seed 17]

The city: ``--cadres`` cadres in villages of ten (imported by the app's importer), a token each.
The morning: every cadre checks in once, at a time drawn from an arrival curve peaking at 08:00
(a normal curve, σ = 35 min, clipped to 06:00–10:00, deterministic quantiles with a seeded
jitter), compressed in time so that the first attempts arrive at ``--peak-rate`` a second at
the peak (σ ≈ 13 s of wall time for 10,000 cadres at 300/s; the whole morning ≈ 90 s). On top:

- ``--retries`` of the cadres send the same request again (same ``Idempotency-Key``, same body)
  0.3–3 s later, as a phone whose answer was lost does: the answer must be the stored one again;
- ``--offline`` of the cadres were offline: their morning check-in (captured at its time) and
  one from yesterday at 18:00 are sent back to back when the phone reconnects, 5–20 s later.

The load is open-loop: each request has a scheduled time and its latency is measured from that
time to the end of the answer, so a server that falls behind shows it (no coordinated omission);
``--threads`` client threads send, each request on a new connection (what gunicorn's sync workers
do). Reported: p50/p95/p99/max latency for all requests and for the peak minute (first attempts
scheduled while the curve is at ≥ 80 % of its top), the rate achieved at the peak (answers per
second, best 5-second window), errors (anything but a 201, and transport failures). Then the
database is checked: **lost** = a key that answered 201 but has no row; **duplicated** = rows
beyond one per (cadre, key) or per (cadre, captured_at); every answer of a retry must name the
id of its original. The run is bounded (``--max-seconds``; each request times out after 30 s) and
stops gunicorn at the end. Load average is printed beside the figures (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.checkin_throughput import (  # noqa: E402
    CENTRE,
    PG_URL,
    SECRET,
    cpu_seconds,
    free_port,
    request,
    reset_postgres,
    server_pids,
    setup,
    start_server,
    stop_server,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING_SIGMA_MIN = 35.0  # minutes of the real morning; the curve is clipped to ±120 min around 08:00


def quantile_times(n: int, sigma_s: float, rng: random.Random) -> list[float]:
    """``n`` arrival offsets (seconds from the peak) following the clipped normal curve."""
    curve = statistics.NormalDist(0, sigma_s)
    limit = sigma_s * 120 / MORNING_SIGMA_MIN
    lo, hi = curve.cdf(-limit), curve.cdf(limit)
    times = [curve.inv_cdf(lo + (hi - lo) * (i + rng.random()) / n) for i in range(n)]
    rng.shuffle(times)  # cadres in no particular order
    return times


def plan(people: list[tuple[str, int]], args) -> list[dict]:
    """Every request of the morning: when (seconds from the start), what, and why."""
    rng = random.Random(args.seed)
    n = len(people)
    sigma_s = n / (args.peak_rate * (2 * 3.141592653589793) ** 0.5)
    offsets = quantile_times(n, sigma_s, rng)
    start_at = sigma_s * 120 / MORNING_SIGMA_MIN + 2  # seconds from the start to 08:00
    cadres = list(range(n))
    rng.shuffle(cadres)
    retry = set(cadres[:int(n * args.retries)])
    offline = set(cadres[int(n * args.retries):int(n * args.retries) + int(n * args.offline)])
    calls = []
    for c, (token, village) in enumerate(people):
        at = start_at + offsets[c]
        key = f"morning-{c}"
        body = {"lat": CENTRE[0] + 0.001, "lon": CENTRE[1] + 0.05 * village, "coord_system": "gcj02",
                "accuracy_m": 20, "device_id": "morning"}
        call = {"cadre": c, "key": key, "token": token, "body": body, "at": at, "kind": "first",
                "peak": abs(offsets[c]) <= sigma_s * 0.668}  # within ±0.668σ the curve is ≥ 80 % of its top
        if c in offline:
            sent = at + rng.uniform(5, 20)
            calls.append({**call, "kind": "offline", "at": sent, "captured_ago_min": rng.uniform(10, 40),
                          "peak": False})
            calls.append({**call, "key": f"morning-{c}-yesterday", "kind": "offline-yesterday", "at": sent + 0.001,
                          "peak": False})
            continue
        calls.append(call)
        if c in retry:
            calls.append({**call, "kind": "retry", "at": at + rng.uniform(0.3, 3.0), "peak": False})
    return sorted(calls, key=lambda call: call["at"])


def captured_at(call: dict, bodies: dict) -> str:
    """The capture time sent: now for a live check-in, earlier for a queued one, the same for a retry."""
    if call["kind"] == "retry":
        return bodies[call["key"]]
    now = datetime.now(UTC)
    if call["kind"] == "offline-yesterday":  # yesterday 18:00 in Shanghai
        local = now.astimezone(SHANGHAI) - timedelta(days=1)
        value = local.replace(hour=18, minute=0, second=0, microsecond=0)
    elif call["kind"] == "offline":
        value = now - timedelta(minutes=call["captured_ago_min"])
    else:
        value = now
    text = value.isoformat()
    bodies[call["key"]] = text
    return text


def replay(port: int, calls: list[dict], threads: int, max_seconds: float) -> list[dict]:
    """Send every call at its time (open loop); returns one result per call."""
    results: list[dict] = []
    lock = threading.Lock()
    bodies: dict[str, str] = {}
    answers: dict[str, int] = {}  # key → id of the first 201
    todo: queue.Queue = queue.Queue()
    for call in calls:
        todo.put(call)
    t0 = time.monotonic() + 1.0
    deadline = t0 + max_seconds

    def worker() -> None:
        while True:
            try:
                call = todo.get_nowait()
            except queue.Empty:
                return
            due = t0 + call["at"]
            if due > deadline:
                with lock:
                    results.append({**call, "status": "unsent", "latency": None, "done": None})
                continue
            if (wait := due - time.monotonic()) > 0:
                time.sleep(wait)
            if call["kind"] == "retry":  # the retry resends the original body: wait until it was built
                while call["key"] not in bodies and time.monotonic() < deadline:
                    time.sleep(0.001)
            with lock:
                stamp = captured_at(call, bodies)
            payload = json.dumps({**call["body"], "captured_at": stamp}).encode()
            headers = {"Authorization": f"Bearer {call['token']}", "Idempotency-Key": call["key"],
                       "Content-Type": "application/json"}
            try:
                status, raw = request(port, "POST", "/api/v1/checkins", payload, headers)
                answer = json.loads(raw) if raw else {}
            except (OSError, ValueError) as exc:
                status, answer = type(exc).__name__, {}
            done = time.monotonic()
            with lock:
                results.append({**call, "status": status, "latency": done - due, "done": done - t0,
                                "id": answer.get("id"), "checkin_status": answer.get("status")})
                if status == 201 and call["kind"] != "retry":
                    answers.setdefault(call["key"], answer.get("id"))

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=max_seconds + 60)
    return results


def percentiles(latencies: list[float]) -> dict:
    if not latencies:
        return {"n": 0}
    ms = sorted(1000 * x for x in latencies)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"n": len(ms), "p50": q[49], "p95": q[94], "p99": q[98], "max": ms[-1]}


def verify(uri: str, results: list[dict]) -> dict:
    """Lost and duplicated check-ins, from the database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(uri)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, person_id, idempotency_key, captured_at FROM checkins "
                                 "WHERE device_id = 'morning'")).all()
    engine.dispose()
    by_key: dict[str, list] = {}
    for row in rows:
        by_key.setdefault(row.idempotency_key, []).append(row)
    per_capture = {}
    for row in rows:
        per_capture[(row.person_id, row.captured_at)] = per_capture.get((row.person_id, row.captured_at), 0) + 1
    answered = {r["key"] for r in results if r["status"] == 201}
    firsts = {r["key"]: r["id"] for r in results if r["status"] == 201 and r["kind"] != "retry"}
    retried_other = [r for r in results if r["kind"] == "retry" and r["status"] == 201
                     and firsts.get(r["key"]) not in (None, r["id"])]
    intended = {r["key"] for r in results}
    return {"rows": len(rows), "keys_intended": len(intended),
            "lost": len([k for k in answered if k not in by_key]),
            "duplicated": sum(len(v) - 1 for v in by_key.values()) + sum(n - 1 for n in per_capture.values()),
            "retry_answered_other_id": len(retried_other)}


def signed_in(uri: str, cadres: int, upload_dir: str) -> list[tuple[str, int]]:
    """The city of an earlier run: its morning's check-ins deleted, a fresh token per cadre."""
    from sqlalchemy import delete, select

    from app import create_app
    from app.auth import tokens
    from app.checkin.models import Checkin
    from app.extensions import db
    from app.org.models import Person

    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": SECRET, "UPLOAD_DIR": upload_dir})
    with app.app_context():
        db.session.execute(delete(Checkin).where(Checkin.device_id == "morning"))
        db.session.commit()
        people = {p.key: p for p in db.session.scalars(select(Person).where(Person.key.like("p%")))}
        result = [(tokens.issue(people[f"p{c}"])[0], c // 10) for c in range(cadres)]
        db.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=10000)
    parser.add_argument("--peak-rate", type=float, default=300.0, help="first attempts per second at 08:00")
    parser.add_argument("--retries", type=float, default=0.05)
    parser.add_argument("--offline", type=float, default=0.03)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=96, help="client threads")
    parser.add_argument("--pg-url", default=PG_URL.rsplit("/", 1)[0] + "/bench_morning")
    parser.add_argument("--max-seconds", type=float, default=240)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the city of an earlier run (its morning's check-ins deleted), new tokens")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench_morning_")
    t0 = time.perf_counter()
    if args.reuse:
        people = signed_in(args.pg_url, args.cadres, f"{tmp}/uploads")
    else:
        reset_postgres(args.pg_url)
        people = setup(args.pg_url, args.cadres, f"{tmp}/uploads")
    print(f"setup: {args.cadres} cadres imported and signed in, {time.perf_counter() - t0:.0f} s", flush=True)
    calls = plan(people, args)
    port = free_port()
    server = start_server(args.pg_url, port, args, f"{tmp}/uploads", wait_s=180)
    try:
        for _ in range(200):  # warm up every worker (connections, compiled statements)
            request(port, "GET", "/api/v1/health")
        pids = server_pids(server, args.pg_url)
        workers = [int(p) for p in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()]
        backends = [p for p in pids if p not in workers]
        load_before, started = os.getloadavg()[0], time.perf_counter()
        web_before, db_before = cpu_seconds(workers), cpu_seconds(backends)
        results = replay(port, calls, args.threads, args.max_seconds)
        wall = time.perf_counter() - started
        web_cpu, db_cpu = cpu_seconds(workers) - web_before, cpu_seconds(backends) - db_before
        cpu = web_cpu + db_cpu
        load_after = os.getloadavg()[0]
    finally:
        stop_server(server)
    check = verify(args.pg_url, results)
    shutil.rmtree(tmp, ignore_errors=True)

    statuses: dict = {}
    for r in results:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    done = sorted(r["done"] for r in results if r["done"] is not None)
    best = 0
    j = 0
    for i, t in enumerate(done):  # best 5-second window of answers
        while done[j] < t - 5:
            j += 1
        best = max(best, i - j + 1)
    errors = sum(n for s, n in statuses.items() if s != 201)
    rejected = sum(1 for r in results if r["status"] == 201 and r.get("checkin_status") != "accepted")
    every = percentiles([r["latency"] for r in results if r["latency"] is not None])
    peak = percentiles([r["latency"] for r in results if r["latency"] is not None and r["peak"]])
    print(f"\nmorning of {args.cadres:,} cadres, first attempts peaking at {args.peak_rate:.0f}/s; "
          f"gunicorn -w {args.workers} -k {args.worker_class}, PostgreSQL; {args.threads} client threads; "
          f"load average {load_before:.1f} → {load_after:.1f}")
    print(f"requests {len(results):,} in {wall:.1f} s: statuses {statuses}; answers at the peak "
          f"{best / 5:.0f}/s (best 5 s); server CPU {1000 * cpu / max(1, len(done)):.2f} ms per request "
          f"(gunicorn workers {1000 * web_cpu / max(1, len(done)):.2f}, PostgreSQL backends "
          f"{1000 * db_cpu / max(1, len(done)):.2f})")
    print("| requests | n | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |")
    print("|---|---|---|---|---|---|")
    for name, p in (("all", every), ("peak (curve ≥ 80 % of its top)", peak)):
        if p["n"]:
            print(f"| {name} | {p['n']:,} | {p['p50']:.0f} | {p['p95']:.0f} | {p['p99']:.0f} | {p['max']:.0f} |")
    print(f"errors {errors}; rejected check-ins (answered 201, status rejected) {rejected}; "
          f"database: {check['rows']:,} rows for {check['keys_intended']:,} keys, lost {check['lost']}, "
          f"duplicated {check['duplicated']}, retries answered with another id {check['retry_answered_other_id']}")
    met = peak.get("p99", 1e9) < 200 and errors == 0 and check["lost"] == 0 and check["duplicated"] == 0
    print(f"goal: p99 < 200 ms at {args.peak_rate:.0f} check-ins/s, 0 errors, 0 lost, 0 duplicated: "
          f"{'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()

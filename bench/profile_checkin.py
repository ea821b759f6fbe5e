"""Profile ``POST /api/v1/checkins`` in-process (the same data as ``checkin_throughput.py``).

    .venv/bin/python bench/profile_checkin.py [--db sqlite|postgresql] [--n 1000] [--sort tottime]
        [--top 40] [--health]

Runs ``--n`` check-ins through Flask's test client after a warm-up of 100, under cProfile, and
prints the top functions, the wall time per request, and the SQL statements per request (counted
with a ``before_cursor_execute`` listener, BEGIN/COMMIT included). ``--health`` profiles
``GET /api/v1/health`` instead, for comparison.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.checkin_throughput import PG_URL, SECRET, checkin_calls, reset_postgres, setup  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--health", action="store_true")
    parser.add_argument("--plain", action="store_true", help="time only, without cProfile")
    args = parser.parse_args()

    from sqlalchemy import event

    from app import create_app
    from app.extensions import db

    tmp = tempfile.mkdtemp(prefix="bench_profile_")
    uri = f"sqlite:///{tmp}/bench.sqlite3" if args.db == "sqlite" else PG_URL
    if args.db == "postgresql":
        reset_postgres(uri)
    people = setup(uri, 500, f"{tmp}/uploads")
    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": SECRET, "UPLOAD_DIR": f"{tmp}/uploads"})
    client = app.test_client()
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))

    def calls(n: int, run: str) -> list[tuple]:
        if args.health:
            return [("GET", "/api/v1/health", None, {})] * n
        return checkin_calls(people, n, run)

    def send(batch: list[tuple]) -> None:
        for method, path, body, headers in batch:
            response = client.open(path, method=method, data=body, headers=headers)
            assert response.status_code in (200, 201), response.get_data(as_text=True)

    send(calls(100, "warm"))
    statements.clear()
    batch = calls(args.n, "prof")
    profiler = cProfile.Profile()
    start = time.perf_counter()
    if not args.plain:
        profiler.enable()
    send(batch)
    profiler.disable()
    elapsed = time.perf_counter() - start
    if not args.plain:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)
    print(f"{elapsed / args.n * 1000:.2f} ms per request{'' if args.plain else ' under cProfile'}; "
          f"{len(statements) / args.n:.1f} SQL statements per request:")
    print(json.dumps(sorted(set(s.split(" FROM ")[0][:90] + (" FROM " + s.split(" FROM ")[1][:60]
                                                             if " FROM " in s else "") for s in statements)),
                     ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

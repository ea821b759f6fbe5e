"""Benchmark: the console's period board (考勤看板, VIEW-2) of a 10,000-cadre city in a real browser.

    .venv/bin/python bench/console_period_board.py [--people 10000] [--runs 3] [--db sqlite]
        [--dist web/dist,/tmp/old-dist]

Budget (issue 16): the period board of a 10,000-cadre city renders under 1 s (virtualised table).
A fresh database (SQLite under a temporary directory, or PostgreSQL with ``--db postgresql``) gets
the synthetic city of ``bench/day_close.py`` (as ``bench/boards.py`` builds it: ``--history``
closed days, yesterday closed, today's sources) and a city admin with key ``bench-admin``; gunicorn
serves the app on it (as ``bin/serve`` does) on a free port of 127.0.0.1. Each of ``--runs`` cold
loads is a new browser context (empty cache, no session) opening the one-time link of
``flask console-link bench-admin`` with ``?redirect=/boards/period``: the sign-in, the console's
assets and the board's API pages all count. Two times are taken from the navigation's start
(``performance.now()`` in the page, observed by a MutationObserver installed before any script),
and again when the same tab opens the board once more (signed in, hashed assets cached):

- ``first rows``: the first row of the el-table-v2 is in the page and visible;
- ``whole board``: every page of the board is loaded (no ``[data-testid=period-progress]`` left
  while rows are shown — a build without progressive loading shows rows only when all are in).

``--dist`` takes one or more built consoles (``CONSOLE_DIST``), each served in turn on the same
database, so two builds (before and after a change) are compared in one run.
Bytes are what crossed the wire (Chrome DevTools ``encodedDataLength``), API calls included.
The machine's load average is printed beside the figures. The built console (``bin/setup``) and
``/usr/bin/chromium`` are needed; everything started is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import text  # noqa: E402

from bench.boards import _admin  # noqa: E402
from bench.console_load import FLAGS, ROOT, flask, free_port  # noqa: E402
from bench.day_close import PG_URL, build_city, build_history, build_sources, fresh_database  # noqa: E402

BUDGET_MS = 1000
ROW = ".el-table-v2__row"
PROGRESS = "[data-testid=period-progress]"
# Installed before the console's own scripts: notes when the first row appears and when the board
# is whole (rows shown, no progress indicator).
OBSERVER = f"""
window.__board = {{}};
new MutationObserver(() => {{
  const b = window.__board, row = document.querySelector('{ROW}');
  if (!row || row.offsetParent === null) return;
  if (b.firstRows === undefined) b.firstRows = performance.now();
  if (b.whole === undefined && !document.querySelector('{PROGRESS}')) b.whole = performance.now();
}}).observe(document, {{ childList: true, subtree: true, attributes: true }});
"""


def build_database(kind: str, people: int, history: int, workdir: Path, pg_url: str) -> str:
    """The city of bench/boards.py, its yesterday closed; the database's URL."""
    from flask_migrate import upgrade

    from app import clock, create_app
    from app.attendance import close
    from app.extensions import db
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
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        _admin(db, people)
        db.session.remove()
        db.engine.dispose()
    return uri


def start_server(uri: str, tmp: Path, workers: int, dist: Path,
                 code: Path = ROOT) -> tuple[subprocess.Popen, str, dict]:
    """gunicorn serving the application of the source tree ``code`` (this one, or a worktree of an
    earlier commit for a before/after) with the console ``dist``."""
    env = {**os.environ, "DATABASE_URL": uri, "UPLOAD_DIR": str(tmp / "uploads"), "CONSOLE_DIST": str(dist)}
    base = f"http://127.0.0.1:{free_port()}"
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--threads", "4",
                               "--timeout", "120", "--bind", base.removeprefix("http://"), "wsgi:app"],
                              cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/v1/health", timeout=1)
            return server, base, env
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def board_load(browser, url: str) -> dict:
    """One cold load of the period board: bytes, API pages, first rows and whole board (ms)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(OBSERVER)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: list[float] = []
    pages: list[str] = []
    cdp.on("Network.loadingFinished", lambda event: sizes.append(event["encodedDataLength"]))
    page.on("request", lambda request: pages.append(request.url) if "/boards/period" in request.url else None)
    page.goto(url)
    page.wait_for_function("() => window.__board.whole !== undefined", timeout=300_000)
    times = page.evaluate("window.__board")
    # When the first board page was asked for and answered, on the page's clock (where the time goes).
    first_api = page.evaluate("""() => {
      const e = performance.getEntriesByType('resource').find(r => r.name.includes('/boards/period'));
      return e ? [e.startTime, e.responseStart, e.responseEnd] : [0, 0, 0];
    }""")
    page.wait_for_load_state("networkidle")
    cold = {"bytes": int(sum(sizes)), "board_requests": len(pages)}
    # Opened again in the same tab: signed in (sessionStorage), hashed assets from the cache.
    page.goto(page.url.split("/console/")[0] + "/console/boards/period")
    page.wait_for_function("() => window.__board.whole !== undefined", timeout=300_000)
    warm = page.evaluate("window.__board")
    context.close()
    return {**cold, "first_rows_ms": round(times["firstRows"], 1), "whole_ms": round(times["whole"], 1),
            "first_page_asked_ms": round(first_api[0], 1), "first_page_answered_ms": round(first_api[2], 1),
            "warm_first_rows_ms": round(warm["firstRows"], 1), "warm_whole_ms": round(warm["whole"], 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--history", type=int, default=30, help="closed days before yesterday")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--dist", default=str(ROOT / "web/dist"), help="built consoles, comma-separated")
    parser.add_argument("--code", default=str(ROOT), help=(
        "source trees whose app serves, comma-separated (e.g. a worktree of an earlier commit); each "
        "with every --dist, on the same database (built by this tree's migrations)"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    dists = [Path(d).resolve() for d in args.dist.split(",")]
    for dist in dists:
        if not (dist / "index.html").is_file():
            raise SystemExit(f"no built console in {dist}: bin/setup")
    import logging

    logging.disable(logging.INFO)
    before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    results = {}
    with tempfile.TemporaryDirectory(prefix="zhucun-period-bench-") as tmp:
        uri = build_database(args.db, args.people, args.history, Path(tmp), args.pg_url)
        for code in [Path(c).resolve() for c in args.code.split(",")]:
            for dist in dists:
                results[f"{code} with {dist}"] = measure(uri, Path(tmp), args.workers, dist, args.runs, code)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    if args.json:
        print(json.dumps({"results": results, "loadavg_before": before, "loadavg_after": load}, indent=2))
        return
    print(f"period board, {args.people:,} cadres, {args.db}, {args.runs} cold loads per build, gunicorn sync "
          f"x{args.workers} (budget: first rows < {BUDGET_MS} ms); load average {before} before, {load} after, "
          f"on {os.cpu_count()} cores")
    for dist, result in results.items():
        f, w, b = result["first_rows_ms"], result["whole_ms"], result["bytes"]
        print(f"  {dist}")
        print(f"    first rows  {f['median']:8.1f} ms (max {f['max']:.1f})  "
              f"{'within budget' if f['max'] < BUDGET_MS else 'OVER BUDGET'}")
        print(f"    whole board {w['median']:8.1f} ms (max {w['max']:.1f})  "
              f"{result['board_requests']['median']:.0f} board requests")
        print(f"    transferred {b['median'] / 1e3:8.1f} kB (max {b['max'] / 1e3:.1f})")
        fa, fd = result["first_page_asked_ms"], result["first_page_answered_ms"]
        print(f"    first board page asked at {fa['median']:.1f} ms, answered at {fd['median']:.1f} ms (medians)")
        wf, ww = result["warm_first_rows_ms"], result["warm_whole_ms"]
        print(f"    opened again (signed in, assets cached): first rows {wf['median']:.1f} ms (max {wf['max']:.1f}), "
              f"whole board {ww['median']:.1f} ms (max {ww['max']:.1f})")


def measure(uri: str, tmp: Path, workers: int, dist: Path, runs: int, code: Path = ROOT) -> dict:
    """``runs`` cold loads of the board served from the built console ``dist``: medians and maxima."""
    server, base, env = start_server(uri, tmp, workers, dist, code)
    loads = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
            for _ in range(runs):
                link = flask(env, "console-link", "bench-admin", "--base-url", base).strip()
                link = link.replace("/console/login#", "/console/login?redirect=/boards/period#")
                loads.append(board_load(browser, link))
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return {key: {"median": statistics.median(s[key] for s in loads), "max": max(s[key] for s in loads)}
            for key in ("bytes", "board_requests", "first_rows_ms", "whole_ms", "warm_first_rows_ms",
                        "warm_whole_ms", "first_page_asked_ms", "first_page_answered_ms")}

if __name__ == "__main__":
    main()

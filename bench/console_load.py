"""Benchmark: the console's first load in a real browser (Debian's chromium), against its budgets.

    .venv/bin/python bench/console_load.py [--runs 7] [--workers 2]

Budgets (issue 16): the first load of ``/console/`` transfers under 1.5 MB (gzip) and is interactive
in under 1 s on 127.0.0.1. A fresh SQLite database under a temporary directory gets the demo city
and its day close; gunicorn serves the app (as ``bin/serve`` does) on a free port of 127.0.0.1.
For each of ``--runs`` rounds, a new browser context (empty cache, no session) measures two first
loads:

- ``sign-in``: ``/console/`` for someone not signed in — the page is interactive when its QR code
  is drawn (the sign-in was started and the code rendered);
- ``approvals``: the town secretary's one-time link (``flask console-link``) — interactive when the
  approval queue's table has rendered its rows from the API.

Bytes are what crossed the wire (Chrome DevTools ``encodedDataLength``: compressed bodies plus
headers) for every request of the load, API calls included; time is ``performance.now()`` (from
the navigation's start) of the console's own mark ``zhucun:interactive``, set when the page became
usable. The machine's load average is printed beside the figures. Medians and maxima of the rounds are
printed, as JSON with ``--json``. The built console (``bin/setup``) and ``/usr/bin/chromium`` are
needed; everything started is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
BUDGET_BYTES, BUDGET_MS = 1_500_000, 1000
QUEUE_RENDERED = ".el-table__body tr.el-table__row, .el-table__empty-text"
MARK = "zhucun:interactive"  # set by the console (web/src/utils/marks.ts) when the first page is usable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flask(env: dict, *args: str) -> str:
    return subprocess.run([str(ROOT / ".venv/bin/flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True, timeout=300).stdout


def start_server(tmp: Path, workers: int, worker_class: str = "sync") -> tuple[subprocess.Popen, str, dict]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}", "UPLOAD_DIR": str(tmp / "uploads")}
    flask(env, "init-db")
    flask(env, "seed-demo")
    flask(env, "jobs", "run", "day-close")
    base = f"http://127.0.0.1:{free_port()}"
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--worker-class",
                               worker_class, "--threads", "4", "--bind", base.removeprefix("http://"), "wsgi:app"],
                              cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/v1/health", timeout=1)
            return server, base, env
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def first_load(browser, url: str, ready: str) -> dict:
    """One cold load: bytes over the wire and the time until ``ready`` is on screen."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes: list[float] = []
    cdp.on("Network.loadingFinished", lambda event: sizes.append(event["encodedDataLength"]))
    page.goto(url)
    page.wait_for_selector(ready, state="visible", timeout=15_000)
    page.wait_for_function(f"() => performance.getEntriesByName('{MARK}').length > 0", timeout=15_000)
    interactive_ms = page.evaluate(f"performance.getEntriesByName('{MARK}')[0].startTime")
    page.wait_for_load_state("networkidle")
    context.close()
    return {"bytes": int(sum(sizes)), "requests": len(sizes), "interactive_ms": round(interactive_ms, 1)}


def summarise(samples: list[dict]) -> dict:
    return {key: {"median": statistics.median(s[key] for s in samples), "max": max(s[key] for s in samples)}
            for key in ("bytes", "requests", "interactive_ms")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync", help="gunicorn's worker class (bin/serve: sync)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not (ROOT / "web/dist/index.html").is_file():
        raise SystemExit("build the console first: bin/setup")
    with tempfile.TemporaryDirectory(prefix="zhucun-console-bench-") as tmp:
        server, base, env = start_server(Path(tmp), args.workers, args.worker_class)
        try:
            loads: dict[str, list[dict]] = {"sign-in": [], "approvals": []}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
                first_load(browser, f"{base}/console/", "img.qr")  # warm the server's file cache, not the browser's
                for _ in range(args.runs):
                    loads["sign-in"].append(first_load(browser, f"{base}/console/", "img.qr"))
                    link = flask(env, "console-link", "demo-secretary", "--base-url", base).strip()
                    loads["approvals"].append(first_load(browser, link, QUEUE_RENDERED))
                browser.close()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    result = {name: summarise(samples) for name, samples in loads.items()}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"console first load, {args.runs} cold loads each, gunicorn {args.worker_class} x{args.workers} "
          f"(budget: < {BUDGET_BYTES / 1e6:.1f} MB, < {BUDGET_MS} ms); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, figures in result.items():
        b, t, r = figures["bytes"], figures["interactive_ms"], figures["requests"]
        ok = b["max"] < BUDGET_BYTES and t["max"] < BUDGET_MS
        print(f"  {name:<10} {b['median'] / 1e3:7.1f} kB (max {b['max'] / 1e3:.1f})  {r['median']:.0f} requests  "
              f"interactive {t['median']:6.1f} ms (max {t['max']:.1f})  {'within budget' if ok else 'OVER BUDGET'}")
    sys.exit(0)


if __name__ == "__main__":
    main()

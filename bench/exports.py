"""Benchmark: the city's yearly attendance sheet, 10,000 cadres × 365 days (3.65 M day cells), REPORT-2.

    .venv/bin/python bench/exports.py [--cadres 10000] [--days 365] [--skip-openpyxl] [--tracemalloc]

Three writers of the same cells, each in its own child process (so each peak memory is its own):

- ``csv``: the standard library's csv module — the baseline every figure is a ratio to;
- ``xlsxwriter``: the service's writer (``app.reports.sheets.write_workbook`` in constant_memory
  mode) with the real layout of the sheet (``app.reports.exports.sheet_for_days``: formats, marks,
  frozen header, legend, A4 landscape);
- ``openpyxl``: openpyxl's write-only mode (the alternative rejected), plain values without styles
  (less work than the service's writer, which only flatters it), and ``openpyxl-styled``: each cell
  with the font, border and alignment the service's sheet has (like for like).

Every writer gets its rows from the same generator (deterministic marks, totals at the right), so
the rows themselves cost the same everywhere and are never held in memory. Reported per writer:
CPU time (user + system of the child: little moved by the other processes of a shared machine) and
wall time, the peak resident memory of the process and its growth over the size before writing
(``resource.getrusage`` ru_maxrss, which also sees memory allocated in C), the file size, and the
ratios to CSV. ``--tracemalloc`` adds the peak of Python allocations (a second, slower pass).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.reports import rules  # noqa: E402
from app.reports.exports import sheet_for_days  # noqa: E402
from app.reports.sheets import write_workbook  # noqa: E402

try:  # the rejected alternative, a test-only dependency (requirements-test.txt)
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, Side
except ImportError:  # pragma: no cover - runtime-only install: run with --skip-openpyxl
    Workbook = None

STATUSES = ("present",) * 14 + ("business", "leave", "rest", "rest", "rest", "absent")


def days_of(count: int) -> list[date]:
    return [date(2026, 1, 1) + timedelta(days=i) for i in range(count)]


def rows(cadres: int, days: int):
    """The sheet's rows: who, a mark per day, the totals — made on the fly, never all at once."""
    for n in range(cadres):
        statuses = [(STATUSES[(n * 7 + d * 3) % len(STATUSES)], d % 29 == 0, d % 97 == 0) for d in range(days)]
        totals = rules.tally(statuses)
        yield [n + 1, f"干部{n:05d}", f"第{n // 3:04d}村", "第一书记" if n % 3 == 0 else "工作队员", f"第{n % 40}局",
               *(rules.day_mark(*s) for s in statuses), *(totals[k] for k, _ in rules.TOTALS)]


def write_csv(path: str, cadres: int, days: int) -> None:
    sheet = sheet_for_days("全市2026年驻村考勤表", days_of(days), rows(cadres, days))
    with open(path, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow([c.header for c in sheet.columns])
        writer.writerows(sheet.rows)


def write_xlsxwriter(path: str, cadres: int, days: int) -> None:
    write_workbook(path, [sheet_for_days("全市2026年驻村考勤表", days_of(days), rows(cadres, days))])


def write_openpyxl(path: str, cadres: int, days: int, styled: bool = False) -> None:
    """openpyxl's write-only mode: plain values, or (``styled``) each cell with the font, border and
    alignment the service's sheet gives it, so the comparison is like for like."""
    sheet = sheet_for_days("全市2026年驻村考勤表", days_of(days), rows(cadres, days))
    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet.name)
    ws.append([c.header for c in sheet.columns])
    thin = Side(style="thin")
    style = {"font": Font(name="宋体", size=10), "border": Border(left=thin, right=thin, top=thin, bottom=thin),
             "alignment": Alignment(horizontal="center", vertical="center")}
    for row in sheet.rows:
        if styled:
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=value)
                cell.font, cell.border, cell.alignment = style["font"], style["border"], style["alignment"]
                cells.append(cell)
            ws.append(cells)
        else:
            ws.append(row)
    book.save(path)


def write_openpyxl_styled(path: str, cadres: int, days: int) -> None:
    write_openpyxl(path, cadres, days, styled=True)


WRITERS = {"csv": write_csv, "xlsxwriter": write_xlsxwriter, "openpyxl": write_openpyxl,
           "openpyxl-styled": write_openpyxl_styled}


def child(writer: str, cadres: int, days: int, trace: bool) -> dict:
    """One writer in this process: time, peak RSS growth (and Python peak with ``trace``), file size."""
    with tempfile.NamedTemporaryFile(suffix=".csv" if writer == "csv" else ".xlsx", delete=False) as made:
        path = made.name
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu_before = _cpu()
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    WRITERS[writer](path, cadres, days)
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu_before
    python_peak = tracemalloc.get_traced_memory()[1] if trace else None
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = os.path.getsize(path)
    os.unlink(path)
    return {"writer": writer, "seconds": seconds, "cpu": cpu, "rss_kib": after, "rss_growth_kib": after - before,
            "python_peak": python_peak, "bytes": size}


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run(writer: str, args, trace: bool = False) -> dict:
    command = [sys.executable, __file__, "--child", writer, "--cadres", str(args.cadres), "--days", str(args.days)]
    if trace:
        command.append("--tracemalloc")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cadres", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--skip-openpyxl", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--child", choices=WRITERS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.cadres, args.days, args.tracemalloc)))
        return
    writers = [w for w in WRITERS if not (w.startswith("openpyxl") and (args.skip_openpyxl or Workbook is None))]
    print(f"{args.cadres} cadres × {args.days} days = {args.cadres * args.days:,} day cells "
          f"({args.cadres * (args.days + 13):,} cells with the who-columns and totals)")
    results = {w: run(w, args) for w in writers}
    if args.tracemalloc:
        for w in writers:
            results[w]["python_peak"] = run(w, args, trace=True)["python_peak"]
    base = results["csv"]
    print("| writer | CPU s | × CSV | wall s | × CSV | peak RSS MiB | × CSV | RSS growth MiB | Python peak MiB "
          "| file MB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for w, r in results.items():
        py = f"{r['python_peak'] / 2**20:.1f}" if r["python_peak"] is not None else "—"
        print(f"| {w} | {r['cpu']:.1f} | {r['cpu'] / base['cpu']:.1f} | {r['seconds']:.1f} "
              f"| {r['seconds'] / base['seconds']:.1f} | {r['rss_kib'] / 1024:.1f} "
              f"| {r['rss_kib'] / base['rss_kib']:.2f} "
              f"| {r['rss_growth_kib'] / 1024:.1f} | {py} | {r['bytes'] / 1e6:.1f} |")


if __name__ == "__main__":
    main()

"""Benchmark: geofence.decide per call, for a circle and for a 200-vertex polygon (goal < 25 µs circle).

    .venv/bin/python bench/geofence_decide.py [--number 20000]

Each case is timed with timeit (best of 5 repeats), for a fix inside the fence with a previous
accepted fix (so every check runs, including the CHK-5 speed check). The GCJ-02 → WGS-84
conversion the endpoint does first is timed separately.
"""

from __future__ import annotations

import argparse
import math
import sys
import timeit
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.policy import DEFAULT_POLICY  # noqa: E402
from geofence import CircleFence, Fix, decide, polygon, to_wgs84  # noqa: E402

CENTRE = (38.8424, 110.4989)
NOW = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


def ring(vertices: int, radius_deg: float = 0.01) -> list[tuple[float, float]]:
    """A star-shaped ring of ``vertices`` points around CENTRE (a village boundary stand-in)."""
    points = []
    for i in range(vertices):
        angle = 2 * math.pi * i / vertices
        r = radius_deg * (1.0 if i % 2 else 0.8)
        points.append((CENTRE[0] + r * math.sin(angle), CENTRE[1] + r * math.cos(angle)))
    return points


def per_call_us(stmt, number: int) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=20000)
    args = parser.parse_args()
    fix = Fix(CENTRE[0] + 0.001, CENTRE[1] + 0.001, 20.0, NOW - timedelta(minutes=1))
    previous = Fix(CENTRE[0], CENTRE[1], 20.0, NOW - timedelta(hours=2))
    outside = Fix(CENTRE[0] + 0.05, CENTRE[1], 20.0, NOW - timedelta(minutes=1))
    circle = [CircleFence(*CENTRE, 1000.0)]
    poly = [polygon(ring(200))]
    cases = {
        "decide, circle, inside": lambda: decide(fix, circle, previous, NOW, DEFAULT_POLICY),
        "decide, circle, outside": lambda: decide(outside, circle, previous, NOW, DEFAULT_POLICY),
        "decide, 200-vertex polygon, inside": lambda: decide(fix, poly, previous, NOW, DEFAULT_POLICY),
        "decide, 200-vertex polygon, outside": lambda: decide(outside, poly, previous, NOW, DEFAULT_POLICY),
        "to_wgs84 from gcj02": lambda: to_wgs84(CENTRE[0], CENTRE[1], "gcj02"),
    }
    baseline = per_call_us(lambda: None, args.number)
    print(f"{'case':<40} {'µs/call':>9}")
    for name, stmt in cases.items():
        print(f"{name:<40} {per_call_us(stmt, args.number) - baseline:>9.2f}")
    circle_us = per_call_us(cases["decide, circle, inside"], args.number) - baseline
    print(f"goal: circle < 25 µs → {'met' if circle_us < 25 else 'NOT met'} ({circle_us:.2f} µs)")


if __name__ == "__main__":
    main()

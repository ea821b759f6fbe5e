"""The flask CLI in a process of its own, with the clock frozen at one instant (tests only).

    python -m tests.frozen_cli 2026-03-25T00:30:00+08:00 READY GO jobs run day-close --date 2026-03-24

The app is built first; then the file READY is created and the process waits (at most a minute)
for the file GO, so a test can start several real processes and let them go at the same moment.
Every process sees the same "now", so what they write can be compared byte for byte.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

import time_machine


def main(argv: list[str]) -> None:
    at, ready, go, *args = argv
    with time_machine.travel(datetime.fromisoformat(at), tick=False):
        from flask.cli import main as flask_main

        import wsgi  # noqa: F401  (build the app before the start line)

        Path(ready).touch()
        for _ in range(6000):
            if Path(go).exists():
                break
            time.sleep(0.01)
        sys.argv = ["flask", "--app", "wsgi", *args]
        flask_main()


if __name__ == "__main__":
    main(sys.argv[1:])

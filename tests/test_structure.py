"""The structure ARCHITECTURE.md draws, where import-linter (bin/test) cannot see it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Who ends a transaction: the HTTP edges, the operators' commands, the job runner, and the error
#: handlers (a request that fails is rolled back). Services, rules and jobs never do.
OWNERS = {"routes.py", "health.py", "cli.py", "error_handlers.py", "registry.py", "process.py", "leader.py"}


def test_only_routes_the_cli_and_the_job_runner_commit_or_roll_back():
    ending = re.compile(r"\.(commit|rollback)\(\)")
    sources = [path for folder in ("app", "scheduler") for path in (ROOT / folder).rglob("*.py")
               if path.name not in OWNERS]
    offenders = [f"{path.relative_to(ROOT)}:{n}" for path in sources
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if ending.search(line)]
    assert offenders == []

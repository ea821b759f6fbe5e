"""What the console's tests need from the machine: the built console, node's tools, a chromium.

Outside CI a missing piece skips with a message saying how to get it; in CI (``CI`` set) it fails,
so the browser tests can never silently not run there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
DIST = WEB / "dist"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
IN_CI = bool(os.environ.get("CI"))


def require(present: bool, message: str) -> None:
    """Skip (or, in CI, fail) with ``message`` unless ``present``."""
    if present:
        return
    if IN_CI:
        pytest.fail(f"{message} (required in CI)")
    pytest.skip(message)


def require_built_console() -> None:
    require((DIST / "index.html").is_file(), "the console is not built: run bin/setup (needs Node 20)")


def require_node_tool(name: str) -> Path:
    tool = WEB / "node_modules" / ".bin" / name
    require(tool.exists() and shutil.which("node") is not None,
            f"{name} is not installed: run bin/setup (needs Node 20)")
    return tool


def require_chromium() -> None:
    require(Path(CHROMIUM).is_file(), f"no chromium at {CHROMIUM}: apt-get install -y chromium")

"""A real browser for the console tests: Debian's chromium driven by Playwright (no browser download).

Every page is watched for the whole test: a Content-Security-Policy violation, a script error or a
request to any origin but the app's fails the test. Screenshots go to ``instance/screenshots/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, Page

from tests.console.helpers import CHROMIUM, ROOT
from tests.console.live import LiveConsole

SCREENSHOTS = ROOT / "instance" / "screenshots"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]
# Reported to the console, where the listener below hears it across navigations.
WATCH_CSP = """document.addEventListener('securitypolicyviolation', (e) =>
  console.error(`CSP-VIOLATION ${e.violatedDirective} ${e.blockedURI}`));"""


def launch(playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)


@dataclass
class ConsolePage:
    """One browser context on the live console, with what it saw go wrong."""

    live: LiveConsole
    page: Page
    problems: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, browser: Browser, live: LiveConsole) -> ConsolePage:
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        context.add_init_script(WATCH_CSP)
        page = context.new_page()
        page.set_default_timeout(15_000)
        watched = cls(live, page)
        context.on("request", watched._check_origin)
        page.on("console", watched._check_console)
        page.on("pageerror", lambda error: watched.problems.append(f"script error: {error}"))
        return watched

    def _check_origin(self, request) -> None:
        if not request.url.startswith((self.live.base + "/", "data:", "blob:")):
            self.problems.append(f"request to another origin: {request.url}")

    def _check_console(self, message) -> None:
        text = message.text
        if "CSP-VIOLATION" in text or "Content Security Policy" in text:
            self.problems.append(f"CSP: {text}")

    def close(self) -> None:
        self.page.context.close()

    def url(self, path: str) -> str:
        return f"{self.live.base}/console{path}"

    def sign_in_by_qr(self, who: str, start: str = "/", shot_as: str | None = None,
                      expect_refusal: bool = False) -> None:
        """Open the console, read the QR as the mini-program would, confirm it with ``who``'s token."""
        page = self.page
        with page.expect_response(lambda r: r.url.endswith("/api/v1/auth/web-sessions")
                                  and r.request.method == "POST") as started:
            page.goto(self.url(start))
        qr = started.value.json()["qr"]
        page.locator("img.qr").wait_for()
        if shot_as:
            self.shot(shot_as)
        code = parse_qs(urlsplit(qr).query)["code"][0]
        confirmed = self.live.call("POST", f"/auth/web-sessions/{code}/confirm", who)
        assert confirmed.status_code == (403 if expect_refusal else 200), confirmed.text
        if not expect_refusal:
            page.wait_for_url(re.compile(r"/console/(?!login)"))
            page.get_by_test_id("who").wait_for()

    def token(self) -> str:
        return self.page.evaluate("JSON.parse(sessionStorage.getItem('zhucun.console.session')).token")

    def shot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.wait_for_load_state("networkidle")
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

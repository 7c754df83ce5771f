"""The console in a real headless browser: the five services and an SMTP sink as in
tests/e2e, the console on a free port, Chromium and its driver from Debian's packages
(scripts/ensure_browser.sh installs them, and axe-core, when missing).

One platform for the module (starting it costs most of the time); each test signs in
afresh. ``CONSOLE_SCREENSHOTS_DIR=docs/screenshots`` keeps the screenshots the tests take
(the README's); otherwise they go to the test's temporary directory."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import ROOT, Stack, running
from tests.support import infra

AXE = ROOT / ".cache/axe/node_modules/axe-core/axe.min.js"
# Serious and critical violations fail a page (WCAG 2.0-2.2 A and AA rules).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING = {"serious", "critical"}
LAPTOP = (1366, 900)
DAY = date(2026, 11, 2)  # the platform's day: the submissions' received_at


def ensure_browser() -> None:
    """Chromium, its driver and axe-core, installed if missing; skipped (failed in CI)
    with the installer's own words when that cannot be done here."""
    run = subprocess.run(
        [str(ROOT / "scripts/ensure_browser.sh")], capture_output=True, text=True, check=False
    )
    if run.returncode != 0:
        why = f"the console's browser tests need Chromium and axe-core:\n{run.stderr.strip()}"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)


@dataclass
class Console:
    stack: Stack
    url: str
    proc: subprocess.Popen
    shots: Path


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory, broker: infra.Broker) -> Iterator[Console]:
    ensure_browser()
    workdir = tmp_path_factory.mktemp("console")
    # A vhost of the module's own on the session's broker.
    with broker.vhost() as amqp:
        platform = infra.platform_settings(
            amqp, f"sqlite:///{workdir}/stores/{{service}}.db", workdir
        )
        infra.set_day(platform.clock_file, DAY)
        with running(platform, workdir) as stack:
            port = infra.free_port()
            env = stack.env("console") | {"CONSOLE_PORT": str(port), "CONSOLE_HOST": "127.0.0.1"}
            with open(workdir / "console.log", "ab") as log:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "services.console"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            url = f"http://localhost:{port}"
            try:
                wait_http(f"{url}/healthz", proc, workdir / "console.log")
                shots = Path(os.environ.get("CONSOLE_SCREENSHOTS_DIR") or workdir / "shots")
                shots.mkdir(parents=True, exist_ok=True)
                yield Console(stack, url, proc, shots)
            finally:
                proc.terminate()
                proc.wait(timeout=20)


def wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the console exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=1) as reply:  # noqa: S310 - local http
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"the console did not answer at {url}:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def browser(console: Console) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CONSOLE_CHROMIUM", "/usr/bin/chromium")
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        f"--window-size={LAPTOP[0]},{LAPTOP[1]}",
        "--lang=en-GB",
    ):
        options.add_argument(arg)
    service = Service(os.environ.get("CONSOLE_CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    driver.implicitly_wait(5)  # a page that is still loading after a click
    try:
        yield driver
    finally:
        driver.quit()


def check_page(driver: Any, strict: bool = False) -> None:
    """axe-core on the page: no serious or critical violation (``strict``: none at all);
    and no horizontal scrolling on a laptop-sized window."""
    driver.execute_script(AXE.read_text())
    violations = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));",
        AXE_TAGS,
    )
    bad = [v for v in violations if strict or v["impact"] in FAILING]
    assert not bad, f"{driver.current_url}: accessibility violations: {bad}"
    wide = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];"
    )
    assert wide[0] <= wide[1], f"{driver.current_url}: scrolls sideways ({wide[0]} > {wide[1]})"

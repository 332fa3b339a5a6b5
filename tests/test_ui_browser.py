"""The UI in a real browser: `dagster dev` as `make dev` starts it, driven by Debian's Chromium (headless,
through Playwright's Python package, never a browser of Playwright's own). It checks that the code location
`bilateral` is loaded, the asset graph and the warehouse lineage are drawn, every table's checks are listed,
and the sensor and the schedule are running; screenshots go to tests/ui-screenshots/ (git-ignored).

`scripts/install-browser.sh` (run by `make test`) installs Chromium; where no browser can be started the
test is skipped and says why.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PROJECT

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = PROJECT / "tests" / "ui-screenshots"
# Headless on a machine with no display, and no background connections (the network is closed).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
STARTUP_SECONDS = 90

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"no browser: {CHROMIUM} is missing (scripts/install-browser.sh installs Debian's chromium)")
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        pytest.skip("no browser driver: the playwright package is not installed (make install)")
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        except Error as exc:
            pytest.skip(f"Chromium cannot be started here: {str(exc).splitlines()[0][:300]}")
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("ui")
    home = root / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT / "dagster.yaml", home / "dagster.yaml")
    (root / "raw").mkdir()  # empty: the sensor has nothing to run, so the test stays quick
    port = _free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("BILATERAL_")},
           "DAGSTER_HOME": str(home), "BILATERAL_RAW_DIR": str(root / "raw"),
           "BILATERAL_WAREHOUSE": str(root / "warehouse" / "bilateral.duckdb")}
    log = (root / "dagster-dev.log").open("w")
    server = subprocess.Popen([str(Path(sys.executable).parent / "dagster"), "dev", "-w", "workspace.yaml",
                               "-h", "127.0.0.1", "-p", str(port)], cwd=PROJECT, env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}/server_info", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("dagster dev did not start: " + (root / "dagster-dev.log").read_text()[-2000:])
            time.sleep(0.5)
        yield url
    finally:
        _stop(server)
        log.close()


def _stop(server: subprocess.Popen[bytes]) -> None:
    """dagster dev and the processes it started (webserver, daemon, code server) are one process group; a
    runner that started the tests with SIGTERM ignored passes that on, so SIGKILL follows."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def test_the_ui_shows_the_graph_the_checks_and_the_running_automation(browser, ui: str) -> None:
    from playwright.sync_api import Error as PlaywrightError

    SCREENSHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1600, "height": 1100})
    page.set_default_timeout(30_000)

    def visit(path: str, *texts: str, shot: str) -> str:
        page.goto(ui + path)
        for text in texts:
            page.get_by_text(text, exact=True).first.wait_for()
        page.wait_for_timeout(500)  # let the page settle (statuses, graph layout) before the picture
        page.screenshot(path=str(SCREENSHOTS / f"{shot}.png"))
        return page.inner_text("body")

    # Dagster greets a new browser with a "join the community" dialog; once dismissed it stays away.
    page.goto(ui + "/locations")
    with contextlib.suppress(PlaywrightError):  # no dialog this time: nothing to dismiss
        page.get_by_role("button", name="Skip").click(timeout=10_000)

    locations = visit("/locations", "bilateral", shot="1-code-location")
    assert "Loaded" in locations and "pipelines.definitions" in locations

    graph = visit("/asset-groups", "ingest", "nlp", "extract", "validate", "warehouse", "publish",
                  shot="2-asset-graph")
    assert "Global asset lineage" in graph

    lineage = visit("/locations/bilateral/asset-groups/warehouse/list", "event_mention", "fact_deal", "quarantine",
                    "dim_country", shot="3-warehouse-assets")
    assert "bridge_event_party" in lineage

    checks = visit("/assets/event?view=checks", "row_count", "primary_key_unique", shot="4-event-checks")
    assert "Checks (2)" in checks or "Checks (3)" in checks

    sensor = visit("/locations/bilateral/sensors/raw_files_sensor", "Running", shot="5-sensor")
    assert "high-water mark" in sensor

    schedule = visit("/locations/bilateral/schedules/daily_refresh", "Running", shot="6-schedule")
    assert "0 6 * * *" in schedule
    page.close()

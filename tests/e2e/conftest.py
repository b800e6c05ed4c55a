"""End-to-end journeys in a real Chromium against the real app served on 127.0.0.1.

The session serves the app once with gunicorn on 127.0.0.1 (a process of its own, as in
production, so the app's factory runs there and not a second time in the test process), on a
file SQLite database migrated with ``flask db upgrade`` and seeded with ``flask seed-demo``,
then drives Debian's Chromium (/usr/bin/chromium)
through Playwright. Every step of a journey is checked with axe-core (serious or critical
violations fail the test) and photographed at 360×780 and 1280×800 into tests/screenshots/
(git-ignored), so a person can look at what the user saw.

Runs on the SQLite pass only (skipped when TEST_DATABASE=postgresql): the journeys test the
browser experience, not the database, and a second run would double CI time. Without
/usr/bin/chromium the journeys are skipped locally with a reason, and fail in CI.
"""
from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

# A real SMTP server that keeps what it receives, and a real Redis (skipped without one, failing in CI).
from tests.jobs.conftest import redis_url, smtp_server  # noqa: F401

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "tests" / "screenshots"
SIZES = {"phone": (360, 780), "desktop": (1280, 800)}
DEMO_PASSWORD = "demo-matkhau-2026"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    reason = None
    if os.environ.get("TEST_DATABASE", "sqlite") != "sqlite":
        reason = "browser journeys run on the SQLite pass only, to keep CI time down"
    elif not CHROMIUM.exists() and not os.environ.get("CI"):
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium); CI always runs these"
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def live_env(tmp_path_factory):
    """Environment of the served app: its own file SQLite database, mail folder and secret."""
    root = tmp_path_factory.mktemp("e2e")
    port = _free_port()
    env = dict(
        os.environ,
        REGISTRY_ENV="development",
        SECRET_KEY=secrets.token_hex(32),
        DATABASE_URL=f"sqlite:///{root / 'registry.sqlite3'}",
        INSTANCE_PATH=str(root / "instance"),
        MAIL_FOLDER=str(root / "mail"),
        UPLOAD_FOLDER=str(root / "uploads"),
        PUBLIC_URL=f"http://127.0.0.1:{port}",  # links in mails point at this server
        E2E_PORT=str(port),
    )
    for name in ("REDIS_URL", "MAIL_SERVER", "SERVER_NAME"):
        env.pop(name, None)
    flask(env, "db", "upgrade")
    flask(env, "seed-demo")
    return env


def flask(env: dict, *args: str) -> str:
    """Run ``flask --app wsgi <args>`` against the served app's database, as an operator would."""
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def base_url(live_env):
    """The app served by gunicorn (two workers, as in production) on 127.0.0.1 for the session."""
    with _served(live_env, "gunicorn.log") as url:
        yield url


@pytest.fixture
def queued_env(live_env, redis_url):
    """The served app's environment with a real Redis queue: jobs wait for an ``rq worker``."""
    return dict(live_env, REDIS_URL=redis_url, E2E_PORT=str(_free_port()))


@pytest.fixture
def queued_journey(browser, queued_env, request):
    """A journey on a second server of the same database whose jobs go to Redis (the production
    set-up), with ``run_worker()`` to let one ``rq worker --burst`` do what is queued."""
    with _served(queued_env, "gunicorn-queued.log") as url, _journey(browser, url, request.node.name) as walk:
        walk.run_worker = lambda: _run_worker(queued_env)
        yield walk


def _run_worker(env: dict) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rq.cli", "worker", "--url", env["REDIS_URL"], "--worker-class", "jobs.worker.AppWorker",
         "--burst", "mail", "default"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@contextmanager
def _served(env: dict, log_name: str):
    port = env["E2E_PORT"]
    log = open(Path(env["INSTANCE_PATH"]).parent / log_name, "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "4",
         "--graceful-timeout", "2", "wsgi:app"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(url: str, server: subprocess.Popen) -> None:
    for _ in range(150):
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped with code {server.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail("the app did not answer /healthz within 30 seconds")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"CI needs Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def journey(browser, base_url, request):
    """A fresh browser (no cookies) on the live app, with step() for checks and screenshots."""
    with _journey(browser, base_url, request.node.name) as walk:
        yield walk


@contextmanager
def _journey(browser, url: str, name: str):
    context = browser.new_context(viewport=dict(zip(("width", "height"), SIZES["desktop"])), locale="vi-VN")
    context.set_default_timeout(10_000)
    # axe-core comes in as an init script, which the pages' Content-Security-Policy does not
    # block (a <script> tag would be): the policy stays enforced, and any violation fails the journey.
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text else None)
    yield Journey(page, url, name)
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def make_account(live_env):
    """``make_account(role, province_slug)`` → e-mail of a new user of the served app (demo password)."""

    def factory(role: str, province_slug: str | None = "quang-tri", name: str = "Nguyễn Văn An") -> str:
        email = f"{role}.{secrets.token_hex(4)}@e2e.demo.vn"
        province = ["--province", province_slug] if province_slug else []
        flask(live_env, "create-user", "--email", email, "--password", DEMO_PASSWORD, "--role", role,
              "--name", name, *province)
        return email

    return factory


class Journey:
    """What a person does in the browser, step by step, checked and photographed."""

    def __init__(self, page, base_url: str, name: str):
        self.page = page
        self.base_url = base_url
        self.folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", name)
        self.count = 0
        for old in self.folder.glob("*.*") if self.folder.exists() else []:
            old.unlink()

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> None:
        self.goto("/login")
        self.page.locator("#email").fill(email)
        self.page.locator("#password").fill(password)
        self.page.locator("#main form button[type=submit]").click()
        self.page.wait_for_url(lambda url: "/login" not in url)

    def sign_out(self) -> None:
        self.page.locator("form.logout button[type=submit]").click()
        self.page.wait_for_url(lambda url: "/login" in url)

    def wait_until_settled(self) -> None:
        """No htmx request in flight: lazy panels are in, swaps are done (a poll may start again)."""
        self.page.wait_for_function("() => !document.querySelector('.htmx-request, [aria-busy=true]')")

    def step(self, label: str) -> None:
        """Check the page with axe-core once htmx is idle and photograph it at both sizes."""
        self.page.wait_for_load_state("load")
        self.wait_until_settled()
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        for size, (width, height) in SIZES.items():
            self.page.set_viewport_size({"width": width, "height": height})
            assert_accessible(self.page, f"{label} ({size})")
            overflow = self.page.evaluate("() => document.documentElement.scrollWidth")
            assert overflow <= width, f"{label}: the page is {overflow}px wide on a {width}px screen"
            self.page.screenshot(path=str(self.folder / f"{self.count:02d}-{label}-{size}.png"), full_page=True,
                                 caret="initial")  # hiding the caret injects a style the CSP refuses
        self.page.set_viewport_size(dict(zip(("width", "height"), SIZES["desktop"])))


    def print_to_pdf(self, label: str) -> Path:
        """The page as it prints (print media, A4), saved as a PDF beside the screenshots."""
        self.wait_until_settled()
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.count:02d}-{label}.pdf"
        self.page.pdf(path=str(path), format="A4", print_background=True)
        return path


def assert_accessible(page, where: str) -> None:
    """Fail on any serious or critical axe-core violation of the page as displayed."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(n["html"][:160] for n in v["nodes"][:5])
        for v in bad
    )
    assert not bad, f"Accessibility violations on {where} at {page.url}:\n{report}"

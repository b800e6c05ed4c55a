"""Real parts for the job suites: Redis, ``rq worker`` and scheduler subprocesses, an SMTP server.

Most tests use the shared Redis (``TEST_REDIS_URL``, one database flushed around each test);
tests that stop, hang or flush Redis start a ``redis-server`` of their own on a free port
(``own_redis``). Tests that need Redis skip with a clear reason when none answers, except in
CI, where a missing Redis fails the run.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from redis import Redis
from redis.exceptions import RedisError

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
# The process faults (outages, killed workers, schedulers) take a minute or more each and do not
# depend on the database engine: they run once, on PostgreSQL, production's engine.
once_on_postgresql = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE", "sqlite") != "postgresql",
    reason="process faults run once per suite, on PostgreSQL (TEST_DATABASES=postgresql to run them)")
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url():
    connection = Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI and did not answer at {REDIS_URL}: {error}")
        pytest.skip(f"no Redis server answers at {REDIS_URL} ({error}); start one to run this test")
    connection.flushdb()
    yield REDIS_URL
    connection.flushdb()


@dataclass
class Behaviour:
    """How the fake mail server answers: scripted replies, or a pause in the middle of a mail."""

    data_replies: list[str] = field(default_factory=list)   # consumed one per DATA, then 250
    rcpt_reply: str | None = None                            # e.g. "550 5.1.1 no such user"
    hold_at_rcpt: threading.Event | None = None              # set → the server waits at RCPT
    reached_rcpt: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


class CapturingHandler:
    def __init__(self):
        self.mails: list = []
        self.behaviour = Behaviour()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        behaviour = self.behaviour
        if behaviour.hold_at_rcpt is not None and behaviour.hold_at_rcpt.is_set():
            behaviour.reached_rcpt.set()
            await _wait(behaviour.release)
            return "421 4.3.0 going away"
        if behaviour.rcpt_reply:
            return behaviour.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.behaviour.data_replies:
            return self.behaviour.data_replies.pop(0)
        self.mails.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


async def _wait(event: threading.Event) -> None:
    import asyncio

    await asyncio.get_running_loop().run_in_executor(None, event.wait, 30)


@pytest.fixture
def smtp_server():
    handler = CapturingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield handler, controller.port
    handler.behaviour.release.set()
    controller.stop()


@pytest.fixture
def redis_app(app, redis_url, smtp_server):
    """The session's app, pointed at real Redis and the capturing SMTP server for one test."""
    handler, port = smtp_server
    saved = {key: app.config[key] for key in ("REDIS_URL", "MAIL_SERVER", "MAIL_PORT", "MAIL_RETRY_INTERVALS")}
    app.config.update(REDIS_URL=redis_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_RETRY_INTERVALS=[0, 0, 0])
    app.extensions.pop("redis", None)
    yield app
    app.config.update(saved)
    app.extensions.pop("redis", None)


def worker_env(app) -> dict:
    return dict(
        os.environ,
        DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        REDIS_URL=app.config["REDIS_URL"],
        MAIL_SERVER=app.config["MAIL_SERVER"] or "",
        MAIL_PORT=str(app.config["MAIL_PORT"]),
        MAIL_RETRY_INTERVALS=",".join(str(i) for i in app.config["MAIL_RETRY_INTERVALS"]),
        MAIL_FOLDER=app.config["MAIL_FOLDER"],
        EXPORT_FOLDER=app.config["EXPORT_FOLDER"],
        INSTANCE_PATH=str(Path(app.config["MAIL_FOLDER"]).parent / "instance"),
        SECRET_KEY=app.config["SECRET_KEY"],
        PUBLIC_URL=app.config["PUBLIC_URL"],
        PYTHONPATH=str(ROOT),
    )


QUEUES = ("urgent", "mail", "default")


def worker_command(app, burst: bool = True, queues=QUEUES) -> list[str]:
    command = [sys.executable, "-m", "rq.cli", "worker", "--url", app.config["REDIS_URL"],
               "--worker-class", "jobs.worker.AppWorker", *queues]
    return command + (["--burst"] if burst else [])


def run_worker(app, queues=QUEUES) -> subprocess.CompletedProcess:
    """One ``rq worker --burst`` that works until the queues are empty, then exits."""
    result = subprocess.run(worker_command(app, queues=queues), env=worker_env(app), cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    print(result.stdout[-3000:], result.stderr[-6000:])
    return result


def start_worker(app, log: Path | None = None) -> subprocess.Popen:
    """A long-running worker in its own process group (so its work horse can be killed with it)."""
    output = open(log, "ab") if log else subprocess.DEVNULL
    return subprocess.Popen(worker_command(app, burst=False), env=worker_env(app), cwd=ROOT,
                            stdout=output, stderr=subprocess.STDOUT, start_new_session=True)


def start_scheduler(app, config: str = "jobs/cron.py", log: Path | None = None) -> subprocess.Popen:
    """The registry's scheduler (``make cron``) as a process of its own."""
    output = open(log, "ab") if log else subprocess.DEVNULL
    return subprocess.Popen([sys.executable, "-m", "jobs.scheduler", "--url", app.config["REDIS_URL"], config],
                            env=worker_env(app), cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM (RQ's warm shut-down), then SIGKILL after 20 s; always reaped."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_until(predicate, timeout: float, interval: float = 0.5, what: str = "the condition"):
    """Poll ``predicate`` until it returns something true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    pytest.fail(f"{what} did not happen within {timeout:.0f} s")


class RedisServer:
    """A ``redis-server`` of the test's own, on a free port, that the test stops, hangs and restarts."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = Redis.from_url(self.url, socket_connect_timeout=0.5)
        wait_until(lambda: _answers(client), timeout=10, interval=0.1, what="redis-server start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)

    def pause(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def client(self) -> Redis:
        return Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=5)


def _answers(client: Redis) -> bool:
    try:
        return client.ping()
    except RedisError:
        return False


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server for this test alone (the shared one is never stopped, hung or flushed whole)."""
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is required in CI")
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def own_redis_app(app, own_redis, smtp_server):
    """The session's app pointed at the test's own Redis and the capturing SMTP server."""
    handler, port = smtp_server
    saved = {key: app.config[key] for key in ("REDIS_URL", "MAIL_SERVER", "MAIL_PORT", "MAIL_RETRY_INTERVALS")}
    app.config.update(REDIS_URL=own_redis.url, MAIL_SERVER="127.0.0.1", MAIL_PORT=port,
                      MAIL_RETRY_INTERVALS=[0, 0, 0])
    app.extensions.pop("redis", None)
    yield app
    app.config.update(saved)
    app.extensions.pop("redis", None)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def kill_worker(process: subprocess.Popen) -> None:
    """SIGKILL the work horse and the worker at once: no clean-up, like a crashed machine.

    RQ's work horse runs in a session of its own, so it is found as the worker's child.
    """
    horses = _children(process.pid)
    assert horses, "the worker has no work horse to kill"
    for pid in horses:
        os.kill(pid, signal.SIGKILL)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def flask_command(app, *args: str) -> list[str]:
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]

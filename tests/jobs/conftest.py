"""Real parts for the job suites: Redis (database 5), ``rq worker`` subprocesses, an SMTP server.

Tests that need Redis skip with a clear reason when none answers, except in CI, where a
missing Redis fails the run.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from redis import Redis
from redis.exceptions import RedisError

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
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


def worker_command(app, burst: bool = True) -> list[str]:
    command = [sys.executable, "-m", "rq.cli", "worker", "--url", app.config["REDIS_URL"],
               "--worker-class", "jobs.worker.AppWorker", "mail", "default"]
    return command + (["--burst"] if burst else [])


def run_worker(app) -> subprocess.CompletedProcess:
    """One ``rq worker --burst`` that works until the queues are empty, then exits."""
    result = subprocess.run(worker_command(app), env=worker_env(app), cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    print(result.stdout[-3000:], result.stderr[-6000:])
    return result


def start_worker(app) -> subprocess.Popen:
    """A long-running worker in its own process group (so its work horse can be killed with it)."""
    return subprocess.Popen(worker_command(app, burst=False), env=worker_env(app), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


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

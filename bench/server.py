"""Gunicorn (bench/wsgi.py) with N workers on a free loopback port, signed-in sessions,
and single requests for the query count."""
from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, env: dict, workers: int, worker_class: str, threads: int, log_path: Path):
        self.port = free_port()
        self.env, self.log_path = env, log_path
        self.command = [
            sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", worker_class,
            "--threads", str(threads), "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
            "--error-logfile", str(log_path), "--timeout", "60", "bench.wsgi:application",
        ]
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(self.command, env=dict(os.environ, **self.env),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not start; see {self.log_path}")

    def __exit__(self, *_exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def get(self, path: str, cookie: str | None = None, headers: dict | None = None) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("GET", path, headers=({"Cookie": cookie} if cookie else {}) | (headers or {}))
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    def login(self, email: str, password: str) -> str:
        """Sign in through POST /login like a browser; returns the Cookie header value."""
        status, headers, body = self.get("/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', body).group(1).decode()
        cookie = headers["set-cookie"].split(";", 1)[0]
        form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request("POST", "/login", body=form, headers={
            "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        response.read()
        # Signing in sets more than one cookie (the session, the known-browser mark): keep the session's.
        cookies = [value.split(";", 1)[0] for value in response.headers.get_all("Set-Cookie") or []]
        connection.close()
        session = next((cookie for cookie in cookies if cookie.startswith("session=")), None)
        if response.status != 302 or session is None:
            raise RuntimeError(f"signing in as {email} failed ({response.status}): run generate-scale first")
        return session

"""Run ``wrk`` against one URL and read its numbers (Debian: ``apt-get install wrk``)."""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

INSTALL_HINT = "wrk is missing: install it with `sudo apt-get install wrk` (Debian/Ubuntu), then run again."
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
UNIQUE_URLS = Path(__file__).with_name("unique_urls.lua")


@dataclass
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers, socket errors and timeouts

    def as_dict(self) -> dict:
        return asdict(self)


def available() -> bool:
    return shutil.which("wrk") is not None


def version() -> str:
    result = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    return (result.stdout or result.stderr).splitlines()[0].strip() if (result.stdout or result.stderr) else "wrk"


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * _UNITS[unit]


def parse(output: str) -> Load:
    percentiles = {p: _milliseconds(v) for p, v in re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)", output, re.M)}
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket:
        # Sync gunicorn workers close each connection: reads of the close are not errors.
        errors += int(socket.group(1)) + int(socket.group(3)) + int(socket.group(4))
    return Load(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=percentiles["50"], p99_ms=percentiles["99"],
        requests=int(re.search(r"(\d+) requests in", output).group(1)), errors=errors,
    )


def run(url: str, cookie: str | None, connections: int, seconds: int, threads: int = 2,
        headers: dict | None = None, unique: bool = False) -> tuple[Load, str]:
    """``unique``: every request's URL is new (bench/unique_urls.lua), so no kept page answers."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency"]
    if unique:
        command += ["-s", str(UNIQUE_URLS)]
    for name, value in (({"Cookie": cookie} if cookie else {}) | (headers or {})).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return parse(output), output

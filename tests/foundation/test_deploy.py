"""The supervisor's units in deploy/systemd say what the code expects: every process restarted
whatever happens, the workers listening to the queues in the code's order, the registry's scheduler."""
from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from registry.queue import QUEUES

ROOT = Path(__file__).resolve().parents[2]
UNITS = sorted((ROOT / "deploy" / "systemd").glob("*.service"))


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser


def _command(name: str) -> list[str]:
    return shlex.split(_unit(ROOT / "deploy" / "systemd" / name)["Service"]["ExecStart"])


@pytest.mark.parametrize("path", UNITS, ids=lambda path: path.name)
def test_every_process_is_restarted_whatever_happens_and_reads_one_environment_file(path):
    unit = _unit(path)
    assert unit["Service"]["Restart"] == "always"
    assert unit["Unit"]["StartLimitIntervalSec"] == "0"  # systemd never gives up restarting it
    assert unit["Service"]["EnvironmentFile"] == "/etc/registry/registry.env"


def test_workers_take_account_mail_first_and_move_due_retries_back_to_their_queue():
    command = _command("registry-worker@.service")
    assert command[command.index("--worker-class") + 1] == "jobs.worker.AppWorker"
    assert "--with-scheduler" in command and "--name" not in command
    assert tuple(command[-len(QUEUES):]) == QUEUES
    make_worker = next(line for line in (ROOT / "Makefile").read_text().splitlines() if "rq worker" in line)
    assert make_worker.split()[-len(QUEUES):] == list(QUEUES)


def test_the_scheduler_unit_runs_the_registrys_scheduler_on_the_schedule():
    assert _command("registry-scheduler.service")[1:3] == ["-m", "jobs.scheduler"]
    assert _command("registry-scheduler.service")[-1] == "jobs/cron.py"

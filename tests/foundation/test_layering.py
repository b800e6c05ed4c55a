"""How the areas depend on each other where it matters: the outbox lies below what writes to it,
and a job run in-process works for the system, as in a worker, not for the request's province."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from registry.queue import run_here
from registry.tenants.scoping import NATIONAL, current_scope, enter_province

ROOT = Path(__file__).resolve().parents[2] / "registry"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("area", ["accounts", "nominations", "outbox"])
def test_what_writes_notifications_needs_the_outbox_not_the_reminders_package(area):
    offenders = sorted(
        f"{path.relative_to(ROOT.parent)} imports {module}"
        for path in (ROOT / area).rglob("*.py")
        for module in _imports(path)
        if module == "registry.notifications" or module.startswith("registry.notifications.")
    )
    assert offenders == []


def test_a_job_run_in_process_works_in_the_system_scope_not_the_requests_province(app):
    with app.test_request_context("/p/quang-tri/"):
        enter_province(7)
        assert current_scope() == 7
        assert run_here(current_scope) == NATIONAL
        assert current_scope() == 7  # the request's own scope is back afterwards

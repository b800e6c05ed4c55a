"""Figure code asks ``registry.figures.rules`` what runs, what is live, overdue, submitted or
ended: a page comparing statuses itself is how "overdue" came to have four definitions."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Every module that counts, filters or shows a figure: pages, exports, mails, jobs, bench/.
FIGURE_CODE = (
    "registry/core/home.py", "registry/dashboard", "registry/national", "registry/reviews/board.py",
    "registry/reviews/queries.py", "registry/replication/queries.py", "registry/replication/routes.py",
    "registry/replication/list_routes.py", "registry/catalogue/queries.py", "registry/ministry/queries.py",
    "registry/notifications/reminders.py", "registry/notifications/digests.py", "registry/movement/queries.py",
    "registry/movement/routes.py", "registry/movement/routes_list.py", "registry/movement/exporting.py",
    "registry/nominations/eligibility.py", "registry/nominations/dossier.py", "registry/figures/queries.py",
    "registry/figures/counters.py", "registry/figures/schedule.py", "bench",
)
STATUS_TEST = re.compile(
    r"\b(MovementModel|ReplicationSite|Review|model|site|copy|review|sites\.c)\.status\s*"
    r"(==|!=|\.in_\(|\.notin_\(|\bin\b|\bnot in\b)(?!\s*filters\.)")
NAMES = re.compile(r"\b(SCHEDULED_STATUSES|REMINDED_STATUSES|next_review_due_on\s*<\s*today)\b")


def _files():
    for name in FIGURE_CODE:
        path = ROOT / name
        yield from sorted(path.rglob("*.py")) if path.is_dir() else [path]


def test_no_figure_code_compares_statuses_itself():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if STATUS_TEST.search(line) or NAMES.search(line)
    ]
    assert offenders == [], "use registry.figures.rules (running, live_site, overdue, submitted, ended): " + "; ".join(
        offenders)


def test_the_guard_sees_what_it_guards():
    for line in ("MovementModel.status != ENDED", "site.status == SITE_ACTIVE", "Review.status == REVIEW_SUBMITTED",
                 "MovementModel.status.in_(SCHEDULED_STATUSES)", "MovementModel.next_review_due_on < today"):
        assert STATUS_TEST.search(line) or NAMES.search(line), line
    assert not STATUS_TEST.search("statement.where(ReplicationSite.status == filters.status)")

"""One clock for Vietnam's day, one for UTC moments, and moments that come back in UTC."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import time_machine

from registry import clock
from registry.audit.models import AuditEvent
from registry.extensions import db
from tests.factories import province

ROOT = Path(__file__).resolve().parents[2]


def test_vietnam_day_differs_from_the_servers_utc_day_before_seven_in_the_morning():
    # 23:30 UTC on 31/12 is 06:30 on 01/01 in Vietnam: due dates, periods and exports use the latter.
    with time_machine.travel(datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc), tick=False):
        assert clock.today() == date(2027, 1, 1)
        assert clock.now_utc().tzinfo is not None and clock.now_utc().utcoffset() == timedelta(0)
        assert clock.start_of_day(date(2027, 1, 1)) == datetime(2026, 12, 31, 17, tzinfo=timezone.utc)


def test_a_stored_moment_comes_back_aware_in_utc_whatever_zone_it_was_written_in(app_ctx):
    written = datetime(2026, 3, 1, 8, 15, tzinfo=clock.VIETNAM)  # 01:15 UTC
    event = AuditEvent(province_id=province("quang-tri").id, action="test", entity_type="test", entity_id=1,
                       created_at=written)
    db.session.add(event)
    db.session.commit()
    db.session.expire_all()
    read = db.session.get(AuditEvent, event.id).created_at
    assert read.tzinfo is not None and read.utcoffset() == timedelta(0)
    assert read == written
    assert clock.local_date(read) == date(2026, 3, 1)


def test_no_code_asks_the_servers_own_clock():
    """``date.today()`` and naive ``datetime.now()`` give the server's day, not Vietnam's."""
    pattern = re.compile(r"\bdate\.today\(\)|datetime\.(utc)?now\(\)|datetime\.now\(timezone\.utc\)|time\.localtime")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("registry", "jobs")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == [], "use registry.clock.today() / now_utc(): " + ", ".join(offenders)

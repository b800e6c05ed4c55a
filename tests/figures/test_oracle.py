"""The consistency oracle: a seeded random province, every figure worked out from the raw rows
by a plain reference written here, and every page, fragment, export and mail that shows the
figure showing that value, read as the user reads it (the rendered HTML, CSV and mail text).

The province has models in every state (some ended and resumed through the status service),
sites in every state, reviews on time, late and in draft, adoptions into it and out of it,
and nominations in every state, including withdrawn before and after they were submitted.
"""
from __future__ import annotations

import calendar
import csv
import html as html_lib
import io
import random
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import pytest
import time_machine
from sqlalchemy import select, update

from registry.accounts.sessions import sign_in_client
from registry.accounts.models import User
from registry.clock import VIETNAM
from registry.extensions import db
from registry.figures.schedule import refresh_due_date
from registry.movement.models import MovementModel
from registry.movement.service import change_status
from registry.nominations.models import Nomination
from registry.notifications import digests, reminders
from registry.outbox.dispatch import dispatch_all_pending
from registry.replication.models import ReplicationSite
from registry.reviews.models import Review
from registry.tenants.models import Ward
from tests.conftest import mails, province
from tests.core.factories import make_nomination
from tests.export_jobs.factories import export_through_pages
from tests.factories import make_model, make_site, wards_of
from tests.reviews.factories import make_review

NOW = datetime(2026, 3, 16, 9, 0, tzinfo=VIETNAM)
TODAY = NOW.date()
CATEGORIES = ("cameras", "self_management", "inter_family", "drug_prevention")
STATES = ("draft", "active", "active", "active", "suspended", "ended")
NOMINATION_STATES = (("draft", False), ("submitted", True), ("under_review", True), ("approved", True),
                     ("rejected", True), ("returned", True), ("withdrawn", True), ("withdrawn", False))


# -- The reference: plain Python over the rows ----------------------------------------------------

def months_later(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def vietnam_day(moment: datetime) -> date:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(VIETNAM).date()


@dataclass
class Rows:
    models: list
    sites: list
    reviews: list
    nominations: list
    wards: Counter  # province id → wards

    @classmethod
    def read(cls) -> Rows:
        def rows(model):
            return db.session.execute(select(model.__table__)).all()
        wards = Counter(dict(db.session.execute(
            select(Ward.province_id, db.func.count()).group_by(Ward.province_id)).all()))
        return cls(rows(MovementModel), rows(ReplicationSite), rows(Review), rows(Nomination), wards)

    def running(self) -> set[int]:
        return {m.id for m in self.models if m.status == "active"}

    def live_sites(self) -> list:
        running = self.running()
        return [s for s in self.sites if s.status == "active" and s.model_id in running]

    def covered(self, province_id: int) -> int:
        return len({s.ward_id for s in self.live_sites() if s.province_id == province_id})

    def due(self, m) -> date | None:
        if m.status != "active":
            return None
        ends = [r.period_end for r in self.reviews if r.model_id == m.id and r.status == "submitted"]
        due = months_later(max(ends) + timedelta(days=1), m.review_interval_months) - timedelta(days=1) if ends \
            else months_later(m.activated_on, m.review_interval_months)
        if m.resumed_on and due < m.resumed_on:
            due = months_later(m.resumed_on, m.review_interval_months)
        return due

    def of(self, province_id: int) -> list:
        return [m for m in self.models if m.province_id == province_id]

    def overdue(self, province_id: int, more_than: int = 0) -> set[int]:
        return {m.id for m in self.of(province_id) if self.due(m) and (TODAY - self.due(m)).days > more_than}

    def due_within(self, province_id: int, days: int) -> set[int]:
        return {m.id for m in self.of(province_id) if self.due(m) and 0 <= (self.due(m) - TODAY).days <= days}

    def on_time(self, province_id: int) -> tuple[int, int]:
        since = months_later(TODAY, -12)
        timed = [r for r in self.reviews if r.province_id == province_id and r.status == "submitted" and r.due_on
                 and r.submitted_at and vietnam_day(r.submitted_at) > since]
        return sum(1 for r in timed if vietnam_day(r.submitted_at) <= r.due_on), len(timed)

    def live_of(self, model_id: int) -> tuple[int, int]:
        live = [s for s in self.live_sites() if s.model_id == model_id]
        return len(live), len({s.ward_id for s in live})

    def adopters(self, entry_id: int) -> tuple[int, int]:
        copies = [m for m in self.models if m.source_model_id == entry_id and m.status == "active"]
        return len({c.province_id for c in copies}), sum(self.live_of(c.id)[0] for c in copies)

    def ministry_counts(self) -> Counter:
        return Counter(n.status for n in self.nominations if n.submitted_at is not None)


# -- A random province --------------------------------------------------------------------------

def _review_times(rng, model, end: date, due: date, submitted: bool):
    late = rng.random() < 0.3
    day = due + timedelta(days=rng.randint(1, 20)) if late else end + timedelta(days=rng.randint(0, max(0, (due - end).days)))
    day = min(day, TODAY)
    # Some in the last hours of a Vietnamese day, already the next day in UTC+7 terms.
    moment = datetime.combine(day, time(rng.choice((8, 23))), VIETNAM).astimezone(timezone.utc)
    return moment if submitted else None


def build(seed: int) -> dict:
    """The province, written in several transactions as people would: models, sites and reviews
    first, then status moves through the models' service (so the counters must follow a model
    whose status changed after its sites were counted), then adoptions and nominations."""
    rng = random.Random(seed)
    quang_tri, lam_dong, da_nang = province("quang-tri"), province("lam-dong"), province("da-nang")
    wards = wards_of(quang_tri, 10)
    ids = {"models": [], "entries": []}
    moves: dict[int, str] = {}
    for number in range(rng.randint(10, 16)):
        state = rng.choice(STATES)
        months = rng.choice((3, 6, 12))
        activated = TODAY - timedelta(days=rng.randint(5, 900))
        fields = dict(status="draft" if state == "draft" else "active", category=rng.choice(CATEGORIES),
                      review_interval_months=months, launched_on=activated - timedelta(days=rng.randint(0, 2500)),
                      recognised_year=rng.choice((None, None, None, 2024, 2025)))
        if state != "draft":
            fields["activated_on"] = activated
        model = make_model(quang_tri, f"Mô hình {seed}-{number}", **fields)
        for _ in range(rng.randint(0, 4)):
            make_site(model, rng.choice(wards), status=rng.choice(("active", "active", "paused", "ended")))
        end = activated - timedelta(days=rng.randint(0, 60))
        for _ in range(rng.randint(0, 3) if state != "draft" else 0):
            end = end + timedelta(days=rng.randint(40, 200))
            if end >= TODAY:
                break
            due = end + timedelta(days=rng.randint(0, 15))
            status = rng.choice(("submitted", "submitted", "submitted", "draft"))
            make_review(model, end - timedelta(days=120), end, status=status, due_on=due,
                        rating=rng.choice(("excellent", "good", "average", "weak")),
                        submitted_at=_review_times(rng, model, end, due, status == "submitted"))
        refresh_due_date(model)  # as the models' service keeps it on every save
        if state in ("suspended", "ended") or (state == "active" and rng.random() < 0.3):
            moves[model.id] = state if state != "active" else "resumed"
        ids["models"].append(model.id)
    db.session.commit()
    for model_id, state in moves.items():  # later, through the status service
        change_status(db.session.get(MovementModel, model_id), "suspend", None,
                      today=TODAY - timedelta(days=rng.randint(20, 200)))
    db.session.commit()
    for model_id, state in moves.items():
        model = db.session.get(MovementModel, model_id)
        if state == "resumed":
            change_status(model, "resume", None, today=TODAY - timedelta(days=rng.randint(0, 19)))
        elif state == "ended":  # its sites end with it
            change_status(model, "end", None, reason="ineffective", today=TODAY - timedelta(days=rng.randint(0, 19)))
    db.session.commit()
    db.session.flush()
    # Adoptions out of the province (a recognised model of Quảng Trị) and into it.
    entry = make_model(quang_tri, f"Camera an ninh {seed}", recognised_year=2025)
    make_site(entry, wards[0])
    for place, state in ((lam_dong, "active"), (da_nang, "suspended"), (da_nang, "draft"), (lam_dong, "ended")):
        copy = make_model(place, f"Camera an ninh {seed} ({state})", status=state, source_model_id=entry.id)
        make_site(copy, wards_of(place, 1)[0], status="active" if state != "ended" else "ended")
    foreign = make_model(lam_dong, f"Tổ liên gia {seed}", category="inter_family", recognised_year=2024)
    make_site(foreign, wards_of(lam_dong, 1)[0])
    for state in ("active", "draft"):
        copy = make_model(quang_tri, f"Tổ liên gia {seed} ({state})", category="inter_family", status=state,
                          source_model_id=foreign.id)
        make_site(copy, rng.choice(wards))
    ids["entries"] = [entry.id, foreign.id]
    # Nominations in every state, each of another model.
    nominees = rng.sample([m for m in ids["models"]], min(len(ids["models"]), len(NOMINATION_STATES)))
    for model_id, (state, submitted) in zip(nominees, NOMINATION_STATES):
        make_nomination(db.session.get(MovementModel, model_id), state, submitted=submitted)
    for model in db.session.scalars(select(MovementModel).where(MovementModel.id.notin_(ids["models"]))):
        refresh_due_date(model)
    db.session.commit()
    return ids


# -- Reading pages as a user does ---------------------------------------------------------------

def words(fragment: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def figure(page: str, label: str) -> str:
    match = re.search(rf"<dt>\s*{re.escape(label)}\s*</dt>\s*<dd[^>]*>(.*?)</dd>(.*?)</div>", page, re.S)
    assert match, f"no figure {label!r}"
    return words(match.group(1) + " " + match.group(2))


def number(text: str) -> int:
    return int(re.match(r"\d[\d,]*", text).group(0).replace(",", ""))


def of_total(text: str) -> tuple[int, int]:
    found = re.search(r"(\d[\d,]*) (?:of|/) (\d[\d,]*)", text)
    assert found, text
    return number(found.group(1)), number(found.group(2))


def table_row(page: str, name: str) -> str:
    match = re.search(rf'<th scope="row" data-label="[^"]+">(?:<a href="[^"]+">)?{re.escape(name)}(?:</a>)?</th>(.*?)</tr>', page, re.S)
    assert match, f"no row for {name}"
    return words(match.group(1))


def chart(page: str, title: str) -> dict[str, str]:
    block = page.split(f'<ul class="bar-chart" aria-label="{title}">')[1].split("</ul>")[0]
    return {words(label): words(value) for label, value in re.findall(
        r'<span class="bar-chart__label">(.*?)</span>.*?<span class="bar-chart__value">(.*?)</span>', block, re.S)}


def signed_in(app, make_user, role: str, slug: str | None = "quang-tri"):
    user = make_user(role, slug)
    with app.app_context():
        db.session.execute(update(User).where(User.id == user.id).values(locale="en"))
        db.session.commit()
    client = app.test_client()
    sign_in_client(client, user.id)
    return client, user


# -- The oracle ---------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [3, 17, 2026])
def test_every_page_mail_and_export_shows_the_figures_the_rows_give(app, make_user, seed):
    with time_machine.travel(NOW, tick=False):
        officer, officer_user = signed_in(app, make_user, "officer")
        admin, _ = signed_in(app, make_user, "province_admin")
        reviewer, _ = signed_in(app, make_user, "ministry_reviewer", None)
        ministry, _ = signed_in(app, make_user, "ministry_admin", None)
        with app.app_context():
            ids = build(seed)
            rows = Rows.read()
            qt, ld = province("quang-tri").id, province("lam-dong").id
            names = {m.id: m.name for m in rows.models}
        overdue, soon = rows.overdue(qt), rows.due_within(qt, 30)
        on_time, timed = rows.on_time(qt)
        _homes(officer, admin, reviewer, rows, qt, overdue, soon)
        _board_and_lists(officer, rows, qt, names, overdue, soon, on_time, timed)
        _sites_list(officer, rows, qt)
        _province_dashboard(officer, rows, qt, overdue, soon, on_time, timed)
        _national_dashboard(ministry, rows, qt, ld)
        _catalogue_and_queue(officer, reviewer, rows, ids)
        _export(officer, names, overdue, rows)
        _digests(app, officer_user, rows, qt)


def _homes(officer, admin, reviewer, rows, qt, overdue, soon):
    home = officer.get("/").text
    assert number(figure(home, "Reviews overdue")) == len(overdue)
    assert number(figure(home, "Reviews due in the next 30 days")) == len(soon)
    for listed in re.findall(r'href="/p/quang-tri/models/(\d+)"[^>]*>[^<]*</a>\s*<span class="badge badge--danger">',
                             home):
        assert int(listed) in overdue
    admin_home = admin.get("/").text
    statuses = Counter(m.status for m in rows.of(qt))
    for status, label in (("draft", "Draft"), ("active", "Active"), ("suspended", "Suspended"), ("ended", "Ended")):
        assert number(figure(admin_home, f"Models: {label}")) == statuses[status]
    assert of_total(figure(admin_home, "Wards with a site of a running model")) == (rows.covered(qt), rows.wards[qt])
    queue = reviewer.get("/").text
    counts = rows.ministry_counts()
    for state, label in (("submitted", "Submitted"), ("under_review", "Under review"), ("approved", "Approved"),
                         ("rejected", "Rejected"), ("returned", "Returned for changes"), ("withdrawn", "Withdrawn")):
        assert number(figure(queue, label)) == counts[state], state


def _board_and_lists(officer, rows, qt, names, overdue, soon, on_time, timed):
    board = officer.get("/p/quang-tri/reviews/").text
    assert number(figure(board, "Overdue")) == len(overdue)
    assert number(figure(board, "Due in the next 30 days")) == len(soon)
    assert of_total(figure(board, "On time, last 12 months")) == (on_time, timed)
    listed = officer.get("/p/quang-tri/models/?overdue=1").text
    assert re.search(rf'class="result-count">{len(overdue)} models?<', listed)
    assert set(re.findall(r'<td data-label="Name"><a href="/p/quang-tri/models/(\d+)"', listed)) == {
        str(model_id) for model_id in overdue}
    everything = officer.get("/p/quang-tri/models/?sort=name").text
    for model_id, sites in re.findall(
            r'<a href="/p/quang-tri/models/(\d+)">[^<]*</a>.*?<td data-label="Active sites">([\d,]+)</td>', everything,
            re.S):
        assert number(sites) == rows.live_of(int(model_id))[0], names[int(model_id)]
    for model_id in [m.id for m in rows.of(qt)]:
        tiles = officer.get(f"/p/quang-tri/models/{model_id}/tiles", headers={"HX-Request": "true"}).text
        assert (number(figure(tiles, "Active sites")), number(figure(tiles, "Wards reached"))) == rows.live_of(model_id)
        due = rows.due(next(m for m in rows.models if m.id == model_id))
        assert figure(tiles, "Next review due").startswith(f"{due:%d/%m/%Y}" if due else "—"), names[model_id]
        assert ("Overdue by" in tiles) == (model_id in overdue), names[model_id]


def _sites_list(officer, rows, qt):
    """The sites list's figures: the kept counters for the whole province, one count when filtered."""
    page = officer.get("/p/quang-tri/sites").text
    live = [s for s in rows.live_sites() if s.province_id == qt]
    assert number(figure(page, "Sites listed")) == len([s for s in rows.sites if s.province_id == qt])
    assert number(figure(page, "Active sites")) == len(live)
    assert number(figure(page, "Wards reached")) == rows.covered(qt)
    for model in rows.of(qt)[:4]:
        page = officer.get(f"/p/quang-tri/sites?model={model.id}").text
        assert number(figure(page, "Sites listed")) == len([s for s in rows.sites if s.model_id == model.id])
        assert (number(figure(page, "Active sites")), number(figure(page, "Wards reached"))) == rows.live_of(model.id)
    paused = officer.get("/p/quang-tri/sites?status=paused").text
    assert number(figure(paused, "Sites listed")) == len([s for s in rows.sites if s.province_id == qt
                                                          and s.status == "paused"])
    assert number(figure(paused, "Active sites")) == 0


def _province_dashboard(officer, rows, qt, overdue, soon, on_time, timed):
    page = officer.get("/p/quang-tri/dashboard").text
    assert number(figure(page, "Models")) == len(rows.of(qt))
    assert of_total(figure(page, "Coverage")) == (rows.covered(qt), rows.wards[qt])
    assert number(figure(page, "Reviews overdue")) == len(overdue)
    assert number(figure(page, "Reviews due in 30 days")) == len(soon)
    assert of_total(figure(page, "Reviews on time, last 12 months")) == (on_time, timed)


def _national_dashboard(ministry, rows, qt, ld):
    page = ministry.get("/ministry/dashboard/").text
    running = rows.running()
    recognised = [m for m in rows.models if m.recognised_year]
    assert number(figure(page, "Models")) == len(rows.models)
    assert number(figure(page, "Active models")) == len(running)
    assert number(figure(page, "Nationally recognised")) == len(recognised)
    by_year = chart(page, "Nationally recognised models per year")
    assert {int(year): number(value) for year, value in by_year.items()} == Counter(m.recognised_year for m in recognised)
    total_wards = sum(rows.wards.values())
    covered = sum(rows.covered(p) for p in rows.wards)
    assert of_total(figure(page, "Wards with a site of a running model")) == (covered, total_wards)
    assert number(figure(page, "Reviews overdue")) == sum(len(rows.overdue(p)) for p in rows.wards)
    for place, name in ((qt, "Quảng Trị"), (ld, "Lâm Đồng")):
        cells = table_row(page, name).split()
        models_here = rows.of(place)
        assert number(cells[0]) == len(models_here) and number(cells[1]) == sum(1 for m in models_here if m.recognised_year)
        assert f"({rows.covered(place)}/{rows.wards[place]})" in cells
        assert number(cells[-1]) == len(rows.overdue(place))
    pipeline = chart(page, "Nominations pipeline")
    counts = rows.ministry_counts()
    for state, label in (("submitted", "Submitted"), ("under_review", "Under review"), ("returned", "Returned for changes"),
                         ("approved", "Approved"), ("rejected", "Rejected"), ("withdrawn", "Withdrawn")):
        assert number(pipeline[label]) == counts[state], state


def _catalogue_and_queue(officer, reviewer, rows, ids):
    catalogue = officer.get("/catalogue/").text
    shown = {int(entry): (int(adopters), int(sites)) for entry, adopters, sites in re.findall(
        r'href="/catalogue/(\d+)">.*?data-adopters="(\d+)".*?data-sites="(\d+)"', catalogue, re.S)}
    for entry_id in ids["entries"]:
        assert shown[entry_id] == rows.adopters(entry_id)
    queue = reviewer.get("/ministry/").text
    counts = rows.ministry_counts()
    for state in ("submitted", "under_review", "approved", "rejected", "returned", "withdrawn"):
        assert int(re.search(rf'data-count="{state}">(\d+)<', queue).group(1)) == counts[state], state
    assert 'data-count="draft"' not in queue


def _export(officer, names, overdue, rows):
    _page, download = export_through_pages(officer, "/p/quang-tri/models/export", "csv", {"overdue": "1"})
    header, *lines = list(csv.reader(io.StringIO(download.data.decode("utf-8-sig"))))
    name = header.index("Name")  # after the model's reference: the export is the import's template
    assert sorted(line[name] for line in lines) == sorted(names[model_id] for model_id in overdue)
    by_name = {m.name: m.id for m in rows.models}
    for line in lines:
        assert int(line[header.index("Active sites")]) == rows.live_of(by_name[line[name]])[0]


def _digests(app, officer, rows, qt):
    with app.app_context():
        reminders.scan(TODAY)
        digests.send_digests("daily", TODAY)
        dispatch_all_pending()
        sent = {mail["To"]: mail.get_body(preferencelist=("plain",)).get_content() for mail in mails(app)}
        admins = [email for email, in db.session.execute(select(User.email).where(User.email.like("province_admin%")))]
    reminded = {int(model_id) for model_id in re.findall(r"/p/quang-tri/models/(\d+)/reviews/new", sent.get(officer.email, ""))}
    assert reminded == rows.overdue(qt) | rows.due_within(qt, 14)
    late = len(rows.overdue(qt, more_than=30))
    summary = re.search(r"(\d+) reviews? of Quảng Trị (?:is|are) more than 30 days overdue", sent.get(admins[0], ""))
    assert (int(summary.group(1)) if summary else 0) == late

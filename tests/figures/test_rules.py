"""The rules at the service level: ending a model ends its sites, suspended sites stop counting,
only running models are reminded, the kept counters follow every kind of write, the new-model
journey reaches the ministry, targets are worded by direction, the tiles follow the panel."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import delete, select, update

from registry.audit.models import AuditEvent
from registry.clock import VIETNAM
from registry.extensions import db
from registry.figures import counters
from registry.figures import queries as figures
from registry.figures.models import ModelFigures, ReviewFigures, WardFigures
from registry.figures.schedule import offered_period
from registry.movement.history import model_history
from registry.movement.service import MoveRefused, change_status, create_model, update_model
from registry.nominations import service as nominations
from registry.nominations.eligibility import eligibility
from registry.notifications import reminders
from registry.outbox.models import Notification
from registry.replication import service as sites
from registry.replication.models import ReplicationSite
from registry.reviews import service as reviews
from registry.reviews.forms import ReviewData
from registry.reviews.models import MET, NOT_MET, OVER_LIMIT, Review, target_text, target_verdict
from registry.replication.wards import label
from registry.tenants.scoping import enter_province
from tests.conftest import province
from tests.factories import make_model, make_site, ward_of, wards_of
from tests.nominations.factories import make_account, make_round
from tests.reviews.factories import make_review

NOW = datetime(2026, 3, 16, 9, 0, tzinfo=VIETNAM)
TODAY = NOW.date()


def _kept() -> dict:
    return {counter.__tablename__: sorted(tuple(row) for row in db.session.execute(select(counter.__table__)))
            for counter in (WardFigures, ModelFigures, ReviewFigures)}


def _counted_from_scratch() -> dict:
    with db.session.begin_nested() as nested:
        counters.recount_all()
        fresh = _kept()
        nested.rollback()
    return fresh


def _assert_counters_match_the_rows() -> None:
    assert _kept() == _counted_from_scratch()


@pytest.fixture
def in_province(app):
    """A request working in Quảng Trị, as the services run in one (the audit names the user)."""
    with app.test_request_context():
        enter_province(province("quang-tri").id)
        yield province("quang-tri")
        db.session.remove()


def test_ending_a_model_ends_its_active_and_paused_sites_with_the_model_s_end_date(in_province):
    model = make_model("quang-tri")
    active, paused, ended = (make_site(model, ward_of(province("quang-tri"), n), status=status)
                             for n, status in enumerate(("active", "paused", "ended")))
    db.session.commit()
    assert figures.coverage(model.province_id).wards_covered == 1
    change_status(model, "end", None, reason="ineffective", today=date(2026, 3, 10))
    db.session.commit()
    assert {site.status for site in db.session.scalars(select(ReplicationSite))} == {"ended"}
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "site_ended_with_model")).all()
    assert sorted(event.entity_id for event in events) == sorted([active.id, paused.id])
    assert all(event.changes["ended_on"] == [None, "2026-03-10"] for event in events)
    entries = [entry for entry in model_history(model.id) if entry.event.action == "site_ended_with_model"]
    assert len(entries) == 2 and {change.new for entry in entries for change in entry.changes} >= {"10/03/2026"}
    assert figures.coverage(model.province_id).wards_covered == 0, "ended sites cover nothing"
    with pytest.raises(MoveRefused):  # ended is final: nothing reopens its sites
        change_status(model, "resume", None)
    _assert_counters_match_the_rows()


def test_a_suspended_model_keeps_its_sites_but_they_stop_counting_until_it_resumes(app_ctx):
    model = make_model("quang-tri")
    site = make_site(model)
    db.session.commit()
    change_status(model, "suspend", None)
    db.session.commit()
    assert db.session.get(ReplicationSite, site.id).status == "active"
    assert figures.site_figures([model.id]) == {} and figures.coverage(model.province_id).wards_covered == 0
    change_status(model, "resume", None)
    db.session.commit()
    assert figures.site_figures([model.id])[model.id].live_sites == 1
    assert figures.coverage(model.province_id).wards_covered == 1
    _assert_counters_match_the_rows()


def test_only_running_models_are_reminded(app_ctx, make_user):
    make_user("officer")
    for status in ("draft", "active", "suspended", "ended"):
        # As rows written before due dates were kept for running models only: the scan asks the rule.
        model = make_model("quang-tri", f"Mô hình {status}", status=status)
        model.next_review_due_on = TODAY - timedelta(days=400)
    db.session.commit()
    reminders.scan(TODAY)
    kinds = db.session.execute(select(Notification.kind, Notification.params)).all()
    assert [(kind, params["model"]) for kind, params in kinds if kind == "review_overdue"] == [
        ("review_overdue", "Mô hình active")]
    assert reminders.long_overdue_counts(TODAY) == {province("quang-tri").id: 1}


def test_the_kept_counters_follow_every_kind_of_write(in_province):
    place = in_province
    first, second, third = wards_of(place, 3)
    model = create_model(place.id, {"name": "Camera an ninh", "category": "cameras", "target_setting": "residential",
                                    "launched_on": date(2024, 1, 1)}, None)
    db.session.commit()
    change_status(model, "activate", None)
    db.session.commit()
    _assert_counters_match_the_rows()
    site_ids = sites.add_sites(model, [{"ward_id": first.id}, {"ward_id": second.id}, {"ward_id": second.id}])
    db.session.commit()
    assert figures.coverage(place.id).wards_covered == 2
    sites.update_site(db.session.get(ReplicationSite, site_ids[0]), {"ward_id": third.id}, None)  # moves
    sites.move_site(db.session.get(ReplicationSite, site_ids[1]), "pause", None)
    db.session.commit()
    assert figures.coverage(place.id).wards_covered == 2  # third, and second through its other site
    _assert_counters_match_the_rows()
    update_model(model, {"category": "self_management"}, None)
    review = make_review(model, date(2025, 7, 1), date(2025, 12, 31), due_on=date(2026, 1, 31),
                         submitted_at=datetime(2026, 1, 31, 23, tzinfo=VIETNAM))  # 16:00 UTC, still the 31st
    db.session.commit()
    assert figures.timeliness(TODAY, place.id) == figures.OnTime(1, 1)
    review.submitted_at = datetime(2026, 2, 1, 0, 30, tzinfo=VIETNAM)  # a day late in Vietnam, 31/01 in UTC
    db.session.commit()
    assert figures.timeliness(TODAY, place.id) == figures.OnTime(0, 1)
    _assert_counters_match_the_rows()
    db.session.delete(db.session.get(ReplicationSite, site_ids[2]))
    db.session.execute(update(ReplicationSite).where(ReplicationSite.id == site_ids[0]).values(status="ended"))
    db.session.commit()  # a bulk statement counts its whole province again
    assert figures.coverage(place.id).wards_covered == 0
    db.session.execute(delete(Review).where(Review.id == review.id))
    db.session.commit()
    _assert_counters_match_the_rows()


def test_a_model_launched_18_months_ago_reviewed_for_the_offered_period_reaches_the_ministry(app):
    with time_machine.travel(NOW, tick=False), app.test_request_context():
        place = province("quang-tri")
        enter_province(place.id)
        admin = make_account("province_admin", place)
        model = create_model(place.id, {"name": "Tổ tự quản bến đò", "category": "self_management",
                                        "target_setting": "residential", "launched_on": date(2024, 9, 16)}, admin.id)
        change_status(model, "activate", None)
        sites.add_site(model, {"ward_id": ward_of(place).id})
        assert model.next_review_due_on == date(2026, 9, 16), "first due six months after activation"
        start, end = offered_period(model, None, TODAY)
        assert (start, end) == (date(2025, 9, 16), date(2026, 3, 15))
        data = ReviewData(start, end, rating="good", recommendation="expand", findings="Tốt.")
        indicators = reviews.indicators_for(model.category)
        assert reviews.submission_errors(model, data, None) == {}
        reviews.submit(reviews.new_review(model, admin.id), data, indicators, user_id=admin.id)
        make_round()
        nomination = nominations.create(model, admin, statement="Đề nghị nhân rộng.")
        assert eligibility(model, nomination.statement, "/n") == []
        nominations.submit(nomination, admin, "/n")
        db.session.commit()
        assert nomination.status == "submitted"


def test_eligibility_names_the_rule_it_applies_with_the_day(app):
    with time_machine.travel(NOW, tick=False), app.test_request_context():
        enter_province(province("quang-tri").id)
        model = make_model("quang-tri")
        make_site(model)
        make_review(model, date(2024, 9, 1), date(2025, 3, 16))  # ended exactly 12 months ago: too old
        [unmet] = eligibility(model, "Đề nghị.", "/n")
        assert unmet.rule == "recent_review"
        assert unmet.message == "Cần gửi kết quả đánh giá của một kỳ kết thúc sau ngày 16/03/2025."
        assert unmet.link == f"/p/quang-tri/models/{model.id}/reviews/new"
        make_review(model, date(2024, 9, 1), date(2025, 3, 17))
        assert eligibility(model, "Đề nghị.", "/n") == []


def test_targets_are_worded_by_direction():
    assert target_verdict(0, 0, higher_is_better=False) == MET
    assert target_verdict(1, 0, higher_is_better=False) == OVER_LIMIT
    assert target_verdict(9, 10, higher_is_better=True) == NOT_MET
    assert target_verdict(None, 0, higher_is_better=False) is None


def test_the_review_page_says_a_serious_crime_is_over_the_permitted_level(app, client, login_as):
    with app.app_context():
        model = make_model("quang-tri")
        review = make_review(model, date(2025, 7, 1), date(2025, 12, 31), values={"serious_crimes": 1,
                                                                                   "prolonged_mass_complaints": 0})
        db.session.commit()
        review_id = review.id
    login_as("officer")
    page = client.get(f"/p/quang-tri/reviews/{review_id}").text
    assert "Vượt mức cho phép" in page and "vượt chỉ tiêu" not in page.lower()
    assert "tối đa 0" in page and "Đạt chỉ tiêu" in page  # the complaints: none, as allowed
    with app.test_request_context():
        assert target_text(0.0, False) == "tối đa 0"


def test_the_model_page_tiles_follow_the_sites_panel_without_a_reload(app, client, login_as):
    with app.app_context():
        model = make_model("quang-tri")
        db.session.commit()
        model_id, ward_label = model.id, label(ward_of(province("quang-tri")))
    login_as("officer")
    page = client.get(f"/p/quang-tri/models/{model_id}").text
    assert f'hx-get="/p/quang-tri/models/{model_id}/tiles"' in page and 'hx-trigger="figures-changed from:body"' in page
    added = client.post(f"/p/quang-tri/models/{model_id}/sites", data={"ward": ward_label},
                        headers={"HX-Request": "true", "HX-Target": "sites-panel"})
    assert added.status_code == 200 and "figures-changed" in added.headers["HX-Trigger"]
    tiles = client.get(f"/p/quang-tri/models/{model_id}/tiles", headers={"HX-Request": "true"}).text
    assert tiles.lstrip().startswith('<dl class="figures" id="model-tiles"') and "<html" not in tiles
    assert "<dd>1</dd>" in tiles
    assert "<html" in client.get(f"/p/quang-tri/models/{model_id}/tiles").text  # opened directly: the page


def test_a_draft_adoption_is_not_a_province_applying_the_model(app_ctx):
    source = make_model("quang-tri", recognised_year=2025)
    for slug, status in (("lam-dong", "draft"), ("da-nang", "active"), ("son-la", "suspended")):
        make_site(make_model(slug, f"Bản {slug}", status=status, source_model_id=source.id),
                  wards_of(province(slug), 1)[0])
    db.session.commit()
    from registry.catalogue.queries import rollups

    rollup = rollups([source.id])[source.id]
    assert (rollup.adopting_provinces, rollup.adopted_sites) == (1, 1)



def test_two_writers_of_one_ward_leave_it_counted_right(app):
    """Each pauses one of the ward's two live sites at the same time: the second to commit counts
    after the first has committed (the province is locked first), so the ward ends uncovered."""
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite lets one writer in at a time")
    import threading

    from sqlalchemy import event
    from sqlalchemy.orm import Session

    with app.app_context():
        place = province("quang-tri")
        ward = ward_of(place)
        site_ids = [make_site(make_model(place, f"Mô hình {n}"), ward).id for n in range(2)]
        db.session.commit()
        province_id = place.id
    first_counted, second_counted = threading.Event(), threading.Event()

    def hold_the_first_commit(session):  # runs after the counters' own before_commit
        if session.info.get("writer") == 0:
            first_counted.set()
            second_counted.wait(timeout=1.5)  # the second writer waits on the lock: time out, then commit

    def pause(writer: int) -> None:
        with app.app_context():
            db.session.info["writer"] = writer
            if writer == 1:
                first_counted.wait(timeout=5)
            site = db.session.get(ReplicationSite, site_ids[writer])
            site.status = "paused"
            db.session.flush()
            db.session.commit()
            if writer == 1:
                second_counted.set()

    event.listen(Session, "before_commit", hold_the_first_commit)
    try:
        threads = [threading.Thread(target=pause, args=(writer,)) for writer in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
    finally:
        event.remove(Session, "before_commit", hold_the_first_commit)
    with app.app_context():
        assert figures.coverage(province_id).wards_covered == 0

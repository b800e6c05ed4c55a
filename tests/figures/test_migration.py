"""The figures migration on a database written before it: activation days from the history, due
dates by the new rule, latest ratings, the sites of ended models ended, the counters filled."""
from __future__ import annotations

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from registry import create_app
from registry.extensions import db

MODEL = ("INSERT INTO movement_model (id, province_id, name, name_folded, summary, category, target_setting,"
         " host_organisation, objectives, how_it_works, resources, review_interval_months, status, tags, launched_on,"
         " next_review_due_on, created_at, updated_at, version)"
         " VALUES (:id, 1, :name, :name, '', 'cameras', 'residential', '', '', '', '', 6, :status, '', '2019-05-01',"
         " '2019-11-01', :created, :created, 1)")
EVENT = ("INSERT INTO audit_event (province_id, action, entity_type, entity_id, changes, note, created_at)"
         " VALUES (1, :action, 'movement_model', :id, '{}', '', :at)")
SITE = ("INSERT INTO replication_site (id, province_id, model_id, ward_id, sub_unit, status, notes, created_at,"
        " updated_at, version) VALUES (:id, 1, :model, :ward, '', :status, '', '2024-01-01', '2024-01-01', 1)")


@pytest.fixture
def old_database(tmp_path):
    if os.environ.get("TEST_DATABASE", "sqlite") != "sqlite":
        pytest.skip("a data migration on a database file of its own: once, on the SQLite pass")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}",
                      "REDIS_URL": None, "MAIL_SERVER": None})
    with app.app_context():
        upgrade(revision="tenants_1")
        run = lambda sql, **values: db.session.execute(text(sql), values)  # noqa: E731
        run("INSERT INTO province (id, code, name, slug, division_type) VALUES (1, 1, 'Quảng Trị', 'quang-tri', 'tỉnh')")
        for ward in (1, 2):
            run("INSERT INTO ward (id, code, province_id, name, name_folded, division_type)"
                " VALUES (:id, :id, 1, 'Xã', 'xa', 'xã')", id=ward)
        for model, status in ((1, "draft"), (2, "active"), (3, "active"), (4, "suspended"), (5, "ended")):
            run(MODEL, id=model, name=f"Mô hình {model}", status=status, created=f"2025-0{model}-01 03:00:00")
        # 20:00 UTC on 09/01 is 10/01 in Vietnam; model 3 resumed on 01/12/2025 after a suspension.
        run(EVENT, action="activate", id=2, at="2026-01-09 20:00:00")
        run(EVENT, action="activate", id=3, at="2025-02-01 02:00:00")
        run(EVENT, action="resume", id=3, at="2025-12-01 02:00:00")
        run("INSERT INTO review (model_id, province_id, period_start, period_end, findings, status, rating,"
            " created_at, updated_at, version) VALUES (2, 1, '2025-07-01', '2025-12-31', '', 'submitted', 'good',"
            " '2026-01-05', '2026-01-05', 1)")
        for site, model, ward, status in ((1, 5, 1, "active"), (2, 5, 1, "paused"), (3, 2, 2, "active"),
                                          (4, 4, 1, "active")):
            run(SITE, id=site, model=model, ward=ward, status=status)
        db.session.commit()
        upgrade(revision="figures_1")
        yield run
        db.session.remove()


def test_the_migration_keeps_figures_of_running_models_only(old_database):
    run = old_database
    models = {row.id: row for row in run("SELECT * FROM movement_model")}
    assert models[1].activated_on is None and models[1].next_review_due_on is None  # a draft
    assert str(models[2].activated_on) == "2026-01-10" and models[2].last_rating == "good"
    assert str(models[2].next_review_due_on) == "2026-06-30", "when the half-year after 31/12 ends"
    assert str(models[3].activated_on) == "2025-02-01" and str(models[3].resumed_on) == "2025-12-01"
    assert str(models[3].next_review_due_on) == "2026-06-01", "a new interval from the resumption"
    assert models[4].next_review_due_on is None and models[5].next_review_due_on is None
    assert str(models[4].activated_on) == "2025-04-01", "no activation recorded: the day it was registered"
    sites = dict(run("SELECT id, status FROM replication_site").all())
    assert sites == {1: "ended", 2: "ended", 3: "active", 4: "active"}
    ended = run("SELECT entity_id, changes FROM audit_event WHERE action = 'site_ended_with_model'").all()
    assert sorted(site for site, _changes in ended) == [1, 2]
    assert list(run("SELECT ward_id, live_sites FROM ward_figures")) == [(2, 1)]  # model 4 is suspended
    assert run("SELECT count(*) FROM model_figures").scalar() == 5

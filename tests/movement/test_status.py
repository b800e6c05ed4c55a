"""Status moves: draft → active ⇄ suspended → ended, only through allowed actions."""
from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select

from registry import clock
from registry.clock import VIETNAM
from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.movement.service import MOVES, MoveRefused, change_status
from tests import factories
from tests.movement.conftest import model_url


def _status(app, model_id):
    with app.app_context():
        return db.session.get(MovementModel, model_id)


def _move(client, model_id, move, version, **extra):
    return client.post(model_url(model_id, "/status"), data={"move": move, "version": str(version), **extra})


def test_the_table_of_moves_is_the_designed_life_cycle():
    assert {name: (move.sources, move.target) for name, move in MOVES.items()} == {
        "activate": (("draft",), "active"),
        "suspend": (("active",), "suspended"),
        "resume": (("suspended",), "active"),
        # An active model that proved ineffective may be ended without a suspension first.
        "end": (("active", "suspended"), "ended"),
    }


def test_officer_activates_suspends_resumes_and_ends_a_model(app, client, login_as, make_model):
    model_id = make_model(status="draft", launched_on=date(2024, 1, 15))
    login_as("officer")
    page = client.get(model_url(model_id)).text
    assert 'value="activate"' in page and 'value="suspend"' not in page and 'value="end"' not in page
    assert _move(client, model_id, "activate", 1).status_code == 302
    assert _move(client, model_id, "suspend", 2).status_code == 302
    assert _move(client, model_id, "resume", 3).status_code == 302
    assert _move(client, model_id, "suspend", 4).status_code == 302
    assert 'value="end"' in client.get(model_url(model_id)).text
    assert _move(client, model_id, "end", 5, reason="ineffective").status_code == 302
    model = _status(app, model_id)
    assert (model.status, model.end_reason, model.ended_on, model.next_review_due_on) == (
        "ended", "ineffective", clock.today(), None)
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["activate", "suspend", "resume", "suspend", "end"]
    assert "Tạm dừng" in client.get(model_url(model_id)).text  # the history names the moves


def test_a_move_not_allowed_from_the_current_status_is_refused(app, client, login_as, make_model):
    model_id = make_model(status="draft")
    login_as("officer")
    for move in ("suspend", "end", "resume", "delete"):
        _move(client, model_id, move, 1, reason="other", reason_text="x")
        assert _status(app, model_id).status == "draft"
    with app.app_context(), pytest.raises(MoveRefused):
        change_status(factories.make_model("quang-tri", status="ended"), "resume", None)


def test_ending_needs_a_reason_and_its_details(app, client, login_as, make_model):
    target = make_model(name="Tổ liên gia tự quản")
    model_id = make_model(status="suspended")
    login_as("officer")
    response = _move(client, model_id, "end", 1)
    assert response.status_code == 200 and "Chọn lý do kết thúc mô hình." in response.text
    response = _move(client, model_id, "end", 1, reason="other")
    assert "Nêu rõ lý do kết thúc." in response.text
    response = _move(client, model_id, "end", 1, reason="merged")
    assert "Chọn mô hình đã sáp nhập vào." in response.text
    assert _status(app, model_id).status == "suspended"
    assert _move(client, model_id, "end", 1, reason="merged", merged_into=str(target)).status_code == 302
    model = _status(app, model_id)
    assert (model.status, model.end_reason, model.merged_into_id) == ("ended", "merged", target)
    assert "Tổ liên gia tự quản" in client.get(model_url(model_id)).text


def test_merging_into_a_model_of_another_province_is_refused(app, client, login_as, make_model):
    foreign = make_model("lam-dong", name="Mô hình Lâm Đồng")
    model_id = make_model(status="suspended")
    login_as("officer")
    _move(client, model_id, "end", 1, reason="merged", merged_into=str(foreign))
    assert _status(app, model_id).status == "suspended"


def test_a_status_move_based_on_an_old_version_is_refused(app, client, login_as, make_model):
    model_id = make_model(status="active")
    login_as("officer")
    assert _move(client, model_id, "suspend", 1).status_code == 302
    assert _move(client, model_id, "resume", 1).status_code == 302
    assert _status(app, model_id).status == "suspended"


def test_activating_makes_the_first_review_due_one_interval_later_not_after_launch(app, client, login_as, make_model):
    model_id = make_model(status="draft", launched_on=date(2024, 1, 31), review_interval_months=1)
    with time_machine.travel(datetime(2026, 1, 31, 9, tzinfo=VIETNAM), tick=False):
        login_as("officer")  # signed in under the travelled clock: the session is dated by it
        _move(client, model_id, "activate", 1)
    model = _status(app, model_id)
    assert (model.activated_on, model.next_review_due_on) == (date(2026, 1, 31), date(2026, 2, 28))


def test_the_models_to_merge_into_are_listed_only_once_the_end_form_is_opened(app, client, login_as, make_model):
    make_model(name="Tổ liên gia tự quản")
    model_id = make_model(status="active")
    login_as("officer")
    page = client.get(model_url(model_id)).text
    assert 'value="end"' in page and "Tổ liên gia tự quản" not in page
    assert model_url(model_id, "/end") in page  # the link (and htmx) that opens the full form
    opened = client.get(model_url(model_id, "/end")).text
    assert "<details class=\"end-model\" open>" in opened and ">Tổ liên gia tự quản</option>" in opened
    fragment = client.get(model_url(model_id, "/end"), headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith('<section class="card" id="status-panel">')
    assert ">Tổ liên gia tự quản</option>" in fragment


def test_a_viewer_cannot_open_the_end_form(app, client, login_as, make_model):
    model_id = make_model(status="active")
    login_as("viewer")
    assert client.get(model_url(model_id, "/end")).status_code == 403

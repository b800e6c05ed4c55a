"""Kept pages: served again only while nothing they show has changed, only to the viewer they
were made for, with the viewer's own CSRF token (registry.page_cache)."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import time_machine
from sqlalchemy import event

from registry.accounts.models import User
from registry.accounts.sessions import sign_in_client
from registry.extensions import db
from registry.page_cache import PageCache, _Page
from tests.factories import make_model

LIST = "/p/quang-tri/models/"


def _model(app, slug: str = "quang-tri", name: str = "Camera an ninh", **fields) -> int:
    with app.app_context():
        model = make_model(slug, name, **fields)
        db.session.commit()
        return model.id


def _get(app, client, path: str, **kwargs) -> tuple[str, int]:
    """The page's text and how many SQL statements answering it took."""
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        response = client.get(path, **kwargs)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert response.status_code == 200
    return response.text, len([s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))])


def _signed_in(app, user) -> object:
    other = app.test_client()
    sign_in_client(other, user.id)
    return other


def test_a_page_seen_again_unchanged_is_not_queried_again(app, client, login_as):
    _model(app, name="Camera an ninh")
    login_as("officer")
    first, first_queries = _get(app, client, LIST)
    again, again_queries = _get(app, client, LIST)
    assert "Camera an ninh" in again and again == first
    assert first_queries > 2 and again_queries == 1  # only the user, read with the request's sign-in


def test_an_edit_shows_at_once_on_the_pages_that_were_kept(app, client, login_as):
    model_id = _model(app, name="Camera an ninh")
    login_as("officer")
    for path in (LIST, f"/p/quang-tri/models/{model_id}"):
        _get(app, client, path)
    response = client.post(f"/p/quang-tri/models/{model_id}/edit", data={
        "name": "Camera an ninh khu phố", "category": "cameras", "target_setting": "residential",
        "review_interval_months": "6", "version": "1"})
    assert response.status_code == 302
    for path in (LIST, f"/p/quang-tri/models/{model_id}"):
        assert "Camera an ninh khu phố" in _get(app, client, path)[0]


def test_a_change_in_another_province_leaves_the_page_kept(app, client, login_as):
    _model(app)
    login_as("officer")
    _get(app, client, LIST)
    _model(app, "lam-dong", name="Tổ tự quản Lâm Đồng")
    assert _get(app, client, LIST)[1] == 1


def test_a_viewer_never_gets_the_page_kept_for_an_officer(app, make_user):
    _model(app)
    officer, viewer = _signed_in(app, make_user("officer")), _signed_in(app, make_user("viewer"))
    assert "Đăng ký mô hình mới" in _get(app, officer, LIST)[0]
    page, queries = _get(app, viewer, LIST)
    assert "Camera an ninh" in page and "Đăng ký mô hình mới" not in page and queries > 1


def test_a_kept_page_carries_the_token_of_the_session_asking(app, make_user):
    """The same officer in two browsers: the second gets the kept page with its own CSRF token,
    and a form sent with that token is accepted."""
    model_id = _model(app)
    officer = make_user("officer")
    first, second = _signed_in(app, officer), _signed_in(app, officer)
    token = re.compile(r'name="csrf-token" content="([^"]+)"')
    first_token = token.search(_get(app, first, LIST)[0]).group(1)
    page, queries = _get(app, second, LIST)
    second_token = token.search(page).group(1)
    assert queries == 1 and second_token != first_token
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = second.post(f"/p/quang-tri/models/{model_id}/edit", data={"csrf_token": first_token})
        accepted = second.post(f"/p/quang-tri/models/{model_id}/edit", data={
            "csrf_token": second_token, "name": "Camera an ninh mới", "category": "cameras",
            "target_setting": "residential", "review_interval_months": "6", "version": "1"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert refused.status_code == 400 and accepted.status_code == 302


def test_a_message_after_a_save_shows_once_and_is_never_kept(app, client, login_as):
    model_id = _model(app)
    login_as("officer")
    _get(app, client, f"/p/quang-tri/models/{model_id}")
    client.post(f"/p/quang-tri/models/{model_id}/edit", data={
        "name": "Camera an ninh", "category": "cameras", "target_setting": "residential",
        "review_interval_months": "12", "version": "1"})
    saved = "Đã lưu các thay đổi."
    assert saved in _get(app, client, f"/p/quang-tri/models/{model_id}")[0]
    assert saved not in _get(app, client, f"/p/quang-tri/models/{model_id}")[0]


def test_what_is_overdue_changes_at_midnight_in_vietnam(app, client, login_as):
    _model(app, next_review_due_on=date(2027, 1, 1))
    with time_machine.travel(datetime(2027, 1, 1, 16, 59, tzinfo=timezone.utc)):  # 23:59 in Vietnam
        login_as("officer")
        assert "quá hạn" not in _get(app, client, LIST)[0]
    with time_machine.travel(datetime(2027, 1, 1, 17, 1, tzinfo=timezone.utc)):  # 00:01 the next day
        assert "quá hạn" in _get(app, client, LIST)[0]


def test_the_catalogue_shows_a_model_recognised_after_it_was_kept(app, client, login_as):
    login_as("officer")
    assert "Tự quản bến đò" not in _get(app, client, "/catalogue/")[0]
    _model(app, "lam-dong", name="Tự quản bến đò", recognised_year=2026)
    assert "Tự quản bến đò" in _get(app, client, "/catalogue/")[0]


def test_an_officer_renamed_shows_renamed_on_the_pages_kept_for_others(app, make_user):
    author, reader = make_user("officer"), make_user("officer")
    model_id = _model(app)
    writer = _signed_in(app, author)
    writer.post(f"/p/quang-tri/models/{model_id}/edit", data={
        "name": "Camera an ninh", "category": "cameras", "target_setting": "residential",
        "review_interval_months": "12", "version": "1"})
    reading = _signed_in(app, reader)
    _get(app, reading, f"/p/quang-tri/models/{model_id}")  # its history names who saved
    with app.app_context():
        db.session.get(User, author.id).name = "Trần Thị Bình"
        db.session.commit()
    assert "Trần Thị Bình" in _get(app, reading, f"/p/quang-tri/models/{model_id}")[0]


def test_the_store_forgets_old_pages_and_keeps_within_its_bytes():
    aged = PageCache(max_age=-1)
    aged.put(("a",), _Page(b"a", (), 0.0))
    assert aged.get(("a",)) is None
    bounded = PageCache(max_bytes=2000)
    for name in "abc":
        bounded.put((name,), _Page(name.encode() * 1000, (), 1e12))
    bounded.put(("c",), _Page(b"c" * 1000, (), 1e12))  # kept again: counted once
    assert len(bounded) == 2 and bounded.get(("a",)) is None and bounded.get(("c",)).body == b"c" * 1000


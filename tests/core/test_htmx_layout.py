"""The layout's htmx behaviour that the server owns: full pages for navigation, fragments for
targeted swaps, messages through HX-Trigger, and no whole page swapped into a small target."""
from __future__ import annotations

import json

from flask import flash, make_response

from registry.web import finish_htmx_response, htmx_message

TARGETED = {"HX-Request": "true", "HX-Target": "ward-results"}
BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}


def test_every_page_shows_the_loading_bar_for_every_htmx_request_and_has_a_live_region(client, login_as):
    login_as("officer", "quang-tri")
    page = client.get("/p/quang-tri/wards").get_data(as_text=True)
    assert 'hx-indicator="#loading"' in page and 'id="loading"' in page
    assert 'id="messages" class="messages" role="status" aria-live="polite"' in page
    assert 'id="confirm-dialog"' in page and "Yes, go ahead" not in page  # the dialog speaks Vietnamese


def test_boosted_navigation_gets_the_full_page_and_a_targeted_swap_only_its_block(client, login_as):
    login_as("officer", "quang-tri")
    boosted = client.get("/p/quang-tri/wards?q=lam", headers=BOOSTED)
    targeted = client.get("/p/quang-tri/wards?q=lam", headers=TARGETED)
    assert "<html" in boosted.get_data(as_text=True)
    fragment = targeted.get_data(as_text=True)
    assert "<html" not in fragment and fragment.lstrip().startswith('<div id="ward-results"')
    assert "HX-Request" in boosted.headers["Vary"] and "HX-Request" in targeted.headers["Vary"]


def test_history_restore_gets_the_full_page(client, login_as):
    login_as("officer", "quang-tri")
    restore = client.get("/p/quang-tri/wards?q=lam", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.get_data(as_text=True)


def test_a_targeted_swap_after_the_session_ended_sends_the_browser_to_sign_in(client):
    response = client.get("/p/quang-tri/wards?q=lam", headers=TARGETED)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/login?next=")
    assert response.get_data() == b""


def test_flashed_messages_of_a_targeted_swap_arrive_as_a_registry_message_event(app):
    with app.test_request_context("/", headers=TARGETED):
        flash("Đã lưu.", "success")
        response = finish_htmx_response(make_response("<p>fragment</p>"))
    event = json.loads(response.headers["HX-Trigger"])["registry:message"]
    assert event == {"messages": [{"text": "Đã lưu.", "category": "success"}]}
    response.headers["HX-Trigger"].encode("latin-1")  # a header must stay latin-1


def test_flashed_messages_wait_for_the_next_page_when_the_response_leaves_the_page(app):
    with app.test_request_context("/", headers=TARGETED):
        flash("Đã lưu.", "success")
        response = make_response("")
        response.headers["HX-Redirect"] = "/"
        response = finish_htmx_response(response)
        assert "HX-Trigger" not in response.headers
        from flask import session
        assert session["_flashes"] == [("success", "Đã lưu.")]


def test_htmx_message_keeps_the_other_events_of_the_response(app):
    with app.test_request_context("/"):
        response = make_response("")
        response.headers["HX-Trigger"] = "counts-changed"
        htmx_message(response, "Một", "info")
        htmx_message(response, "Hai", "error")
    triggers = json.loads(response.headers["HX-Trigger"])
    assert triggers["counts-changed"] == ""
    assert [m["text"] for m in triggers["registry:message"]["messages"]] == ["Một", "Hai"]


def test_full_pages_keep_their_flash_messages_in_the_page(client, login_as):
    login_as("officer", "quang-tri")
    page = client.post("/logout", follow_redirects=True).get_data(as_text=True)
    assert 'class="flash flash--info"' in page and "Bạn đã đăng xuất." in page


def test_a_form_block_swapped_alone_shows_its_errors_next_to_the_fields(client, login_as):
    """The invitation form re-rendered as a fragment (its template imports ``field`` at the top)."""
    login_as("province_admin", "quang-tri")
    response = client.post("/p/quang-tri/members/invite", data={"email": "not-an-address", "role": "officer"},
                           headers={"HX-Request": "true", "HX-Target": "invite"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert 'aria-invalid="true"' in html and "Địa chỉ email không hợp lệ." in html


def test_a_mail_renders_the_html_block_of_its_layout(app):
    from registry.web import render_fragment

    with app.test_request_context("/"):
        html = render_fragment("notifications/mail/password_reset.html", "html", link="https://example.test/r")
    assert html.startswith("<!doctype html>") and 'href="https://example.test/r"' in html

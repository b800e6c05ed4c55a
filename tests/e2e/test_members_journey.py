"""A province admin invites someone, changes their role, then deactivates them; the member's
open browser is refused on its very next click each time (sessions end on the server)."""
from __future__ import annotations

import re
import urllib.request
from email import policy
from email.parser import BytesParser
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import _journey


def _invitation_link(live_env, recipient: str) -> str:
    """The link in the invitation mail, as the invited person's mail program shows it."""
    for path in sorted(Path(live_env["MAIL_FOLDER"]).glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True):
        mail = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if mail["To"] == recipient:
            return re.search(r"https?://\S+/invitation/\S+", mail.get_body(preferencelist=("plain",)).get_content()).group(0)
    raise AssertionError(f"no mail to {recipient}")


def _row(page, email: str):
    return page.locator("tbody tr", has_text=email)


def test_an_admin_invites_changes_the_role_of_and_deactivates_a_member(journey, browser, base_url, live_env, request):
    admin = journey.page
    member_email = "nguoi.moi.members@e2e.demo.vn"
    journey.sign_in("quantri.quang-tri@demo.vn")
    journey.goto("/p/quang-tri/members/")
    invite = admin.locator("#invite")
    invite.get_by_label("Email").fill(member_email)
    invite.get_by_label("Họ và tên").fill("Đinh Văn Tới")
    invite.get_by_role("button", name="Gửi lời mời").click()
    expect(_row(admin, member_email)).to_contain_text("Đã mời")
    journey.step("invited")

    with _journey(browser, base_url, request.node.name + "-member") as member_walk:
        member = member_walk.page
        member.goto(_invitation_link(live_env, member_email))
        member.get_by_label("Mật khẩu mới").fill("bien-xanh-cat-trang")
        member.get_by_label("Nhập lại mật khẩu").fill("bien-xanh-cat-trang")
        member.get_by_role("button", name="Tạo tài khoản").click()
        expect(member.get_by_role("heading", level=1)).to_have_text("Xin chào, Đinh Văn Tới")
        member_walk.goto("/p/quang-tri/models/")
        expect(member.get_by_role("link", name=re.compile("Thêm mô hình|Đăng ký mô hình"))).to_be_visible()
        member_walk.step("member-at-work")

        admin.reload()
        row = _row(admin, member_email)
        row.get_by_label("Vai trò mới của Đinh Văn Tới").select_option("viewer")
        row.get_by_role("button", name="Đổi vai trò").click()
        expect(admin.locator("#messages")).to_contain_text("Đinh Văn Tới nay là người xem.")
        expect(_row(admin, member_email)).to_contain_text("Người xem")
        journey.step("role-changed")

        member.locator(".site-nav .menu > summary").click()  # the province's other pages: in the "More" menu
        member.get_by_role("link", name="Xã, phường").click()  # the member's next click
        expect(member).to_have_url(re.compile(r"/login\?next="))
        expect(member.locator("#messages")).to_contain_text("Phiên làm việc đã kết thúc. Hãy đăng nhập lại.")
        member_walk.step("signed-out-by-the-role-change")
        member_walk.sign_in(member_email, "bien-xanh-cat-trang")
        member_walk.goto("/p/quang-tri/models/")
        expect(member.get_by_role("link", name=re.compile("Thêm mô hình|Đăng ký mô hình"))).to_have_count(0)  # a viewer

        row = _row(admin, member_email)
        row.get_by_role("button", name="Khóa").click()
        admin.get_by_role("dialog").get_by_role("button", name="Đồng ý, tiếp tục").click()
        expect(admin.locator("#messages")).to_contain_text("Đinh Văn Tới không còn mở được các trang của tỉnh.")
        expect(_row(admin, member_email)).to_contain_text("Đã khóa")
        journey.step("deactivated")

        member.locator(".site-nav .menu > summary").click()  # the province's other pages: in the "More" menu
        member.get_by_role("link", name="Xã, phường").click()
        expect(member).to_have_url(re.compile(r"/login\?next="))
        member_walk.sign_in(member_email, "bien-xanh-cat-trang")
        assert member_walk.goto("/p/quang-tri/").status == 404  # the province is closed to them
        member_walk.step("province-closed")


def test_the_server_names_no_version(base_url):
    with urllib.request.urlopen(base_url + "/login") as response:
        server = response.headers.get("Server", "")
        assert not re.search(r"\d", server), server
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]

"""An integrator's first hour, in a real browser: an officer makes a token from their account's page,
reads the API reference (Swagger UI under the pages' Content-Security-Policy: no inline script or
style, no image from elsewhere), then a program loads a model and its sites with the token, and the
officer finds them on the model page."""
from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import expect

def _call(url: str, secret: str, method: str = "GET", body: dict | None = None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None, headers={
        "Authorization": f"Bearer {secret}", "Content-Type": "application/json", "Accept-Language": "vi"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), json.loads(response.read())


def test_an_officer_makes_a_token_reads_the_reference_and_a_program_loads_a_model_and_sites(journey, make_account):
    page = journey.page
    journey.sign_in(make_account("officer", "quang-tri"))
    page.locator("a.user-name").click()  # the account page
    page.get_by_role("link", name="Mã truy cập API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mã truy cập API")
    journey.step("tokens-page")

    page.get_by_label("Tên").fill("Nền tảng dữ liệu tỉnh")
    page.get_by_label("Phạm vi").select_option("write")
    page.get_by_role("button", name="Tạo mã").click()
    secret = page.locator("code.token-secret").inner_text().strip()
    assert secret.startswith("mmr_")
    journey.step("token-shown-once")

    # Served under the pages' own policy (registry.core.security): a refusal would be a console
    # error, which fails the journey.
    page.get_by_role("link", name="Tài liệu API").first.click()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Movement model registry API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/provinces/{province}/models/{model_id}/sites/bulk")
           ).to_be_visible()
    page.locator(".opblock-summary-path", has_text="/api/v1/provinces/{province}/models/{model_id}/sites/bulk").click()
    expect(page.locator(".opblock.is-open select").first).to_be_visible()  # an icon drawn from our own file
    page.screenshot(path=str(journey.folder / "reference.png"), full_page=False)

    api = journey.url("/api/v1/provinces/quang-tri")
    status, headers, model = _call(api + "/models", secret, "POST", {
        "name": "Camera an ninh liên thông", "category": "cameras", "target_setting": "residential"})
    assert status == 201
    sites = [{"ward": "Gio Linh", "sub_unit": f"Thôn {n}", "cameras": n} for n in range(1, 4)]
    status, _headers, result = _call(f"{api}/models/{model['id']}/sites/bulk", secret, "POST", {"sites": sites})
    assert (status, result["new"]) == (200, 3)

    journey.goto(f"/p/quang-tri/models/{model['id']}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Camera an ninh liên thông")
    expect(page.locator("#sites-panel")).to_contain_text("Thôn 3")
    journey.step("model-page-after-the-api")

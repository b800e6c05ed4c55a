"""An integrator's first hour, in a real browser: an officer makes a token on their account's page,
reads the API reference (Swagger UI under a Content-Security-Policy without inline script or style,
as the pages will be served), then a program loads a model and its sites with the token, and the
officer finds them on the model page."""
from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import expect

# The pages' policy (strict: our own files only, no inline script or style).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def _call(url: str, secret: str, method: str = "GET", body: dict | None = None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None, headers={
        "Authorization": f"Bearer {secret}", "Content-Type": "application/json", "Accept-Language": "vi"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), json.loads(response.read())


def _with_policy(route):
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP})


def test_an_officer_makes_a_token_reads_the_reference_and_a_program_loads_a_model_and_sites(journey, make_account):
    page = journey.page
    journey.sign_in(make_account("officer", "quang-tri"))
    page.get_by_role("link", name="Mã truy cập API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mã truy cập API")
    journey.step("tokens-page")

    page.get_by_label("Tên").fill("Nền tảng dữ liệu tỉnh")
    page.get_by_label("Phạm vi").select_option("write")
    page.get_by_role("button", name="Tạo mã").click()
    secret = page.locator("code.token-secret").inner_text().strip()
    assert secret.startswith("mmr_")
    journey.step("token-shown-once")

    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text and "image" not in message.text else None)
    page.route("**/api/v1/docs", _with_policy)
    page.get_by_role("link", name="Tài liệu API").first.click()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Movement model registry API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/provinces/{province}/models/{model_id}/sites/bulk")
           ).to_be_visible()
    page.screenshot(path=str(journey.folder / "reference.png"), full_page=False)
    assert not refused, refused

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

"""The pages the benchmark loads, as URL templates of the app's real routes
(``flask --app wsgi routes``).

Placeholders: {province} (the benchmark officer's large province; the small one for the
second size), {model_id} (its model with the most sites). Search terms are typed without
diacritics, as officers do.
``budget`` names the issue's budget class; ``who`` the account that loads the page;
``htmx`` marks a panel the model page lazy-loads (requested as htmx does, for the fragment);
``api`` marks a list of the JSON API (/api/v1), called with a token of that account
(``Authorization: Bearer``) instead of its session cookie.
"""
from __future__ import annotations

from dataclasses import dataclass

REFERENCE_PREFIX = "/__ref"  # where bench/wsgi.py mounts the references
# The signed-in floor (bench/signed_in_floor.py): the large province's empty page.
SIGNED_IN_FLOOR = "/__bench/p/{province}/floor"
LIST, HEAVY = "list", "heavy"
DASHBOARD = HEAVY  # the dashboards are judged with the other heavy pages (issue 18)
# Issue 18's budgets. Rendered each time: a share of the signed-in floor's requests/s at least,
# p99 at most this many times the signed-in floor's.
BUDGETS = {LIST: (0.5, 3.0), HEAVY: (0.35, 3.0)}
# Kept (asked again unchanged): a share of the 25-row floor's requests/s, p99 times its p99, as before.
KEPT_BUDGETS = {LIST: (0.5, 2.5), HEAVY: (0.3, 4.0)}
MAX_QUERIES = 8
# The page's cost in the largest province at most this many times its cost in the smallest.
MAX_SIZE_FACTOR = 1.3


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    budget: str = LIST
    who: str = "officer"  # officer | reviewer | ministry
    htmx: bool = False
    api: bool = False

    @property
    def per_province(self) -> bool:
        return "{province}" in self.url

    @property
    def headers(self) -> dict:
        return {"HX-Request": "true"} if self.htmx else {}

    def credentials(self, cookies: dict, tokens: dict) -> tuple[str | None, dict]:
        """(cookie, headers) the page is requested with: the account's session, or its API token."""
        if self.api:
            return None, {"Authorization": f"Bearer {tokens[self.who]}"}
        return cookies[self.who], self.headers


PAGES = (
    Page("Province model list, filter + search",
         "/p/{province}/models/?status=active&category=self_management&q=tu+quan"),
    Page("Province model list, no filter", "/p/{province}/models/"),
    Page("Model page", "/p/{province}/models/{model_id}"),
    Page("Model page: sites panel", "/p/{province}/models/{model_id}/sites", htmx=True),
    Page("Model page: reviews panel", "/p/{province}/models/{model_id}/reviews", htmx=True),
    Page("Province sites list", "/p/{province}/sites", HEAVY),
    Page("Province dashboard", "/p/{province}/dashboard", DASHBOARD),
    Page("Reviews board", "/p/{province}/reviews/", HEAVY),
    Page("Province ward list, search", "/p/{province}/wards?q=an"),
    Page("National dashboard", "/ministry/dashboard/", DASHBOARD, who="ministry"),
    Page("Catalogue search", "/catalogue/?q=tu+quan"),
    Page("Nominations queue", "/ministry/", HEAVY, who="reviewer"),
    # The JSON API's lists (issue 19): answered afresh every time (nothing is kept).
    Page("API model list, filter + search",
         "/api/v1/provinces/{province}/models?status=active&category=self_management&q=tu+quan", api=True),
    Page("API model list, no filter", "/api/v1/provinces/{province}/models", api=True),
    Page("API model's sites", "/api/v1/provinces/{province}/models/{model_id}/sites", api=True),
    Page("API province sites list", "/api/v1/provinces/{province}/sites", api=True),
    Page("API reviews list", "/api/v1/provinces/{province}/reviews", api=True),
    Page("API ward list, search", "/api/v1/provinces/{province}/wards?q=an", api=True),
    Page("API nominations of the province", "/api/v1/provinces/{province}/nominations", api=True),
    Page("API catalogue search", "/api/v1/catalogue?q=tu+quan", api=True),
    Page("API national figures", "/api/v1/national/figures", DASHBOARD, who="ministry", api=True),
    Page("API nominations queue", "/api/v1/nominations", who="reviewer", api=True),
    Page("API notifications", "/api/v1/notifications", api=True),
)

# Exports of every site of a province, as the export job writes them: (name, format).
EXPORTS = (("CSV export of sites", "csv"), ("XLSX export of sites", "xlsx"))
# The daily reminder scan: (module, function).
REMINDER_SCAN = ("registry.notifications.reminders", "scan")

"""The pages the benchmark loads, as URL templates of the app's real routes
(``flask --app wsgi routes``).

Placeholders: {province} (the benchmark officer's large province; the small one for the
second size), {model_id} (its model with the most sites). Search terms are typed without
diacritics, as officers do.
``budget`` names the issue's budget class; ``who`` the account that loads the page;
``htmx`` marks a panel the model page lazy-loads (requested as htmx does, for the fragment).
"""
from __future__ import annotations

from dataclasses import dataclass

REFERENCE_PREFIX = "/__ref"  # where bench/wsgi.py mounts the references
LIST, DASHBOARD = "list", "dashboard"
# Share of the floor's requests/s at least, and p99 at most this many times the floor's.
BUDGETS = {LIST: (0.5, 2.5), DASHBOARD: (0.3, 4.0)}
MAX_QUERIES = 8


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    budget: str = LIST
    who: str = "officer"  # officer | reviewer | ministry
    htmx: bool = False

    @property
    def per_province(self) -> bool:
        return "{province}" in self.url

    @property
    def headers(self) -> dict:
        return {"HX-Request": "true"} if self.htmx else {}


PAGES = (
    Page("Province model list, filter + search",
         "/p/{province}/models/?status=active&category=self_management&q=tu+quan"),
    Page("Province model list, no filter", "/p/{province}/models/"),
    Page("Model page", "/p/{province}/models/{model_id}"),
    Page("Model page: sites panel", "/p/{province}/models/{model_id}/sites", htmx=True),
    Page("Model page: reviews panel", "/p/{province}/models/{model_id}/reviews", htmx=True),
    Page("Province sites list", "/p/{province}/sites"),
    Page("Province dashboard", "/p/{province}/dashboard", DASHBOARD),
    Page("Reviews board", "/p/{province}/reviews/"),
    Page("Province ward list, search", "/p/{province}/wards?q=an"),
    Page("National dashboard", "/ministry/dashboard/", DASHBOARD, who="ministry"),
    Page("Catalogue search", "/catalogue/?q=tu+quan"),
    Page("Nominations queue", "/ministry/", who="reviewer"),
)

# Exports of every site of a province, as the export job writes them: (name, format).
EXPORTS = (("CSV export of sites", "csv"), ("XLSX export of sites", "xlsx"))
# The daily reminder scan: (module, function).
REMINDER_SCAN = ("registry.notifications.reminders", "scan")

"""The pages the benchmark loads, as URL templates; the ones whose route is not in the app
yet are skipped with a note (they land area by area).

Placeholders: {province} (the benchmark officer's large province; the small one for the
second size), {model_id} (its model with the most sites). Search terms are typed without
diacritics, as officers do.
``budget`` names the issue's budget class; ``who`` the account that loads the page.
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

    @property
    def per_province(self) -> bool:
        return "{province}" in self.url


PAGES = (
    Page("Province ward list, search", "/p/{province}/wards?q=an"),
    Page("Province model list, filter + search", "/p/{province}/models?status=active&category=cameras&q=camera"),
    Page("Province model list, no filter", "/p/{province}/models"),
    Page("Model page", "/p/{province}/models/{model_id}"),
    Page("Province dashboard", "/p/{province}/dashboard", DASHBOARD),
    Page("Reviews board", "/p/{province}/reviews"),
    Page("National dashboard", "/ministry/dashboard", DASHBOARD, who="ministry"),
    Page("Catalogue search", "/catalogue?q=tu+quan", who="officer"),
    Page("Nominations queue", "/ministry/nominations", who="reviewer"),
)

# Exports of a province's sites (streamed); the import takes an XLSX upload.
EXPORTS = (
    ("CSV export of sites", "/p/{province}/sites/export.csv"),
    ("XLSX export of sites", "/p/{province}/sites/export.xlsx"),
)
IMPORT_URL = "/p/{province}/sites/import"

# Where the reminder scan may live, first found wins: (module, function).
REMINDER_SCANS = (
    ("registry.reviews.reminders", "scan"),
    ("registry.reviews.reminders", "scan_due_reviews"),
    ("registry.notifications.reminders", "scan"),
    ("registry.notifications.reminders", "scan_due_reviews"),
    ("jobs.reminders", "scan"),
    ("jobs.reminders", "scan_due_reviews"),
    ("jobs.reminders", "send_reminders"),
)

"""Dates read dd/mm/yyyy in both languages; numbers use the separators of the language."""
from __future__ import annotations

from datetime import date, datetime, timezone

from flask import render_template_string, session

SAMPLE = ("{{ day|day }} | {{ moment|day }} | {{ moment|moment }} | {{ big|number }} | {{ share|number }} | "
          "{{ 0.125|percent }} | {{ -62.5|change }} {{ 1.25|change }}")
VALUES = dict(day=date(2026, 3, 5), moment=datetime(2026, 11, 23, 20, 5, tzinfo=timezone.utc),
              big=2769, share=1234.5)


def _render(app, locale: str) -> str:
    with app.test_request_context("/"):
        session["locale"] = locale
        return render_template_string(SAMPLE, **VALUES)


def test_vietnamese_dates_are_day_month_year_and_numbers_use_dots_for_thousands(app):
    # 20:05 UTC on 23/11 is already 24/11 in Vietnam (UTC+7).
    assert _render(app, "vi") == "05/03/2026 | 24/11/2026 | 24/11/2026 03:05 | 2.769 | 1.234,5 | 12,5% | -62,5% +1,2%"


def test_english_keeps_day_month_year_and_uses_commas_for_thousands(app):
    assert _render(app, "en") == "05/03/2026 | 24/11/2026 | 24/11/2026 03:05 | 2,769 | 1,234.5 | 12.5% | -62.5% +1.2%"


def test_missing_values_print_as_nothing(app):
    with app.test_request_context("/"):
        assert render_template_string("[{{ v|day }}{{ v|moment }}{{ v|number }}{{ v|percent }}{{ v|change }}]",
                                      v=None) == "[]"


def test_a_dossier_moment_shows_vietnams_day_and_a_plain_date_stays_as_it_is(app):
    from registry.nominations import iso_day

    with app.test_request_context("/"):
        assert iso_day("2026-11-23T20:05:00+00:00") == "24/11/2026"  # already the 24th in Vietnam
        assert iso_day("2026-11-23") == "23/11/2026"
        assert iso_day(None) == ""

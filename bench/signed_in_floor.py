"""The signed-in floor: a province page with everything every page pays and nothing of its own.

The session is read, the user and memberships loaded, the province entered exactly as the
province blueprint enters it (``enter_member_province``), and ``base.html`` renders with the
header, the navigation, the bell and the language switch around an empty body. A page's
throughput is judged as a share of this one's, measured in the same run, next to it.

Registered only by ``bench/wsgi.py`` (the benchmark's gunicorn) and ``bench/profile.py``:
production's ``create_app`` never adds it, so it cannot be reached there.
"""
from __future__ import annotations

from flask import Flask
from flask_login import current_user

from registry.extensions import login_manager
from registry.tenants import enter_member_province

PATH = "/__bench/p/<province>/floor"
TEMPLATE = '{% extends "base.html" %}{% block title %}Floor{% endblock %}{% block content %}{% endblock %}'


def add_signed_in_floor(app: Flask) -> Flask:
    template = app.jinja_env.from_string(TEMPLATE)  # compiled once, as a page's template file is

    def signed_in_floor(province: str):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        enter_member_province(province)
        context: dict = {}
        app.update_template_context(context)
        return template.render(context)

    app.add_url_rule(PATH, "bench_signed_in_floor", signed_in_floor)
    return app

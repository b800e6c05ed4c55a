"""The two references every page is compared with, served by the same gunicorn.

``/hello``: a bare Flask response, the ceiling of the server set-up.
``/floor``: 25 rows fetched from PostgreSQL with one query and rendered with Jinja, the
floor any real page stands on (same ``DATABASE_URL``, same driver, a pooled engine).
"""
from __future__ import annotations

import os

from flask import Flask
from sqlalchemy import create_engine, text

from registry.config import POOL_RECYCLE_SECONDS, normalise_database_url

FLOOR_QUERY = text(
    "SELECT id, name, category, status, next_review_due_on FROM movement_model"
    " WHERE province_id = :province ORDER BY name_folded LIMIT 25"
)
FLOOR_TEMPLATE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Floor</title></head>
<body><table class="table"><thead><tr><th>Mô hình</th><th>Lĩnh vực</th><th>Trạng thái</th><th>Hạn</th></tr></thead>
<tbody>{% for row in rows %}<tr><td data-label="Mô hình"><a href="/models/{{ row.id }}">{{ row.name }}</a></td>
<td>{{ row.category }}</td><td>{{ row.status }}</td><td>{{ row.next_review_due_on or "" }}</td></tr>{% endfor %}
</tbody></table></body></html>"""


def create_reference_app() -> Flask:
    app = Flask(__name__)
    # The registry's own engine settings, so the floor pays what a page pays for a connection.
    engine = create_engine(normalise_database_url(os.environ["DATABASE_URL"]), pool_recycle=POOL_RECYCLE_SECONDS)
    province = int(os.environ.get("BENCH_FLOOR_PROVINCE_ID", "1"))
    # Compiled once, as Flask caches a page's template file.
    template = app.jinja_env.from_string(FLOOR_TEMPLATE)

    @app.get("/hello")
    def hello():
        return "hello"

    @app.get("/floor")
    def floor():
        with engine.connect() as connection:
            rows = connection.execute(FLOOR_QUERY, {"province": province}).all()
        return template.render(rows=rows)

    return app

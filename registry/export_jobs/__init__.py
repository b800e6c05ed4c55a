"""Exports as background jobs: the progress page, the download, and starting one from a list.

Pages live under ``/p/<province>/exports`` (endpoints ``province.export_jobs.*``); the lists
that can be exported (models, sites) start exports through ``routes.start_export``.
"""
from flask import Blueprint

bp = Blueprint("export_jobs", __name__, url_prefix="/exports")


def init_app(app) -> None:
    from registry.export_jobs import cli, routes  # noqa: F401
    from registry.tenants import nest_in_province

    cli.init_app(app)
    nest_in_province(bp)

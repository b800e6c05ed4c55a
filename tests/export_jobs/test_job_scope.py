"""The export job runs outside any request, where the system reads every province: it must
enter the export's province, so a file for one province never holds another's rows."""
from __future__ import annotations

import csv
import io

import pytest

from registry.export_jobs.tasks import build_export
from registry.export_jobs import kinds, service
from registry.export_jobs.models import DONE, ExportJob
from registry.extensions import db
from tests.conftest import province
from tests.export_jobs.factories import make_export
from tests.factories import make_model, make_site, ward_of


@pytest.fixture
def two_provinces(app, make_user):
    """A model with a site in each of Quảng Trị and Lâm Đồng, named after its province; a user of each."""
    users = {slug: make_user("officer", slug).id for slug in ("quang-tri", "lam-dong")}
    with app.app_context():
        for slug, name in (("quang-tri", "Camera an ninh Quảng Trị"), ("lam-dong", "Camera an ninh Lâm Đồng")):
            place = province(slug)
            make_site(make_model(place, name=name), ward_of(place, 0), sub_unit=f"Thôn của {name}")
        db.session.commit()
    return users


def _run(app, slug: str, user_id: int, kind: str, locale: str = "vi") -> list[list[str]]:
    """Record an export and run its job as a worker does: in an app context, with no request."""
    with app.app_context():
        export_id = make_export(province(slug), user_id, kind=kind, locale=locale).id
        db.session.commit()
    with app.app_context():
        build_export(export_id)
        export = db.session.get(ExportJob, export_id)
        assert export.status == DONE
        content = service.file_path(export).read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


@pytest.mark.parametrize("kind", ["models", "sites"])
def test_a_job_for_one_province_never_includes_another_provinces_rows(app, two_provinces, kind):
    for slug, own, other in (("quang-tri", "Quảng Trị", "Lâm Đồng"), ("lam-dong", "Lâm Đồng", "Quảng Trị")):
        header, *rows = _run(app, slug, two_provinces[slug], kind)
        assert [row[1] for row in rows] == [f"Camera an ninh {own}"]  # after the reference
        assert not any(other in cell for row in rows for cell in row)


def test_without_the_province_the_system_would_read_every_province(app, two_provinces):
    """What the job's scope protects against: the same query outside a request sees both provinces."""
    with app.app_context():
        models = kinds.kind_named("models")
        assert models.count(province("quang-tri").id, kinds.as_filters({})) == 2


def test_the_file_speaks_the_language_the_user_asked_in(app, two_provinces):
    english = _run(app, "quang-tri", two_provinces["quang-tri"], "sites", locale="en")
    vietnamese = _run(app, "quang-tri", two_provinces["quang-tri"], "sites", locale="vi")
    assert english[0][:3] == ["Site reference", "Model", "Ward (name or code)"] and english[1][11] == "Active"
    assert vietnamese[0][1:3] == ["Mô hình", "Xã/phường/đặc khu (tên hoặc mã)"] and vietnamese[1][11] == "Đang hoạt động"


def test_a_second_run_of_the_same_job_writes_nothing(app, two_provinces):
    with app.app_context():
        export_id = make_export(province("quang-tri"), two_provinces["quang-tri"]).id
        db.session.commit()
    with app.app_context():
        build_export(export_id)
        first = db.session.get(ExportJob, export_id).stored_name
    with app.app_context():
        build_export(export_id)  # a duplicate or retried job
        assert db.session.get(ExportJob, export_id).stored_name == first

from sqlalchemy import func, select

from registry.extensions import db
from registry.tenants.loader import load_divisions
from registry.tenants.models import Province, Ward
from registry.tenants.routes import search_wards
from registry.text import fold
from tests.conftest import province


def test_all_34_provinces_and_3321_wards_are_loaded(app_ctx):
    assert db.session.scalar(select(func.count(Province.id))) == 34
    assert db.session.scalar(select(func.count(Ward.id))) == 3321


def test_loading_again_changes_nothing(app_ctx):
    assert load_divisions() == (34, 3321)
    assert db.session.scalar(select(func.count(Ward.id))) == 3321


def test_slugs_come_from_codenames_with_hyphens(app_ctx):
    slugs = set(db.session.scalars(select(Province.slug)))
    assert {"quang-tri", "ha-noi", "ho-chi-minh", "lam-dong"} <= slugs


def test_fold_strips_vietnamese_diacritics():
    assert fold("Xã Thượng Lâm") == "xa thuong lam"
    assert fold("  Đặc khu  Phú Quốc ") == "dac khu phu quoc"


def test_ward_search_ignores_diacritics_and_case(app_ctx):
    tuyen_quang = province("tuyen-quang")
    wards, total = search_wards(tuyen_quang.id, "thuong lam")
    assert [w.name for w in wards] == ["Xã Thượng Lâm"]
    assert total == 1
    assert search_wards(tuyen_quang.id, "THƯỢNG LÂM")[1] == 1


def test_ward_search_stays_in_the_province(app_ctx):
    other = province("ha-noi")
    assert search_wards(other.id, "thuong lam")[1] == 0


def test_ward_search_treats_like_wildcards_literally(app_ctx):
    assert search_wards(province("ha-noi").id, "%")[1] == 0


def test_ward_page_searches_live_and_keeps_the_query_in_the_url(client, login_as):
    login_as("officer", "tuyen-quang")
    page = client.get("/p/tuyen-quang/wards?q=thuong+lam")
    assert "Xã Thượng Lâm" in page.text and "<html" in page.text
    fragment = client.get("/p/tuyen-quang/wards?q=thuong+lam", headers={"HX-Request": "true", "HX-Target": "ward-results"})
    assert "Xã Thượng Lâm" in fragment.text and "<html" not in fragment.text
    assert "HX-Request" in fragment.headers["Vary"]
    boosted = client.get("/p/tuyen-quang/wards?q=thuong+lam", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.text

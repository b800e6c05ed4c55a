"""The ward resolver behind the site form and the import, on names that only diacritics tell apart."""
from __future__ import annotations

from registry.replication.wards import AMBIGUOUS, WardResolver
from tests.factories import province


def test_a_name_written_exactly_picks_its_ward_even_when_another_folds_the_same(app_ctx):
    wards = WardResolver(province("quang-ngai"))
    assert wards.resolve("Xã Sơn Hạ").ward.name == "Xã Sơn Hạ"
    assert wards.resolve("xã sơn hà").ward.name == "Xã Sơn Hà"


def test_a_name_without_diacritics_matching_two_wards_asks_which(app_ctx):
    resolved = WardResolver(province("quang-ngai")).resolve("Son Ha")
    assert resolved.ward is None and resolved.error[0] == AMBIGUOUS
    assert "Xã Sơn Hạ (" in resolved.error[1]["choices"] and "Xã Sơn Hà (" in resolved.error[1]["choices"]

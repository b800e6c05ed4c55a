"""Demo replication sites for the demo models, in real wards of each demo province.

Runs after the models' seeder and adds sites to whatever models exist; a model that already
has sites is left alone, so running it again changes nothing. An ended model's sites ended with
it; a suspended model keeps its sites as they were (they do not count while it is suspended).
"""
from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import exists, select

from registry import clock
from registry.extensions import db
from registry.movement.models import DRAFT, ENDED, MovementModel
from registry.replication.models import SITE_ACTIVE, SITE_ENDED, SITE_PAUSED, ReplicationSite
from registry.tenants.models import Province, Ward

# Sub-units by setting, as provincial reports name them; {place} is the ward's name without "Xã/Phường".
SUB_UNITS = {
    "residential": ("Thôn {n}", "Tổ dân phố {n}", "Khu phố {n}", "Thôn Đông", "Thôn Tây", "Xóm {n}"),
    "school": ("Trường THCS {place}", "Trường Tiểu học {place}", "Trường THPT {place}", "Trường Mầm non {place}"),
    "hospital": ("Trạm Y tế {place}", "Trung tâm Y tế khu vực {place}", "Bệnh viện Đa khoa khu vực {place}"),
    "agency": ("UBND {place}", "Công an {place}", "Kho bạc Nhà nước khu vực {place}"),
    "enterprise": ("Công ty TNHH May {place}", "Công ty CP Chế biến gỗ {place}", "HTX Nông nghiệp {place}"),
    "religious": ("Giáo xứ {place}", "Chùa {place}", "Họ đạo {place}"),
    "market": ("Chợ {place}", "Chợ đầu mối {place}"),
    "industrial_park": ("Cụm công nghiệp {place}", "Khu công nghiệp {place}"),
    "coastal": ("Làng chài {place}", "Bến cá {place}", "Thôn Hải Thanh"),
}
NOTES = ("", "", "", "Xã hội hoá kinh phí lắp đặt", "Kết hợp tổ liên gia tự quản", "Đã sơ kết 6 tháng",
         "Có nhóm Zalo an ninh trật tự", "Phối hợp lực lượng bảo vệ ANTT ở cơ sở")


def _place(ward_name: str) -> str:
    """ "Xã Kim Phú" → "Kim Phú"."""
    for prefix in ("Xã ", "Phường ", "Đặc khu "):
        if ward_name.startswith(prefix):
            return ward_name[len(prefix):]
    return ward_name


def _rng(model: MovementModel) -> random.Random:
    return random.Random(zlib.crc32(f"{model.province_id}:{model.name}".encode()))


def _counts(model: MovementModel, rng: random.Random) -> dict:
    households = rng.randrange(60, 420, 5)
    counts = {"teams": rng.randint(1, 6), "members": rng.randint(8, 45), "households": households, "cameras": None}
    if model.category == "cameras":
        counts["cameras"] = rng.randint(6, 48)
    if model.category in ("institution_safety", "online"):
        counts["households"] = None
    return counts


def _sites_for(model: MovementModel, wards: list[Ward], rng: random.Random) -> list[ReplicationSite]:
    setting = model.target_setting if model.target_setting in SUB_UNITS else "residential"
    first_day = model.launched_on or date(2020, 1, 1)
    span = max(1, (clock.today() - first_day).days)
    sites = []
    for ward in rng.sample(wards, min(len(wards), rng.randint(6, 24))):
        pattern = rng.choice(SUB_UNITS[setting])
        place = _place(ward.name)
        status = rng.choices((SITE_ACTIVE, SITE_PAUSED, SITE_ENDED), weights=(85, 10, 5))[0]
        if model.status == ENDED:
            status = SITE_ENDED
        sites.append(ReplicationSite(
            province_id=model.province_id, model_id=model.id, ward_id=ward.id, setting=setting,
            sub_unit=pattern.format(n=rng.randint(1, 12), place=place), status=status, notes=rng.choice(NOTES),
            started_on=first_day + timedelta(days=rng.randrange(span)), **_counts(model, rng),
        ))
    return sites


def seed(provinces: dict[str, Province]) -> Iterator[str]:
    from registry.demo import DEMO_PROVINCES

    for slug in DEMO_PROVINCES:
        province = provinces[slug]
        models = db.session.scalars(
            select(MovementModel).where(
                MovementModel.province_id == province.id, MovementModel.status != DRAFT,
                ~exists().where(ReplicationSite.model_id == MovementModel.id),
            ).order_by(MovementModel.id)
        ).all()
        wards = db.session.scalars(select(Ward).where(Ward.province_id == province.id).order_by(Ward.code)).all()
        added = 0
        for model in models:
            sites = _sites_for(model, wards, _rng(model))
            db.session.add_all(sites)
            added += len(sites)
        db.session.flush()
        if added:
            yield f"  {province.name}: {added} replication sites for {len(models)} models"

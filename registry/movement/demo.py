"""Demo models, after public reports on the movement "All people protect national security".

Each demo province gets a handful of well-known models with origin wards from its real
(post-2025) wards: most active, one suspended, one ended. They were entered in the registry
two to three years ago (the day each became active there, which its reviews count from), the
suspended ones stopped a few months ago, the ended ones some weeks later; their history says
so. Idempotent: a model already there (same province and name) is left alone.
"""
from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update

from registry import clock
from registry.audit.models import AuditEvent
from registry.extensions import db
from registry.movement.models import MovementModel
from registry.movement.service import change_status, create_model
from registry.tenants.models import Province, Ward
from registry.text import fold

# name → category, setting, host, summary, objectives, how it works, resources, tags
MODELS = {
    "Camera an ninh": (
        "cameras", "residential", "Công an xã, phường phối hợp Ban công tác Mặt trận khu dân cư",
        "Vận động Nhân dân lắp đặt camera tại các tuyến đường, ngõ xóm, kết nối về Công an cấp xã để giám sát, "
        "phát hiện, truy xét tội phạm.",
        "Phòng ngừa trộm cắp tài sản; hỗ trợ điều tra, truy vết đối tượng; bảo đảm trật tự an toàn giao thông.",
        "Hộ gia đình tự nguyện lắp camera hướng ra đường; Công an xã, phường được chia sẻ quyền xem; tổ bảo vệ "
        "an ninh, trật tự ở cơ sở trực, báo tin khi có vụ việc.",
        "Xã hội hóa từ các hộ gia đình, doanh nghiệp, nhà hảo tâm.", "camera, an ninh trật tự, xã hội hóa"),
    "5 tự quản": (
        "self_management", "residential", "Ban công tác Mặt trận khu dân cư",
        "Khu dân cư tự quản về an ninh trật tự, vệ sinh môi trường, phòng chống ma túy, hòa giải mâu thuẫn và "
        "xây dựng gia đình văn hóa.",
        "Không để xảy ra tội phạm nghiêm trọng, tệ nạn ma túy và khiếu kiện kéo dài trong khu dân cư.",
        "Các hộ ký cam kết; tổ tự quản họp định kỳ hằng tháng; kết quả bình xét cuối năm.",
        "Kinh phí hoạt động của khu dân cư và đóng góp tự nguyện.", "tự quản, khu dân cư"),
    "Tổ liên gia tự quản": (
        "inter_family", "residential", "Công an xã, phường",
        "Các hộ liền kề (10–15 hộ) hợp thành tổ liên gia, giúp nhau giữ gìn an ninh trật tự, phòng cháy chữa cháy.",
        "Phát hiện, báo tin kịp thời về người lạ, đối tượng nghi vấn; giảm trộm cắp và cháy nổ.",
        "Tổ trưởng nắm tình hình các hộ; nhóm Zalo liên gia kết nối với Công an khu vực.",
        "Tự nguyện, không phát sinh kinh phí.", "liên gia, zalo, phòng cháy"),
    "Làng biển không sử dụng chất nổ khai thác thủy sản": (
        "coastal_resources", "coastal", "Đồn Biên phòng phối hợp Công an xã",
        "Ngư dân cam kết không sử dụng chất nổ, xung điện để khai thác thủy sản, giao nộp vật liệu nổ.",
        "Bảo vệ nguồn lợi thủy sản; chấm dứt tình trạng tàng trữ, sử dụng vật liệu nổ trái phép.",
        "Tuyên truyền tại bến cá; tổ đoàn kết trên biển giám sát lẫn nhau; tiếp nhận giao nộp vật liệu nổ.",
        "Hỗ trợ của Bộ đội Biên phòng và chính quyền địa phương.", "ngư dân, vật liệu nổ, biển"),
    "Giáo xứ không có thanh thiếu niên vi phạm pháp luật": (
        "clan_religious", "religious", "Ban hành giáo giáo xứ phối hợp Công an phường",
        "Linh mục, ban hành giáo cùng gia đình giáo dân quản lý, giáo dục thanh thiếu niên trong giáo xứ.",
        "Không có thanh thiếu niên trong giáo xứ vi phạm pháp luật, mắc tệ nạn xã hội.",
        "Sinh hoạt giáo lý kết hợp tuyên truyền pháp luật; gia đình giáo dân nhận kèm cặp thanh thiếu niên.",
        "Giáo xứ tự đảm bảo.", "tôn giáo, thanh thiếu niên"),
    "Quỹ phòng chống tội phạm": (
        "other", "residential", "Ủy ban Mặt trận Tổ quốc xã",
        "Quỹ do Nhân dân, doanh nghiệp đóng góp để khen thưởng, hỗ trợ người tham gia phòng chống tội phạm.",
        "Động viên kịp thời quần chúng tố giác tội phạm, tham gia bắt giữ đối tượng.",
        "Ban quản lý quỹ xét thưởng theo đề nghị của Công an xã; công khai thu chi hằng năm.",
        "Đóng góp tự nguyện của hộ gia đình, doanh nghiệp.", "quỹ, khen thưởng"),
    "Tổ tuần tra 8394": (
        "traffic_order", "residential", "Công an xã",
        "Tổ tuần tra nhân dân phối hợp Công an xã tuần tra vào ban đêm, ngày lễ, Tết.",
        "Phòng ngừa trộm cắp, đua xe trái phép và vi phạm trật tự an toàn giao thông.",
        "Lịch tuần tra luân phiên; báo tin qua đường dây nóng của Công an xã.",
        "Ngân sách xã hỗ trợ trang phục, đèn pin, công cụ hỗ trợ.", "tuần tra, giao thông"),
}

# province → (model name, origin ward hint, launched on, final status, extra fields)
PLANS = {
    "quang-tri": [
        ("Camera an ninh", "Phường Đông Hà", date(2021, 6, 15), "active", {}),
        ("Tổ liên gia tự quản", "Xã Hải Lăng", date(2019, 3, 1), "active", {}),
        ("Làng biển không sử dụng chất nổ khai thác thủy sản", "Xã Cửa Tùng", date(2018, 5, 20), "active", {}),
        ("Giáo xứ không có thanh thiếu niên vi phạm pháp luật", "Phường Đồng Hới", date(2020, 9, 1), "active", {}),
        ("Tổ tuần tra 8394", "Xã Vĩnh Linh", date(2020, 1, 10), "suspended", {}),
        ("Quỹ phòng chống tội phạm", "Xã Nam Hải Lăng", date(2017, 4, 1), "ended", {"reason": "ineffective"}),
    ],
    "lam-dong": [
        ("5 tự quản", "Phường Phan Thiết", date(2019, 8, 1), "active", {}),
        ("Camera an ninh", "Phường Xuân Hương - Đà Lạt", date(2022, 2, 14), "active", {}),
        ("Tổ liên gia tự quản", "Phường 1 Bảo Lộc", date(2020, 11, 2), "active", {}),
        ("Làng biển không sử dụng chất nổ khai thác thủy sản", "Phường Mũi Né", date(2019, 6, 1), "suspended", {}),
        ("Quỹ phòng chống tội phạm", "Phường Bắc Gia Nghĩa", date(2018, 3, 1), "ended",
         {"reason": "other", "reason_text": "Chuyển nhiệm vụ sang Quỹ vì người nghèo của xã"}),
    ],
    "khanh-hoa": [
        ("Camera an ninh", "Phường Nha Trang", date(2020, 7, 1), "active", {}),
        ("Làng biển không sử dụng chất nổ khai thác thủy sản", "Xã Vạn Ninh", date(2019, 4, 15), "active", {}),
        ("Tổ tuần tra 8394", "Phường Cam Ranh", date(2021, 1, 5), "suspended", {}),
        ("Quỹ phòng chống tội phạm", "Phường Phan Rang", date(2018, 10, 1), "ended", {"reason": "unsuitable"}),
    ],
    "da-nang": [
        ("Camera an ninh", "Phường Hải Châu", date(2019, 5, 19), "active", {}),
        ("5 tự quản", "Phường Sơn Trà", date(2020, 3, 1), "active", {}),
        ("Tổ liên gia tự quản", "Phường Hội An", date(2021, 8, 1), "suspended", {}),
        ("Quỹ phòng chống tội phạm", "Phường Tam Kỳ", date(2018, 6, 1), "ended", {"reason": "ineffective"}),
    ],
    "thanh-hoa": [
        ("5 tự quản", "Phường Hạc Thành", date(2020, 4, 1), "active", {}),
        ("Làng biển không sử dụng chất nổ khai thác thủy sản", "Phường Sầm Sơn", date(2019, 7, 1), "active", {}),
        ("Tổ tuần tra 8394", "Phường Nghi Sơn", date(2021, 2, 1), "suspended", {}),
    ],
    "phu-tho": [
        ("Camera an ninh", "Phường Việt Trì", date(2021, 10, 1), "active", {}),
        ("Tổ liên gia tự quản", "Phường Vĩnh Yên", date(2020, 5, 1), "active", {}),
        ("Giáo xứ không có thanh thiếu niên vi phạm pháp luật", "Phường Hòa Bình", date(2019, 12, 1), "suspended", {}),
    ],
    "son-la": [
        ("Tổ liên gia tự quản", "Phường Tô Hiệu", date(2020, 9, 1), "active", {}),
        ("Camera an ninh", "Phường Chiềng An", date(2022, 3, 1), "active", {}),
        ("Tổ tuần tra 8394", "Phường Mộc Châu", date(2021, 6, 1), "suspended", {}),
    ],
}
PATH = {"active": ("activate",), "suspended": ("activate", "suspend"), "ended": ("activate", "suspend", "end")}


def _ward(province: Province, name: str) -> Ward | None:
    return db.session.scalar(select(Ward).where(Ward.province_id == province.id, Ward.name_folded == fold(name)))


def _exists(province: Province, name: str) -> bool:
    return db.session.scalar(select(MovementModel.id).where(
        MovementModel.province_id == province.id, MovementModel.name_folded == fold(name))) is not None


def move_days(province: Province, name: str, launched_on: date, status: str) -> dict[str, date]:
    """The day of each move of a demo model: active in the registry two to three years ago (not
    before its launch), suspended a few months ago, ended some weeks after that."""
    rng = random.Random(zlib.crc32(f"{province.slug}:{name}".encode()))
    today = clock.today()
    days = {"activate": max(launched_on, today - timedelta(days=rng.randint(730, 1000)))}
    if status in ("suspended", "ended"):
        days["suspend"] = today - timedelta(days=rng.randint(60, 150))
    if status == "ended":
        days["end"] = days["suspend"] + timedelta(days=rng.randint(14, 40))
    return days


def backdate(model: MovementModel, action: str, day: date) -> None:
    """The model's audit event of ``action`` dated ``day`` (09:00 in Vietnam), as if done then."""
    moment = datetime.combine(day, time(9), clock.VIETNAM)
    db.session.flush()
    db.session.execute(update(AuditEvent).where(
        AuditEvent.entity_type == MovementModel.__tablename__, AuditEvent.entity_id == model.id,
        AuditEvent.action == action).values(created_at=moment))


def _plant(province: Province, name: str, ward_name: str, launched_on: date, status: str, extra: dict):
    category, setting, host, summary, objectives, how, resources, tags = MODELS[name]
    ward = _ward(province, ward_name)
    days = move_days(province, name, launched_on, status)
    model = create_model(province.id, {
        "name": name, "category": category, "target_setting": setting, "host_organisation": host,
        "summary": summary, "objectives": objectives, "how_it_works": how, "resources": resources, "tags": tags,
        "launched_on": launched_on, "origin_ward_id": ward.id if ward else None, "review_interval_months": 6,
    }, None)
    model.created_at = datetime.combine(days["activate"] - timedelta(days=3), time(9), clock.VIETNAM)
    backdate(model, "create", days["activate"] - timedelta(days=3))
    for move in PATH[status]:
        change_status(model, move, None, reason=extra.get("reason"), reason_text=extra.get("reason_text"),
                      today=days[move])
        backdate(model, move, days[move])
    return model


def seed(provinces: dict[str, Province]) -> Iterator[str]:
    """Demo models for each demo province that has none of that name yet."""
    added = 0
    for slug, plan in PLANS.items():
        province = provinces.get(slug)
        if province is None:
            continue
        for name, ward_name, launched_on, status, extra in plan:
            if not _exists(province, name):
                _plant(province, name, ward_name, launched_on, status, extra)
                added += 1
    db.session.flush()
    yield f"Demo models: {added} added."

"""Words the generator builds its national data set from.

Model families are the movement's real ones, as named in provincial reports; each comes
with the category and setting it belongs to. Places come from the ward table.
"""
from __future__ import annotations

# (name stem, category, typical setting, host organisation)
FAMILIES: tuple[tuple[str, str, str, str], ...] = (
    ("Camera an ninh", "cameras", "residential", "Công an {ward}"),
    ("Camera giám sát an ninh trật tự", "cameras", "residential", "UBND {ward}"),
    ("5 tự quản", "self_management", "residential", "Mặt trận Tổ quốc {ward}"),
    ("Khu dân cư tự quản về an ninh trật tự", "self_management", "residential", "Ban công tác Mặt trận {ward}"),
    ("Tổ liên gia tự quản", "inter_family", "residential", "Công an {ward}"),
    ("Tổ liên gia an toàn phòng cháy chữa cháy", "fire_prevention", "residential", "Công an {ward}"),
    ("4 an toàn", "institution_safety", "agency", "Cơ quan, doanh nghiệp trên địa bàn {ward}"),
    ("Trường học an toàn về an ninh trật tự", "institution_safety", "school", "Trường học trên địa bàn {ward}"),
    ("Bệnh viện an toàn về an ninh trật tự", "institution_safety", "hospital", "Trung tâm Y tế {ward}"),
    ("Doanh nghiệp an toàn về an ninh trật tự", "institution_safety", "enterprise", "Doanh nghiệp trên địa bàn {ward}"),
    ("Tổ tuần tra 8394", "traffic_order", "residential", "Công an {ward}"),
    ("Tuyến đường tự quản về an ninh trật tự", "traffic_order", "residential", "Đoàn Thanh niên {ward}"),
    ("Dòng họ tự quản về an ninh trật tự", "clan_religious", "residential", "Hội đồng gia tộc {ward}"),
    ("Giáo xứ không có thanh thiếu niên vi phạm pháp luật", "clan_religious", "religious", "Giáo xứ {ward}"),
    ("Chùa, cơ sở thờ tự an toàn", "clan_religious", "religious", "Ban trị sự {ward}"),
    ("Câu lạc bộ phòng, chống ma túy", "drug_prevention", "residential", "Công an {ward}"),
    ("Xã, phường không ma túy", "drug_prevention", "residential", "UBND {ward}"),
    ("Tổ hòa giải ở cơ sở", "mediation", "residential", "Mặt trận Tổ quốc {ward}"),
    ("Cụm dân cư an toàn phòng cháy chữa cháy", "fire_prevention", "residential", "Công an {ward}"),
    ("Giúp đỡ người chấp hành xong án phạt tù tái hòa nhập cộng đồng", "reintegration", "residential", "Hội Phụ nữ {ward}"),
    ("Làng biển không sử dụng chất nổ khai thác hải sản", "coastal_resources", "coastal", "Hội Nông dân {ward}"),
    ("Tổ đoàn kết ngư dân trên biển", "coastal_resources", "coastal", "Đồn Biên phòng {ward}"),
    ("Zalo an ninh", "online", "residential", "Công an {ward}"),
    ("Nhóm Facebook an ninh khu phố", "online", "residential", "Đoàn Thanh niên {ward}"),
    ("Chợ an toàn về an ninh trật tự", "other", "market", "Ban quản lý chợ {ward}"),
    ("Khu công nghiệp an toàn về an ninh trật tự", "institution_safety", "industrial_park", "Ban quản lý khu công nghiệp {ward}"),
    ("Quỹ vì an ninh trật tự", "other", "residential", "UBND {ward}"),
)

# Where in a ward a site runs (one of these, numbered).
SUB_UNITS = {
    "residential": ("Tổ dân phố số {n}", "Thôn {n}", "Khu phố {n}", "Ấp {n}", "Bản {n}"),
    "agency": ("Cơ quan số {n}", "Trụ sở khối {n}"),
    "enterprise": ("Công ty cổ phần số {n}", "Nhà máy số {n}"),
    "school": ("Trường Tiểu học số {n}", "Trường THCS số {n}", "Trường THPT số {n}"),
    "hospital": ("Bệnh viện đa khoa khu vực {n}", "Trạm Y tế số {n}"),
    "religious": ("Giáo họ số {n}", "Chùa khu {n}"),
    "market": ("Chợ khu {n}",),
    "industrial_park": ("Khu công nghiệp số {n}",),
    "coastal": ("Bến cá số {n}", "Thôn biển {n}"),
}

TAGS = ("an ninh cơ sở", "camera", "tự quản", "phòng cháy", "ma túy", "thanh niên", "ngư dân",
        "tôn giáo", "trường học", "doanh nghiệp", "hòa giải", "zalo", "tuần tra", "tái hòa nhập")

FINDINGS = (
    "Mô hình duy trì hoạt động nền nếp, người dân tích cực tham gia cung cấp thông tin.",
    "Tội phạm về trật tự xã hội trên địa bàn giảm so với cùng kỳ, cần tiếp tục nhân rộng.",
    "Kinh phí duy trì còn hạn chế, một số tổ hoạt động chưa thường xuyên.",
    "Phối hợp giữa Công an xã với các đoàn thể chặt chẽ, hiệu quả rõ rệt.",
    "Một số thành viên tuổi cao, cần kiện toàn lại tổ chức và bổ sung lực lượng trẻ.",
    "Hệ thống camera xuống cấp, cần đầu tư thay thế để phát huy hiệu quả.",
)

STATEMENTS = (
    "Mô hình đã được sơ kết, đánh giá hiệu quả qua nhiều kỳ, góp phần kiềm chế tội phạm và có khả năng nhân rộng.",
    "Đề xuất Bộ Công an công nhận mô hình điển hình để nhân rộng trên toàn quốc.",
    "Mô hình huy động được sức mạnh của quần chúng nhân dân, chi phí thấp, dễ áp dụng.",
)

GIVEN_NAMES = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh",
               "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Ngọc", "Phong", "Phương", "Quân", "Sơn",
               "Tâm", "Thảo", "Thắng", "Trang", "Trung", "Tuấn", "Vân", "Việt")
FAMILY_NAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
                "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE_NAMES = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc")

# The core indicators every review records (codes shared with the reviews area).
CORE_INDICATORS: tuple[dict, ...] = (
    dict(code="crimes_social_order", name_vi="Số vụ phạm tội về trật tự xã hội trên địa bàn",
         name_en="Crimes against social order in the area", unit_vi="vụ", unit_en="cases",
         higher_is_better=False, position=10),
    dict(code="crimes_social_order_2019", name_vi="Số vụ phạm tội về trật tự xã hội năm 2019 (mốc so sánh)",
         name_en="Crimes against social order in 2019 (baseline)", unit_vi="vụ", unit_en="cases",
         higher_is_better=False, position=20),
    dict(code="resident_tips", name_vi="Tin báo, tố giác của quần chúng nhân dân",
         name_en="Tips and denunciations from residents", unit_vi="tin", unit_en="tips", position=30),
    dict(code="cases_solved_with_residents", name_vi="Số vụ việc khám phá nhờ nhân dân giúp đỡ",
         name_en="Cases solved with residents' help", unit_vi="vụ", unit_en="cases", position=40),
    dict(code="incidents_mediated", name_vi="Số vụ việc hòa giải thành ở cơ sở",
         name_en="Incidents mediated at the grassroots", unit_vi="vụ", unit_en="incidents", position=50),
    dict(code="weapons_handed_over", name_vi="Vũ khí, vật liệu nổ, công cụ hỗ trợ thu hồi",
         name_en="Weapons, explosives and support tools handed over", unit_vi="khẩu/chiếc", unit_en="items",
         position=60),
    dict(code="prolonged_complaints", name_vi="Khiếu kiện đông người kéo dài",
         name_en="Prolonged mass complaints", unit_vi="vụ", unit_en="cases", higher_is_better=False,
         target=0, position=70),
    dict(code="serious_crimes", name_vi="Tội phạm nghiêm trọng trở lên",
         name_en="Serious crimes", unit_vi="vụ", unit_en="cases", higher_is_better=False, target=0,
         position=80),
    dict(code="participants", name_vi="Số người tham gia mô hình",
         name_en="Participants", unit_vi="người", unit_en="people", position=90),
)

"""the indicator catalogue reviews record

Revision ID: reviews_1
Revises: movement_1
Create Date: 2026-11-23 19:00:00

Indicators are data, so every database (development, tests, production) starts with
the same catalogue: the core indicators of the movement's reports for every model, and
the few that only some categories of model record. Rows are written here, not by the
app, so the catalogue is part of the schema's history.
"""
from alembic import op
import sqlalchemy as sa

revision = "reviews_1"
down_revision = "movement_1"
branch_labels = None
depends_on = None

# (code, name_vi, name_en, unit_vi, unit_en, higher_is_better, categories, target)
CATALOGUE = [
    ("crimes_social_order", "Số vụ phạm tội về trật tự xã hội trong kỳ",
     "Crimes against social order this period", "vụ", "cases", False, "", None),
    ("crimes_social_order_2019", "Số vụ phạm tội về trật tự xã hội cùng kỳ năm 2019 (năm gốc)",
     "Crimes against social order, same period of the 2019 baseline year", "vụ", "cases", False, "", None),
    ("tips_from_residents", "Tin báo, tố giác tội phạm của quần chúng nhân dân",
     "Tips and denunciations from residents", "tin", "tips", True, "", None),
    ("cases_solved_with_residents", "Vụ việc được làm rõ nhờ nhân dân giúp đỡ",
     "Cases solved with residents' help", "vụ", "cases", True, "", None),
    ("incidents_mediated", "Vụ việc được hòa giải thành ở cơ sở",
     "Incidents mediated at the grassroots", "vụ việc", "incidents", True, "", None),
    ("weapons_handed_over", "Vũ khí, vật liệu nổ, công cụ hỗ trợ được vận động giao nộp",
     "Weapons, explosives and support tools handed over", "khẩu, quả, chiếc", "items", True, "", None),
    ("prolonged_mass_complaints", "Vụ khiếu kiện đông người, kéo dài",
     "Prolonged mass complaints", "vụ", "cases", False, "", 0.0),
    ("serious_crimes", "Vụ phạm tội nghiêm trọng, rất nghiêm trọng, đặc biệt nghiêm trọng",
     "Serious crimes", "vụ", "cases", False, "", 0.0),
    ("participants", "Người tham gia mô hình", "Participants", "người", "people", True, "", None),
    ("cameras_installed", "Camera an ninh được lắp đặt", "Security cameras installed",
     "camera", "cameras", True, "cameras", None),
    ("incidents_detected_by_camera", "Vụ việc được phát hiện, xử lý qua camera",
     "Incidents detected by camera", "vụ việc", "incidents", True, "cameras", None),
    ("households_joined", "Hộ gia đình tham gia", "Households joined", "hộ", "households", True,
     "inter_family,self_management", None),
    ("drug_users_helped", "Người sử dụng trái phép chất ma túy được giúp đỡ, cai nghiện",
     "Drug users helped into treatment", "người", "people", True, "drug_prevention", None),
    ("drug_hotspots_cleared", "Điểm, tụ điểm phức tạp về ma túy được triệt xóa",
     "Drug hotspots cleared", "điểm", "hotspots", True, "drug_prevention", None),
    ("people_reintegrated", "Người chấp hành xong án phạt tù được giúp đỡ tái hòa nhập cộng đồng",
     "People released from prison helped to reintegrate", "người", "people", True, "reintegration", None),
    ("reoffenders", "Người tái phạm tội", "People who reoffended", "người", "people", False, "reintegration", 0.0),
    ("traffic_accidents", "Vụ tai nạn giao thông", "Traffic accidents", "vụ", "accidents", False,
     "traffic_order", None),
    ("fires_explosions", "Vụ cháy, nổ", "Fires and explosions", "vụ", "cases", False, "fire_prevention", None),
    ("fire_drills", "Buổi thực tập phương án chữa cháy", "Fire drills held", "buổi", "drills", True,
     "fire_prevention", None),
    ("destructive_fishing", "Vụ khai thác thủy sản bằng chất nổ, xung điện",
     "Fishing with explosives or electric shock", "vụ", "cases", False, "coastal_resources", 0.0),
    ("online_tips", "Tin báo qua mạng xã hội, nhóm Zalo an ninh", "Tips received through social networks",
     "tin", "tips", True, "online", None),
    ("harmful_posts_reported", "Thông tin xấu, độc được phát hiện, báo cáo xử lý",
     "Harmful posts found and reported", "tin", "posts", True, "online", None),
    ("establishment_incidents", "Vụ mất an ninh, trật tự tại cơ quan, doanh nghiệp, trường học, bệnh viện",
     "Security incidents at the establishment", "vụ", "cases", False, "institution_safety", None),
    ("lawbreakers_in_community", "Người vi phạm pháp luật trong dòng họ, giáo xứ",
     "Lawbreakers in the clan or parish", "người", "people", False, "clan_religious", 0.0),
]


def upgrade():
    indicator = sa.table(
        "indicator",
        sa.column("code", sa.String), sa.column("name_vi", sa.String), sa.column("name_en", sa.String),
        sa.column("unit_vi", sa.String), sa.column("unit_en", sa.String),
        sa.column("higher_is_better", sa.Boolean), sa.column("categories", sa.String),
        sa.column("target", sa.Float), sa.column("position", sa.Integer),
    )
    fields = ("code", "name_vi", "name_en", "unit_vi", "unit_en", "higher_is_better", "categories", "target")
    op.bulk_insert(indicator, [
        dict(zip(fields, row), position=(index + 1) * 10) for index, row in enumerate(CATALOGUE)
    ])


def downgrade():
    codes = [row[0] for row in CATALOGUE]
    indicator = sa.table("indicator", sa.column("code", sa.String))
    op.execute(indicator.delete().where(indicator.c.code.in_(codes)))

"""Site imports and their URL argument; models, sites and wards come from ``tests.factories``."""
from __future__ import annotations

from registry.extensions import db
from registry.replication.models import IMPORT_READY, SiteImport
from registry.tenants.models import Province
from tests.factories import make_model
from tests.route_arguments import route_argument


@route_argument("import_id")
def _import_id(province: Province) -> int:
    model = make_model(province, name="5 tự quản", category="self_management")
    pending = SiteImport(province_id=province.id, model_id=model.id, filename="sites.csv", file_format="csv",
                         status=IMPORT_READY, rows=[])
    db.session.add(pending)
    db.session.flush()
    return pending.id

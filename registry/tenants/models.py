"""Provinces (the tenants) and their commune-level units."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from registry.extensions import db


class Province(db.Model):
    __tablename__ = "province"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[int] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    division_type: Mapped[str] = mapped_column(String(40))
    # Raised by every transaction that writes the province's rows (registry.versioning):
    # a page kept under an older version is not served again (registry.page_cache).
    data_version: Mapped[int] = mapped_column(default=0, server_default="0")

    wards: Mapped[list[Ward]] = relationship(back_populates="province", order_by="Ward.name")

    def __repr__(self) -> str:
        return f"<Province {self.slug}>"


class Ward(db.Model):
    """A commune-level unit (xã, phường, đặc khu) since the July 2025 reorganisation."""

    __tablename__ = "ward"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[int] = mapped_column(unique=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("province.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_folded: Mapped[str] = mapped_column(String(120), index=True)
    division_type: Mapped[str] = mapped_column(String(40))

    province: Mapped[Province] = relationship(back_populates="wards")

    def __repr__(self) -> str:
        return f"<Ward {self.code} {self.name_folded}>"


class ProvinceOwned:
    """Mixin for rows that belong to one province.

    Every ORM query of such a class is filtered to the current province on its own
    (see ``registry.tenants.scoping``), so a view cannot forget the filter.
    """

    @declared_attr
    def province_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("province.id"), index=True)

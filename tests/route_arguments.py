"""How the tenant-isolation test fills each URL argument of a province route.

Every argument name used in a ``/p/<province>/…`` rule needs an entry: a function that
creates a row owned by the given province and returns the value for the URL. A new rule
with an unknown argument makes the isolation test fail, so no route is skipped silently.
"""
from __future__ import annotations

from typing import Callable

from registry.tenants.models import Province

ROUTE_ARGUMENTS: dict[str, Callable[[Province], object]] = {}


def route_argument(name: str):
    """Register the factory for URL argument ``name``."""

    def register(factory: Callable[[Province], object]):
        ROUTE_ARGUMENTS[name] = factory
        return factory

    return register

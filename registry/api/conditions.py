"""Optimistic concurrency over HTTP: the ``ETag`` of a versioned record is its version, and a
change must send it back in ``If-Match`` (RFC 9110): 428 without it, 412 when it is old."""
from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l

from registry.api.errors import Problem


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(current: int) -> int:
    """The version ``If-Match`` names; 428 when it is missing, 412 when it names another."""
    if not request.if_match:
        raise Problem(428, _l("Send If-Match with the ETag of the record as you last read it."),
                      headers={"ETag": etag(current)})
    if request.if_match.star_tag:
        return current
    for tag in request.if_match.as_set():
        if tag.isdigit() and int(tag) == current:
            return current
    raise stale(current)


def stale(current: int) -> Problem:
    return Problem(412, _l("Someone changed this record since you read it. Read it again, then retry."),
                   headers={"ETag": etag(current)}, current_version=current)

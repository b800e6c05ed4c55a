"""Decision documents: one signed decision (number, date, signer, the PDF) recognises or rejects
several nominations of one round at once, with a reason for each. The caller commits.

A nomination reaches the catalogue only this way: ``service.decide`` refuses an approval or a
rejection without its document.
"""
from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from registry import uploads
from registry.accounts.models import User
from registry.extensions import db
from registry.movement.attachments import max_bytes
from registry.nominations import service
from registry.nominations.attachments import _clean_name, _folder
from registry.nominations.models import APPROVED, REJECTED, DecisionDocument, Nomination, NominationRound
from registry.web import send_download

log = logging.getLogger(__name__)
OUTCOMES = (APPROVED, REJECTED)
PDF_ONLY = {uploads.PDF: {"pdf"}}


@dataclass(frozen=True)
class Outcome:
    nomination: Nomination
    outcome: str  # APPROVED or REJECTED
    reason: str


def decidable(nomination: Nomination) -> bool:
    """Waiting for the ministry, with the assessments a decision needs and any consensus recorded."""
    if not (service.can_move(nomination, APPROVED) and service.can_move(nomination, REJECTED)):
        return False
    submitted = service.submitted_assessments(nomination)
    from registry.nominations import consensus

    return len(submitted) >= 2 and not consensus.needs_consensus(nomination, submitted)


def _store_pdf(upload: FileStorage) -> tuple[str, str, int, str]:
    name = uploads.clean_filename(upload.filename)
    try:
        data = uploads.read_upload(upload.stream, name, max_bytes())
        content_type = uploads.identify(data, name, PDF_ONLY)
    except uploads.UploadRefused as refusal:
        raise service.NominationError(str(refusal.message)) from None
    key = uuid.uuid4().hex
    path = _folder() / key
    path.write_bytes(data)
    return _clean_name(upload.filename) or "quyet-dinh.pdf", content_type, len(data), key


def issue(round_: NominationRound, actor: User, number: str, signed_on: date, signer: str,
          upload: FileStorage, outcomes: list[Outcome]) -> DecisionDocument:
    """Record the document and decide every nomination it names; refused as a whole if any
    nomination is not of the round, not decidable, or lacks its reason."""
    if not outcomes:
        raise service.NominationError(_("Choose at least one nomination the decision recognises or rejects."))
    for item in outcomes:
        if item.nomination.round_id != round_.id:
            raise service.NominationError(_("“%(model)s” is not in this round.", model=item.nomination.model.name))
        if item.outcome not in OUTCOMES:
            raise service.NominationError(_("Unknown decision."))
        if not item.reason.strip():
            raise service.NominationError(_("Give the reason for “%(model)s”.", model=item.nomination.model.name))
        if not decidable(item.nomination):
            raise service.NominationError(_("“%(model)s” cannot be decided yet.", model=item.nomination.model.name))
    filename, content_type, size, key = _store_pdf(upload)
    document = DecisionDocument(round_id=round_.id, number=number.strip(), signed_on=signed_on, signer=signer.strip(),
                                filename=filename, content_type=content_type, size=size, storage_key=key,
                                created_by_id=actor.id)
    db.session.add(document)
    db.session.flush()
    for item in outcomes:
        service.decide(item.nomination, actor, item.outcome, item.reason, document.number, signed_on,
                       document=document)
    log.info("decision %s (document %s) by user %s on nominations %s", document.number, document.id, actor.id,
             [item.nomination.id for item in outcomes])
    return document


def send(document: DecisionDocument):
    return send_download(_folder() / document.storage_key, document.content_type, document.filename)

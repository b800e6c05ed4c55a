"""Hand a composed mail to SMTP, or, without ``MAIL_SERVER`` (the embedded default), to a file
in ``MAIL_FOLDER`` (listed on the development mailbox page)."""
from __future__ import annotations

import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app


class MailError(RuntimeError):
    """SMTP did not take the mail. ``temporary``: worth trying again later."""

    def __init__(self, message: str, temporary: bool):
        super().__init__(message)
        self.temporary = temporary


def _is_temporary(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    # Refused or dropped connections, timeouts, a disconnect mid-dialogue.
    return isinstance(error, OSError)


def send_message(message: EmailMessage) -> None:
    """Hand the mail to SMTP (or the mail folder). Raises MailError saying whether to retry."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        folder = Path(config["MAIL_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
        return
    try:
        _smtp_send(message, config)
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"{type(error).__name__}: {error}"[:2000], temporary=_is_temporary(error)) from error


def _smtp_send(message: EmailMessage, config) -> None:
    smtp_class = smtplib.SMTP_SSL if config["MAIL_USE_SSL"] else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)

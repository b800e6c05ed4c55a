"""The outbox: notification rows, their dispatch to the queues and their delivery by mail.

It sits below the areas that write notifications (accounts, nominations, the reminders of
``registry.notifications``): they call ``notify`` in their own transaction, and the outbox
hands the row to Redis after the commit — account mail on the ``urgent`` queue, the rest on
``mail`` — and a worker delivers it. What a mail says, and who wants which mail, is the
notifications area's answer, registered on the app (``policy``).
"""
from __future__ import annotations

from registry.outbox.service import notify, notify_many, resend

__all__ = ["init_app", "notify", "notify_many", "resend"]


def init_app(app) -> None:
    from flask import g

    from registry.outbox import cli, dispatch, service

    cli.init_app(app)

    @app.after_request
    def _dispatch_after_commit(response):
        # Only after the view committed successfully: a failed request sends nothing. Only the
        # rows this request wrote: the dispatcher takes the others, so a request never waits
        # for more than its own mail (and, with Redis hung, a fraction of a second).
        ids = service.written_in_request()
        if ids and response.status_code < 400:
            dispatch.dispatch_pending(sorted(ids))
            g.pop("outbox_ids", None)
        return response

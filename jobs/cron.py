"""The registry's schedule for RQ's cron scheduler.

Run one scheduler (more are harmless: every job is idempotent through deduplication keys)::

    rq cron --url "$REDIS_URL" jobs/cron.py

Times are Vietnam's (Asia/Ho_Chi_Minh), converted to the UTC cron strings RQ 2.x reads.
The jobs need the application, so they run in ``rq worker --worker-class jobs.worker.AppWorker``.
"""
from rq import cron

from jobs.schedule import check_rq_version, vietnam_cron
from registry.export_jobs.tasks import delete_expired_exports
from registry.notifications.tasks import dispatch_outbox, scan_reminders, send_daily_digests, send_weekly_digests

check_rq_version()

# Vietnam's time → what RQ reads: 06:00 → "0 23 * * *" (the previous UTC day).
SCHEDULE = {
    "scan_reminders": "0 6 * * *",        # every day at 06:00: what is due, overdue, waiting
    "send_daily_digests": "0 7 * * *",    # every day at 07:00: the daily digests
    "send_weekly_digests": "0 7 * * 1",   # Mondays at 07:00: the weekly digests
}
OUTBOX_INTERVAL_SECONDS = 300             # every 5 minutes: the outbox dispatcher
EXPORT_CLEANUP_INTERVAL_SECONDS = 3600    # every hour: export files past EXPORT_KEEP_HOURS

cron.register(scan_reminders, queue_name="default", cron=vietnam_cron(SCHEDULE["scan_reminders"]))
cron.register(send_daily_digests, queue_name="default", cron=vietnam_cron(SCHEDULE["send_daily_digests"]))
cron.register(send_weekly_digests, queue_name="default", cron=vietnam_cron(SCHEDULE["send_weekly_digests"]))
cron.register(dispatch_outbox, queue_name="default", interval=OUTBOX_INTERVAL_SECONDS)
cron.register(delete_expired_exports, queue_name="default", interval=EXPORT_CLEANUP_INTERVAL_SECONDS)

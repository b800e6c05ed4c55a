"""The registry's schedule, in RQ's cron configuration format.

Run by the registry's scheduler (one fires at a time; more stand by)::

    python -m jobs.scheduler --url "$REDIS_URL" jobs/cron.py      # make cron

Times are Vietnam's (Asia/Ho_Chi_Minh), converted to the UTC cron strings RQ 2.x reads;
intervals fire on multiples of the interval (every minute on the minute). The jobs need the
application, so they run in ``rq worker --worker-class jobs.worker.AppWorker``.
"""
from rq import cron

from jobs.schedule import check_rq_version, vietnam_cron
from registry.export_jobs.tasks import delete_expired_exports
from registry.nominations.tasks import remind_round_deadlines
from registry.notifications.tasks import scan_reminders, send_daily_digests, send_weekly_digests
from registry.outbox.tasks import dispatch_outbox

check_rq_version()

# Vietnam's time → what RQ reads: 06:00 → "0 23 * * *" (the previous UTC day).
SCHEDULE = {
    "scan_reminders": "0 6 * * *",        # every day at 06:00: what is due, overdue, waiting
    "send_daily_digests": "0 7 * * *",    # every day at 07:00: the daily digests
    "send_weekly_digests": "0 7 * * 1",   # Mondays at 07:00: the weekly digests
    "remind_round_deadlines": "30 6 * * *",  # every day at 06:30: rounds closing in 14 or 3 days
}
OUTBOX_INTERVAL_SECONDS = 60              # every minute: the outbox dispatcher and its recovery (urgent
                                          # queue: it recovers account mail, which must not wait)
EXPORT_CLEANUP_INTERVAL_SECONDS = 3600    # every hour: export files past EXPORT_KEEP_HOURS

cron.register(scan_reminders, queue_name="default", cron=vietnam_cron(SCHEDULE["scan_reminders"]))
cron.register(send_daily_digests, queue_name="default", cron=vietnam_cron(SCHEDULE["send_daily_digests"]))
cron.register(send_weekly_digests, queue_name="default", cron=vietnam_cron(SCHEDULE["send_weekly_digests"]))
cron.register(remind_round_deadlines, queue_name="default", cron=vietnam_cron(SCHEDULE["remind_round_deadlines"]))
cron.register(dispatch_outbox, queue_name="urgent", interval=OUTBOX_INTERVAL_SECONDS)
cron.register(delete_expired_exports, queue_name="default", interval=EXPORT_CLEANUP_INTERVAL_SECONDS)

"""A schedule for the scheduler's tests: one job every two seconds (jobs are only queued, never run)."""
from rq import cron

from registry.outbox.tasks import dispatch_outbox

cron.register(dispatch_outbox, queue_name="default", interval=2)

"""The worker (``worker.AppWorker``), the scheduler that runs the schedule (``scheduler``,
``cron.py``, with its time conversion in ``schedule``) and how both wait for Redis (``reconnect``).

Job functions live in their area, ``registry/<area>/tasks.py``: each takes ids, never ORM
objects, and runs in an app context.
"""

"""The worker (``worker.AppWorker``), the schedule (``cron.py``) and its time conversion.

Job functions live in their area, ``registry/<area>/tasks.py``: each takes ids, never ORM
objects, and runs in an app context.
"""

"""RQ job functions. Each takes ids, never ORM objects, and runs in an app context."""

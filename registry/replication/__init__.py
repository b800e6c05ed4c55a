"""See models.py; routes arrive with the area's issue."""

"""The dashboard suites share the reviews suites' frozen clock and English sign-in."""
from tests.reviews.conftest import frozen, sign_in  # noqa: F401

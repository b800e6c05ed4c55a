"""What gunicorn serves during a benchmark: the registry with the signed-in floor
(bench/signed_in_floor.py, only here), and the references (bench/reference_app.py) under
/__ref, in the same worker processes."""
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from bench.reference_app import create_reference_app
from bench.pages import REFERENCE_PREFIX
from bench.signed_in_floor import add_signed_in_floor
from registry import create_app


application = DispatcherMiddleware(add_signed_in_floor(create_app()), {REFERENCE_PREFIX: create_reference_app()})

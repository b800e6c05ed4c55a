"""National scale: the data generator (``flask generate-scale``) and the query counter
the benchmarks in ``bench/`` read."""
from __future__ import annotations


def init_app(app) -> None:
    from registry.scale import cli, query_count

    app.cli.add_command(cli.generate_scale_command)
    query_count.init_app(app)

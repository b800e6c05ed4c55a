"""``flask generate-scale``: the national data set for benchmarks."""
from __future__ import annotations


import click
from flask.cli import with_appcontext

from registry import clock
from registry.scale.loader import ScaleError, Sizes, generate
from registry.scale.people import BENCH_MINISTRY_ADMIN, BENCH_OFFICER, BENCH_REVIEWER, SCALE_PASSWORD
from registry.scale.plan import PlanError


@click.command("generate-scale")
@click.option("--models", default=50_000, show_default=True, help="Movement models, across the 34 provinces.")
@click.option("--sites", default=1_000_000, show_default=True, help="Replication sites.")
@click.option("--reviews", default=300_000, show_default=True, help="Effectiveness reviews (9 values each).")
@click.option("--users", default=2_000, show_default=True, help="Users, including three benchmark accounts.")
@click.option("--seed", default=42, show_default=True, help="Same seed and sizes, same rows.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day the data set is seen from (default today): decides what is overdue.")
@click.option("--reset", is_flag=True, help="Empty the models' tables and remove generated users first.")
@with_appcontext
def generate_scale_command(models, sites, reviews, users, seed, as_of, reset) -> None:
    """Fill the PostgreSQL database with national-size, reproducible data (COPY)."""
    sizes = Sizes(models=models, sites=sites, reviews=reviews, users=users)
    day = as_of.date() if as_of else clock.today()
    try:
        result = generate(sizes, seed, day, reset, say=lambda line: click.echo(f"  {line}"))
    except (ScaleError, PlanError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    for table, count in result["counts"].items():
        click.echo(f"{table:>20}: {count:,}")
    from sqlalchemy import text

    from registry.extensions import db
    from registry.figures import counters

    kept = counters.recount_all()  # the rows came by COPY, past the session that keeps them
    db.session.commit()
    # The counters are fresh rows too: without VACUUM their index-only scans read the heap (the
    # national figures' 12 months of day counters: a 79,000-row scan instead of an index range).
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for table in kept:
            connection.execute(text(f"VACUUM ANALYZE {table}"))
    click.echo("Counters of the figures: " + ", ".join(f"{table} {n:,}" for table, n in kept.items()))
    click.echo(f"Done in {result['seconds']['total']:.1f}s (seed {seed}, as of {day:%d/%m/%Y}).")
    click.echo(f"Benchmark accounts (password {SCALE_PASSWORD}): {BENCH_OFFICER}, {BENCH_REVIEWER}, "
               f"{BENCH_MINISTRY_ADMIN}")

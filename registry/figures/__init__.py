"""The registry's figures, each defined once and read the same on every page, export, mail,
dashboard, job and benchmark.

| figure | definition | how it is read |
|---|---|---|
| running model | ``rules.running`` (status active) | — |
| live site | ``rules.live_site`` (active site of a running model) | ``queries.site_figures`` (live, by model index) |
| coverage | wards with ≥ 1 live site / wards | ``queries.coverage`` (kept ``WardFigures``, ``live_sites > 0``) |
| a province's sites, live sites, wards reached | — | ``queries.site_list_figures`` (kept ``WardFigures``; filtered: one count) |
| due date | ``schedule.due_date`` | kept on ``movement_model.next_review_due_on`` |
| overdue, due soon | ``rules.overdue``, ``rules.due_soon`` | live, on the due-date indexes |
| on time (12 months) | ``rules.on_time``, ``rules.timeliness_since`` | ``queries.timeliness`` (kept ``ReviewFigures``) |
| models by category, status, rating | ``queries.model_counts`` | kept ``ModelFigures`` |
| adopting province | ``rules.adopting_copy`` | live, by the copies' source index |
| nominations by state | ``rules.seen_by_ministry`` | ``queries.nominations_by_state`` (live) |
| review period offered | ``schedule.offered_period`` | — |

One package rather than a ``rules.py`` per area: most figures join several areas (a live site
is a site and its model's status; coverage adds the wards; on time is a review and its
model's schedule), and one file to read is how they stay one definition. The counters are kept
in the transaction of each write (``counters``): no figure waits for a scheduled job.
"""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.command("refresh-figures")
@click.option("--due-dates", is_flag=True, help="Also compute every model's due date and latest rating again.")
@with_appcontext
def refresh_figures_command(due_dates: bool) -> None:
    """Rebuild the kept counters from the rows (after writes that bypassed the application)."""
    from registry.extensions import db
    from registry.figures import counters
    from registry.figures.schedule import refresh_all_due_dates

    if due_dates:
        click.echo(f"Due dates computed again for {refresh_all_due_dates()} models")
    kept = counters.recount_all()
    db.session.commit()
    click.echo("Counters rebuilt: " + ", ".join(f"{table} {rows:,} rows" for table, rows in kept.items()))


def init_app(app) -> None:
    from registry.figures import counters  # noqa: F401  (its listeners keep the counters)
    from registry.figures import rules

    app.cli.add_command(refresh_figures_command)
    app.add_template_global(rules.days_overdue)

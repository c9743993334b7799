"""After every app has seeded its demo data, compute the figures so the dashboards show them."""

from .services import stats_rebuild

ORDER = 90


def seed(ctx) -> None:
    run = stats_rebuild()
    ctx.stdout.write(f"statistics: {run.rows_written} summary rows")

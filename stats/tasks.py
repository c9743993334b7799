from celery import shared_task

from . import services


@shared_task(name="stats.tasks.stats_rebuild_full", soft_time_limit=50 * 60, time_limit=55 * 60)
def stats_rebuild_full() -> str:
    return services.stats_rebuild(incremental=False).status


@shared_task(name="stats.tasks.stats_refresh", soft_time_limit=10 * 60, time_limit=12 * 60)
def stats_refresh() -> str:
    return services.stats_rebuild(incremental=True).status

from celery import shared_task

from . import services


@shared_task(name="publicity.tasks.post_publish_due")
def post_publish_due() -> int:
    """Publish scheduled posts whose time has come (run by beat every few minutes)."""
    return services.post_publish_due()

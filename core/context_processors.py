from django.conf import settings

from .models import Notification
from .navigation import nav_items_for


def portal(request):
    user = getattr(request, "user", None)
    context = {"portal_name": settings.PORTAL_NAME, "unread_notifications": 0, "nav_items": []}
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        context["nav_items"] = nav_items_for(user, request.path)
    return context

from .models import Notification


def unread(request):
    """The bell's count on every page for signed-in people (one small indexed query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return {"unread_notifications": count}

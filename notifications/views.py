from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.lists import page_of
from core.pagecache import cached_page

from . import services
from .forms import PreferencesForm
from .models import Notification, Preference


@cached_page
@login_required
def inbox(request):
    queryset = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
    return render(request, "notifications/list.html", {"page": page_of(request, queryset)})


@login_required
def open_one(request, pk):
    """Mark read and go to the object (only to this site's own pages)."""
    item = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notifications_mark_read(user=request.user, pks=[item.pk])
    if item.url and url_has_allowed_host_and_scheme(item.url, allowed_hosts={request.get_host()}):
        return redirect(item.url)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    current = dict(Preference.objects.filter(user=request.user).values_list("kind", "channel"))
    form = PreferencesForm(request.POST or None, current=current, user=request.user)
    if request.method == "POST" and form.is_valid():
        for kind, channel in form.cleaned_data.items():
            services.preference_set(user=request.user, kind=kind, channel=channel)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})

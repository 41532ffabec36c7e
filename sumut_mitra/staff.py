"""The staff layout (templates/layouts/staff.html): which pages are staff pages, the agency a
staff member works for now, and the menu's figures, read once per request and only on the pages
that show the menu."""

from functools import cached_property

from django.contrib.auth.models import AnonymousUser
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from agencies.rules import is_secretariat, works_for_an_agency
from agencies.selectors import agencies_awaiting_review_count, staff_agencies_of
from core.pagecache import remember
from forums.selectors import moderation_counts

# The session key of the agency chosen with ?instansi= (the dasbor's switcher).
CURRENT_AGENCY_KEY = "current_agency"
STAFF_LAYOUT = "layouts/staff.html"

# Staff pages outside the apps' /kelola/ addresses.
STAFF_PAGES = {
    "dashboard",
    "agencies:mine",
    "agencies:review_queue",
    "agencies:review",
    "agencies:edit",
    "agencies:members",
    "agencies:member_remove",
    "agencies:capability_create",
    "agencies:capability_edit",
    "agencies:capability_delete",
    "forums:inbox",
    "forums:moderation",
    "forums:suspend",
    "forums:meeting_create",
    "notifications:list",
}
KELOLA_APPS = {"partnerships", "trainings", "forums"}


def is_staff_page(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    if match.view_name in STAFF_PAGES:
        return True
    return match.namespace in KELOLA_APPS and "/kelola/" in f"/{match.route}"


def current_agency(request):
    """(the agency shown, the person's agencies): the one ?instansi= names, else the one chosen
    last (the session), else the first by name; None for someone of no agency. One query per
    request."""
    cached = getattr(request, "_current_agency", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None) or AnonymousUser()
    agencies = staff_agencies_of(user) if user.is_authenticated else []
    by_slug = {agency.slug: agency for agency in agencies}
    wanted = request.GET.get("instansi") or request.session.get(CURRENT_AGENCY_KEY)
    agency = by_slug.get(wanted) or (agencies[0] if agencies else None)
    request._current_agency = (agency, agencies)
    return request._current_agency


class StaffMenu:
    """What the staff menu shows, read the first time a template asks (public pages never do)."""

    def __init__(self, request):
        self.request = request
        # A template rendered with a bare request (no middleware ran) has no one signed in.
        self.user = getattr(request, "user", None) or AnonymousUser()

    @cached_property
    def shown(self):
        return self.user.is_authenticated and works_for_an_agency(self.user)

    @cached_property
    def agency(self):
        return current_agency(self.request)[0]

    @cached_property
    def agencies(self):
        return current_agency(self.request)[1]

    @cached_property
    def is_secretariat(self):
        return is_secretariat(self.user)

    @cached_property
    def items(self):
        path = self.request.path
        entries = [
            ("dashboard", _("Dashboard"), "bi-speedometer2"),
            ("partnerships:manage", _("Partnerships"), "bi-people"),
            ("trainings:manage", _("Trainings"), "bi-mortarboard"),
            (
                "forums:inbox",
                pgettext_lazy("staff menu", "Residents' input"),
                "bi-chat-square-text",
            ),
            ("agencies:mine", _("My agencies"), "bi-building"),
        ]
        return [_item(name, label, icon, path) for name, label, icon in entries]

    @cached_property
    def queues(self):
        """The secretariat's queues with their sizes, else nothing."""
        if not self.is_secretariat:
            return []
        sizes = remember("staff-menu:secretariat-queues", _secretariat_queue_sizes)
        path = self.request.path
        entries = [
            _item(
                "agencies:review_queue",
                _("Agency verification"),
                "bi-patch-check",
                path,
                count=sizes["agencies"],
            ),
            _item(
                "forums:inbox",
                _("Input to verify"),
                "bi-inbox",
                path,
                count=sizes["to_verify"],
                query="status=received",
            ),
            _item(
                "forums:moderation",
                _("Moderation"),
                "bi-shield-check",
                path,
                count=sizes["held"] + sizes["reports"],
            ),
        ]
        if self.user.is_staff:
            entries.append(
                _item("admin:forums_forum_changelist", _("Forum management"), "bi-gear", path)
            )
        return [entry for entry in entries if entry]


def _secretariat_queue_sizes():
    """Three queries over the province's rows, remembered until one of their tables changes."""
    return {"agencies": agencies_awaiting_review_count(), **moderation_counts()}


def _item(name, label, icon, path, *, count=None, query=""):
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    active = not query and path.startswith(url)
    return {
        "url": f"{url}?{query}" if query else url,
        "label": label,
        "icon": icon,
        "active": active,
        "count": count,
    }


def staff_layout(request):
    """The context processor: the staff menu, and the layout the shared page frames
    (layouts/card.html, includes/list_page.html) extend on a staff page."""
    return {
        "staff_menu": StaffMenu(request),
        "page_layout": STAFF_LAYOUT if is_staff_page(request) else "base.html",
    }

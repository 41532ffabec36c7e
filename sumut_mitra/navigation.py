"""The main menu. Each app's section appears once that app serves its page."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

MAIN_MENU = [
    ("home", _("Home"), "bi-house"),
    ("agencies:directory", _("Agencies"), "bi-building"),
    ("partnerships:list", _("Partnerships"), "bi-people"),
    ("trainings:list", _("Trainings"), "bi-mortarboard"),
    ("forums:index", _("Residents' Forum"), "bi-chat-square-text"),
    ("statistics", _("Data & statistics"), "bi-bar-chart"),
]


def main_menu(request):
    items = []
    for url_name, label, icon in MAIN_MENU:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue  # that app has not landed yet
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"url": url, "label": label, "icon": icon, "active": active})
    return items

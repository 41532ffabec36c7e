"""The public list as CSV: only what the public pages show (no names, e-mails or IPs)."""

import tablib
from django.utils import timezone
from django.utils.translation import gettext as _


def public_dataset(submissions):
    dataset = tablib.Dataset(
        title=_("Public input"),
        headers=[
            _("Tracking code"),
            _("Kind"),
            _("Title"),
            _("Status"),
            _("Sector"),
            _("Regency/city"),
            _("Assigned agency"),
            _("Submitted at (WIB)"),
            _("Answered at (WIB)"),
            _("Supports"),
        ],
    )
    for item in submissions:
        dataset.append(
            [
                item.tracking_code,
                item.get_kind_display(),
                item.title,
                item.get_status_display(),
                str(item.sector or ""),
                str(item.regency or ""),
                str(item.assigned_agency or ""),
                timezone.localtime(item.created_at).strftime("%d-%m-%Y %H:%M"),
                timezone.localtime(item.answered_at).strftime("%d-%m-%Y %H:%M")
                if item.answered_at
                else "",
                item.support_count,
            ]
        )
    return dataset

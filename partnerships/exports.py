"""The public list as a spreadsheet: only the fields the public page shows."""

import tablib
from django.utils.translation import gettext as _


def public_list_dataset(agreements):
    dataset = tablib.Dataset(
        title=_("Cooperation agreements"),
        headers=[
            _("Reference"),
            _("Title"),
            _("Kind"),
            _("Status"),
            _("Parties"),
            _("Sectors"),
            _("Start date"),
            _("End date"),
        ],
    )
    for agreement in agreements:
        dataset.append(
            [
                agreement.reference,
                agreement.title,
                agreement.get_kind_display(),
                agreement.effective_status.label,
                "; ".join(party.agency.name for party in agreement.parties.all()),
                "; ".join(str(sector) for sector in agreement.sectors.all()),
                agreement.start_date.isoformat(),
                agreement.end_date.isoformat(),
            ]
        )
    return dataset

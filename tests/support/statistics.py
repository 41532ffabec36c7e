"""Data for the tests of the published figures (Data & Statistik, the data catalogue): copies of
the demo's public rows, so that a page can be shown to read as many queries with more data."""

from agencies.models import Regency
from forums.enums import Privacy, SubmissionStatus
from forums.rules import public_submissions
from partnerships.enums import AgreementStatus, Visibility
from partnerships.models import Agreement


def public_agreements():
    return Agreement.objects.filter(
        visibility=Visibility.PUBLIC,
        status__in=[AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED],
    )


def input_in(regency, count, **fields):
    """`count` copies of a published public input, sent from `regency`; their tracking codes."""
    template = public_submissions().filter(privacy=Privacy.PUBLIC).first()
    made = []
    for number in range(count):
        template.pk = None
        template._state.adding = True
        template.tracking_code = f"SM-CNT-{regency.code}-{number}"
        template.regency = regency
        template.status = SubmissionStatus.RECEIVED
        for name, value in fields.items():
            setattr(template, name, value)
        template.save(force_insert=True)
        made.append(template.tracking_code)
    return made


def more_public_data():
    """Ten times the demo's public agreements, and more input, in the same places."""
    agreements = list(public_agreements().prefetch_related("sectors", "locations"))
    for copy in range(10):
        for number, agreement in enumerate(agreements):
            sectors, places = list(agreement.sectors.all()), list(agreement.locations.all())
            agreement.pk = None
            agreement._state.adding = True
            agreement.reference = f"KS-MORE-{copy}-{number}"
            agreement.save(force_insert=True)
            agreement.sectors.set(sectors)
            agreement.locations.set(places)
    for regency in Regency.objects.all()[:10]:
        input_in(regency, 4)

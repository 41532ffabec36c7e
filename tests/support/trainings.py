"""Trainings for tests, made through the services as the organisers would."""

from datetime import timedelta

from django.utils import timezone

from agencies.enums import MemberRole
from tests.factories import AgencyFactory, MembershipFactory, regency, sector
from trainings import services


def organiser_editor(agency=None):
    """An editor of a verified agency (the lead organiser)."""
    agency = agency or AgencyFactory()
    return MembershipFactory(agency=agency, role=MemberRole.EDITOR).user


def make_training(
    *,
    by=None,
    lead=None,
    co_organisers=(),
    sessions=None,
    publish=True,
    questions=(),
    **fields,
):
    """A training whose registration is open now; sessions start tomorrow unless given.

    `sessions` is a list of (starts_at, ends_at). Returns the training (published by default).
    """
    now = timezone.now()
    if lead is None:
        lead = AgencyFactory()
    if by is None:
        by = organiser_editor(lead)
    if sessions is None:
        start = now + timedelta(days=1)
        sessions = [(start, start + timedelta(hours=3))]
    defaults = {
        "title": "Pelatihan Juru Las SMAW",
        "kind": "sertifikasi",
        "description": "Pelatihan dan uji kompetensi juru las.",
        "sector": sector("tenaga-kerja"),
        "audience": "public",
        "mode": "in_person",
        "venue": "BLK Medan, Jl. Gatot Subroto",
        "regency": regency("12.71"),
        "capacity": 10,
        "registration_opens_at": now - timedelta(days=1),
        "registration_closes_at": min(end for _start, end in sessions) - timedelta(minutes=1)
        if min(end for _start, end in sessions) > now
        else now + timedelta(minutes=30),
        "requires_approval": False,
        "min_attendance_percent": 80,
    }
    defaults.update(fields)
    organisers = [{"agency": lead, "is_lead": True}]
    organisers += [{"agency": agency, "is_lead": False} for agency in co_organisers]
    training = services.training_save(
        by=by,
        organisers=organisers,
        sessions=[{"starts_at": s, "ends_at": e, "title": ""} for s, e in sessions],
        questions=[
            {"text": "", "kind": "text", "choices": "", "required": False, "position": i, **q}
            for i, q in enumerate(questions)
        ],
        **defaults,
    )
    if publish:
        training = services.training_move(training=training, to_status="published", by=by)
    training.organiser_user = by
    return training

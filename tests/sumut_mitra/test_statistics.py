"""The Data & Statistik figures: each equals a count made here, row by row in Python, from the
demo data; and what the public may not see (internal agreements, rahasia and held input,
staff-only trainings) changes no figure."""

import datetime
import io
import statistics as stats
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone

from forums.enums import PUBLIC_STATUSES, Privacy, SubmissionStatus
from forums.models import Submission
from partnerships.enums import AgreementStatus, ReportStatus, Visibility
from partnerships.models import Agreement, Contribution, MonevReport
from sumut_mitra import statistics
from trainings.enums import ATTENDED, CONFIRMED, Audience, CertificateStatus, TrainingStatus
from trainings.models import Registration, Training


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    _spread_the_demo()


def _spread_the_demo():
    """More variety than the demo has: agreements in several regencies and sectors, answers
    that took days, a late one, a completed agreement, an expired one."""
    from agencies.models import Regency, Sector

    medan, binjai = Regency.objects.get(code="12.71"), Regency.objects.get(code="12.75")
    agreements = list(public_rows())
    assert len(agreements) >= 3, "the demo lost its public agreements"
    agreements[0].locations.add(binjai)
    agreements[1].locations.set([binjai])
    agreements[1].sectors.add(Sector.objects.order_by("pk").last())
    Agreement.objects.filter(pk=agreements[2].pk).update(status=AgreementStatus.COMPLETED)
    Agreement.objects.filter(pk=agreements[0].pk).update(
        end_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    assert medan  # the demo's own place stays in use
    now = timezone.now()
    for days, submission in enumerate(
        Submission.objects.filter(answered_at__isnull=False).order_by("pk"), start=1
    ):
        Submission.objects.filter(pk=submission.pk).update(
            forwarded_at=now - datetime.timedelta(days=10),
            answer_due=now - datetime.timedelta(days=5),
            answered_at=now - datetime.timedelta(days=10 - 2 * days),
        )


def public_rows():
    return Agreement.objects.filter(
        visibility=Visibility.PUBLIC,
        status__in=[AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED],
    ).order_by("pk")


def by_hand_agreements():
    today = timezone.localdate()
    rows = [
        a
        for a in Agreement.objects.prefetch_related("sectors", "locations", "contributions")
        if a.visibility == Visibility.PUBLIC
        and a.status in (AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED)
    ]
    in_force = [a for a in rows if a.status == AgreementStatus.IN_FORCE and a.end_date >= today]
    financing = defaultdict(lambda: {"planned": 0, "realised": 0})
    for agreement in rows:
        for contribution in agreement.contributions.all():
            financing[contribution.source]["planned"] += contribution.planned
            financing[contribution.source]["realised"] += contribution.realised
    return {
        "status": {
            "total": len(rows),
            "in_force": len(in_force),
            "ending_soon": sum(a.end_date <= today + datetime.timedelta(days=90) for a in in_force),
            "expired": sum(
                a.status == AgreementStatus.IN_FORCE and a.end_date < today for a in rows
            ),
            "completed": sum(a.status == AgreementStatus.COMPLETED for a in rows),
        },
        "kind": dict(Counter(a.kind for a in rows)),
        "cooperation": dict(Counter(a.cooperation_kind for a in rows)),
        "sector": dict(Counter(s.pk for a in rows for s in a.sectors.all())),
        "regency": dict(Counter(r.pk for a in rows for r in a.locations.all())),
        "year": dict(Counter(a.start_date.year for a in rows)),
        "financing": dict(financing),
    }


def by_hand_results():
    public = {a.pk: a for a in public_rows().prefetch_related("sectors", "locations")}
    reports = [
        r
        for r in MonevReport.objects.all()
        if r.status == ReportStatus.ACCEPTED and r.agreement_id in public
    ]
    names = ("jobs_absorbed", "investment_realised", "trainees", "ikm_assisted")

    def add(target, report):
        for name in names:
            target[name] += getattr(report, name)
        target["reports"] += 1

    def empty():
        return dict.fromkeys((*names, "reports"), 0)

    total, regency, sector, year = (
        empty(),
        defaultdict(empty),
        defaultdict(empty),
        defaultdict(empty),
    )
    for report in reports:
        add(total, report)
        add(year[report.year], report)
        for place in public[report.agreement_id].locations.all():
            add(regency[place.pk], report)
        for field in public[report.agreement_id].sectors.all():
            add(sector[field.pk], report)
    return {"total": total, "regency": dict(regency), "sector": dict(sector), "year": dict(year)}


def by_hand_input():
    published = [
        s
        for s in Submission.objects.all()
        if s.status in PUBLIC_STATUSES
        and not (s.held or s.hidden or s.quarantined)
        and s.privacy != Privacy.CONFIDENTIAL
    ]
    now = timezone.now()
    forwarded = [s for s in published if s.assigned_agency_id and s.forwarded_at and s.answer_due]

    def record(rows):
        due = [s for s in rows if s.answered_at or s.answer_due < now]
        answered = [s for s in rows if s.answered_at]
        hours = [(s.answered_at - s.forwarded_at).total_seconds() / 3600 for s in answered]
        return {
            "due": len(due),
            "answered": len(answered),
            "on_time": sum(s.answered_at <= s.answer_due for s in answered),
            "median_hours": round(stats.median(hours), 1) if hours else None,
        }

    agencies = defaultdict(list)
    for submission in forwarded:
        agencies[submission.assigned_agency_id].append(submission)
    return {
        "kind_status": dict(Counter((s.kind, s.status) for s in published)),
        "regency": dict(Counter(s.regency_id for s in published if s.regency_id)),
        "regency_topic": dict(
            Counter((s.regency_id, s.sector_id) for s in published if s.regency_id and s.sector_id)
        ),
        "answering": record(forwarded),
        "agency": {pk: record(rows) for pk, rows in agencies.items()},
    }


def by_hand_trainings():
    trainings = [
        t
        for t in Training.objects.all()
        if t.audience == Audience.PUBLIC
        and t.status in (TrainingStatus.PUBLISHED, TrainingStatus.COMPLETED)
        and t.starts_at
    ]
    ids = {t.pk for t in trainings}
    now = timezone.now()
    registrations = [
        r for r in Registration.objects.select_related("training") if r.training_id in ids
    ]
    issued = {
        r.pk
        for r in registrations
        if hasattr(r, "certificate") and r.certificate.status == CertificateStatus.READY
    }

    def figures(rows, count):
        ended = [r for r in rows if r.training.ends_at and r.training.ends_at < now]
        return {
            "trainings": count,
            "participants": sum(r.status in CONFIRMED for r in rows),
            "expected": sum(r.status in CONFIRMED for r in ended),
            "attended": sum(r.status in ATTENDED for r in ended),
            "certificates": sum(r.pk in issued for r in rows),
        }

    month = lambda t: timezone.localtime(t.starts_at).date().replace(day=1)  # noqa: E731
    by_month = defaultdict(list)
    for training in trainings:
        by_month[month(training)].append(training)
    return {
        "total": figures(registrations, len(trainings)),
        "month": {
            key: figures([r for r in registrations if r.training in group], len(group))
            for key, group in by_month.items()
        },
    }


def test_every_figure_equals_a_count_made_from_the_rows(demo):
    raw, made_at = statistics.figures(statistics.Filters())

    assert raw["agreements"] == by_hand_agreements()
    assert raw["results"] == by_hand_results()
    assert raw["input"] == by_hand_input()
    trainings = by_hand_trainings()
    assert raw["trainings"]["total"] == trainings["total"]
    assert raw["trainings"]["month"] == trainings["month"]
    # The demo has what makes these comparisons mean something.
    assert raw["agreements"]["status"]["expired"] == 1
    assert raw["agreements"]["status"]["completed"] == 1
    assert len(raw["agreements"]["regency"]) >= 2
    assert raw["results"]["total"]["jobs_absorbed"] > 0
    assert raw["agreements"]["financing"]
    assert raw["input"]["answering"]["median_hours"] > 24
    assert 0 < raw["input"]["answering"]["on_time"] < raw["input"]["answering"]["due"]
    assert trainings["total"]["participants"] > 0
    assert abs(timezone.now() - made_at) < datetime.timedelta(minutes=1)


def _copy(row, **changes):
    """A copy of `row` (a new primary key) with `changes`."""
    row.pk = None
    row.id = None
    for name, value in changes.items():
        setattr(row, name, value)
    row._state.adding = True
    row.save(force_insert=True)
    return row


def _hidden_twins():
    """For each kind of record the public never sees, a twin of a counted one that would move
    every figure if it were counted: an internal agreement (and one still in deliberation) with
    places, sectors, money and an accepted monev report; rahasia, held, hidden and unconfirmed
    input, forwarded and answered; a staff-only and a draft training with participants."""
    from agencies.models import Regency

    original = public_rows().prefetch_related("sectors", "locations").first()
    sectors, places = list(original.sectors.all()), list(original.locations.all())
    places.append(Regency.objects.get(code="12.04"))
    report = MonevReport.objects.filter(status=ReportStatus.ACCEPTED).first()
    contribution = Contribution.objects.first()
    for number, changes in enumerate(
        [{"visibility": Visibility.INTERNAL}, {"status": AgreementStatus.DELIBERATION}]
    ):
        twin = _copy(
            Agreement.objects.get(pk=original.pk), reference=f"KS-TWIN-{number}", **changes
        )
        twin.sectors.set(sectors)
        twin.locations.set(places)
        party = _copy(original.parties.order_by("pk").first(), agreement=twin)
        _copy(Contribution.objects.get(pk=contribution.pk), agreement=twin, party=party)
        _copy(
            MonevReport.objects.get(pk=report.pk),
            agreement=twin,
            party=party,
            jobs_absorbed=999,
        )
    answered = Submission.objects.filter(answered_at__isnull=False, privacy=Privacy.PUBLIC)
    answered = answered.first()
    for number, changes in enumerate(
        [
            {"privacy": Privacy.CONFIDENTIAL},
            {"held": True},
            {"hidden": True},
            {"quarantined": True},
            {"status": SubmissionStatus.UNCONFIRMED},
        ]
    ):
        for copy in range(3):  # enough to pass the small-count threshold
            _copy(
                Submission.objects.get(pk=answered.pk),
                tracking_code=f"SM-TWIN-{number}{copy}",
                regency=Regency.objects.get(code="12.04"),
                **changes,
            )
    training = Training.objects.filter(
        audience=Audience.PUBLIC, status=TrainingStatus.PUBLISHED, starts_at__isnull=False
    ).first()
    registrations = list(Registration.objects.filter(training=training))
    assert registrations, "the demo's training lost its participants"
    for number, changes in enumerate(
        [{"audience": Audience.STAFF}, {"status": TrainingStatus.DRAFT}]
    ):
        twin = _copy(Training.objects.get(pk=training.pk), reference=f"PL-TWIN-{number}", **changes)
        for index, registration in enumerate(registrations):
            _copy(
                Registration.objects.get(pk=registration.pk),
                training=twin,
                code=f"TW{number}{index:04d}",
            )


def test_what_the_public_may_not_see_changes_no_figure(demo):
    before, _made_at = statistics.figures(statistics.Filters())
    _hidden_twins()
    after, _made_at = statistics.figures(statistics.Filters())

    assert after == before
    # The twins are there, and would have counted if they were public.
    assert Agreement.objects.filter(reference__startswith="KS-TWIN").count() == 2
    assert MonevReport.objects.filter(jobs_absorbed=999).count() == 2
    assert Submission.objects.filter(tracking_code__startswith="SM-TWIN").count() == 15
    assert Registration.objects.filter(training__reference__startswith="PL-TWIN").exists()
    twin = Agreement.objects.get(reference="KS-TWIN-0")
    Agreement.objects.filter(pk=twin.pk).update(visibility=Visibility.PUBLIC)
    made_public, _made_at = statistics.figures(statistics.Filters())
    assert (
        made_public["agreements"]["status"]["total"] == before["agreements"]["status"]["total"] + 1
    )
    assert (
        made_public["results"]["total"]["jobs_absorbed"]
        == before["results"]["total"]["jobs_absorbed"] + 999
    )


def test_the_filters_count_only_their_year_sector_or_regency(demo):
    from agencies.models import Regency, Sector

    binjai = Regency.objects.get(code="12.75")
    sector = Sector.objects.order_by("pk").last()
    year = timezone.localdate().year
    agreements = by_hand_agreements_rows()
    published = [
        s
        for s in Submission.objects.all()
        if s.status in PUBLIC_STATUSES
        and not (s.held or s.hidden or s.quarantined)
        and s.privacy != Privacy.CONFIDENTIAL
    ]
    Submission.objects.filter(pk=published[0].pk).update(regency=binjai, sector=sector)
    published = [Submission.objects.get(pk=s.pk) for s in published]
    cases = [
        (
            {"regency": binjai},
            lambda a: binjai in a.locations.all(),
            lambda s: s.regency_id == binjai.pk,
        ),
        (
            {"sector": sector},
            lambda a: sector in a.sectors.all(),
            lambda s: s.sector_id == sector.pk,
        ),
        (
            {"year": year},
            lambda a: a.start_date.year == year,
            lambda s: timezone.localtime(s.created_at).year == year,
        ),
    ]
    for filters, keep_agreement, keep_input in cases:
        raw, _made_at = statistics.figures(statistics.Filters(**filters))
        kept = [a for a in agreements if keep_agreement(a)]
        assert raw["agreements"]["status"]["total"] == len(kept), filters
        assert raw["agreements"]["kind"] == dict(Counter(a.kind for a in kept)), filters
        assert raw["input"]["kind_status"] == dict(
            Counter((s.kind, s.status) for s in published if keep_input(s))
        ), filters
    # Each filter left something out, and something in.
    whole, _made_at = statistics.figures(statistics.Filters())
    assert (
        0 < len([a for a in agreements if cases[0][1](a)]) < whole["agreements"]["status"]["total"]
    )


def by_hand_agreements_rows():
    return [
        a
        for a in Agreement.objects.prefetch_related("sectors", "locations")
        if a.visibility == Visibility.PUBLIC
        and a.status in (AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED)
    ]

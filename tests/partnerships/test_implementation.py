import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from partnerships import monev, services
from partnerships.models import Agreement, Comment
from partnerships.selectors import agreement_list_for_user
from tests.partnerships.conftest import pdf_upload


@pytest.fixture
def in_force(world):
    return world.bring_into_force(
        world.draft(start_date=date(2026, 1, 1), end_date=date(2029, 1, 1))
    )


def first_party(agreement, world):
    return agreement.parties.get(agency=world.disperindag)


def test_milestone_is_late_when_past_due_and_done_with_evidence(world, in_force):
    milestone = services.milestone_create(
        agreement=in_force,
        by=world.editor,
        title="Pelatihan angkatan 1",
        responsible=first_party(in_force, world),
        due_date=timezone.localdate() - timedelta(1),
    )
    assert milestone.effective_status == "late"
    assert agreement_list_for_user(user=world.editor, late_milestones=True).get() == in_force
    services.milestone_complete(
        milestone=milestone,
        by=world.editor,
        completed_on=timezone.localdate(),
        evidence=pdf_upload("daftar-hadir.pdf"),
    )
    milestone.refresh_from_db()
    assert milestone.effective_status == "done" and milestone.evidence.kind == "evidence"
    assert not agreement_list_for_user(user=world.editor, late_milestones=True).exists()


def test_viewers_cannot_plan_milestones(world, in_force):
    with pytest.raises(PermissionDenied):
        services.milestone_create(
            agreement=in_force,
            by=world.viewer,
            title="x",
            responsible=first_party(in_force, world),
            due_date=date(2027, 1, 1),
        )


def test_financing_totals_in_rupiah_on_the_page(client, world, in_force):
    party = first_party(in_force, world)
    services.contribution_add(
        agreement=in_force,
        by=world.editor,
        party=party,
        source="apbd",
        form="cash",
        planned=250_000_000,
        realised=100_000_000,
    )
    services.contribution_add(
        agreement=in_force,
        by=world.editor,
        party=party,
        source="csr",
        form="in_kind",
        planned=1_250_000,
    )
    client.force_login(world.viewer)
    page = client.get(in_force.get_absolute_url()).content.decode()
    assert "Rp 251.250.000" in page and "Rp 100.000.000" in page


def test_monev_is_submitted_reviewed_and_returned_reports_can_be_resent(world, in_force):
    party = first_party(in_force, world)
    report = services.monev_submit(
        agreement=in_force,
        by=world.editor,
        party=party,
        year=2026,
        period=1,
        activities="Pelatihan 40 juru las.",
        jobs_absorbed=25,
        investment_realised=2_000_000_000,
        trainees=40,
        ikm_assisted=3,
        products=2,
        recommendation="expand",
    )
    with pytest.raises(ValidationError):
        services.monev_submit(
            agreement=in_force,
            by=world.editor,
            party=party,
            year=2026,
            period=1,
            activities="lagi",
            recommendation="continue",
        )
    with pytest.raises(PermissionDenied):
        services.monev_review(report=report, by=world.editor, decision="accepted")
    with pytest.raises(ValidationError):
        services.monev_review(report=report, by=world.secretariat, decision="returned")
    services.monev_review(
        report=report, by=world.secretariat, decision="returned", comment="Lampirkan daftar hadir."
    )
    report = services.monev_submit(
        agreement=in_force,
        by=world.editor,
        party=party,
        year=2026,
        period=1,
        activities="Dengan daftar hadir.",
        recommendation="expand",
        evidence=[pdf_upload("hadir.pdf")],
    )
    assert report.status == "submitted" and report.evidence.count() == 1
    services.monev_review(report=report, by=world.secretariat, decision="accepted")
    kinds = list(in_force.transitions.values_list("kind", flat=True))
    assert kinds.count("monev_submitted") == 2 and "monev_accepted" in kinds


def test_monev_schedule_marks_missing_reports_overdue(world, in_force):
    # Due from the half-year in which it came into force (today, in this test), not before.
    in_force.transitions.filter(to_status="in_force").update(
        at=timezone.make_aware(timezone.datetime(2026, 3, 10))
    )
    periods = monev.schedule(in_force, [], today=date(2027, 2, 1))
    assert [p.label for p in periods] == ["2026/I", "2026/II", "2027/I"]
    assert [p.overdue for p in periods] == [True, True, False]
    assert periods[0].due == date(2026, 7, 15)
    in_force.transitions.filter(to_status="in_force").update(
        at=timezone.make_aware(timezone.datetime(2026, 9, 1))
    )
    in_force = Agreement.objects.prefetch_related("transitions").get(pk=in_force.pk)
    assert [p.label for p in monev.schedule(in_force, [], today=date(2027, 2, 1))] == [
        "2026/II",
        "2027/I",
    ]
    draft = world.draft(title="Belum berlaku")
    assert monev.schedule(draft, [], today=date(2027, 2, 1)) == []


def test_monev_period_must_be_within_the_term_and_begun(world, in_force):
    party = first_party(in_force, world)
    for year, period in ((2099, 2), (2020, 1), (2027, 3)):
        with pytest.raises(ValidationError):
            services.monev_submit(
                agreement=in_force,
                by=world.editor,
                party=party,
                year=year,
                period=period,
                activities="x",
                recommendation="continue",
            )


def test_only_the_reporting_party_corrects_a_returned_report(world, in_force):
    from agencies.enums import MemberRole
    from tests.factories import MembershipFactory

    report = services.monev_submit(
        agreement=in_force,
        by=world.editor,
        party=first_party(in_force, world),
        year=2026,
        period=1,
        activities="Laporan Disperindag.",
        recommendation="continue",
    )
    services.monev_review(
        report=report, by=world.secretariat, decision="returned", comment="Lengkapi."
    )
    kim_editor = MembershipFactory(agency=world.kim, role=MemberRole.EDITOR).user
    with pytest.raises(ValidationError):
        services.monev_submit(
            agreement=in_force,
            by=kim_editor,
            party=in_force.parties.get(agency=world.kim),
            year=2026,
            period=1,
            activities="Ditimpa KIM.",
            recommendation="stop",
        )
    report.refresh_from_db()
    assert report.activities == "Laporan Disperindag."


def test_closed_agreements_and_done_milestones_do_not_change(world, in_force):
    milestone = services.milestone_create(
        agreement=in_force,
        by=world.editor,
        title="Pelatihan",
        due_date=date(2026, 6, 1),
        responsible=first_party(in_force, world),
    )
    services.milestone_complete(
        milestone=milestone, by=world.editor, completed_on=date(2026, 5, 30)
    )
    with pytest.raises(ValidationError):
        services.milestone_complete(
            milestone=milestone, by=world.editor, completed_on=date(2026, 6, 1)
        )
    services.agreement_move(agreement=in_force, to_status="completed", by=world.secretariat)
    in_force.refresh_from_db()
    with pytest.raises(ValidationError):
        services.contribution_add(
            agreement=in_force,
            by=world.editor,
            party=first_party(in_force, world),
            source="apbd",
            form="cash",
            planned=1,
        )


def test_editing_a_draft_keeps_parties_that_have_milestones(world):
    draft = world.draft()
    party = draft.parties.get(agency=world.disperindag)
    services.milestone_create(
        agreement=draft,
        by=world.editor,
        title="Rapat awal",
        responsible=party,
        due_date=date(2026, 3, 1),
    )
    fields = {
        "title": "Judul baru",
        "kind": "pks",
        "cooperation_kind": "ksdpk",
        "start_date": draft.start_date,
        "end_date": draft.end_date,
        "visibility": "public",
    }
    services.agreement_update(
        agreement=draft,
        by=world.editor,
        parties=world.parties(world.disperindag, world.kadin),
        sectors=[],
        **fields,
    )
    assert set(draft.parties.values_list("agency__slug", flat=True)) == {"disperindag", "kadin"}
    assert draft.parties.get(agency=world.disperindag).pk == party.pk
    with pytest.raises(ValidationError):
        services.agreement_update(
            agreement=draft,
            by=world.editor,
            parties=world.parties(world.kim, world.kadin),
            sectors=[],
            **fields,
        )


def test_monev_overdue_filter(world, in_force):
    Agreement.objects.filter(pk=in_force.pk).update(start_date=date(2020, 1, 1))
    assert agreement_list_for_user(user=world.editor, monev_overdue=True).get() == in_force
    year, period, *_ = monev.latest_due_period(2)
    services.monev_submit(
        agreement=in_force,
        by=world.editor,
        party=first_party(in_force, world),
        year=year,
        period=period,
        activities="Laporan.",
        recommendation="continue",
    )
    assert not agreement_list_for_user(user=world.editor, monev_overdue=True).exists()


def test_discussion_is_for_the_parties_and_never_public(client, world, in_force):
    client.force_login(world.editor)
    client.post(
        reverse("partnerships:comment_add", args=[in_force.reference]),
        {"body": "Rahasia rapat internal: anggaran belum cair."},
    )
    assert Comment.objects.get().author == world.editor
    assert "Rahasia rapat internal" in client.get(in_force.get_absolute_url()).content.decode()
    client.logout()
    public = client.get(in_force.get_public_url()).content.decode()
    assert "Rahasia rapat internal" not in public
    with pytest.raises(PermissionDenied):
        services.comment_add(agreement=in_force, by=world.outsider, body="Boleh ikut?")


def test_party_admins_ask_to_terminate_and_the_secretariat_revokes(world, in_force):
    with pytest.raises(PermissionDenied):
        services.agreement_request_termination(
            agreement=in_force, by=world.editor, reason="Tidak berjalan."
        )
    services.agreement_request_termination(
        agreement=in_force, by=world.admin, reason="Tidak berjalan."
    )
    in_force.refresh_from_db()
    assert in_force.termination_requested_by == world.admin
    services.agreement_move(
        agreement=in_force,
        to_status="revoked",
        by=world.secretariat,
        note="Atas permintaan para pihak.",
    )
    in_force.refresh_from_db()
    assert in_force.status == "revoked"


def test_renewal_creates_a_linked_successor_draft(world, in_force):
    successor = services.agreement_renew(agreement=in_force, by=world.editor)
    assert successor.renewal_of == in_force and successor.status == "draft"
    assert successor.start_date == in_force.end_date + timedelta(days=1)
    assert successor.parties.count() == in_force.parties.count()
    with pytest.raises(ValidationError):
        services.agreement_renew(agreement=in_force, by=world.editor)


def test_milestone_added_in_place_with_htmx(client, world, in_force):
    client.force_login(world.editor)
    url = reverse("partnerships:milestone_add", args=[in_force.reference])
    data = {
        "title": "Uji kompetensi",
        "responsible": first_party(in_force, world).pk,
        "due_date": "2027-03-01",
    }
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "Uji kompetensi" in text and "<html" not in text
    bad = client.post(url, {**data, "due_date": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in bad and 'value="Uji kompetensi"' in bad
    assert in_force.milestones.count() == 1
    # Without JavaScript the same form posts and comes back to the page.
    response = client.post(url, {**data, "title": "Tanpa JS"})
    assert response.status_code == 302 and response.url.endswith("#milestones")


@pytest.mark.parametrize(
    ("name", "section", "data", "emptied"),
    [
        ("milestone_add", "milestones", {"title": "Uji kompetensi", "note": "Di BLK"}, "due_date"),
        ("contribution_add", "financing", {"description": "Dana APBD", "planned": 7}, "source"),
    ],
)
def test_an_in_place_form_with_errors_comes_back_open_focused_and_filled(
    client, world, in_force, name, section, data, emptied
):
    """htmx swaps the section back: its form must not hide its errors in a closed disclosure."""
    client.force_login(world.editor)
    url = reverse(f"partnerships:{name}", args=[in_force.reference])
    party = first_party(in_force, world).pk
    data = {**data, "responsible": party, "party": party, emptied: ""}
    html = client.post(url, data, headers={"HX-Request": "true"}).content.decode()
    assert f'id="{section}"' in html and "<html" not in html
    assert re.search(r"<details[^>]* open>", html), "the form must come back open"
    summary = re.search(rf'<div class="alert alert-danger"[^>]*id="{section}-errors"[^>]*>', html)
    assert summary and "autofocus" in summary[0] and 'tabindex="-1"' in summary[0]
    field = re.search(rf'<(?:input|select)[^>]*name="{emptied}"[^>]*>', html)[0]
    assert 'aria-invalid="true"' in field
    assert f'aria-describedby="id_{emptied}_error"' in field
    assert f'id="id_{emptied}_error"' in html and "Wajib diisi." in html
    for value in data.values():
        if value and value != party:
            assert str(value) in html
    # Untouched, the same form stays closed and nothing asks for the focus.
    page = client.get(in_force.get_absolute_url()).content.decode()
    assert not re.search(r"<details[^>]* open>", page) and "autofocus" not in page


def test_detail_page_query_count_is_constant(
    client, world, in_force, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.editor)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(in_force.get_absolute_url()).status_code == 200
        return len(context)

    before = queries()
    party = first_party(in_force, world)
    for n in range(5):
        services.milestone_create(
            agreement=in_force,
            by=world.editor,
            title=f"T{n}",
            responsible=party,
            due_date=date(2027, 1, n + 1),
        )
        services.contribution_add(
            agreement=in_force,
            by=world.editor,
            party=party,
            source="apbd",
            form="cash",
            planned=1000,
        )
        services.comment_add(agreement=in_force, by=world.editor, body=f"Komentar {n}")
    assert queries() == before


def test_quarterly_reporting_schedule(world, in_force):
    in_force.monev_per_year = 4
    in_force.save()
    in_force.transitions.filter(to_status="in_force").update(
        at=timezone.make_aware(timezone.datetime(2026, 1, 2))
    )
    in_force = Agreement.objects.prefetch_related("transitions").get(pk=in_force.pk)
    periods = monev.schedule(in_force, [], today=date(2026, 8, 1))
    assert [p.label for p in periods] == ["2026/TW1", "2026/TW2", "2026/TW3"]
    assert [p.overdue for p in periods] == [True, True, False]
    assert periods[1].due == date(2026, 7, 15)
    assert monev.latest_due_period(4, today=date(2026, 8, 1))[:2] == (2026, 2)
    assert monev.latest_due_period(1, today=date(2027, 1, 20))[:2] == (2026, 1)


def test_termination_is_asked_once_and_the_notice_goes_with_revocation(client, world, in_force):
    services.agreement_request_termination(agreement=in_force, by=world.admin, reason="Macet.")
    with pytest.raises(ValidationError):
        services.agreement_request_termination(agreement=in_force, by=world.admin, reason="Lagi.")
    in_force.refresh_from_db()
    assert in_force.termination_reason == "Macet."
    client.force_login(world.viewer)
    assert 'id="termination-notice"' in client.get(in_force.get_absolute_url()).content.decode()
    services.agreement_move(
        agreement=in_force, to_status="revoked", by=world.secretariat, note="Disetujui."
    )
    page = client.get(in_force.get_absolute_url()).content.decode()
    assert 'id="termination-notice"' not in page


def test_the_discussion_renders_markdown_as_the_forum_does_and_never_raw_html(
    client, world, in_force
):
    body = "**Penting**: lihat [jadwal](https://kim.co.id/jadwal)\n<script>alert(1)</script>"
    services.comment_add(agreement=in_force, by=world.editor, body=body)
    client.force_login(world.viewer)
    page = client.get(in_force.get_absolute_url()).content.decode()
    assert "<strong>Penting</strong>" in page
    assert (
        'href="https://kim.co.id/jadwal"' in page
        and 'rel="nofollow ugc noopener noreferrer"' in page
    )
    assert "<script>alert(1)</script>" not in page

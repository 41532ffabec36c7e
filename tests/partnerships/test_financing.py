"""Financing rows: amounts typed the Indonesian way are saved exactly and shown as Rupiah
(issue 14: `150.000.000` was saved as Rp 150), and a row entered by mistake can be corrected
and removed, on the record, by those who keep the agreement's records."""

from datetime import date

import pytest
from django.contrib.admin import site
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.money import RupiahField
from partnerships import services
from partnerships.admin import ContributionInline
from partnerships.enums import EventKind
from partnerships.models import Agreement, Contribution, MonevReport


@pytest.fixture
def in_force(world):
    return world.bring_into_force(
        world.draft(start_date=date(2026, 1, 1), end_date=date(2029, 1, 1))
    )


def party_of(agreement, world):
    return agreement.parties.get(agency=world.disperindag)


def financing(agreement, world, **amounts):
    return {
        "party": party_of(agreement, world).pk,
        "source": "apbd",
        "form": "cash",
        "planned": "0",
        "realised": "0",
        **amounts,
    }


def add_row(agreement, world, planned=150_000_000, realised=0):
    return services.contribution_add(
        agreement=agreement,
        by=world.editor,
        party=party_of(agreement, world),
        source="apbd",
        form="cash",
        planned=planned,
        realised=realised,
    )


def test_planned_typed_with_dots_is_saved_exactly_and_shown_as_rupiah(client, world, in_force):
    client.force_login(world.editor)
    url = reverse("partnerships:contribution_add", args=[in_force.reference])
    response = client.post(url, financing(in_force, world, planned="150.000.000"), follow=True)
    contribution = Contribution.objects.get(agreement=in_force)
    assert contribution.planned == 150_000_000 and contribution.realised == 0
    page = response.content.decode()
    assert "Pembiayaan telah dicatat." in page
    assert "Rp 150.000.000" in page


@pytest.mark.parametrize(
    "typed", ["150000000", "Rp 150.000.000", "Rp150.000.000", "150.000.000,00", " 150 000 000 "]
)
def test_every_usual_way_of_writing_it_saves_the_same_amount(client, world, in_force, typed):
    client.force_login(world.editor)
    url = reverse("partnerships:contribution_add", args=[in_force.reference])
    client.post(url, financing(in_force, world, planned=typed, realised="Rp 25.000.000"))
    contribution = Contribution.objects.get(agreement=in_force)
    assert (contribution.planned, contribution.realised) == (150_000_000, 25_000_000)


def test_the_htmx_form_swaps_in_the_table_with_the_new_row(client, world, in_force):
    client.force_login(world.editor)
    url = reverse("partnerships:contribution_add", args=[in_force.reference])
    section = client.post(
        url, financing(in_force, world, planned="150.000.000"), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert section.lstrip().startswith("<section") and 'id="financing"' in section
    assert "Rp 150.000.000" in section
    assert Contribution.objects.get().planned == 150_000_000


@pytest.mark.parametrize("typed", ["1.5", "1,5", "150.00.000", "12.3456", "-150.000", "150 juta"])
def test_an_amount_that_cannot_be_read_saves_nothing_and_is_shown_back(
    client, world, in_force, typed
):
    client.force_login(world.editor)
    url = reverse("partnerships:contribution_add", args=[in_force.reference])
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):  # the plain page and the section in place
        page = client.post(url, financing(in_force, world, planned=typed), **headers)
        html = page.content.decode()
        assert page.status_code == 200
        assert f'value="{typed}"' in html
        assert "150.000.000" in html  # each refusal says how to write the amount
        assert 'class="input-group is-invalid"' in html
    assert not Contribution.objects.exists()


def test_the_edit_form_shows_the_amount_with_dots_and_saves_the_correction(client, world, in_force):
    contribution = add_row(in_force, world, planned=150_000_000, realised=10_000_000)
    client.force_login(world.editor)
    url = reverse("partnerships:contribution_edit", args=[in_force.reference, contribution.pk])
    form = client.get(url).content.decode()
    assert 'value="150.000.000"' in form and 'value="10.000.000"' in form
    assert 'inputmode="numeric"' in form and '<span class="input-group-text">Rp</span>' in form
    response = client.post(
        url,
        financing(in_force, world, planned="Rp 200.000.000", realised="12.500.000"),
        follow=True,
    )
    contribution.refresh_from_db()
    assert (contribution.planned, contribution.realised) == (200_000_000, 12_500_000)
    page = response.content.decode()
    assert "Rp 200.000.000" in page and "Rp 12.500.000" in page
    assert "Rp 150.000.000" not in page.split('id="history-heading"')[0]  # the table, not history


def test_a_refused_edit_keeps_the_row_and_shows_what_was_typed(client, world, in_force):
    contribution = add_row(in_force, world)
    client.force_login(world.editor)
    url = reverse("partnerships:contribution_edit", args=[in_force.reference, contribution.pk])
    page = client.post(url, financing(in_force, world, planned="2.00.000")).content.decode()
    assert 'value="2.00.000"' in page and "Titik memisahkan ribuan" in page
    contribution.refresh_from_db()
    assert contribution.planned == 150_000_000


def test_the_monev_report_reads_the_investment_the_same_way(client, world, in_force):
    client.force_login(world.editor)
    response = client.post(
        reverse("partnerships:monev_submit", args=[in_force.reference]),
        {
            "party": party_of(in_force, world).pk,
            "year": "2026",
            "period": "1",
            "activities": "Pelatihan 40 juru las.",
            "jobs_absorbed": "25",
            "investment_realised": "Rp 2.000.000.000",
            "trainees": "40",
            "ikm_assisted": "3",
            "products": "2",
            "recommendation": "expand",
        },
    )
    assert response.status_code == 302
    report = in_force.monev_reports.get()
    assert report.investment_realised == 2_000_000_000
    client.force_login(world.secretariat)
    review = reverse("partnerships:monev_review", args=[in_force.reference, report.pk])
    assert "Rp 2.000.000.000" in client.get(review).content.decode()


def test_the_history_writes_amounts_the_same_way(world, in_force):
    contribution = add_row(in_force, world, planned=150_000_000)
    services.contribution_update(
        contribution=contribution,
        by=world.editor,
        party=contribution.party,
        source="apbd",
        form="cash",
        planned=200_000_000,
        realised=12_500_000,
    )
    details = list(
        in_force.transitions.filter(kind=EventKind.FINANCING)
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details == [
        "Disperindag Sumut: Rp 150.000.000",
        "Disperindag Sumut: Rp 12.500.000 / Rp 200.000.000",
    ]


def test_the_admin_reads_and_shows_amounts_the_same_way(admin_client, rf, world, in_force):
    add_row(in_force, world, planned=150_000_000)
    page = admin_client.get(
        reverse("admin:partnerships_agreement_change", args=[in_force.pk])
    ).content.decode()
    assert 'name="contributions-0-planned" value="150.000.000"' in page
    assert "input-group" not in page  # the admin's own styles have none

    request = rf.get("/")
    request.user = world.secretariat
    inline = ContributionInline(Agreement, site)
    fields = inline.get_formset(request, in_force).form.base_fields
    assert isinstance(fields["planned"], RupiahField)
    assert isinstance(fields["realised"], RupiahField)
    report_fields = site._registry[MonevReport].get_form(request).base_fields
    assert isinstance(report_fields["investment_realised"], RupiahField)
    assert not isinstance(report_fields["jobs_absorbed"], RupiahField)  # a count, not money
    assert report_fields["investment_realised"].clean("2.000.000.000") == 2_000_000_000


# --- Removing a row -------------------------------------------------------------------------------


def test_an_editor_removes_a_row_and_the_history_says_what_it_was(world, in_force):
    contribution = add_row(in_force, world, planned=150_000_000, realised=5_000_000)
    services.contribution_delete(contribution=contribution, by=world.editor)
    assert not Contribution.objects.exists()
    event = in_force.transitions.get(kind=EventKind.FINANCING_REMOVED)
    assert event.actor == world.editor
    assert event.detail == "Disperindag Sumut: Rp 5.000.000 / Rp 150.000.000"
    assert event.from_status == event.to_status == ""  # a record, not a move


def test_the_secretariat_may_remove_a_row_too(world, in_force):
    services.contribution_delete(contribution=add_row(in_force, world), by=world.secretariat)
    assert not Contribution.objects.exists()


def test_viewers_outsiders_and_strangers_remove_nothing(world, in_force):
    contribution = add_row(in_force, world)
    for person in (world.viewer, world.outsider, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.contribution_delete(contribution=contribution, by=person)
    assert Contribution.objects.filter(pk=contribution.pk).exists()
    assert not in_force.transitions.filter(kind=EventKind.FINANCING_REMOVED).exists()


def test_a_closed_agreement_keeps_its_financing(world, in_force):
    contribution = add_row(in_force, world)
    services.agreement_move(agreement=in_force, to_status="completed", by=world.secretariat)
    contribution.refresh_from_db()
    with pytest.raises(ValidationError) as refusal:
        services.contribution_delete(contribution=contribution, by=world.secretariat)
    assert refusal.value.messages == [
        "Kerja sama ini sudah ditutup; pembiayaannya tidak dapat diubah."
    ]
    assert Contribution.objects.filter(pk=contribution.pk).exists()


def test_a_second_removal_of_the_same_row_records_nothing_twice(world, in_force):
    contribution = add_row(in_force, world)
    stale = Contribution.objects.get(pk=contribution.pk)  # another tab's copy
    services.contribution_delete(contribution=contribution, by=world.editor)
    with pytest.raises(ValidationError):
        services.contribution_delete(contribution=stale, by=world.admin)
    assert in_force.transitions.filter(kind=EventKind.FINANCING_REMOVED).count() == 1


def test_the_table_offers_removal_only_to_those_who_may(client, world, in_force):
    contribution = add_row(in_force, world)
    url = reverse("partnerships:contribution_delete", args=[in_force.reference, contribution.pk])
    client.force_login(world.editor)
    assert f'href="{url}"' in client.get(in_force.get_absolute_url()).content.decode()
    client.force_login(world.viewer)
    assert f'href="{url}"' not in client.get(in_force.get_absolute_url()).content.decode()


def test_the_page_asks_first_and_says_which_row_then_removes_it(client, world, in_force):
    contribution = add_row(in_force, world, planned=150_000_000, realised=5_000_000)
    url = reverse("partnerships:contribution_delete", args=[in_force.reference, contribution.pk])
    client.force_login(world.editor)
    page = client.get(url).content.decode()
    assert "Hapus baris pembiayaan ini?" in page
    for text in ("Disperindag Sumut", "APBD", "Tunai", "Rp 150.000.000", "Rp 5.000.000"):
        assert text in page
    assert Contribution.objects.filter(pk=contribution.pk).exists()  # asking changes nothing
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == f"{in_force.get_absolute_url()}#financing"
    assert not Contribution.objects.filter(pk=contribution.pk).exists()
    detail = response.content.decode()
    assert "Baris pembiayaan telah dihapus." in detail
    assert "Pembiayaan dihapus" in detail  # the history line
    assert "Belum ada pembiayaan yang dicatat." in detail  # the table is empty again


def test_a_viewer_cannot_open_or_post_the_removal(client, world, in_force):
    contribution = add_row(in_force, world)
    url = reverse("partnerships:contribution_delete", args=[in_force.reference, contribution.pk])
    client.force_login(world.viewer)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(world.outsider)
    assert client.post(url).status_code == 404
    assert Contribution.objects.filter(pk=contribution.pk).exists()


def test_removing_from_a_closed_agreement_says_why(client, world, in_force):
    contribution = add_row(in_force, world)
    services.agreement_move(agreement=in_force, to_status="completed", by=world.secretariat)
    url = reverse("partnerships:contribution_delete", args=[in_force.reference, contribution.pk])
    client.force_login(world.editor)
    page = client.post(url, follow=True).content.decode()
    assert "pembiayaannya tidak dapat diubah" in page
    assert Contribution.objects.filter(pk=contribution.pk).exists()

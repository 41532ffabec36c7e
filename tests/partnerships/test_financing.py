"""Financing rows: amounts typed the Indonesian way are saved exactly and shown as Rupiah
(issue 14: `150.000.000` was saved as Rp 150), and a row entered by mistake can be corrected."""

from datetime import date

import pytest
from django.contrib.admin import site
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

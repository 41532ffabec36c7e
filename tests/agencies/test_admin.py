import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agencies.admin import AgencyResource
from agencies.models import Agency
from tests.factories import AgencyFactory, regency, sector

IMPORT_URL = reverse("admin:agencies_agency_import")
CSV_FORMAT = "0"  # AgencyAdmin.formats = [CSV, XLSX]

HEADER = "name,acronym,kind,regency,sectors,address,website,email,phone,description,status\n"


def csv_file(rows):
    return SimpleUploadedFile("instansi.csv", (HEADER + rows).encode(), content_type="text/csv")


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.django_db
def test_agencies_export_to_xlsx():
    AgencyFactory(
        name="Universitas Sumatera Utara",
        acronym="USU",
        kind="university",
        sectors=[sector("pendidikan-riset"), sector("pertanian-perkebunan")],
    )
    data = AgencyResource().export().export("xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("name", "acronym", "kind", "regency", "sectors")
    assert rows[1][0] == "Universitas Sumatera Utara"
    assert rows[1][3] == "Kota Medan"
    assert set(rows[1][4].split(";")) == {"Pendidikan dan Riset", "Pertanian dan Perkebunan"}


@pytest.mark.django_db
def test_export_page_offers_xlsx(admin_client):
    page = admin_client.get(reverse("admin:agencies_agency_export")).content.decode()
    assert "xlsx" in page.lower()


@pytest.mark.django_db
def test_csv_import_creates_agencies_with_alternative_spellings(admin_client, admin_user):
    rows = (
        "Koperasi Kopi Sidikalang,,Koperasi dan UMKM / IKM,Dairi,Pertanian dan Perkebunan,,,,,"
        "Kopi Arabika,\n"
        "Balai Rotan Binjai,BRB,private,Kota Binjai,pariwisata-ekraf;Perdagangan,,,,,,pending\n"
        "Kopi Siantar Bersama,,cooperative,Pematang Siantar,Perdagangan,,,,,,\n"
    )
    preview = admin_client.post(IMPORT_URL, {"import_file": csv_file(rows), "format": CSV_FORMAT})
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    assert confirm is not None, preview.content.decode()[:2000]
    admin_client.post(reverse("admin:agencies_agency_process_import"), confirm.initial)

    sidikalang = Agency.objects.get(name="Koperasi Kopi Sidikalang")
    assert sidikalang.regency.code == "12.11" and sidikalang.status == "verified"
    assert sidikalang.kind == "cooperative"
    assert Agency.objects.get(name="Balai Rotan Binjai").status == "pending"
    assert Agency.objects.get(name="Kopi Siantar Bersama").regency.code == "12.72"
    assert sidikalang.slug and sidikalang.events.filter(actor=admin_user).exists()


@pytest.mark.django_db
def test_csv_with_an_unknown_regency_is_reported_by_line_and_nothing_is_imported(admin_client):
    rows = (
        "Koperasi Kopi Sidikalang,,cooperative,Dairi,Perdagangan,,,,,,\n"
        "Koperasi Antah Berantah,,cooperative,Kabupaten Antah Berantah,Perdagangan,,,,,,\n"
    )
    response = admin_client.post(IMPORT_URL, {"import_file": csv_file(rows), "format": CSV_FORMAT})
    page = response.content.decode()
    assert "Kabupaten Antah Berantah" in page and "tidak dikenal" in page
    result = response.context["result"]
    assert [row.number for row in result.invalid_rows] == [2]
    assert response.context.get("confirm_form") is None
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_import_never_changes_the_status_of_an_existing_agency(admin_user):
    import tablib

    from agencies.admin import AgencyResource

    pending = AgencyFactory(name="Koperasi Menunggu", status="pending", kind="cooperative")
    rows = "Koperasi Menunggu,,cooperative,Kota Medan,Perdagangan,,,,,Baru,verified\n"
    dataset = tablib.Dataset().load(HEADER + rows, format="csv")
    result = AgencyResource().import_data(dataset, dry_run=False, user=admin_user)
    assert not result.has_errors() and not result.has_validation_errors()
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert pending.description == "Baru"


@pytest.mark.django_db
def test_a_real_import_with_one_bad_row_saves_nothing(admin_user):
    import tablib

    rows = (
        "Koperasi Kopi Sidikalang,,cooperative,Dairi,Perdagangan,,,,,,\n"
        "Koperasi Antah Berantah,,cooperative,Kabupaten Antah Berantah,Perdagangan,,,,,,\n"
    )
    dataset = tablib.Dataset().load(HEADER + rows, format="csv")
    result = AgencyResource().import_data(dataset, dry_run=False, user=admin_user)
    assert result.has_validation_errors()
    assert not Agency.objects.exists()


@pytest.mark.django_db
def test_agency_admin_form_refuses_near_duplicates_and_keeps_an_admin(admin_client):
    from tests.factories import MembershipFactory

    AgencyFactory(name="PT Kawasan Industri Medan")
    response = admin_client.post(
        reverse("admin:agencies_agency_add"),
        {
            "name": "Kawasan Industri Medan",
            "kind": "soe",
            "regency": regency("12.71").pk,
            "sectors": [],
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "capabilities-TOTAL_FORMS": "0",
            "capabilities-INITIAL_FORMS": "0",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
        },
    )
    assert "nama yang sangat mirip" in response.content.decode()
    assert Agency.objects.count() == 1

    # The membership inline keeps the rule that an agency has at least one admin.
    from django.forms import inlineformset_factory

    from agencies.admin import MembershipInlineFormSet
    from agencies.models import Membership

    membership = MembershipFactory(role="admin")
    FormSet = inlineformset_factory(
        Agency, Membership, formset=MembershipInlineFormSet, fields=["user", "role"], extra=0
    )
    data = {
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": membership.pk,
        "memberships-0-user": membership.user_id,
        "memberships-0-role": "viewer",
        "memberships-0-agency": membership.agency_id,
    }
    formset = FormSet(data, instance=membership.agency, prefix="memberships")
    assert not formset.is_valid()
    assert "minimal satu admin" in str(formset.non_form_errors())


FORMULAE = {
    "description": '=HYPERLINK("http://jahat.example","Klik")',
    "phone": "+62 812 3456 7890",
    "address": "@SUM(1+1)",
}


def export_through_the_admin(admin_client, fmt):
    """Download the agencies as the admin's export page does (every field ticked)."""
    import re

    url = reverse("admin:agencies_agency_export")
    page = admin_client.get(url).content.decode()
    ticked = dict.fromkeys(re.findall(r'type="checkbox" name="([^"]+)"', page), "on")
    formats = {
        label.strip().lower(): value
        for value, label in re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', page)
    }
    response = admin_client.post(url, {"format": formats[fmt], "resource": "0", **ticked})
    assert response["Content-Disposition"].startswith("attachment")
    return response.content


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_admin_export_writes_no_live_formula(admin_client, fmt):
    AgencyFactory(name="Koperasi Jahil", **FORMULAE)
    content = export_through_the_admin(admin_client, fmt)
    if fmt == "csv":
        import csv

        rows = list(csv.DictReader(io.StringIO(content.decode())))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        values = list(sheet.iter_rows(values_only=True))
        rows = [dict(zip(values[0], row, strict=True)) for row in values[1:]]
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    (row,) = rows
    for field, value in FORMULAE.items():
        assert row[field] == "'" + value


@pytest.mark.django_db
def test_an_exported_file_imported_again_keeps_its_values(admin_user):
    import tablib

    agency = AgencyFactory(name="Koperasi Jahil", **FORMULAE)
    exported = AgencyResource().export()
    assert exported.dict[0]["phone"] == "'+62 812 3456 7890"
    Agency.objects.filter(pk=agency.pk).update(phone="", description="", address="")
    dataset = tablib.Dataset().load(exported.export("csv"), format="csv")
    result = AgencyResource().import_data(dataset, dry_run=False, user=admin_user)
    assert not result.has_errors() and not result.has_validation_errors()
    agency.refresh_from_db()
    assert (agency.description, agency.phone, agency.address) == (
        FORMULAE["description"],
        FORMULAE["phone"],
        FORMULAE["address"],
    )


def test_every_import_export_resource_in_the_admin_escapes_its_cells():
    """A new admin export cannot forget the escaping: its resources must use the safe base."""
    from django.contrib import admin
    from import_export.mixins import BaseExportMixin

    from core.exports import SpreadsheetResource

    exporting = {
        model_admin: model_admin.get_export_resource_classes(None)
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, BaseExportMixin)
    }
    assert exporting, "the agencies' admin exports"
    for model_admin, classes in exporting.items():
        for resource in classes:
            assert issubclass(resource, SpreadsheetResource), (model_admin, resource)

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships import services
from tests.partnerships.conftest import pdf_upload


def test_the_signed_final_document_must_be_a_pdf(world):
    agreement = world.draft()
    picture = SimpleUploadedFile("ttd.png", b"\x89PNG\r\n\x1a\n rest")
    with pytest.raises(ValidationError):
        services.document_upload(
            agreement=agreement, by=world.editor, kind="signed", title="Naskah", file=picture
        )


def test_a_download_is_named_from_its_content_not_from_the_uploaders_extension(client, world):
    agreement = world.draft(visibility="internal")
    version = services.document_upload(
        agreement=agreement,
        by=world.editor,
        kind="tor",
        title="KAK",
        file=pdf_upload("poly.pdf.html"),
    )
    assert version.original_name == "poly.pdf.html"  # kept for the record, never served so
    client.force_login(world.viewer)
    response = client.get(
        reverse("partnerships:document_download", args=[agreement.reference, version.token])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="poly.pdf"'


def test_new_versions_keep_the_old_ones(world):
    agreement = world.draft()
    first = services.document_upload(
        agreement=agreement, by=world.editor, kind="tor", title="KAK", file=pdf_upload()
    )
    second = services.document_upload(
        agreement=agreement,
        by=world.editor,
        kind="tor",
        title="KAK",
        file=pdf_upload("kak-v2.pdf"),
        document=first.document,
    )
    assert [v.number for v in first.document.versions.all()] == [2, 1]
    assert second.original_name == "kak-v2.pdf"
    assert first.file.name != second.file.name
    assert "kak" not in second.file.name  # stored under a random name


def test_documents_are_served_only_to_parties_and_the_secretariat(client, world):
    agreement = world.draft(visibility="internal")
    version = services.document_upload(
        agreement=agreement, by=world.editor, kind="tor", title="KAK", file=pdf_upload()
    )
    url = reverse("partnerships:document_download", args=[agreement.reference, version.token])
    assert client.get(url).status_code == 404
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.viewer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(world.secretariat)
    assert client.get(url).status_code == 200


def test_public_documents_of_public_agreements_are_open_to_all(client, world):
    agreement = world.bring_into_force(world.draft())
    signed = agreement.documents.get(kind="signed").versions.get()
    tor = agreement.documents.get(kind="tor").versions.get()
    assert (
        client.get(
            reverse("partnerships:document_download", args=[agreement.reference, signed.token])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("partnerships:document_download", args=[agreement.reference, tor.token])
        ).status_code
        == 404
    )


def test_uploads_are_stored_outside_media_root(world, settings):
    version = services.document_upload(
        agreement=world.draft(), by=world.editor, kind="tor", title="KAK", file=pdf_upload()
    )
    path = version.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))


def test_a_new_version_is_uploaded_from_the_page(client, world):
    agreement = world.draft()
    first = services.document_upload(
        agreement=agreement, by=world.editor, kind="tor", title="KAK", file=pdf_upload()
    )
    client.force_login(world.editor)
    url = reverse("partnerships:document_upload", args=[agreement.reference])
    assert (
        f"?dokumen={first.document.pk}" in client.get(agreement.get_absolute_url()).content.decode()
    )
    client.post(
        f"{url}?dokumen={first.document.pk}",
        {"kind": "signed", "title": "Diganti", "file": pdf_upload("kak-v2.pdf")},
    )
    document = first.document
    document.refresh_from_db()
    assert document.kind == "tor" and document.title == "KAK"  # kept from the first version
    assert [v.number for v in document.versions.all()] == [2, 1]

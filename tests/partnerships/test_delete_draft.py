"""A draft is withdrawn by those who draft it, and goes with everything recorded on it."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from agencies.enums import MemberRole
from notifications.enums import ReminderStatus
from notifications.models import Reminder
from partnerships import services
from partnerships.models import (
    Agreement,
    AgreementTransition,
    Comment,
    Contribution,
    Document,
    DocumentVersion,
    Milestone,
    Party,
)
from tests.factories import MembershipFactory
from tests.partnerships.conftest import pdf_upload


def fill(world, agreement):
    """A draft with something of every kind on it."""
    party = agreement.parties.get(agency=world.disperindag)
    version = services.document_upload(
        agreement=agreement, by=world.editor, kind="tor", title="KAK", file=pdf_upload()
    )
    services.milestone_create(
        agreement=agreement,
        by=world.editor,
        title="Rapat persiapan",
        responsible=party,
        due_date=timezone.localdate() + timedelta(days=20),
    )
    services.contribution_add(
        agreement=agreement, by=world.editor, party=party, source="apbd", form="cash", planned=1
    )
    services.comment_add(agreement=agreement, by=world.editor, body="Draf pertama.")
    return version


def test_a_drafter_deletes_a_draft_with_everything_on_it_and_its_files(
    world, django_capture_on_commit_callbacks
):
    keep = world.draft(title="Draf yang tetap")
    keep_version = fill(world, keep)
    draft = world.draft(title="Draf ganda dari klik dua kali")
    version = fill(world, draft)
    path = version.file.path

    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_delete_draft(agreement=draft, by=world.editor)

    assert not Agreement.objects.filter(pk=draft.pk).exists()
    for model in (Party, Document, Milestone, Contribution, Comment, AgreementTransition):
        assert not model.objects.filter(agreement_id=draft.pk).exists(), model
    assert not DocumentVersion.objects.filter(pk=version.pk).exists()
    assert not version.file.storage.exists(version.file.name), path
    # The other draft keeps all of its own.
    assert Agreement.objects.filter(pk=keep.pk).exists()
    assert keep_version.file.storage.exists(keep_version.file.name)
    assert keep.milestones.count() == 1 and keep.comments.count() == 1


def test_the_milestones_of_a_deleted_draft_remind_nobody(world):
    draft = world.draft()
    fill(world, draft)
    milestone = draft.milestones.get()
    reminders = Reminder.objects.filter(object_id=str(milestone.pk), rule__key="milestone_due")
    assert reminders.filter(status=ReminderStatus.PENDING).exists()
    services.agreement_delete_draft(agreement=draft, by=world.editor)
    assert not reminders.filter(status=ReminderStatus.PENDING).exists()


@pytest.mark.parametrize("who", ["editor", "admin", "secretariat"])
def test_editors_and_admins_of_a_party_and_the_secretariat_may_delete_it(world, who):
    draft = world.draft()
    services.agreement_delete_draft(agreement=draft, by=getattr(world, who))
    assert not Agreement.objects.filter(pk=draft.pk).exists()


def test_an_editor_of_the_other_party_may_delete_it_too(world):
    kim_editor = MembershipFactory(agency=world.kim, role=MemberRole.EDITOR).user
    draft = world.draft()
    services.agreement_delete_draft(agreement=draft, by=kim_editor)
    assert not Agreement.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_viewers_and_outsiders_may_not(world, who):
    draft = world.draft()
    with pytest.raises(PermissionDenied):
        services.agreement_delete_draft(agreement=draft, by=getattr(world, who))
    assert Agreement.objects.filter(pk=draft.pk).exists()


def test_only_a_draft_is_deleted(world):
    proposed = world.draft()
    services.document_upload(
        agreement=proposed, by=world.editor, kind="tor", title="KAK", file=pdf_upload()
    )
    services.agreement_move(agreement=proposed, to_status="submitted", by=world.editor)
    in_force = world.bring_into_force(world.draft(title="Sudah berlaku"))
    for agreement in (proposed, in_force):
        with pytest.raises(ValidationError) as refused:
            services.agreement_delete_draft(agreement=agreement, by=world.secretariat)
        assert "Hanya draf yang dapat dihapus" in refused.value.messages[0]
        assert Agreement.objects.filter(pk=agreement.pk).exists()
        assert agreement.transitions.exists()


def test_a_draft_with_agreements_drafted_under_it_stays(world):
    kb = world.draft(title="KB Induk", kind="kb")
    world.draft(title="PKS di bawahnya", parent=kb)
    with pytest.raises(ValidationError):
        services.agreement_delete_draft(agreement=kb, by=world.editor)
    assert Agreement.objects.filter(pk=kb.pk).exists()


def test_a_deleted_renewal_draft_can_be_drafted_again(world):
    running = world.bring_into_force(world.draft(start_date=date(2026, 1, 1)))
    renewal = services.agreement_renew(agreement=running, by=world.editor)
    services.agreement_delete_draft(agreement=renewal, by=world.editor)
    again = services.agreement_renew(agreement=running, by=world.editor)
    assert again.renewal_of == running


def test_the_confirmation_page_says_what_goes_and_the_post_deletes(client, world):
    draft = world.draft(title="Draf ganda")
    fill(world, draft)
    client.force_login(world.editor)
    page = client.get(draft.get_absolute_url()).content.decode()
    url = reverse("partnerships:delete_draft", args=[draft.reference])
    assert f'href="{url}"' in page and "Hapus draf" in page

    confirmation = client.get(url).content.decode()
    for text in ("2 pihak", "1 dokumen", "1 tonggak capaian", "1 baris pembiayaan", "1 komentar"):
        assert text in confirmation, text
    assert "tidak dapat dibatalkan" in confirmation

    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("partnerships:manage")
    assert f"Draf {draft.reference} telah dihapus." in response.content.decode()
    assert not Agreement.objects.filter(pk=draft.pk).exists()


def test_the_page_offers_it_only_to_those_who_may(client, world):
    draft = world.draft()
    url = reverse("partnerships:delete_draft", args=[draft.reference])
    client.force_login(world.viewer)
    assert url not in client.get(draft.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    in_force = world.bring_into_force(world.draft(title="Berlaku"))
    client.force_login(world.editor)
    assert "Hapus draf" not in client.get(in_force.get_absolute_url()).content.decode()
    assert Agreement.objects.filter(pk=draft.pk).exists()

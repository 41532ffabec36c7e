"""The agreements' services check their caller themselves: whoever calls one as the wrong person
(a view, the admin, a task, the shell) is refused with PermissionDenied and nothing changes;
a refusal about the agreement's state stays a ValidationError the form can show."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from partnerships import services
from partnerships.models import Agreement, Document
from tests.factories import sector
from tests.partnerships.conftest import pdf_upload


def edit(agreement, by, world, **changes):
    fields = {key: getattr(agreement, key) for key in services.AGREEMENT_FIELDS}
    fields.update(changes)
    return services.agreement_update(
        agreement=agreement,
        by=by,
        parties=world.parties(),
        sectors=[sector("perindustrian")],
        **fields,
    )


def test_outsiders_and_viewers_change_nothing_in_a_draft(world):
    agreement = world.draft()
    for person in (world.viewer, world.outsider, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            edit(agreement, person, world, title="Judul ditimpa")
        with pytest.raises(PermissionDenied):
            services.document_upload(
                agreement=agreement, by=person, kind="tor", title="KAK", file=pdf_upload()
            )
        with pytest.raises(PermissionDenied):
            services.agreement_move(agreement=agreement, to_status="submitted", by=person)
    for person in (world.outsider, AnonymousUser()):  # a viewer of a party takes part
        with pytest.raises(PermissionDenied):
            services.comment_add(agreement=agreement, by=person, body="Ikut bicara.")
    with pytest.raises(PermissionDenied):
        services.agreement_create(
            by=world.viewer,
            parties=world.parties(),
            sectors=[sector("perindustrian")],
            title="PKS siluman",
            kind="pks",
            cooperation_kind="ksdpk",
            start_date=date(2026, 1, 1),
            end_date=date(2027, 1, 1),
        )
    agreement.refresh_from_db()
    assert (agreement.title, agreement.status) == ("PKS Pembinaan IKM", "draft")
    assert not Document.objects.exists() and not agreement.comments.exists()
    assert Agreement.objects.count() == 1


def test_a_party_editor_is_refused_by_state_not_by_rights_once_it_is_in_force(world):
    agreement = world.bring_into_force(
        world.draft(start_date=date(2026, 1, 1), end_date=date(2029, 1, 1))
    )
    with pytest.raises(ValidationError):  # allowed to edit drafts; this is no longer one
        edit(agreement, world.editor, world, title="Judul ditimpa")
    with pytest.raises(PermissionDenied):  # ending it is for a party's admin
        services.agreement_request_termination(
            agreement=agreement, by=world.editor, reason="Tidak berjalan."
        )
    for person in (world.viewer, world.outsider):
        with pytest.raises(PermissionDenied):
            services.agreement_renew(agreement=agreement, by=person)
    agreement.refresh_from_db()
    assert agreement.title == "PKS Pembinaan IKM"
    assert agreement.termination_requested_at is None
    assert not Agreement.objects.filter(renewal_of=agreement).exists()

import pytest
from django.core import mail
from django.urls import reverse

from agencies.enums import MemberRole
from agencies.models import Agency, Invitation, Membership
from notifications.enums import EmailStatus
from notifications.models import OutboundEmail
from tests.factories import (
    AgencyFactory,
    CapabilityFactory,
    MembershipFactory,
    UserFactory,
    regency,
    secretariat_user,
    sector,
)

DIRECTORY = reverse("agencies:directory")


@pytest.mark.django_db
def test_directory_lists_verified_agencies_with_count_and_filters_in_the_url(client):
    AgencyFactory(
        name="Koperasi Kopi Sidikalang",
        kind="cooperative",
        regency=regency("12.11"),
        sectors=[sector("pertanian-perkebunan")],
    )
    AgencyFactory(name="Universitas Negeri Medan", kind="university")
    AgencyFactory(name="Koperasi Belum Diverifikasi", status="pending")

    page = client.get(DIRECTORY).content.decode()
    assert "2 instansi" in page
    assert "Koperasi Belum Diverifikasi" not in page

    page = client.get(DIRECTORY, {"regency": "12.11", "sector": "pertanian-perkebunan"})
    text = page.content.decode()
    assert "1 instansi" in text and "Koperasi Kopi Sidikalang" in text
    assert "Universitas Negeri Medan" not in text


@pytest.mark.django_db
def test_directory_htmx_request_gets_only_the_results(client):
    AgencyFactory(name="Koperasi Kopi Sidikalang")
    response = client.get(DIRECTORY, {"q": "kopi"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert "Koperasi Kopi Sidikalang" in text
    assert "<html" not in text


@pytest.mark.django_db
def test_directory_pagination_keeps_the_filters(client):
    for number in range(25):
        AgencyFactory(name=f"Koperasi Contoh {number:02d}", kind="cooperative")
    page = client.get(DIRECTORY, {"kind": "cooperative"}).content.decode()
    assert "25 instansi" in page
    assert "?kind=cooperative&amp;page=2" in page


@pytest.mark.django_db
def test_directory_query_count_does_not_grow_with_agencies(client, django_assert_num_queries):
    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(DIRECTORY, {"q": "instansi"}).status_code == 200
        return len(context)

    for _ in range(10):
        AgencyFactory(sectors=[sector("perindustrian")])
    with_ten = count_queries()
    Agency.objects.bulk_create(
        [
            Agency(
                name=f"Instansi Massal {n}",
                normalised_name=f"massal{n}",
                slug=f"massal-{n}",
                kind="opd",
                status="verified",
                regency=regency("12.71"),
            )
            for n in range(990)
        ]
    )
    assert count_queries() == with_ten
    # core.paging fetches a page's keys first, then its rows: one query more than a slice.
    assert with_ten <= 6


@pytest.mark.django_db
def test_pending_agency_is_a_404_for_the_public_but_visible_to_members_and_secretariat(client):
    member = MembershipFactory(agency=AgencyFactory(status="pending", slug="menunggu"))
    url = reverse("agencies:detail", args=["menunggu"])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(member.user)
    assert "menunggu verifikasi" in client.get(url).content.decode().lower()
    client.force_login(secretariat_user())
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_member_list_and_history_are_only_for_members_and_secretariat(client):
    member = MembershipFactory(user=UserFactory(full_name="Staf Rahasia Sekali"))
    url = member.agency.get_absolute_url()
    assert "Staf Rahasia Sekali" not in client.get(url).content.decode()
    client.force_login(UserFactory())
    assert "Staf Rahasia Sekali" not in client.get(url).content.decode()
    client.force_login(member.user)
    assert "Staf Rahasia Sekali" in client.get(url).content.decode()


@pytest.mark.django_db
def test_register_an_agency_from_the_public_site(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("agencies:register"),
        {
            "name": "Koperasi Kopi Sidikalang",
            "kind": "cooperative",
            "regency": regency("12.11").pk,
            "sectors": [sector("pertanian-perkebunan").pk],
            "description": "Kopi Arabika Dairi.",
        },
        follow=True,
    )
    agency = Agency.objects.get(name="Koperasi Kopi Sidikalang")
    assert response.redirect_chain[-1][0] == agency.get_absolute_url()
    assert "menunggu verifikasi sekretariat" in response.content.decode()
    assert Membership.objects.get(agency=agency, user=user).role == MemberRole.ADMIN


@pytest.mark.django_db
def test_duplicate_registration_gets_a_clear_message_and_keeps_the_input(client):
    AgencyFactory(name="PT Kawasan Industri Medan")
    client.force_login(UserFactory())
    response = client.post(
        reverse("agencies:register"),
        {
            "name": "Kawasan Industri Medan (Persero)",
            "kind": "soe",
            "regency": regency("12.71").pk,
            "sectors": [sector("perindustrian").pk],
            "description": "Deskripsi yang tidak boleh hilang.",
        },
    )
    page = response.content.decode()
    assert "nama yang sangat mirip" in page and "PT Kawasan Industri Medan" in page
    assert "Deskripsi yang tidak boleh hilang." in page
    assert Agency.objects.count() == 1


@pytest.mark.django_db
def test_logo_must_really_be_an_image(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = MembershipFactory(role=MemberRole.ADMIN)
    client.force_login(admin.user)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    data = {
        "name": admin.agency.name,
        "kind": "opd",
        "regency": admin.agency.regency.pk,
        "sectors": [sector("perindustrian").pk],
        "logo": fake,
    }
    response = client.post(reverse("agencies:edit", args=[admin.agency.slug]), data)
    assert "logo" in response.context["form"].errors
    admin.agency.refresh_from_db()
    assert not admin.agency.logo


@pytest.mark.django_db
def test_editor_edits_the_profile_and_staff_of_another_agency_cannot(client):
    editor = MembershipFactory(role=MemberRole.EDITOR)
    other = MembershipFactory(role=MemberRole.ADMIN)
    url = reverse("agencies:edit", args=[editor.agency.slug])
    data = {
        "name": editor.agency.name,
        "kind": "opd",
        "regency": regency("12.11").pk,
        "sectors": [sector("perindustrian").pk],
        "description": "Deskripsi baru.",
    }

    client.force_login(other.user)
    assert client.post(url, data).status_code == 403
    client.force_login(editor.user)
    response = client.post(url, data, follow=True)
    assert "Profil instansi telah disimpan." in response.content.decode()
    editor.agency.refresh_from_db()
    assert editor.agency.description == "Deskripsi baru."
    assert editor.agency.regency.code == "12.11"


@pytest.mark.django_db
def test_admin_invites_changes_roles_and_removes_members(
    client, eager_tasks, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(role=MemberRole.ADMIN)
    viewer = MembershipFactory(agency=admin.agency, role=MemberRole.VIEWER)
    client.force_login(admin.user)
    members_url = reverse("agencies:members", args=[admin.agency.slug])

    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        response = client.post(
            members_url, {"email": "kolega@contoh.id", "role": "editor"}, follow=True
        )
    assert (
        "Undangan untuk kolega@contoh.id telah disimpan dan e-mailnya akan segera dikirim"
        in response.content.decode()
    )
    assert mail.outbox[0].to == ["kolega@contoh.id"]

    client.post(
        reverse("agencies:member_role", args=[admin.agency.slug, viewer.pk]), {"role": "editor"}
    )
    viewer.refresh_from_db()
    assert viewer.role == MemberRole.EDITOR

    confirm = client.get(reverse("agencies:member_remove", args=[admin.agency.slug, viewer.pk]))
    assert viewer.user.full_name in confirm.content.decode()
    client.post(reverse("agencies:member_remove", args=[admin.agency.slug, viewer.pk]))
    assert not Membership.objects.filter(pk=viewer.pk).exists()

    response = client.post(
        reverse("agencies:member_role", args=[admin.agency.slug, admin.pk]),
        {"role": "viewer"},
        follow=True,
    )
    assert "minimal satu admin" in response.content.decode()


@pytest.mark.django_db
def test_invitation_link_lets_a_newcomer_make_an_account_and_join(
    client, eager_tasks, django_capture_on_commit_callbacks
):
    admin = MembershipFactory(role=MemberRole.ADMIN)
    client.force_login(admin.user)
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        client.post(
            reverse("agencies:members", args=[admin.agency.slug]),
            {"email": "baru@contoh.id", "role": "editor"},
        )
    client.logout()
    link = next(w for w in mail.outbox[0].body.split() if "/instansi/undangan/" in w)

    page = client.get(link).content.decode()
    assert "baru@contoh.id" in page
    response = client.post(
        link,
        {
            "full_name": "Kolega Baru",
            "password1": "Kopi-Mandailing-5",
            "password2": "Kopi-Mandailing-5",
            "consent": "on",
        },
        follow=True,
    )
    assert "Selamat datang di" in response.content.decode()
    membership = Membership.objects.get(user__email="baru@contoh.id")
    assert membership.role == MemberRole.EDITOR
    assert response.redirect_chain[-1][0] == admin.agency.get_absolute_url()
    assert client.session["_auth_user_id"] == str(membership.user_id)


def invitation_row(page, invitation):
    """The members page's list item of one open invitation."""
    start = page.rindex("<li", 0, page.index(f'id="invitation-{invitation.pk}"'))
    return page[start : page.index("</li>", start)]


@pytest.mark.django_db
def test_with_the_mail_server_down_the_invitation_is_made_and_its_row_says_the_email_failed(
    client, settings, eager_tasks, django_capture_on_commit_callbacks
):
    """The admin is not told "sent" for an e-mail the mail server refused: the invitation is
    saved, its e-mail waits failed in the outbox (and is retried), the members page shows it
    failed, and sending the invitation again is at hand."""
    admin = MembershipFactory(role=MemberRole.ADMIN)
    client.force_login(admin.user)
    members_url = reverse("agencies:members", args=[admin.agency.slug])
    settings.EMAIL_BACKEND = "tests.support.email.UnreachableSmtpBackend"

    with django_capture_on_commit_callbacks(execute=True):  # the send task, after commit
        response = client.post(members_url, {"email": "kolega@contoh.id", "role": "editor"})

    assert response.url == members_url
    invitation = Invitation.objects.get(email="kolega@contoh.id")
    assert invitation.is_open
    email = OutboundEmail.objects.get(kind="agencies.invitation")
    assert email.about == invitation
    assert email.status == EmailStatus.FAILED
    assert mail.outbox == []

    row = invitation_row(client.get(members_url).content.decode(), invitation)
    assert "E-mail undangan:" in row
    assert '<span class="badge text-bg-danger">Gagal</span>' in row
    assert "server e-mail menolaknya" in row
    assert "border-danger" in row
    assert 'name="email" value="kolega@contoh.id"' in row and "Kirim ulang" in row

    # The mail server is back: "Send again" replaces the invitation, and its e-mail goes out.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(members_url, {"email": "kolega@contoh.id", "role": "editor"})
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    again = Invitation.objects.get(email="kolega@contoh.id", revoked_at__isnull=True)
    assert [m.to for m in mail.outbox] == [["kolega@contoh.id"]]
    assert again.token in mail.outbox[0].body
    row = invitation_row(client.get(members_url).content.decode(), again)
    assert '<span class="badge text-bg-success">Terkirim</span>' in row
    assert "border-danger" not in row and "Kirim ulang" not in row


@pytest.mark.django_db
def test_each_open_invitation_shows_how_its_email_fares(client):
    from agencies import services

    admin = MembershipFactory(role=MemberRole.ADMIN)
    client.force_login(admin.user)
    invitations = {
        status: services.invitation_create(
            agency=admin.agency, email=f"{status}@contoh.id", role="viewer", by=admin.user
        )
        for status in ("queued", "sending", "sent", "failed")
    }
    for status, invitation in invitations.items():
        OutboundEmail.objects.filter(object_id=str(invitation.pk)).update(status=status)

    page = client.get(reverse("agencies:members", args=[admin.agency.slug])).content.decode()

    badges = {
        "queued": '<span class="badge text-bg-info">Dalam antrean</span>',
        "sending": '<span class="badge text-bg-warning">Sedang dikirim</span>',
        "sent": '<span class="badge text-bg-success">Terkirim</span>',
        "failed": '<span class="badge text-bg-danger">Gagal</span>',
    }
    for status, invitation in invitations.items():
        row = invitation_row(page, invitation)
        assert badges[status] in row
        assert ("Kirim ulang" in row) is (status == "failed")


@pytest.mark.django_db
def test_the_members_page_costs_the_same_for_1_and_12_open_invitations(client):
    """The e-mail states come with the invitations, in the same query (a subquery on the
    outbox's index), not one query per invitation."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from agencies import services

    admin = MembershipFactory(role=MemberRole.ADMIN)
    client.force_login(admin.user)
    url = reverse("agencies:members", args=[admin.agency.slug])

    def invite(count):
        for _ in range(count):
            number = Invitation.objects.count()
            services.invitation_create(
                agency=admin.agency, email=f"kolega{number}@contoh.id", role="viewer", by=admin.user
            )

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    invite(1)
    one = queries()
    invite(11)
    OutboundEmail.objects.filter(to__in=["kolega3@contoh.id", "kolega7@contoh.id"]).update(
        status=EmailStatus.FAILED
    )
    assert queries() == one


@pytest.mark.django_db
def test_used_or_unknown_invitation_links_say_why(client):
    assert client.get(reverse("agencies:invitation", args=["tidak-ada"])).status_code == 404
    admin = MembershipFactory(role=MemberRole.ADMIN)
    from agencies import services

    invitation = services.invitation_create(
        agency=admin.agency, email="x@contoh.id", role="viewer", by=admin.user
    )
    services.invitation_revoke(invitation=invitation, by=admin.user)
    response = client.get(reverse("agencies:invitation", args=[invitation.token]))
    assert response.status_code == 410


@pytest.mark.django_db
def test_secretariat_reviews_from_its_queue(
    client, eager_tasks, django_capture_on_commit_callbacks
):
    registrant = UserFactory()
    agency = AgencyFactory(status="pending", slug="menunggu", registered_by=registrant)
    client.force_login(secretariat_user())
    queue = client.get(reverse("agencies:review_queue")).content.decode()
    assert agency.name in queue
    response = client.post(
        reverse("agencies:review", args=["menunggu"]), {"decision": "rejected", "reason": ""}
    )
    assert "reason" in response.context["form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agencies:review", args=["menunggu"]), {"decision": "verified"})
    agency.refresh_from_db()
    assert agency.status == "verified"
    assert mail.outbox[-1].to == [registrant.email]


@pytest.mark.django_db
def test_capabilities_are_managed_by_editors(client):
    editor = MembershipFactory(role=MemberRole.EDITOR)
    client.force_login(editor.user)
    client.post(
        reverse("agencies:capability_create", args=[editor.agency.slug]),
        {"title": "Bengkel las", "kind": "facility", "description": "Dua puluh stasiun."},
    )
    capability = editor.agency.capabilities.get()
    client.post(
        reverse("agencies:capability_edit", args=[editor.agency.slug, capability.pk]),
        {"title": "Bengkel las listrik", "kind": "facility", "description": "Baru."},
    )
    capability.refresh_from_db()
    assert capability.title == "Bengkel las listrik"
    client.post(reverse("agencies:capability_delete", args=[editor.agency.slug, capability.pk]))
    assert not editor.agency.capabilities.exists()


@pytest.mark.django_db
def test_capability_of_another_agency_is_a_404(client):
    editor = MembershipFactory(role=MemberRole.EDITOR)
    foreign = CapabilityFactory()
    client.force_login(editor.user)
    url = reverse("agencies:capability_edit", args=[editor.agency.slug, foreign.pk])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_my_agencies_lists_roles(client):
    membership = MembershipFactory(role=MemberRole.EDITOR)
    client.force_login(membership.user)
    page = client.get(reverse("agencies:mine")).content.decode()
    assert membership.agency.name in page and "Editor" in page


@pytest.mark.django_db
def test_clearing_the_logo_removes_it_and_history_names_the_changed_fields(
    client, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    admin = MembershipFactory(role=MemberRole.ADMIN)
    client.force_login(admin.user)
    url = reverse("agencies:edit", args=[admin.agency.slug])
    buffer = __import__("io").BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    data = {
        "name": admin.agency.name,
        "kind": "opd",
        "regency": admin.agency.regency.pk,
        "sectors": [sector("perindustrian").pk],
        "description": "Baru.",
    }
    client.post(url, {**data, "logo": SimpleUploadedFile("logo.png", buffer.getvalue())})
    admin.agency.refresh_from_db()
    assert admin.agency.logo.name.startswith("agencies/logos/")

    client.post(url, {**data, "logo-clear": "on"})
    admin.agency.refresh_from_db()
    assert admin.agency.logo.name == ""
    details = list(
        admin.agency.events.filter(kind="profile_updated").values_list("detail", flat=True)
    )
    assert details[0] == "logo"  # newest first
    assert "description" in details[-1] and "logo" in details[-1]


@pytest.mark.django_db
def test_pending_agencies_cannot_invite(client):
    admin = MembershipFactory(
        role=MemberRole.ADMIN, agency=AgencyFactory(status="pending", slug="belum")
    )
    client.force_login(admin.user)
    response = client.post(
        reverse("agencies:members", args=["belum"]), {"email": "kolega@contoh.id", "role": "editor"}
    )
    assert "setelah sekretariat memverifikasi" in response.content.decode()
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_admin_who_demotes_themselves_lands_on_the_profile(client):
    admin = MembershipFactory(role=MemberRole.ADMIN)
    MembershipFactory(agency=admin.agency, role=MemberRole.ADMIN)
    client.force_login(admin.user)
    response = client.post(
        reverse("agencies:member_role", args=[admin.agency.slug, admin.pk]), {"role": "viewer"}
    )
    assert response.url == admin.agency.get_absolute_url()


@pytest.mark.django_db
def test_invitation_to_an_unverified_address_replaces_that_account(client):
    from agencies import services
    from tests.factories import UnverifiedUserFactory

    squatter = UnverifiedUserFactory(email="kolega@contoh.id", full_name="Penyerobot")
    admin = MembershipFactory(role=MemberRole.ADMIN)
    invitation = services.invitation_create(
        agency=admin.agency, email="kolega@contoh.id", role="editor", by=admin.user
    )
    link = reverse("agencies:invitation", args=[invitation.token])
    assert "Buat akun saya dan bergabung" in client.get(link).content.decode()
    client.post(
        link,
        {
            "full_name": "Kolega Asli",
            "password1": "Kopi-Mandailing-5",
            "password2": "Kopi-Mandailing-5",
            "consent": "on",
        },
    )
    squatter.refresh_from_db()
    assert squatter.full_name == "Kolega Asli" and squatter.is_email_verified
    assert squatter.check_password("Kopi-Mandailing-5")
    assert Membership.objects.get(user=squatter).role == MemberRole.EDITOR


@pytest.mark.django_db
def test_directory_results_vary_on_htmx(client):
    response = client.get(DIRECTORY)
    assert "HX-Request" in response["Vary"]
    restore = client.get(DIRECTORY, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restore.content.decode()


@pytest.mark.django_db
def test_agency_profile_query_count_does_not_grow(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin = MembershipFactory(role=MemberRole.ADMIN)
    client.force_login(admin.user)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(admin.agency.get_absolute_url()).status_code == 200
        return len(context)

    CapabilityFactory(agency=admin.agency)
    before = queries()
    for _ in range(5):
        CapabilityFactory(agency=admin.agency, sector=sector("perindustrian"))
        MembershipFactory(agency=admin.agency)
    assert queries() == before


@pytest.mark.django_db
def test_rejected_registration_is_corrected_and_sent_again(
    client, eager_tasks, django_capture_on_commit_callbacks
):
    reviewer = secretariat_user(email="sekretariat@contoh.id")
    admin = MembershipFactory(
        role=MemberRole.ADMIN,
        agency=AgencyFactory(status="rejected", slug="ditolak", status_reason="Dokumen kurang."),
    )
    url = reverse("agencies:resubmit", args=["ditolak"])
    client.force_login(MembershipFactory(agency=admin.agency, role=MemberRole.EDITOR).user)
    assert client.post(url).status_code == 403
    client.force_login(admin.user)
    assert "Dokumen kurang." in client.get(admin.agency.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    admin.agency.refresh_from_db()
    assert admin.agency.status == "pending"
    assert reviewer.email in [m.to[0] for m in mail.outbox]


@pytest.mark.django_db
def test_the_history_shows_each_move_with_its_reason_and_details_only_to_those_who_run_it(client):
    from agencies import services

    admin = MembershipFactory(role=MemberRole.ADMIN, user=UserFactory(full_name="Admin Kopi"))
    agency = admin.agency
    viewer = MembershipFactory(agency=agency, role=MemberRole.VIEWER).user
    editor = MembershipFactory(agency=agency, role=MemberRole.EDITOR, user=UserFactory())
    services.membership_change_role(membership=editor, role=MemberRole.VIEWER, by=admin.user)
    services.agency_change_status(
        agency=agency,
        to_status="suspended",
        by=secretariat_user(full_name="Rudi Sekretariat"),
        reason="Izin usaha sedang dibekukan.",
    )

    def history(user):
        client.force_login(user)
        page = client.get(agency.get_absolute_url()).content.decode()
        start = page.index('id="history-heading"')
        return page[start : page.index("</section>", start)]

    for user in (admin.user, viewer):
        seen = history(user)
        assert "Terverifikasi → <strong>Dibekukan</strong>" in seen
        assert "Izin usaha sedang dibekukan." in seen and "Rudi Sekretariat" in seen
    assert editor.user.email in history(admin.user)
    assert editor.user.email not in history(viewer)

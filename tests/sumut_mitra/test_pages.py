import pytest
from django.urls import reverse

HOME = reverse("home")


@pytest.mark.django_db
def test_home_says_what_the_portal_is_in_indonesian(client):
    page = client.get(HOME).content.decode()
    assert '<html lang="id"' in page
    assert "Kemitraan industri Sumatera Utara, dalam satu portal terbuka" in page
    assert 'href="#main"' in page and 'id="main"' in page  # skip link and its target
    assert reverse("accounts:signup") in page and reverse("accounts:login") in page
    assert reverse("privacy") in page


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_the_first_actions_on_home_are_sending_and_tracking_input(client, resident, signed_in):
    import re

    if signed_in:
        client.force_login(resident)
    page = client.get(HOME).content.decode()
    main = page[page.index('id="main"') :]
    buttons = re.findall(r'<a class="btn[^"]*" href="([^"]+)"[^>]*>(.*?)</a>', main, re.S)
    assert [href for href, _text in buttons[:2]] == [
        reverse("forums:submit"),
        reverse("forums:lookup"),
    ]
    assert "Sampaikan aspirasi / pengaduan" in buttons[0][1]
    assert "Lacak kiriman" in buttons[1][1]
    # The account's own actions and the certificate check come after them.
    later = [href for href, _text in buttons[2:]]
    assert reverse("trainings:verify") in later
    assert (reverse("accounts:profile") if signed_in else reverse("accounts:signup")) in later


@pytest.mark.django_db
def test_every_page_links_the_certificate_check_and_the_tracking_page_from_the_footer(client):
    for url in (HOME, reverse("privacy"), reverse("forums:index")):
        page = client.get(url).content.decode()
        footer = page[page.index("<footer") :]
        assert f'href="{reverse("trainings:verify")}">Cek sertifikat</a>' in footer, url
        assert f'href="{reverse("forums:lookup")}">Lacak kiriman</a>' in footer, url


@pytest.mark.django_db
def test_the_training_pages_link_the_certificate_check(client):
    from tests.support.trainings import make_training

    training = make_training()
    verify = f'href="{reverse("trainings:verify")}"'
    for url in (reverse("trainings:list"), training.get_absolute_url()):
        page = client.get(url).content.decode()
        main = page[page.index('id="main"') : page.index("<footer")]
        assert verify in main, url


@pytest.mark.django_db
def test_the_privacy_notice_tells_guests_how_to_download_and_erase_their_data(client):
    page = client.get(reverse("privacy")).content.decode()
    start = page.index('id="guest-rights"')
    rights = page[start : page.index("</p>", start)]
    assert reverse("forums:lookup") in rights
    assert "mengunduh data Anda" in rights and "menghapus nama serta alamat e-mail" in rights


@pytest.mark.django_db
def test_home_in_english(client):
    client.cookies["django_language"] = "en"
    page = client.get(HOME).content.decode()
    assert '<html lang="en"' in page
    assert "in one open portal" in page
    assert "Kemitraan industri" not in page


@pytest.mark.django_db
def test_main_menu_lists_every_section_and_leaves_out_unknown_ones(client, monkeypatch):
    from sumut_mitra import navigation

    page = client.get(HOME).content.decode()
    assert 'aria-current="page"' in page
    for label, url in [
        ("Beranda", "/"),
        ("Instansi", "/instansi/"),
        ("Kerja Sama", "/kerja-sama/"),
        ("Pelatihan", "/pelatihan/"),
        ("Forum Warga", "/forum/"),
    ]:
        assert f'href="{url}"' in page and label in page
    # A section whose URL does not exist is left out rather than linking to a 404.
    extra = ("tidak-ada:halaman", "Bagian Hilang", "bi-x")
    monkeypatch.setattr(navigation, "MAIN_MENU", [*navigation.MAIN_MENU, extra])
    assert "Bagian Hilang" not in client.get(HOME).content.decode()


@pytest.mark.django_db
def test_menu_shows_account_actions_when_logged_in(resident_client, resident):
    page = resident_client.get(HOME).content.decode()
    assert resident.get_short_name() in page
    assert reverse("accounts:logout") in page
    assert reverse("admin:index") not in page


@pytest.mark.django_db
def test_admins_get_a_link_to_administration(client, admin_user):
    client.force_login(admin_user)
    assert reverse("admin:index") in client.get(HOME).content.decode()


@pytest.mark.django_db
def test_home_query_count_is_constant(client, resident, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(HOME)
    client.force_login(resident)
    with django_assert_num_queries(3):  # the session, the user, the bell's unread count
        client.get(HOME)


@pytest.mark.django_db
def test_login_and_signup_pages_make_no_queries_for_visitors(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("accounts:login"))
    with django_assert_num_queries(0):
        client.get(reverse("accounts:signup"))


@pytest.mark.django_db
def test_privacy_notice_names_the_law_and_a_contact(client, settings):
    settings.CONTACT_EMAIL = "privasi@sumutprov.example"
    page = client.get(reverse("privacy")).content.decode()
    assert "27 Tahun 2022" in page
    assert "mailto:privasi@sumutprov.example" in page


@pytest.mark.django_db
def test_unknown_page_gets_a_helpful_404_in_the_portal_layout(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Halaman tidak ditemukan" in page
    assert 'href="/"' in page


@pytest.mark.django_db
def test_admin_is_titled_for_the_portal_in_indonesian(client, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Administrasi Sumut Mitra" in page
    assert "Pengguna" in page  # the accounts model, in Indonesian


def test_server_error_page_renders_without_a_request_context():
    from django.template import loader

    # Django renders 500.html with an empty context: no request, no user, no context processors.
    page = loader.get_template("500.html").render({})
    assert "Terjadi kesalahan" in page
    assert 'href="/"' in page


@pytest.mark.django_db
def test_the_bell_shows_the_unread_count_and_the_list_marks_them_read(resident_client, resident):
    from notifications.models import Notification

    for n in range(3):
        Notification.objects.create(
            user=resident, kind="trainings.starting_soon", title=f"Kabar {n}", url="/pelatihan/"
        )
    page = resident_client.get(HOME).content.decode()
    assert 'id="bell-count">3' in page
    first = Notification.objects.filter(user=resident).first()
    response = resident_client.get(reverse("notifications:open", args=[first.pk]))
    assert response.url == "/pelatihan/"
    assert 'id="bell-count">2' in resident_client.get(HOME).content.decode()
    resident_client.post(reverse("notifications:mark_all_read"))
    assert 'id="bell-count"' not in resident_client.get(HOME).content.decode()
    listing = resident_client.get(reverse("notifications:list")).content.decode()
    assert "Kabar 2" in listing and "Baru" not in listing

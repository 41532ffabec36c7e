"""Public pages from the shared cache: shared only where nothing personal can be in them, obsolete
at the first committed write, and never a reason for a page to fail."""

import re
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Agency, Sector
from core import pagecache
from notifications.models import Notification
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

DIRECTORY = reverse("agencies:directory")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page(client, url=DIRECTORY, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return response, response.content.decode()


@pytest.mark.django_db
def test_second_visit_is_served_from_the_cache_without_a_query(
    client, page_cache, django_assert_num_queries
):
    AgencyFactory(name="Dinas Perindustrian Contoh", status="verified")
    first, first_html = page(client)
    assert first[pagecache.HEADER] == "miss"
    assert "Dinas Perindustrian Contoh" in first_html

    with django_assert_num_queries(0):
        second, second_html = page(Client())
    assert second[pagecache.HEADER] == "hit"
    assert "Dinas Perindustrian Contoh" in second_html
    assert TOKEN.sub("", second_html) == TOKEN.sub("", first_html)
    # The headers the page needs come back with it; the middleware adds the rest as usual.
    assert second["Content-Type"] == first["Content-Type"]
    assert "HX-Request" in second["Vary"]
    assert "Content-Security-Policy" in second


def version(table):
    return pagecache.versions()[table]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "write",
    [
        "save",
        "queryset_update",
        "bulk_create",
        "delete",
        "many_to_many",
    ],
)
def test_any_committed_write_to_a_table_the_page_read_makes_it_obsolete(client, page_cache, write):
    agency = AgencyFactory(name="Balai Latihan Lama", status="verified")
    page(client)
    assert page(client)[0][pagecache.HEADER] == "hit"
    table = "agencies_agency_sectors" if write == "many_to_many" else "agencies_agency"
    before = version(table)

    with transaction.atomic():
        if write == "save":
            agency.name = "Balai Latihan Baru"
            agency.save()
        elif write == "queryset_update":
            Agency.objects.filter(pk=agency.pk).update(name="Balai Latihan Baru")
        elif write == "bulk_create":
            Agency.objects.bulk_create(
                [
                    Agency(
                        name="Balai Latihan Baru",
                        normalised_name="balai latihan baru",
                        slug="balai-baru",
                        kind=agency.kind,
                        regency=agency.regency,
                        status="verified",
                    )
                ]
            )
        elif write == "delete":
            Agency.objects.filter(pk=agency.pk).delete()
        else:
            agency.sectors.add(Sector.objects.first())
        # Two writes in one transaction raise the version once, at commit.
        Agency.objects.filter(pk=-1).update(name="nobody")
        assert version(table) == before  # not before the commit
    assert version(table) == before + 1

    response, html = page(client)
    assert response[pagecache.HEADER] == "miss"
    if write in {"save", "queryset_update", "bulk_create"}:
        assert "Balai Latihan Baru" in html
    if write == "delete":
        assert "Balai Latihan Lama" not in html


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_keeps_the_cache_and_a_committed_one_does_not(client, page_cache):
    AgencyFactory(name="Koperasi Tetap", status="verified")
    page(client)
    before = version("agencies_agency")

    with pytest.raises(RuntimeError), transaction.atomic():
        Agency.objects.update(name="Koperasi Batal")
        raise RuntimeError("rolled back")
    assert version("agencies_agency") == before
    assert page(client)[0][pagecache.HEADER] == "hit"

    # Outside a transaction (autocommit) the write is committed at once, and so is the raise.
    Agency.objects.update(name="Koperasi Berubah")
    assert version("agencies_agency") == before + 1
    response, html = page(client)
    assert response[pagecache.HEADER] == "miss"
    assert "Koperasi Berubah" in html


@pytest.mark.django_db(transaction=True)
def test_writes_to_tables_the_page_did_not_read_keep_it(client, page_cache):
    user = UserFactory()
    AgencyFactory(name="Koperasi Tetap", status="verified")
    page(client)
    Notification.objects.create(user=user, kind="test", title="Halo", url="/")
    Sector.objects.filter(pk=-1).delete()  # a statement that commits nothing still names a table
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_session")
    assert page(client)[0][pagecache.HEADER] == "hit"

    # The same writes do make a page obsolete that read those tables.
    member = MembershipFactory(user=user)
    client.force_login(member.user)
    inbox = reverse("notifications:list")
    page(client, inbox)
    assert page(client, inbox)[0][pagecache.HEADER] == "hit"
    Notification.objects.create(user=user, kind="test", title="Undangan rapat kedua", url="/")
    response, html = page(client, inbox)
    assert response[pagecache.HEADER] == "miss"
    assert "Undangan rapat kedua" in html


@pytest.mark.django_db
def test_signed_in_people_get_only_their_own_pages(client, page_cache):
    rahmat = MembershipFactory(
        user=UserFactory(full_name="Rahmat Hidayat Lubis"),
        agency__name="Balai Riset Tembakau Deli",
        agency__status="verified",
    )
    siti = MembershipFactory(
        user=UserFactory(full_name="Siti Aminah Nasution"),
        agency__name="Politeknik Negeri Medan",
        agency__status="verified",
    )
    Notification.objects.create(user=rahmat.user, kind="test", title="Surat untuk Rahmat", url="/")
    Notification.objects.create(user=siti.user, kind="test", title="Surat untuk Siti", url="/")
    mine = reverse("agencies:mine")
    inbox = reverse("notifications:list")
    client.force_login(rahmat.user)
    for url, own in (
        (mine, "Balai Riset Tembakau Deli"),
        (inbox, "Surat untuk Rahmat"),
        (DIRECTORY, "Rahmat"),
    ):
        response, html = page(client, url)
        assert response[pagecache.HEADER] == "miss"
        assert own in html
        response, html = page(client, url)
        assert response[pagecache.HEADER] == "hit"
        assert own in html

    # Siti, at the same addresses, gets her own pages and nothing of Rahmat's.
    other = Client()
    other.force_login(siti.user)
    for url, own in (
        (mine, "Politeknik Negeri Medan"),
        (inbox, "Surat untuk Siti"),
        (DIRECTORY, "Siti"),
    ):
        response, html = page(other, url)
        assert response[pagecache.HEADER] == "miss"
        assert own in html
        assert "Rahmat" not in html
        if url != DIRECTORY:  # the directory lists every verified agency, to everyone
            assert "Balai Riset Tembakau Deli" not in html
    # And so does a visitor who is not signed in; nor does the visitor's copy reach Rahmat.
    response, html = page(Client())
    assert response[pagecache.HEADER] == "miss"
    assert "Rahmat" not in html and "Siti" not in html
    assert "Rahmat" in page(client)[1]


@pytest.mark.django_db
def test_a_change_to_the_person_or_their_session_is_a_page_of_its_own(client, page_cache):
    member = MembershipFactory(user=UserFactory(full_name="Rahmat Hidayat"))
    client.force_login(member.user)
    mine = reverse("agencies:mine")
    page(client, mine)
    assert page(client, mine)[0][pagecache.HEADER] == "hit"

    # Their own account row is part of the key (the menu shows their name) ...
    assert "Rahmat" in page(client, mine)[1]
    member.user.full_name = "Ucok Hidayat"
    member.user.save(update_fields=["full_name"])
    response, html = page(client, mine)
    assert response[pagecache.HEADER] == "miss"
    assert "Ucok" in html
    assert "Rahmat" not in html

    # ... and so is what their session holds besides the log-in (forum submissions it proved).
    session = client.session
    session["forum_submissions"] = [12345]
    session.save()
    assert page(client, mine)[0][pagecache.HEADER] == "miss"
    assert page(client, mine)[0][pagecache.HEADER] == "hit"


@pytest.mark.django_db
def test_pending_messages_are_shown_not_a_stored_page(client, page_cache, rf):
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    member = MembershipFactory()
    client.force_login(member.user)
    mine = reverse("agencies:mine")
    page(client, mine)
    assert page(client, mine)[0][pagecache.HEADER] == "hit"
    message = Message(25, "Perubahan disimpan.")
    client.cookies["messages"] = CookieStorage(rf.get("/"))._encode([message])
    response, html = page(client, mine)
    assert pagecache.HEADER not in response
    assert "Perubahan disimpan." in html


@pytest.mark.django_db
def test_a_visitor_with_a_session_or_pending_messages_is_not_shared(client, page_cache):
    page(client)
    with_session = Client()
    with_session.cookies["sessionid"] = "abc"
    assert pagecache.HEADER not in page(with_session)[0]
    with_messages = Client()
    with_messages.cookies["messages"] = "x"
    assert pagecache.HEADER not in page(with_messages)[0]


@pytest.mark.django_db
def test_answers_other_than_200_are_not_stored(client, page_cache):
    url = reverse("agencies:detail", args=["belum-ada"])
    assert client.get(url).status_code == 404
    agency = AgencyFactory(slug="belum-ada", status="verified", name="Instansi Baru Ada")
    response = client.get(url)
    assert response.status_code == 200
    assert agency.name in response.content.decode()


@pytest.mark.django_db
def test_each_visitor_gets_a_csrf_token_of_their_own_that_works(page_cache):
    first = Client(enforce_csrf_checks=True)
    page(first)
    second = Client(enforce_csrf_checks=True)
    response, html = page(second)
    assert response[pagecache.HEADER] == "hit"
    tokens = set(TOKEN.findall(html))
    assert len(tokens) == 1
    first_tokens = set(TOKEN.findall(page(first)[1]))
    assert tokens != first_tokens

    # The stored page holds no visitor's token, only the marker.
    stored = [key for key in page_cache_keys(page_cache) if b":page:" in key]
    assert stored
    raw = b"".join(redis_value(page_cache, key) for key in stored)
    assert pagecache.TOKEN_MARKER in raw
    assert not any(token.encode() in raw for token in tokens | first_tokens)

    # The served token is valid for this visitor's cookie: the language switch accepts it.
    answer = second.post(
        reverse("set_language"),
        {"language": "en", "next": DIRECTORY, "csrfmiddlewaretoken": tokens.pop()},
    )
    assert answer.status_code == 302
    stolen = Client(enforce_csrf_checks=True)
    refused = stolen.post(
        reverse("set_language"),
        {"language": "en", "next": DIRECTORY, "csrfmiddlewaretoken": first_tokens.pop()},
    )
    assert refused.status_code == 403


ONCE = re.compile(r'name="once_token" value="([^"]+)"')


@pytest.mark.django_db(transaction=True)
def test_a_shared_page_gives_every_visitor_and_every_form_a_fresh_one_time_token(page_cache, rf):
    from django.http import HttpResponse
    from django.template import Context, Template

    two_forms = Template(
        "{% load once %}<form method=post>{% once_token %}</form>"
        "<form method=post>{% once_token %}</form>"
    )

    @pagecache.cached_page
    def view(request):
        return HttpResponse(two_forms.render(Context()))

    drawn = get(view, rf)
    assert drawn[pagecache.HEADER] == "miss"
    served = [get(view, rf) for _visitor in range(2)]
    assert [response[pagecache.HEADER] for response in served] == ["hit", "hit"]
    tokens = [ONCE.findall(response.content.decode()) for response in [drawn, *served]]
    assert all(len(pair) == 2 for pair in tokens)
    assert len({token for pair in tokens for token in pair}) == 6

    # The stored page holds no token anybody was given, only the markers.
    stored = [key for key in page_cache_keys(page_cache) if b":page:" in key]
    raw = b"".join(redis_value(page_cache, key) for key in stored)
    assert raw.count(pagecache.ONCE_MARKER) == 2
    assert not any(token.encode() in raw for pair in tokens for token in pair)


@pytest.mark.django_db
def test_a_form_on_a_stored_page_sent_from_two_tabs_makes_two_and_each_tab_once(page_cache):
    from partnerships.models import Comment
    from tests.support.world import build_world

    world = build_world()
    editor = Client()
    editor.force_login(world.users["editor"])
    detail = world.agreement.get_absolute_url()
    first_tab, first_html = page(editor, detail)
    second_tab, second_html = page(editor, detail)
    assert (first_tab[pagecache.HEADER], second_tab[pagecache.HEADER]) == ("miss", "hit")
    first, second = set(ONCE.findall(first_html)), set(ONCE.findall(second_html))
    assert first and second and not first & second

    comment = reverse("partnerships:comment_add", args=[world.agreement.reference])

    def token_of(html):  # the discussion form's
        form = html[html.index(f'action="{comment}"') :]
        return ONCE.search(form)[1]

    for tab in (first_html, second_html, second_html):
        editor.post(comment, {"body": "Dari tab mana?", "once_token": token_of(tab)})
    assert Comment.objects.filter(body="Dari tab mana?").count() == 2


def page_cache_keys(server):
    import redis

    return redis.Redis.from_url(server.url).keys("*")


def redis_value(server, key):
    import redis

    return redis.Redis.from_url(server.url).get(key) or b""


@pytest.mark.django_db
def test_languages_and_htmx_results_are_kept_apart(client, page_cache):
    AgencyFactory(name="Kamar Dagang Contoh", status="verified")
    indonesian = page(client)[1]
    english_visitor = Client()
    english_visitor.cookies["django_language"] = "en"
    response, english = page(english_visitor)
    assert response[pagecache.HEADER] == "miss"
    assert 'lang="en"' in english
    assert 'lang="id"' in indonesian
    assert page(english_visitor)[0][pagecache.HEADER] == "hit"
    assert 'lang="id"' in page(Client())[1]

    response, results = page(Client(), headers={"HX-Request": "true"})
    assert response[pagecache.HEADER] == "miss"
    assert "<html" not in results
    assert "Kamar Dagang Contoh" in results
    assert "<html" in page(Client())[1]


@pytest.mark.django_db
def test_pages_expire_after_the_configured_time(client, page_cache, settings):
    settings.PAGE_CACHE_SECONDS = 1
    page(client)
    assert page(client)[0][pagecache.HEADER] == "hit"
    time.sleep(1.2)
    assert page(client)[0][pagecache.HEADER] == "miss"


@pytest.mark.django_db
def test_pages_render_while_redis_is_down_and_cache_again_when_it_is_back(
    client, page_cache, settings
):
    AgencyFactory(name="Universitas Contoh", status="verified")
    page(client)
    page_cache.stop()

    started = time.monotonic()
    for _ in range(5):
        response, html = page(client)
        assert pagecache.HEADER not in response
        assert "Universitas Contoh" in html
    # One failed attempt, then the cache is left alone: no request waits for a dead server.
    assert time.monotonic() - started < 3
    assert pagecache._unavailable_until > time.monotonic()

    page_cache.start()
    pagecache._unavailable_until = 0.0  # the retry window has passed
    assert page(client)[0][pagecache.HEADER] == "miss"
    assert page(client)[0][pagecache.HEADER] == "hit"


@pytest.mark.django_db
def test_lost_versions_start_afresh_so_old_pages_are_never_found(client, page_cache):
    page(client)
    assert page(client)[0][pagecache.HEADER] == "hit"
    import redis

    redis.Redis.from_url(page_cache.url).delete(
        *[key for key in page_cache_keys(page_cache) if b":version:" in key]
    )
    assert page(client)[0][pagecache.HEADER] == "miss"


@pytest.mark.django_db
def test_the_tracking_form_is_shared_but_a_lookup_never_is(client, page_cache):
    url = reverse("forums:lookup")
    page(client, url)
    visitor = Client(enforce_csrf_checks=True)
    response, html = page(visitor, url)
    assert response[pagecache.HEADER] == "hit"
    token = TOKEN.search(html).group(1)
    answer = visitor.post(url, {"code": "SM-2026-999999", "email": "x@contoh.id"})
    assert answer.status_code == 403  # no token sent: the POST went to the view, not the cache
    answer = visitor.post(
        url, {"code": "SM-2026-999999", "email": "x@contoh.id", "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 200
    assert pagecache.HEADER not in answer
    assert "SM-2026-999999" in answer.content.decode()


# --- What a rendering depends on, seen from views made for the test ------------------------------


def get(view, rf, path="/probe/"):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get(path)
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = "id"
    return view(request)


@pytest.mark.django_db(transaction=True)
def test_a_page_depends_on_what_its_remembered_figures_were_made_from(page_cache, rf):
    from django.http import HttpResponse

    from agencies.models import Regency

    @pagecache.cached_page
    def view(request):
        sectors = pagecache.remember("probe:sectors", Sector.objects.count)
        return HttpResponse(f"{Regency.objects.count()} regencies, {sectors} sectors")

    sectors = Sector.objects.count()
    assert get(view, rf)[pagecache.HEADER] == "miss"
    # The page goes stale through a table it reads itself; the figure stays remembered ...
    Regency.objects.filter(pk=Regency.objects.first().pk).update(name="Kabupaten Ubah")
    with CaptureQueriesContext(connection) as queries:
        assert get(view, rf)[pagecache.HEADER] == "miss"
    assert not any('"agencies_sector"' in q["sql"] for q in queries.captured_queries)
    # ... and the page stored with it still goes stale when the figure's table changes.
    Sector.objects.create(slug="uji-baru", name="Sektor Uji", name_en="Test sector")
    response = get(view, rf)
    assert response[pagecache.HEADER] == "miss"
    assert f"{sectors + 1} sectors" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_that_writes_or_reads_an_unversioned_table_is_not_stored(page_cache, rf):
    from django.http import HttpResponse

    user = UserFactory()
    calls = []

    @pagecache.cached_page
    def writes(request):
        calls.append("writes")
        Notification.objects.create(user=user, kind="test", title="Dibaca", url="/")
        return HttpResponse("ok")

    @pagecache.cached_page
    def unversioned(request):
        calls.append("unversioned")
        with connection.cursor() as cursor:
            cursor.execute('SELECT COUNT(*) FROM "django_migrations"')
        return HttpResponse("ok")

    for view in (writes, unversioned, writes, unversioned):
        assert pagecache.HEADER not in get(view, rf)
    assert calls == ["writes", "unversioned"] * 2

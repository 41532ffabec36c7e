"""The Data & Statistik pages: what a visitor reads, downloads and follows, the figures kept in
the cache (and made again when the data changes), withheld counts, and queries that do not grow
with the data."""

import csv
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from agencies.models import Regency, Sector
from core import pagecache
from core.datasets import MONEY
from core.money import format_rupiah
from forums.models import Submission
from partnerships.enums import AgreementStatus
from partnerships.models import Agreement
from sumut_mitra import statistics
from sumut_mitra.tasks import refresh_statistics
from sumut_mitra.templatetags.statistics import short_rupiah
from tests.support.statistics import input_in, more_public_data, public_agreements

DATA = reverse("statistics")
MEDAN = "12.71"


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_page_shows_the_province_s_figures_with_a_map_that_links_every_regency(client, demo):
    in_force = public_agreements().filter(end_date__gte=timezone.localdate()).count()
    response = client.get(DATA)
    page = text(response)

    assert response.status_code == 200
    assert f"{in_force} kerja sama berlaku" in page
    assert "Diperbarui pukul" in page
    assert "Batas wilayah bukan rujukan hukum" in page
    html = response.content.decode()
    for regency in Regency.objects.all():
        assert f'href="{reverse("statistics_regency", args=[regency.code])}"' in html
    # Every table can be downloaded, and the numbers' table stands beside the map.
    assert html.count('href="/data/unduh/') >= 15
    assert 'id="peta-tabel"' in html
    assert "style=" not in html


def test_the_map_metric_and_the_filters_live_in_the_url(client, demo):
    medan = Regency.objects.get(code=MEDAN)
    response = client.get(DATA, {"peta": "aspirasi"})
    html = response.content.decode()
    assert "Masukan warga menurut kabupaten/kota" in html.split('id="peta-tabel"')[1][:400]
    assert 'aria-current="true">Masukan warga' in html

    year = timezone.localdate().year
    response = client.get(DATA, {"regency": MEDAN, "year": year, "peta": "hasil"})
    assert response.status_code == 302
    target = response["Location"]
    assert target.startswith(reverse("statistics_regency", args=[MEDAN]) + "?")
    assert f"year={year}" in target and "peta=hasil" in target and "regency" not in target

    page = client.get(target)
    assert page.status_code == 200
    assert medan.name in text(page)
    # The map on a regency's page is the province's, with this regency outlined, and its row
    # in the map's table marked.
    assert page.content.decode().count("map-selected") >= 1
    marked = re.findall(
        r'<tr class="table-active fw-semibold" aria-current="true">\s*<th[^>]*>(.*?)</th>',
        page.content.decode(),
        re.S,
    )
    assert [re.sub(r"<[^>]+>", "", cell) for cell in marked] == [medan.name]
    assert page.context["filters"].regency == medan
    assert page.context["filters"].year == year


def test_from_a_regency_page_the_links_keep_the_filters_and_the_map_s_metric(client, demo):
    year = timezone.localdate().year
    junk = "x" * 3000
    response = client.get(
        reverse("statistics_regency", args=[MEDAN]), {"year": year, "peta": "hasil", "junk": junk}
    )
    html = response.content.decode()
    # The breadcrumb leads to the province (it led back here: its link held regency=12.71).
    crumb = re.search(r'<li class="breadcrumb-item"><a href="([^"]+)"', html)[1]
    assert crumb == f"/data/?year={year}&amp;peta=hasil"
    province = client.get(crumb.replace("&amp;", "&"))
    assert province.status_code == 200 and province.context["regency"] is None
    assert province.context["metric"] == "hasil"
    # Another regency on the map (and in its table) opens coloured by the same metric.
    binjai = f'href="/data/wilayah/12.75/?year={year}&amp;peta=hasil"'
    assert html.count(binjai) == 2
    # The metric links hold the filters as read, not whatever the address carried.
    assert f'href="?year={year}&amp;peta=aspirasi#peta"' in html
    assert junk not in html.split('id="made-at"', 1)[1].split("<footer", 1)[0]


def test_a_regency_page_counts_that_regency_alone(client, demo):
    medan = Regency.objects.get(code=MEDAN)
    public_agreements().order_by("pk").first().locations.set([Regency.objects.get(code="12.75")])
    here = public_agreements().filter(locations=medan)
    elsewhere = public_agreements().exclude(locations=medan).first()
    assert here.exists() and elsewhere is not None, "the demo lost its places"
    response = client.get(reverse("statistics_regency", args=[MEDAN]))
    summary = response.context["sections"][0].summary
    assert summary[0][1] == here.filter(end_date__gte=timezone.localdate()).count()
    # Per-regency tables are left out of a regency's own page; the map's table stays.
    keys = [d.key for s in response.context["sections"] for d in s.datasets]
    assert "agreement-regency" not in keys and "agreement-kind" in keys
    assert client.get(reverse("statistics_regency", args=["99.99"])).status_code == 404


def test_a_year_that_cannot_be_read_says_so_and_keeps_the_other_filters(client, demo):
    sector = Sector.objects.order_by("pk").first()
    response = client.get(DATA, {"year": "dua ribu", "sector": sector.slug})
    page = text(response)
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid. dua ribu bukan salah satu" in page
    form = response.context["form"]
    assert form["sector"].value() == sector.slug
    assert response.context["filters"].sector == sector
    assert response.context["filters"].year is None


def test_a_regency_that_is_not_a_code_is_an_unknown_regency(client, demo):
    # A NUL byte reached the database (a 500) before the code was checked for its shape.
    for value in ["99.99", "\x00", "12.71\x00", "1" * 5000]:
        response = client.get(DATA, {"regency": value, "year": "2026"})
        assert response.status_code == 200, value
        assert response.context["filters"].regency is None
        assert 'aria-invalid="true"' in response.content.decode().split('id="id_regency"')[0][-400:]
        assert "Kerja sama industri Sumatera Utara dalam angka" in text(response)
    for path in ["/data/wilayah/%00/", "/data/wilayah/12.71%00/", "/data/wilayah/medan/"]:
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize(
    ("amount", "indonesian", "english"),
    [
        (8_000_000_000, "Rp 8 miliar", "Rp 8 billion"),
        (1_080_000_000, "Rp 1,1 miliar", "Rp 1.1 billion"),
        (1_250_000_000_000, "Rp 1,3 triliun", "Rp 1.3 trillion"),
        (480_000_000, "Rp 480 juta", "Rp 480 million"),
        (999_960_000, "Rp 1 miliar", "Rp 1 billion"),
        (1_000_000, "Rp 1 juta", "Rp 1 million"),
        (940_000, "Rp 940.000", "Rp 940.000"),
    ],
)
def test_a_large_amount_in_words(amount, indonesian, english):
    with translation.override("id"):
        assert short_rupiah(amount) == indonesian
    with translation.override("en"):
        assert short_rupiah(amount) == english


def test_the_cards_write_a_large_amount_in_words_and_the_section_gives_it_whole(client, demo):
    """A card half a phone wide cut "Rp 8.000.000.000" in the middle of the number."""
    response = client.get(DATA)
    investment = next(
        value for _label, value, kind in response.context["sections"][1].summary if kind == MONEY
    )
    assert investment >= 10**6, "the demo lost its investment"
    html = response.content.decode()
    cards, sections = html.split('class="row g-3 mb-4 stat-summary"')[1].split('id="peta"', 1)
    assert f'<span title="{format_rupiah(investment)}">{short_rupiah(investment)}</span>' in cards
    assert f">{format_rupiah(investment)}<" in sections.split('id="hasil"')[1]


def test_the_csv_holds_the_table_s_numbers_and_says_when_they_were_made(client, demo):
    response = client.get(reverse("statistics_csv", args=["agreement-kind"]))
    rows = csv_rows(response)
    assert rows[0] == ["Jenis", "Kerja sama"]
    counted = {label: int(value) for label, value in rows[1:]}
    assert counted["Kesepakatan Bersama / MoU"] == public_agreements().filter(kind="kb").count()
    assert 'filename="agreement-kind-' in response["Content-Disposition"]
    assert client.get(reverse("statistics_csv", args=["no-such-table"])).status_code == 404
    # The CSV of the organisers has every agency; it is filtered like the page.
    year = timezone.localdate().year
    response = client.get(reverse("statistics_csv", args=["training-organiser"]), {"year": year})
    assert f"-{year}-" in response["Content-Disposition"]


def test_months_are_words_on_the_page_and_year_month_in_the_file(client, demo):
    year = timezone.localdate().year
    page = text(client.get(DATA, {"year": year}))
    assert f"Januari {year}" in page and f"Desember {year}" in page
    assert f"{year}-01" not in page
    rows = csv_rows(client.get(reverse("statistics_csv", args=["training-month"]), {"year": year}))
    assert rows[0][0] == "Bulan"
    assert [row[0] for row in rows[1:]] == [f"{year}-{month:02d}" for month in range(1, 13)]


def test_a_regency_with_one_or_two_inputs_is_never_shown_with_its_number(client, demo):
    Submission.objects.update(regency=None)
    nias, binjai, karo = (Regency.objects.get(code=c) for c in ("12.04", "12.75", "12.06"))
    input_in(nias, 2)
    input_in(binjai, 7)
    input_in(karo, 5)
    # Without more, Nias' 2 would be the total (14) less Binjai's 7 and Karo's 5.
    table = statistics.input_regency_dataset(
        list(Regency.objects.order_by("name")), statistics.figures(statistics.Filters())[0]
    )
    values = {row["code"]: row["value"] for row in table.rows}
    assert values["12.04"] is statistics.HIDDEN
    assert values["12.06"] is statistics.HIDDEN  # the smallest other, hidden with it
    assert values["12.75"] == 7

    response = client.get(DATA, {"peta": "aspirasi"})
    html = response.content.decode()
    assert f"{nias.name}: kurang dari 3 (disembunyikan)" in html
    assert f"{nias.name}: 2 masukan" not in html
    assert f"{binjai.name}: 7 masukan" in html
    # The legend's ranges start at 3: none reads "1–7" beside "kurang dari 3".
    legend = re.findall(r'map-swatch map-class-[0-9]" aria-hidden="true"></span>([^<]+)<', html)
    assert legend[0] == "0" and len(legend) > 1
    assert all(int(entry.split("–")[0]) >= 3 for entry in legend[1:]), legend
    rows = csv_rows(client.get(reverse("statistics_csv", args=["input-regency"])))
    by_name = {row[0]: row[1] for row in rows[1:]}
    assert by_name[nias.name] == "<3" and by_name[karo.name] == "<3"
    assert by_name[binjai.name] == "7"
    # Nor in the topics of a regency (a topic needs 3).
    assert all(
        row[0] != nias.name
        for row in csv_rows(client.get(reverse("statistics_csv", args=["input-topics"])))[1:]
    )


@pytest.fixture
def figures_cache(settings, page_cache, eager_tasks, client):
    settings.STATISTICS_REFRESH_SECONDS = 60
    # A visitor with a session gets no stored page: these tests read the figures a page used.
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"


def in_force(client, url=DATA):
    return client.get(url).context["sections"][0].summary[0][1]


def test_the_figures_come_from_the_cache_and_are_made_again_after_the_data_changes(
    client, demo, figures_cache, django_capture_on_commit_callbacks, monkeypatch
):
    first = in_force(client)
    made_at = client.get(DATA).context["made_at"]
    with CaptureQueriesContext(connection) as queries:
        assert in_force(client) == first
    assert not any("partnerships_agreement" in q["sql"] for q in queries.captured_queries)

    asked = []
    monkeypatch.setattr(statistics, "enqueue", lambda task, params: asked.append(params))
    agreement = public_agreements().filter(end_date__gte=timezone.localdate()).first()
    with django_capture_on_commit_callbacks(execute=True):
        Agreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.COMPLETED)
    # The visitor who comes first after the change still gets the figures of before, with the
    # time they were made, and a worker is asked (once) for new ones.
    response = client.get(DATA)
    assert response.context["sections"][0].summary[0][1] == first
    assert response.context["made_at"] == made_at
    client.get(DATA)
    assert asked == [{}]
    refresh_statistics(*asked)
    assert in_force(client) == first - 1
    assert client.get(DATA).context["made_at"] > made_at


def test_beat_makes_the_province_s_figures_again_on_a_schedule(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["refresh-statistics"]
    assert schedule["task"] == "sumut_mitra.tasks.refresh_statistics"
    assert schedule["schedule"] == settings.STATISTICS_MAX_AGE_SECONDS


def test_old_figures_are_made_again_even_when_nothing_changed(
    client, demo, figures_cache, settings, monkeypatch
):
    # Tasks run eagerly here: the refresh is made as soon as it is asked for.
    made_at = client.get(DATA).context["made_at"]
    later = made_at.timestamp() + settings.STATISTICS_MAX_AGE_SECONDS + 1
    monkeypatch.setattr(pagecache.time, "time", lambda: later)
    client.get(DATA)  # served the old ones and asked for new ones
    assert client.get(DATA).context["made_at"] == datetime.datetime.fromtimestamp(
        later, tz=datetime.UTC
    )


# Made here (no cache): the figures of the page (and, on a regency's page, of the province
# for its map), a fixed number of aggregate queries each.
@pytest.mark.parametrize(
    ("url", "limit"), [(DATA, 35), (reverse("statistics_regency", args=[MEDAN]), 60)]
)
def test_the_page_makes_as_many_queries_with_ten_times_the_data(client, demo, url, limit):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    more_public_data()
    assert queries() == before
    assert before <= limit


def test_a_stored_page_is_served_until_the_data_changes(
    demo, figures_cache, django_capture_on_commit_callbacks
):
    visitor = Client()
    first = visitor.get(DATA)
    assert visitor.get(DATA)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Agreement.objects.filter(pk=public_agreements().first().pk).update(title="Diubah")
    assert visitor.get(DATA)["X-Page-Cache"] != "hit"
    assert first.status_code == 200


def test_from_the_cache_the_page_needs_a_handful_of_queries(client, demo, figures_cache):
    client.get(DATA)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("statistics_regency", args=[MEDAN]))
        client.get(reverse("statistics_regency", args=[MEDAN]))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("statistics_regency", args=[MEDAN]))
    # The filter's sectors and regencies, the regencies and sectors named, the agencies named.
    assert len(captured.captured_queries) <= 8, [q["sql"] for q in captured.captured_queries]


def test_the_cards_words_agree_with_their_number_in_english(demo):
    raw, _made_at = statistics.figures(statistics.Filters())
    raw["trainings"]["total"]["trainings"] = 1
    raw["trainings"]["total"]["participants"] = 2
    with translation.override("en"):
        cards = {
            str(label): value
            for section in statistics.sections(raw, statistics.Filters())
            for label, value, _kind in section.summary
        }
    assert cards["training"] == 1
    assert cards["participants"] == 2
    assert "trainings" not in cards

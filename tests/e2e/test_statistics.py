"""The Data & Statistik pages as a visitor meets them, on the demo data: from the home page to
the figures, the map coloured by each of its four metrics, a regency's own page from the map,
the filters in the address, the regency chosen in the form, a CSV file whose numbers are the
page's; with JavaScript and without, at a desktop's width and a phone's, by keyboard, in
Indonesian and in English; axe and the Content Security Policy find nothing."""

import csv
import io
import re
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from agencies.models import Sector
from partnerships.enums import AgreementStatus, Visibility
from partnerships.models import Agreement
from tests.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DATA = "/data/"
MEDAN = "12.71"
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
# The map's metrics: the link's words, the heading of the table beside the map, the words
# after the number in an area's name ("Kota Medan: 5 kerja sama").
METRICS = {
    "kerja-sama": ("Kerja sama", "Kerja sama menurut kabupaten/kota", "kerja sama"),
    "hasil": ("Tenaga kerja terserap", "Hasil menurut kabupaten/kota", "tenaga kerja terserap"),
    "pelatihan": ("Pelatihan", "Pelatihan menurut kabupaten/kota", "pelatihan"),
    "aspirasi": ("Masukan warga", "Masukan warga menurut kabupaten/kota", "masukan"),
}
WITHHELD = "kurang dari 3 (disembunyikan)"
BRAND = "rgb(11, 93, 59)"
# The strings of these pages, for the check that each language reads as itself.
SOURCES = (
    "sumut_mitra/statistics.py",
    "sumut_mitra/templatetags/statistics.py",
    "templates/statistics/",
    "templates/includes/regency_map.html",
    "agencies/regency_map.py",
    "core/datasets.py",
)
CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def demo():
    with override_settings(DEBUG=True):  # seed_demo refuses to run otherwise
        call_command("seed_demo", stdout=io.StringIO())


def in_force():
    return Agreement.objects.filter(
        visibility=Visibility.PUBLIC,
        status=AgreementStatus.IN_FORCE,
        end_date__gte=timezone.localdate(),
    ).count()


def heading(page):
    return page.get_by_role("heading", level=1)


def metric_links(page):
    return page.get_by_role("list", name="Yang ditampilkan peta").get_by_role("link")


def area(page, code):
    return page.locator(f'svg.regency-map-svg a[href^="/data/wilayah/{code}/"]')


def click_area(page, code):
    """Click the regency on the map where its shape is (an area's box overlaps its neighbours,
    so its middle may be another regency's)."""
    link = area(page, code)
    link.scroll_into_view_if_needed()
    point = link.evaluate(
        """(a) => {
          const box = a.getBoundingClientRect();
          for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
            const x = box.left + box.width * i / 24, y = box.top + box.height * j / 24;
            const hit = document.elementFromPoint(x, y);
            if (hit && hit.closest("a") === a) return [x, y];
          }
          return null;
        }"""
    )
    assert point, f"no point of {code} on the map can be clicked"
    page.mouse.click(*point)


def table(page, anchor):
    """The table of the dataset section `anchor` as the page shows it: its header and rows,
    without the bar columns (they hold no words)."""
    section = page.locator(f"section#{anchor}")
    header = section.locator("thead th:not(.stat-bar-cell)").all_inner_texts()
    rows = [
        row.locator("th, td:not(.stat-bar-cell)").all_inner_texts()
        for row in section.locator("tbody tr, tfoot tr").all()
    ]
    return [cell.strip() for cell in header], [[cell.strip() for cell in row] for row in rows]


def as_in_csv(cell):
    """A figure written as the page writes it ("Rp 1.250.000", "48%", "< 3", "3,5", "–"), as the
    CSV file has it (1250000, 48, <3, 3.5, empty)."""
    if cell == "–":
        return ""
    if cell == "< 3":
        return "<3"
    if re.fullmatch(r"(Rp )?[0-9.]+(,[0-9])?%?", cell):
        return cell.removeprefix("Rp ").removesuffix("%").replace(".", "").replace(",", ".")
    return cell


def medan_figure(page):
    """The first figure of Kota Medan's row in the table beside the map, as its area names it."""
    row = page.locator("section#peta-tabel tbody tr").filter(
        has=page.get_by_role("rowheader", name="Kota Medan")
    )
    return row.locator("td:not(.stat-bar-cell)").first.inner_text().strip()


def download(page, anchor):
    """Click the "Unduh CSV" link of the dataset section `anchor`, and read the CSV file it
    gives: (its name, its rows)."""
    title = page.locator(f"#{anchor}-title").inner_text()
    link = page.locator(f"section#{anchor}").get_by_role("link", name="Unduh CSV")
    # Its name says which table ("Unduh CSV: Kerja sama menurut jenis"; Chromium reads a space
    # before the colon, the hidden words being a box of their own).
    expect(link).to_have_accessible_name(re.compile(f"^Unduh CSV ?: {re.escape(title)}$"))
    with page.expect_download() as info:
        link.click()
    got = info.value
    text = Path(got.path()).read_text(encoding="utf-8-sig")
    return got.suggested_filename, list(csv.reader(io.StringIO(text)))


def no_sideways_scroll(page, width):
    """Nothing sticks out of the window; a wide table scrolls inside its own box, the map fits."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    boxes = page.evaluate(
        """() => [...document.querySelectorAll(".table-responsive, svg.regency-map-svg")]
             .map((e) => [e.className.baseVal ?? e.className, e.getBoundingClientRect().right])"""
    )
    assert boxes and all(right <= width + 0.5 for _name, right in boxes), boxes
    svg = page.locator("svg.regency-map-svg").bounding_box()
    assert svg["width"] <= width - 16


def a_visitor_reads_the_figures(page, live_server):
    """The whole journey; the same with JavaScript off (links and a GET form)."""
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Data & Statistik"
    ).click()
    expect(page).to_have_url(f"{live_server.url}{DATA}")
    expect(heading(page)).to_have_text("Data & Statistik")
    card = page.locator(".stat-summary .card").filter(has_text="kerja sama berlaku")
    expect(card.locator("p").first).to_have_text(str(in_force()))
    page.go_back()
    page.get_by_role("link", name="Buka Data & Statistik").click()
    expect(heading(page)).to_have_text("Data & Statistik")

    # The map's four metrics: each its own table beside the map and its own words per area.
    expect(metric_links(page)).to_have_text([label for label, _t, _w in METRICS.values()])
    for key, (label, title, words) in METRICS.items():
        metric_links(page).filter(has_text=re.compile(f"^{label}$")).click()
        expect(page).to_have_url(f"{live_server.url}{DATA}?peta={key}#peta")
        expect(metric_links(page).filter(has_text=re.compile(f"^{label}$"))).to_have_attribute(
            "aria-current", "true"
        )
        expect(page.locator("#peta-tabel-title")).to_have_text(title)
        expect(page.locator("svg.regency-map-svg > title")).to_have_text(label)
        figure = medan_figure(page)
        named = WITHHELD if figure == "< 3" else f"{figure} {words}"
        expect(area(page, MEDAN)).to_have_accessible_name(f"Kota Medan: {named}")
        expect(area(page, MEDAN).locator("title")).to_have_text(f"Kota Medan: {named}")
    # The demo's input: Medan 3 and three places with 1 of a total of 6 would tell each of
    # the three, so Medan's 3 is withheld with them.
    expect(area(page, MEDAN)).to_have_accessible_name(f"Kota Medan: {WITHHELD}")
    # In the portal's green (Bootstrap's blue would be a second colour for links).
    colours = metric_links(page).evaluate_all(
        "(links) => links.map((a) => getComputedStyle(a)).map((s) => [s.color, s.backgroundColor])"
    )
    assert colours == [[BRAND, "rgba(0, 0, 0, 0)"]] * 3 + [["rgb(255, 255, 255)", BRAND]]

    # A regency on the map: its own page, named and outlined, the map still on its metric.
    click_area(page, MEDAN)
    page.wait_for_url(f"{live_server.url}/data/wilayah/{MEDAN}/?peta=aspirasi")
    expect(heading(page)).to_have_text("Kota Medan")
    expect(page.get_by_role("navigation", name="Remah roti")).to_contain_text("Kota Medan")
    expect(area(page, MEDAN)).to_have_attribute("aria-current", "page")
    expect(page.locator("svg.regency-map-svg path.map-selected")).to_have_count(1)
    expect(page.locator(".regency-map-legend li").last).to_have_text("Kota Medan")
    expect(page.locator("#peta-tabel-title")).to_have_text(METRICS["aspirasi"][1])
    expect(page.get_by_label("Kabupaten/kota", exact=True)).to_have_value(MEDAN)
    page.go_back()
    expect(page).to_have_url(f"{live_server.url}{DATA}?peta=aspirasi#peta")
    expect(heading(page)).to_have_text("Data & Statistik")

    # Year and sector: in the address, and shown chosen.
    years = page.get_by_label("Tahun", exact=True).locator("option").all_inner_texts()
    assert years[0] == "Semua tahun" and len(years) > 1, years
    year = years[1]
    sector = Sector.objects.get(name="Perindustrian")
    page.get_by_label("Tahun", exact=True).select_option(year)
    page.get_by_label("Bidang", exact=True).select_option(label="Perindustrian")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(re.compile(f"year={year}"))
    expect(heading(page)).to_have_text("Data & Statistik")
    assert f"year={year}" in page.url and f"sector={sector.slug}" in page.url
    assert "peta=aspirasi" in page.url  # the map stays on its metric
    expect(page.get_by_label("Tahun", exact=True)).to_have_value(year)
    expect(page.get_by_label("Bidang", exact=True)).to_have_value(sector.slug)
    expect(page.get_by_role("link", name="Atur ulang")).to_be_visible()
    # Each metric link and each area keeps them.
    for link in metric_links(page).all():
        assert f"year={year}&sector={sector.slug}" in link.get_attribute("href")
    assert area(page, MEDAN).get_attribute("href") == (
        f"/data/wilayah/{MEDAN}/?year={year}&sector={sector.slug}&peta=aspirasi"
    )

    # A regency chosen in the form: its page, the other filters kept.
    page.get_by_label("Kabupaten/kota", exact=True).select_option(label="Kota Medan")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(re.compile(f"/data/wilayah/{MEDAN}/"))
    expect(heading(page)).to_have_text("Kota Medan")
    assert page.url.startswith(f"{live_server.url}/data/wilayah/{MEDAN}/?")
    assert f"year={year}" in page.url and f"sector={sector.slug}" in page.url
    expect(page.get_by_label("Tahun", exact=True)).to_have_value(year)
    expect(page.get_by_label("Bidang", exact=True)).to_have_value(sector.slug)
    expect(page.get_by_label("Kabupaten/kota", exact=True)).to_have_value(MEDAN)

    # A table's CSV file: the table's header and numbers, for the same filters.
    name, rows = download(page, "agreement-kind")
    assert name.startswith(f"agreement-kind-{year}-{sector.slug}-{MEDAN}-") and name.endswith(
        ".csv"
    )
    header, shown = table(page, "agreement-kind")
    assert rows[0] == header == ["Jenis", "Kerja sama"]
    assert rows[1:] == [[as_in_csv(cell) for cell in row] for row in shown]

    # On the province's page: the map's table and the financing (money, shares, a total).
    page.get_by_role("navigation", name="Remah roti").get_by_role(
        "link", name="Data & Statistik"
    ).click()
    expect(page).to_have_url(
        f"{live_server.url}{DATA}?year={year}&sector={sector.slug}&peta=aspirasi"
    )
    expect(heading(page)).to_have_text("Data & Statistik")
    page.get_by_role("link", name="Atur ulang").click()
    expect(page).to_have_url(f"{live_server.url}{DATA}")
    for anchor in ["peta-tabel", "agreement-financing", "input-kind-status"]:
        _name, rows = download(page, anchor)
        header, shown = table(page, anchor)
        # The file's header says which columns are shares: "Realisasi dari rencana (%)".
        assert [words.removesuffix(" (%)") for words in rows[0]] == header
        assert rows[1:] == [[as_in_csv(cell) for cell in row] for row in shown], anchor
        assert len(rows) > 2
    _name, rows = download(page, "agreement-financing")
    assert rows[0][-1] == "Realisasi dari rencana (%)" and rows[-1][0] == "Total"
    _name, rows = download(page, "peta-tabel")
    medan = next(row for row in rows if row[0] == "Kota Medan")
    assert (
        int(medan[1])
        == Agreement.objects.filter(
            visibility=Visibility.PUBLIC,
            status__in=[AgreementStatus.IN_FORCE, AgreementStatus.COMPLETED],
            locations__code=MEDAN,
        ).count()
    )


def test_a_visitor_reads_the_figures_with_javascript(browser, live_server, demo, console_errors):
    page = browser.new_context(viewport=DESKTOP, accept_downloads=True).new_page()
    a_visitor_reads_the_figures(page, live_server)
    assert console_errors == []


def test_a_visitor_reads_the_figures_without_javascript(browser, live_server, demo, console_errors):
    context = browser.new_context(
        viewport=DESKTOP, accept_downloads=True, java_script_enabled=False
    )
    page = context.new_page()
    a_visitor_reads_the_figures(page, live_server)
    expect(page.locator("html")).to_have_class(re.compile(r"\bno-js\b"))
    assert console_errors == []


PAGES = [DATA, f"/data/wilayah/{MEDAN}/", f"{DATA}?peta=aspirasi"]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_nothing_and_nothing_sticks_out(
    browser, live_server, demo, console_errors, viewport
):
    page = browser.new_context(viewport=viewport).new_page()
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        assert axe_violations(page) == [], path
        no_sideways_scroll(page, viewport["width"])
    assert console_errors == []


def test_on_a_phone_the_map_fits_and_the_tables_scroll_in_their_box(
    browser, live_server, demo, console_errors
):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}{DATA}")
    svg = page.locator("svg.regency-map-svg").bounding_box()
    assert 300 <= svg["width"] <= 344
    # The financing table is wider than the phone: it scrolls inside its own box.
    box = page.locator("section#agreement-financing .table-responsive")
    wide = box.evaluate("(e) => [e.scrollWidth, e.clientWidth]")
    assert wide[0] > wide[1], wide
    assert box.evaluate("(e) => getComputedStyle(e).overflowX") == "auto"
    # The cards' numbers are whole on one line each ("Rp 8 miliar", not "Rp 8.000.000.0 / 00").
    for number in page.locator(".stat-summary .card p.fs-3").all():
        assert number.evaluate("(p) => p.scrollWidth <= p.clientWidth"), number.inner_text()
        assert not re.search(r"[0-9]\n[0-9]", number.inner_text())
    no_sideways_scroll(page, PHONE["width"])
    assert console_errors == []


def test_by_keyboard_tab_reaches_the_map_s_areas_and_enter_follows_one(
    browser, live_server, demo, console_errors
):
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}{DATA}?peta=pelatihan")
    metric_links(page).last.focus()  # "Masukan warga", the last link before the map
    page.keyboard.press("Tab")
    first = page.locator("svg.regency-map-svg a").first
    expect(first).to_be_focused()
    expect(first).to_have_accessible_name(re.compile(r"^Kabupaten Tapanuli Tengah: "))
    assert first.evaluate("(a) => getComputedStyle(a).outlineStyle") == "solid"
    for _ in range(40):
        if page.evaluate("document.activeElement.getAttribute('href') || ''").startswith(
            f"/data/wilayah/{MEDAN}/"
        ):
            break
        page.keyboard.press("Tab")
    expect(area(page, MEDAN)).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/data/wilayah/{MEDAN}/?peta=pelatihan")
    expect(heading(page)).to_have_text("Kota Medan")
    assert console_errors == []


def catalogue_strings():
    """(English, Indonesian) fragments of the strings these pages use, placeholders cut out:
    pieces long enough to be words of one language only."""
    pairs = []
    for entry in polib.pofile(str(CATALOGUE)):
        if not any(where.startswith(SOURCES) for where, _line in entry.occurrences):
            continue
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        split = re.compile(r"%\(\w+\)s|\{\{.*?\}\}|%s|[<>“”]")
        for english in split.split(entry.msgid):
            english = english.strip(" .,:;()–-")
            if len(english) >= 12 and english not in translated:
                pairs.append((english, None))
        for indonesian in split.split(translated):
            indonesian = indonesian.strip(" .,:;()–-")
            if len(indonesian) >= 12 and indonesian not in entry.msgid:
                pairs.append((None, indonesian))
    return [english for english, _ in pairs if english], [id_ for _, id_ in pairs if id_]


def test_each_language_reads_as_itself(browser, live_server, demo, console_errors):
    english, indonesian = catalogue_strings()
    assert len(english) > 50 and len(indonesian) > 50
    page = browser.new_context(viewport=DESKTOP).new_page()
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        text = page.locator("body").inner_text()
        names = " ".join(page.locator("svg a").evaluate_all("(a) => a.map((x) => x.ariaLabel)"))
        left = [words for words in english if words in text or words in names]
        assert left == [], f"English on the Indonesian page {path}: {left}"

    page.goto(f"{live_server.url}{DATA}")
    page.get_by_role("button", name="English").first.click()
    expect(heading(page)).to_have_text("Data & statistics")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        text = page.locator("body").inner_text()
        left = [words for words in indonesian if words in text]
        assert left == [], f"Indonesian on the English page {path}: {left}"
    page.goto(f"{live_server.url}{DATA}")
    links = page.get_by_role("list", name="What the map shows").get_by_role("link")
    expect(links).to_have_text(["Agreements", "Jobs absorbed", "Trainings", "Residents' input"])
    expect(area(page, MEDAN)).to_have_accessible_name(
        re.compile(r"^Kota Medan: [0-9]+ agreements?$")
    )
    assert console_errors == []

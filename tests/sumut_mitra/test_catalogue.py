"""The open-data catalogue: the page lists every dataset with its licence, update time and
links that work; the DCAT file is RDF a harvester reads (parsed here with rdflib, as
ckanext-dcat does) and says the same as the page."""

import csv
import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from sumut_mitra import catalogue, statistics
from tests.support.statistics import more_public_data

CATALOGUE = reverse("data_catalogue")
DCAT_FILE = reverse("data_catalogue_dcat")
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    settings.SITE_URL = "https://mitra.example.id"
    call_command("seed_demo", stdout=io.StringIO())


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def province_datasets():
    raw, _made_at = statistics.figures(statistics.Filters())
    return [
        dataset
        for section in statistics.sections(raw, statistics.Filters(), every_agency=True)
        for dataset in section.datasets
    ]


def graph(client):
    response = client.get(DCAT_FILE)
    assert response["Content-Type"] == "application/ld+json"
    parsed = Graph()
    parsed.parse(data=response.content.decode(), format="json-ld")
    return parsed


def local(url):
    return str(url).removeprefix("https://mitra.example.id")


def test_the_page_lists_every_table_of_the_data_page_with_its_files_and_licence(client, demo):
    response = client.get(CATALOGUE)
    page = text(response)
    html = response.content.decode()
    datasets = province_datasets()
    assert len(datasets) > 15
    for dataset in datasets:
        assert str(dataset.title) in page
        assert f'href="{reverse("statistics_csv", args=[dataset.key])}"' in html
        # Its columns, so a reader knows what the file holds before fetching it.
        assert ", ".join(str(column.label) for column in dataset.columns) in page
    for record in catalogue.RECORDS:
        assert str(record.title) in page
        assert f'href="{reverse(record.route)}"' in html
    assert "Creative Commons Attribution 4.0" in page
    assert 'rel="license"' in html
    assert f'href="{DCAT_FILE}"' in html  # the alternate link and the visible one
    made_at = timezone.localtime(statistics.figures(statistics.Filters())[1])
    assert f"{made_at:%H.%M} WIB" in page
    assert f"{len(datasets) + len(catalogue.RECORDS)} dataset" in page


def test_every_link_of_the_page_answers_with_the_data_it_names(client, demo):
    html = client.get(CATALOGUE).content.decode()
    links = set(re.findall(r'href="(/(?:data/unduh|api/v1)/[^"]+)"', html))
    assert len(links) > 15
    with_data = 0
    for link in sorted(links):
        response = client.get(link)
        assert response.status_code == 200, link
        if link.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(response.content.decode())))
            assert rows[0], link  # a header (a table may have no published rows yet)
            with_data += len(rows) > 1
        elif link.endswith("/docs/"):
            assert "Dokumentasi API" in response.content.decode()
        elif link.endswith("/schema/"):
            assert response.content.startswith(b"openapi: 3")
        elif "/datasets/" in link:
            body = json.loads(response.content)
            assert body["columns"] and body["csv"].endswith(".csv"), link
        else:
            body = json.loads(response.content)
            rows = body["results"] if isinstance(body, dict) else body  # paged, or one answer
            assert rows and all("id" in row or "code" in row or "slug" in row for row in rows)
    assert with_data > 15  # the demo fills nearly every table


def test_the_dcat_file_is_rdf_a_harvester_reads_with_one_dataset_per_entry(client, demo):
    rdf = graph(client)
    catalogues = list(rdf.subjects(RDF.type, DCAT.Catalog))
    assert catalogues == [URIRef("https://mitra.example.id/data/katalog/")]
    listed = set(rdf.objects(catalogues[0], DCAT.dataset))
    keys = {str(rdf.value(dataset, DCTERMS.identifier)) for dataset in listed}
    expected = {dataset.key for dataset in province_datasets()}
    expected |= {record.key for record in catalogue.RECORDS}
    assert keys == expected
    for dataset in listed:
        assert (dataset, RDF.type, DCAT.Dataset) in rdf
        titles = {title.language: str(title) for title in rdf.objects(dataset, DCTERMS.title)}
        assert set(titles) == {"id", "en"}
        assert titles["id"] != titles["en"] or titles["id"].isupper()
        assert rdf.value(dataset, DCTERMS.license) == LICENCE
        assert rdf.value(dataset, DCTERMS.publisher) is not None
        assert isinstance(rdf.value(dataset, DCTERMS.modified), Literal)
        contact = rdf.value(dataset, DCAT.contactPoint)
        assert str(rdf.value(contact, VCARD.hasEmail)).startswith("mailto:")
        distributions = list(rdf.objects(dataset, DCAT.distribution))
        assert distributions
        for distribution in distributions:
            assert (distribution, RDF.type, DCAT.Distribution) in rdf
            assert str(rdf.value(distribution, DCAT.accessURL)).startswith(
                "https://mitra.example.id/"
            )
            assert rdf.value(distribution, DCTERMS.license) == LICENCE


def test_the_dcat_file_s_csv_links_download_the_table_it_describes(client, demo):
    rdf = graph(client)
    by_key = {dataset.key: dataset for dataset in province_datasets()}
    checked = 0
    for dataset in rdf.subjects(RDF.type, DCAT.Dataset):
        key = str(rdf.value(dataset, DCTERMS.identifier))
        for distribution in rdf.objects(dataset, DCAT.distribution):
            download = rdf.value(distribution, DCAT.downloadURL)
            if download is None:
                continue
            rows = list(csv.reader(io.StringIO(client.get(local(download)).content.decode())))
            assert rows[0] == list(by_key[key].as_tablib().headers)
            checked += 1
    assert checked == len(by_key)


def test_the_dcat_file_s_json_links_give_the_same_figures_as_the_csv_file(client, demo):
    rdf = graph(client)
    checked = 0
    for dataset in rdf.subjects(RDF.type, DCAT.Dataset):
        files = {
            str(rdf.value(d, DCTERMS.format)): local(rdf.value(d, DCAT.accessURL))
            for d in rdf.objects(dataset, DCAT.distribution)
        }
        if "CSV" not in files:
            continue
        body = client.get(files["JSON"]).json()
        rows = list(csv.reader(io.StringIO(client.get(files["CSV"]).content.decode())))
        keys = [column["key"] for column in body["columns"]]
        published = [*body["rows"], *([body["totals"]] if body["totals"] else [])]
        as_text = [["" if row[key] is None else str(row[key]) for key in keys] for row in published]
        assert as_text == rows[1:], files["JSON"]
        checked += 1
    assert checked > 15


def test_the_dcat_file_says_when_the_figures_were_made_and_describes_the_api(client, demo):
    rdf = graph(client)
    made_at = statistics.figures(statistics.Filters())[1]
    catalogue_node = URIRef("https://mitra.example.id/data/katalog/")
    modified = rdf.value(catalogue_node, DCTERMS.modified).toPython()
    assert abs(modified - made_at) < datetime.timedelta(seconds=1)
    services = list(rdf.objects(catalogue_node, DCAT.service))
    assert len(services) == 1
    assert str(rdf.value(services[0], DCAT.endpointURL)) == "https://mitra.example.id/api/v1/"
    assert local(rdf.value(services[0], DCAT.endpointDescription)) == reverse("api:schema")


def test_the_catalogue_speaks_the_visitor_s_language(client, demo):
    indonesian = text(client.get(CATALOGUE))
    client.cookies["django_language"] = "en"
    english = text(client.get(CATALOGUE))
    assert "Katalog data" in indonesian
    assert "Data catalogue" in english


def test_the_page_and_the_file_read_as_many_queries_with_more_data(client, demo):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    before = {url: queries(url) for url in (CATALOGUE, DCAT_FILE)}
    more_public_data()
    assert {url: queries(url) for url in (CATALOGUE, DCAT_FILE)} == before

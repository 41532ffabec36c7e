"""The open-data catalogue (`/data/katalog/`): every dataset the portal publishes, with its
licence, when it was last made, and where to fetch it (CSV file, API), for people on the page
and, as DCAT in JSON-LD, for data portals that harvest catalogues (CKAN with ckanext-dcat, as
Satu Data Indonesia runs).

Two kinds of dataset: the tables of Data & Statistik (figures, sumut_mitra/statistics.py), and
the records the API lists one by one (`RECORDS`). Both are described
in Indonesian and English; the catalogue's own words come from the same translations as the
pages.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.http import absolute_url

from . import statistics

# Controlled vocabularies DCAT-AP uses (EU Publications Office authority tables).
LANGUAGES = {
    "id": "http://publications.europa.eu/resource/authority/language/IND",
    "en": "http://publications.europa.eu/resource/authority/language/ENG",
}
# The figures are made again within minutes of a change: "continuously updated".
CONTINUOUS = "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"
MEDIA_TYPES = {
    "csv": "https://www.iana.org/assignments/media-types/text/csv",
    "json": "https://www.iana.org/assignments/media-types/application/json",
}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True)
class Record:
    """A dataset the API serves row by row: its key, words, and the API route listing it."""

    key: str
    title: str
    description: str
    route: str  # the API's URL name, in the `api` namespace
    keywords: tuple = ()


RECORDS = [
    Record(
        "regencies",
        _("Regencies and cities"),
        _("The 33 regencies and cities of North Sumatra, with their Kemendagri codes."),
        "api:regency-list",
        (_("regions"),),
    ),
    Record(
        "sectors",
        _("Sectors"),
        _("The fields of cooperation the portal's records are filed under."),
        "api:sector-list",
        (_("sectors"),),
    ),
    Record(
        "agencies",
        _("Agencies"),
        _("The verified agencies of the portal, with their public contact and sectors."),
        "api:agency-list",
        (_("agencies"),),
    ),
    Record(
        "capabilities",
        _("Agencies' capabilities"),
        _("The expertise, facilities, programmes and resources agencies offer partners."),
        "api:capability-list",
        (_("agencies"),),
    ),
    Record(
        "agreements",
        _("Public cooperation agreements"),
        _("Agreements in force, expired or completed, with their parties, sectors and regions."),
        "api:agreement-list",
        (_("agreements"),),
    ),
    Record(
        "trainings",
        _("Trainings"),
        _("Public trainings, workshops and certifications, with their sessions and organisers."),
        "api:training-list",
        (_("trainings"),),
    ),
    Record(
        "submissions",
        _("Residents' published input"),
        _(
            "Suggestions, complaints and requests for information residents published, with "
            "the agencies' official answers. Anonymous input names nobody; confidential input "
            "is never published."
        ),
        "api:submission-list",
        (_("residents' input"),),
    ),
    Record(
        "meetings",
        _("Public meetings"),
        _("Open public meetings announced in the forums."),
        "api:meeting-list",
        (_("residents' input"),),
    ),
]


@dataclass
class Entry:
    """One dataset of the catalogue, in the active language."""

    key: str
    title: str
    description: str
    group: str
    keywords: list
    modified: object  # an aware datetime
    landing_url: str
    distributions: list = field(default_factory=list)  # [(format, url)]
    columns: list = field(default_factory=list)  # [label]

    @property
    def anchor(self):
        return f"set-{self.key}"


def _figure_entries(raw, made_at):
    entries = []
    for section in statistics.sections(raw, statistics.Filters(), every_agency=True):
        for dataset in section.datasets:
            description = " ".join(str(part) for part in (section.intro, dataset.note) if part)
            entries.append(
                Entry(
                    key=dataset.key,
                    title=str(dataset.title),
                    description=description,
                    group=str(section.title),
                    keywords=[str(section.title), str(_("statistics"))],
                    modified=made_at,
                    landing_url=f"{reverse('statistics')}#{dataset.key}",
                    distributions=[
                        ("CSV", reverse("statistics_csv", args=[dataset.key])),
                        ("JSON", reverse("api:dataset-detail", args=[dataset.key])),
                    ],
                    columns=[str(column.label) for column in dataset.columns],
                )
            )
    return entries


def _record_entries(now):
    group = str(_("Records, one by one (API)"))
    return [
        Entry(
            key=record.key,
            title=str(record.title),
            description=str(record.description),
            group=group,
            keywords=[str(keyword) for keyword in record.keywords],
            modified=now,
            landing_url=reverse(record.route),
            distributions=[("JSON", reverse(record.route))],
        )
        for record in RECORDS
    ]


def entries():
    """(every dataset of the catalogue in the active language, when the figures were made)."""
    raw, made_at = statistics.figures(statistics.Filters())
    return _entries(raw, made_at), made_at


def _entries(raw, made_at):
    return _figure_entries(raw, made_at) + _record_entries(timezone.now())


def licence():
    return {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL}


# --- DCAT (JSON-LD) -------------------------------------------------------------------------------


def _when(moment):
    return {"@value": timezone.localtime(moment).isoformat(), "@type": "xsd:dateTime"}


def _link(path):
    return {"@id": absolute_url(path)}


def dcat():
    """The catalogue as a DCAT 2 `dcat:Catalog` in JSON-LD (a dict ready for json.dumps)."""
    raw, made_at = statistics.figures(
        statistics.Filters()
    )  # once: the words differ, not the numbers
    by_language = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            found = _entries(raw, made_at)
            by_language.append(
                (
                    language,
                    {
                        "catalogue": {
                            "title": str(_("Sumut Mitra open data")),
                            "description": str(CATALOGUE_DESCRIPTION),
                        },
                        **{
                            entry.key: {"title": entry.title, "description": entry.description}
                            for entry in found
                        },
                    },
                )
            )
            if language == settings.LANGUAGE_CODE:
                primary = found
    publisher = {
        "@id": absolute_url(reverse("home")) + "#penerbit",
        "@type": "foaf:Organization",
        "foaf:name": settings.OPEN_DATA_PUBLISHER,
        "foaf:mbox": {"@id": f"mailto:{settings.CONTACT_EMAIL}"},
    }
    contact = {
        "@type": "vcard:Organization",
        "vcard:fn": settings.OPEN_DATA_PUBLISHER,
        "vcard:hasEmail": {"@id": f"mailto:{settings.CONTACT_EMAIL}"},
    }
    licence_link = {"@id": settings.OPEN_DATA_LICENCE_URL}
    catalogue_url = absolute_url(reverse("data_catalogue"))
    service = {
        "@id": absolute_url(reverse("api:api-root")),
        "@type": "dcat:DataService",
        "dct:title": "Sumut Mitra API v1",
        "dcat:endpointURL": _link(reverse("api:api-root")),
        "dcat:endpointDescription": _link(reverse("api:schema")),
        "dct:license": licence_link,
    }
    datasets = []
    for entry in primary:
        distributions = [
            {
                "@id": absolute_url(url),
                "@type": "dcat:Distribution",
                "dct:title": fmt,
                "dct:format": fmt,
                "dcat:mediaType": {"@id": MEDIA_TYPES[fmt.lower()]},
                "dcat:accessURL": _link(url),
                "dct:license": licence_link,
                **({"dcat:downloadURL": _link(url)} if fmt == "CSV" else {}),
                **({"dcat:accessService": {"@id": service["@id"]}} if fmt == "JSON" else {}),
            }
            for fmt, url in entry.distributions
        ]
        datasets.append(
            {
                "@id": f"{catalogue_url}#{entry.anchor}",
                "@type": "dcat:Dataset",
                "dct:identifier": entry.key,
                "dct:title": _in_each_language(by_language, entry.key, "title"),
                "dct:description": _in_each_language(by_language, entry.key, "description"),
                "dcat:keyword": entry.keywords,
                "dct:modified": _when(entry.modified),
                "dct:publisher": {"@id": publisher["@id"]},
                "dcat:contactPoint": contact,
                "dct:license": licence_link,
                "dct:accrualPeriodicity": {"@id": CONTINUOUS},
                "dct:spatial": {"@type": "dct:Location", "dct:title": "Provinsi Sumatera Utara"},
                "dct:language": [{"@id": uri} for uri in LANGUAGES.values()],
                "dcat:landingPage": _link(entry.landing_url),
                "dcat:distribution": distributions,
            }
        )
    return {
        "@context": CONTEXT,
        "@id": catalogue_url,
        "@type": "dcat:Catalog",
        "dct:title": _in_each_language(by_language, "catalogue", "title"),
        "dct:description": _in_each_language(by_language, "catalogue", "description"),
        "dct:publisher": publisher,
        "dct:license": licence_link,
        "dct:language": [{"@id": uri} for uri in LANGUAGES.values()],
        "dct:modified": _when(made_at),
        "foaf:homepage": _link(reverse("home")),
        "dcat:service": [service],
        "dcat:dataset": datasets,
    }


def _in_each_language(by_language, key, part):
    """A JSON-LD value: the `part` ("title", "description") of `key` in each language, tagged."""
    return [{"@language": lang, "@value": texts[key][part]} for lang, texts in by_language]


CATALOGUE_DESCRIPTION = _(
    "Datasets of Sumut Mitra, the portal of North Sumatra's industrial partnerships: "
    "cooperation agreements, their results, joint trainings and residents' input."
)

"""Every status enum owns its badge colours (core.enums.StatusChoices), and one template tag draws
every status badge of the portal (core/templatetags/badges.py)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from agencies.enums import AgencyStatus
from core.enums import BADGE_COLOURS, StatusChoices, status_enum, status_enums
from forums.enums import SubmissionStatus
from notifications.enums import EmailStatus
from partnerships.enums import AgreementStatus, MilestoneStatus, ReportStatus
from trainings.enums import CertificateStatus, RegistrationStatus, TrainingStatus

# The statuses the portal draws as badges (they had a *_BADGE dict each before).
BADGED = [
    AgencyStatus,
    AgreementStatus,
    MilestoneStatus,
    ReportStatus,
    TrainingStatus,
    RegistrationStatus,
    CertificateStatus,
    SubmissionStatus,
    EmailStatus,
]


def render(source, **context):
    with translation.override("id"):
        return Template("{% load badges %}" + source).render(Context(context))


@pytest.mark.parametrize("statuses", BADGED, ids=lambda enum: enum.__name__)
def test_every_status_of_every_enum_has_a_badge_colour(statuses):
    assert issubclass(statuses, StatusChoices)
    assert status_enum(statuses.__name__) is statuses
    for status in statuses:
        assert status.badge in BADGE_COLOURS, status


def test_every_status_enum_of_the_portal_is_known_to_the_badge_tag():
    names = set(status_enums())
    assert {enum.__name__ for enum in BADGED} <= names
    for name in names:
        assert all(status.badge in BADGE_COLOURS for status in status_enum(name))


def test_a_status_cannot_be_declared_without_a_colour_or_with_a_colour_bootstrap_lacks():
    with pytest.raises(TypeError, match="NAME = value, colour, label"):

        class NoColour(StatusChoices):
            OPEN = "open", _("Open")

    with pytest.raises(ValueError, match="purple"):

        class OddColour(StatusChoices):
            OPEN = "open", "purple", _("Open")

    assert not {"NoColour", "OddColour"} & set(status_enums())


def test_a_colour_does_not_change_what_is_stored_or_shown():
    assert AgencyStatus.VERIFIED == "verified" and AgencyStatus("verified") is AgencyStatus.VERIFIED
    assert AgencyStatus.choices[1] == ("verified", AgencyStatus.VERIFIED.label)
    assert AgencyStatus.values == ["pending", "verified", "rejected", "suspended"]
    with translation.override("id"):
        assert str(AgencyStatus.VERIFIED.label) == "Terverifikasi"


def test_the_same_value_reads_in_the_colour_of_its_own_enum():
    # "verified" is a finished step for an agency and a waiting one for an agreement.
    assert render('{% status_badge "verified" "AgencyStatus" %}') == (
        '<span class="badge text-bg-success">Terverifikasi</span>'
    )
    assert render('{% status_badge value "AgreementStatus" %}', value="verified") == (
        f'<span class="badge text-bg-warning">{_label(AgreementStatus.VERIFIED)}</span>'
    )


def test_a_member_needs_no_enum_name_and_an_id_names_the_badge():
    assert render("{% status_badge status %}", status=MilestoneStatus.LATE) == (
        f'<span class="badge text-bg-danger">{_label(MilestoneStatus.LATE)}</span>'
    )
    html = render(
        '{% status_badge value "RegistrationStatus" id="registration-status" %}',
        value="waitlisted",
    )
    assert html == (
        '<span class="badge text-bg-warning" id="registration-status">'
        f"{_label(RegistrationStatus.WAITLISTED)}</span>"
    )


def test_an_unknown_value_is_grey_and_shows_as_stored_and_a_wrong_enum_name_is_an_error():
    assert render('{% status_badge "gone" "TrainingStatus" %}') == (
        '<span class="badge text-bg-secondary">gone</span>'
    )
    assert render('{% status_badge value "TrainingStatus" %}', value="<b>") == (
        '<span class="badge text-bg-secondary">&lt;b&gt;</span>'
    )
    with pytest.raises(LookupError):
        render('{% status_badge "draft" "TraningStatus" %}')


def test_every_badge_in_the_templates_names_a_status_enum_that_exists():
    tag = re.compile(r"{%\s*status_badge\s+\S+\s+\"(\w+)\"")
    named = set()
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        named |= set(tag.findall(path.read_text()))
    assert named, "no template draws a status badge?"
    for name in named:
        status_enum(name)  # raises LookupError for a name no enum has


def _label(status):
    with translation.override("id"):
        return str(status.label)

"""The forum on lower apps' pages: an agency's answer record and how satisfied the submitters
were with its answers, and the forum of an agreement or a training (its latest published input
and a way to write)."""

from agencies import sections as agency_sections
from core.sections import Section
from partnerships import sections as agreement_sections
from partnerships.rules import is_publicly_visible
from trainings import sections as training_sections
from trainings.rules import can_view_training

from .models import Forum
from .selectors import agency_answer_record, agency_satisfaction, submission_public_list


def _agency_context(request, agency):
    return {
        "record": agency_answer_record(agency),
        "satisfaction": agency_satisfaction(agency),
        "agency": agency,
    }


def _recent(**lookup):
    forum = Forum.objects.filter(**lookup).first()
    return list(submission_public_list(forum=forum)[:5]) if forum else []


def _agreement_context(request, agreement):
    if not is_publicly_visible(agreement):
        return None
    return {
        "submissions": _recent(agreement=agreement),
        "submit_query": f"kerja_sama={agreement.reference}",
    }


def _training_context(request, training):
    if training.status == "draft" or not can_view_training(request.user, training):
        return None
    return {
        "submissions": _recent(training=training),
        "submit_query": f"pelatihan={training.reference}",
    }


agency_sections.profile.register(
    Section(key="forum", template="forums/_agency_section.html", context=_agency_context, order=30)
)
for registry in (agreement_sections.public, agreement_sections.staff):
    registry.register(
        Section(
            key="forum",
            template="forums/_forum_section.html",
            context=_agreement_context,
            order=30,
        )
    )
training_sections.detail.register(
    Section(key="forum", template="forums/_forum_section.html", context=_training_context, order=30)
)

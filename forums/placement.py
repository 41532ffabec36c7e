"""Which forum a new submission goes to: a topic area, or the forum of an agreement or a
training (made the first time someone writes about it)."""

from django.utils.text import slugify

from core.converters import AGREEMENT_REFERENCE, SLUG, TRAINING_REFERENCE
from core.http import shaped_param
from partnerships.models import Agreement
from partnerships.rules import is_publicly_visible
from trainings.models import Training

from .enums import ForumKind
from .models import Forum
from .rules import forum_is_public, training_is_public

GENERAL = "umum"


def general_forum():
    forum, _created = Forum.objects.get_or_create(
        slug=GENERAL,
        defaults={
            "kind": ForumKind.AREA,
            "title": "Aspirasi Umum Sumatera Utara",
            "description": "Masukan tentang kemitraan industri di Sumatera Utara.",
        },
    )
    return forum


def forum_for_agreement(agreement, *, create=True):
    if not create:
        return Forum.objects.filter(agreement=agreement).first() or Forum(
            kind=ForumKind.AGREEMENT, title=agreement.title[:200], agreement=agreement
        )
    forum, _created = Forum.objects.get_or_create(
        agreement=agreement,
        defaults={
            "kind": ForumKind.AGREEMENT,
            "slug": slugify(f"kerja-sama-{agreement.reference}"),
            "title": agreement.title[:200],
        },
    )
    return forum


def forum_for_training(training, *, create=True):
    if not create:
        return Forum.objects.filter(training=training).first() or Forum(
            kind=ForumKind.TRAINING, title=training.title[:200], training=training
        )
    forum, _created = Forum.objects.get_or_create(
        training=training,
        defaults={
            "kind": ForumKind.TRAINING,
            "slug": slugify(f"pelatihan-{training.reference}"),
            "title": training.title[:200],
            "sector": training.sector,
            "regency": training.regency,
        },
    )
    return forum


def forum_from_request(request):
    """?forum=<slug>, ?kerja_sama=<reference> or ?pelatihan=<reference>; the general forum
    otherwise. None when the agreement, training or forum is not public, unknown or not even
    shaped like one (a NUL byte, a stray character)."""
    source = request.GET if request.method == "GET" else request.POST
    params = {**request.GET.dict(), **source.dict()}
    create = request.method == "POST"  # a page view writes nothing
    if params.get("kerja_sama"):
        reference = shaped_param(params, "kerja_sama", AGREEMENT_REFERENCE)
        agreement = reference and Agreement.objects.filter(reference=reference).first()
        if agreement is None or not is_publicly_visible(agreement):
            return None
        return forum_for_agreement(agreement, create=create)
    if params.get("pelatihan"):
        reference = shaped_param(params, "pelatihan", TRAINING_REFERENCE)
        training = reference and Training.objects.filter(reference=reference).first()
        if training is None or not training_is_public(training):
            return None
        return forum_for_training(training, create=create)
    if params.get("forum"):
        slug = shaped_param(params, "forum", SLUG)
        forum = slug and Forum.objects.filter(slug=slug, is_active=True).first()
        return forum if forum is not None and forum_is_public(request.user, forum) else None
    return general_forum()

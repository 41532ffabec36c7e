"""Which forum a new submission goes to: a topic area, or the forum of an agreement or a
training (made the first time someone writes about it)."""

from django.utils.text import slugify

from partnerships.rules import is_publicly_visible
from trainings.rules import can_view_training

from .enums import ForumKind
from .models import Forum

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


def forum_for_agreement(agreement):
    forum, _created = Forum.objects.get_or_create(
        agreement=agreement,
        defaults={
            "kind": ForumKind.AGREEMENT,
            "slug": slugify(f"kerja-sama-{agreement.reference}"),
            "title": agreement.title[:200],
        },
    )
    return forum


def forum_for_training(training):
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
    otherwise. None when the agreement or training is not public."""
    source = request.GET if request.method == "GET" else request.POST
    params = {**request.GET.dict(), **source.dict()}
    if params.get("kerja_sama"):
        from partnerships.models import Agreement

        agreement = Agreement.objects.filter(reference=params["kerja_sama"]).first()
        if agreement is None or not is_publicly_visible(agreement):
            return None
        return forum_for_agreement(agreement)
    if params.get("pelatihan"):
        from trainings.models import Training

        training = Training.objects.filter(reference=params["pelatihan"]).first()
        if training is None or not can_view_training(request.user, training):
            return None
        return forum_for_training(training)
    if params.get("forum"):
        return Forum.objects.filter(slug=params["forum"], is_active=True).first()
    return general_forum()

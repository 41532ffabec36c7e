"""Which forum a new submission goes to: a topic area, or the forum of an agreement or a
training (made the first time someone writes about it)."""

from django.utils.text import slugify

from agencies.rules import agency_ids_of, is_secretariat
from partnerships.models import Agreement
from partnerships.rules import is_publicly_visible
from trainings.enums import Audience
from trainings.models import Training
from trainings.rules import SHOWN

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
    otherwise. None when the agreement or training is not public."""
    source = request.GET if request.method == "GET" else request.POST
    params = {**request.GET.dict(), **source.dict()}
    create = request.method == "POST"  # a page view writes nothing
    if params.get("kerja_sama"):
        agreement = Agreement.objects.filter(reference=params["kerja_sama"]).first()
        if agreement is None or not is_publicly_visible(agreement):
            return None
        return forum_for_agreement(agreement, create=create)
    if params.get("pelatihan"):
        training = Training.objects.filter(reference=params["pelatihan"]).first()
        if training is None or not training_is_public(training):
            return None
        return forum_for_training(training, create=create)
    if params.get("forum"):
        forum = Forum.objects.filter(slug=params["forum"], is_active=True).first()
        return forum if forum is not None and forum_is_public(request.user, forum) else None
    return general_forum()


def training_is_public(training):
    """A training's forum is public: only for published (or past) public trainings."""
    return training.audience == Audience.PUBLIC and training.status in SHOWN


def forum_is_public(user, forum):
    """An agreement's or training's forum is public only while its parent is."""
    if forum.agreement_id:
        return is_publicly_visible(forum.agreement)
    if forum.training_id:
        return training_is_public(forum.training)
    return True


def can_announce(user, forum):
    """Public meetings: the secretariat anywhere; an agreement's parties or a training's
    organisers (editors and admins) in its forum; any agency's editors in topic areas."""
    if is_secretariat(user):
        return True
    editors_of = agency_ids_of(user, "editor")
    if not editors_of or not forum.is_active:
        return False
    if forum.agreement_id:
        return bool({p.agency_id for p in forum.agreement.parties.all()} & editors_of)
    if forum.training_id:
        return bool({o.agency_id for o in forum.training.organiser_rows.all()} & editors_of)
    return True

"""What the organisers download: participants with their answers and attendance (CSV and
XLSX), and every valid certificate in one ZIP."""

import tablib
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from core.archives import safe_filename
from core.exports import safe_row

from . import rules
from .enums import CertificateStatus, RegistrationStatus
from .models import Certificate


def participants_dataset(training, registrations):
    questions = list(training.questions.all())
    sessions = list(training.sessions.all())
    headers = [_("Name"), _("E-mail"), _("Status"), _("Registered at (WIB)")]
    headers += [question.text for question in questions]
    headers += [
        _("Session %(number)s (%(date)s)")
        % {"number": n, "date": timezone.localtime(s.starts_at).strftime("%d-%m-%Y")}
        for n, s in enumerate(sessions, start=1)
    ]
    headers.append(_("Sessions attended"))
    dataset = tablib.Dataset(headers=headers, title=_("Participants"))
    for registration in registrations:
        attended = {a.session_id for a in registration.attendances.all()}
        row = [
            registration.user.full_name,
            registration.user.email,
            RegistrationStatus(registration.status).label,
            timezone.localtime(registration.created_at).strftime("%d-%m-%Y %H:%M"),
        ]
        for question in questions:
            answer = registration.answers.get(str(question.pk), "")
            if isinstance(answer, list):
                answer = "; ".join(answer)
            elif answer in {"yes", "no"} and question.kind == "yes_no":
                answer = _("Yes") if answer == "yes" else _("No")
            row.append(answer)
        row += [_("Present") if s.pk in attended else "" for s in sessions]
        row.append(len(attended))
        dataset.append(safe_row(row))
    return dataset


def certificates_archive(training, *, by):
    """The ZIP's name and members [(file name, read)] of the training's valid certificates,
    each named after its holder (made safe) and its code (names repeat, codes do not)."""
    if not rules.can_see_organiser_pages(by, training):
        raise PermissionDenied
    ready = (
        Certificate.objects.filter(registration__training=training, status=CertificateStatus.READY)
        .exclude(file="")
        .select_related("registration__user")
        .order_by("registration__user__full_name", "pk")
    )
    members = [
        (
            f"{safe_filename(c.registration.user.full_name, fallback=_('participant'))}"
            f" - {c.code}.pdf",
            _reader(c.file),
        )
        for c in ready
    ]
    return f"sertifikat-{training.reference}.zip", members


def _reader(file):
    def read():
        with file.open("rb") as stored:
            return stored.read()

    return read

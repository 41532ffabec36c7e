"""Participants with their answers and attendance, for the organisers (CSV and XLSX)."""

import tablib
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import safe_row

from .enums import RegistrationStatus


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
    dataset = tablib.Dataset(headers=headers)
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

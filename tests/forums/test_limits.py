"""Long texts are never cut (issue 15): the limit is stated and counted, a text one character
past it is refused with the numbers, and the form comes back holding every character; a text of
exactly the limit is stored whole. The browser is given no maxlength, which would cut a paste."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from forums import services
from forums.models import Reply, Report, Submission

from .conftest import established, published
from .test_views import SUBMIT, form_data

pytestmark = pytest.mark.django_db


def long_text(length):
    """Words and line breaks, ending in a marker, so a cut would show."""
    line = "Jalan rusak di depan pasar, truk tidak bisa lewat. "
    text = (line * (length // len(line) + 1))[: length - 6]
    text = text[:2000] + "\n" + text[2001:]
    return text + "[AKHIR]"[-6:]


def test_a_submission_of_exactly_10000_characters_is_stored_whole(world):
    body = long_text(services.BODY_MAX)
    assert len(body) == 10_000
    client = Client()
    client.force_login(established())
    response = client.post(SUBMIT, form_data(body=body))
    assert response.status_code == 302, response.context["form"].errors
    assert Submission.objects.get(title=form_data()["title"]).body == body


def test_a_submission_of_10001_characters_is_refused_with_the_numbers_and_kept(world):
    body = long_text(services.BODY_MAX + 1)
    response = Client().post(SUBMIT, form_data(body=body, title="Teks yang panjang sekali"))
    assert response.status_code == 200
    errors = response.context["form"].errors["body"]
    assert errors == [
        "Teks ini berisi 10.001 karakter, 1 lebih banyak dari batas 10.000 karakter. "
        "Persingkat lalu kirim lagi: tulisan Anda tidak hilang."
    ]
    html = response.content.decode()
    textarea = re.search(r'<textarea name="body"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea.group(1).strip("\n").endswith("AKHIR]")
    assert len(textarea.group(1).strip("\n")) >= 10_001
    assert not Submission.objects.exists()


def test_the_form_states_the_limits_and_gives_the_browser_no_maxlength_to_cut_with(world):
    html = Client().get(SUBMIT).content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html).group(0)
    assert "maxlength=" not in textarea.replace("data-maxlength", "")
    assert 'data-maxlength="10000"' in textarea
    title = re.search(r"<input[^>]*name=\"title\"[^>]*>", html).group(0)
    assert " maxlength=" not in title and 'data-maxlength="200"' in title
    assert "Paling banyak 10.000 karakter." in html and "Paling banyak 200 karakter." in html
    assert "js/limits.js" in html


def test_the_services_refuse_what_a_form_would_refuse(world):
    """The admin, a task or the shell calling them is held to the same limits."""
    resident = established()
    with pytest.raises(ValidationError) as refused:
        services.submission_create(
            forum=world.forum,
            kind="aspirasi",
            title="Judul",
            body="a" * (services.BODY_MAX + 1),
            privacy="public",
            user=resident,
        )
    assert "body" in refused.value.error_dict
    submission = published(world, user=resident)
    with pytest.raises(ValidationError):
        services.reply_create(
            submission=submission, by=resident, body="b" * (services.REPLY_MAX + 1)
        )
    with pytest.raises(ValidationError):
        services.report_create(
            submission=submission, reason="spam", note="c" * (services.REPORT_NOTE_MAX + 1)
        )
    assert not Reply.objects.exists() and not Report.objects.exists()


def test_a_reply_too_long_comes_back_in_its_field_and_one_that_fits_is_posted(world):
    resident = established()
    submission = published(world, user=resident)
    client = Client()
    client.force_login(resident)
    url = reverse("forums:reply", args=[submission.tracking_code])
    too_long = long_text(services.REPLY_MAX + 1)
    response = client.post(url, {"body": too_long})
    assert response.status_code == 200
    html = response.content.decode()
    assert "5.001 karakter" in html
    assert too_long.replace("\n", "") in html.replace("\n", "").replace("\r", "")
    assert not Reply.objects.filter(kind="reply").exists()

    fits = long_text(services.REPLY_MAX)
    assert client.post(url, {"body": fits}).status_code == 302
    assert Reply.objects.get(kind="reply").body == fits

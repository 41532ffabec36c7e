"""core.once: a create form's token is claimed once, in the database, with what the view made."""

import re
import threading
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.template import Context, Template
from django.utils import timezone

from core import once
from core.models import Hit, OnceToken


def make_something(request):
    """A stand-in create view: one row made, and where it can be seen."""
    Hit.objects.create(key=request.POST.get("key", "made"))
    once.created(request, "/dibuat/")
    return HttpResponseRedirect("/dibuat/")


def post(rf, token, view, **data):
    request = rf.post("/buat/", {"once_token": token, **data})
    request._messages = CookieStorage(request)
    return request, once.creates(view)(request)


@pytest.fixture
def token():
    return once.new_token()


@pytest.mark.django_db
def test_the_second_post_with_a_token_makes_nothing_and_goes_to_what_the_first_made(rf, token):
    _request, first = post(rf, token, make_something)
    request, second = post(rf, token, make_something)
    assert Hit.objects.count() == 1
    assert (first.status_code, second.status_code) == (302, 302)
    assert second.url == "/dibuat/"
    assert [str(m) for m in get_messages(request)] == [
        "Sudah tersimpan: formulir ini sudah terkirim sebelumnya, jadi tidak ada yang tersimpan"
        " dua kali."
    ]
    assert OnceToken.objects.get(token=token).result == "/dibuat/"


@pytest.mark.django_db
def test_htmx_is_sent_to_what_the_first_made_as_a_whole_page(rf, token):
    post(rf, token, make_something)
    request = rf.post("/buat/", {"once_token": token}, headers={"HX-Request": "true"})
    request._messages = CookieStorage(request)
    response = once.creates(make_something)(request)
    assert response["HX-Redirect"] == "/dibuat/"
    assert Hit.objects.count() == 1


@pytest.mark.django_db
def test_a_view_that_made_nothing_gives_its_token_back(rf, token):
    def refuse(request):
        Hit.objects.create(key="counted-anyway")  # e.g. a rate limit counting the attempt
        return HttpResponse("the form again, with its errors")

    post(rf, token, refuse)
    assert not OnceToken.objects.exists()
    assert Hit.objects.filter(key="counted-anyway").count() == 1  # the view's writes stay
    post(rf, token, make_something)
    assert Hit.objects.filter(key="made").count() == 1


@pytest.mark.django_db
def test_a_view_that_failed_gives_its_token_back_and_keeps_nothing(rf, token):
    def fail(request):
        Hit.objects.create(key="half-made")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        post(rf, token, fail)
    assert not Hit.objects.exists() and not OnceToken.objects.exists()
    post(rf, token, make_something)
    assert Hit.objects.filter(key="made").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["", "pendek", "x" * 65, "bukan token!" * 3])
def test_a_post_without_a_proper_token_is_handled_as_without_one(rf, sent):
    post(rf, sent, make_something)
    post(rf, sent, make_something)
    assert Hit.objects.count() == 2
    assert not OnceToken.objects.exists()


@pytest.mark.django_db
def test_a_get_is_never_claimed(rf):
    request = rf.get("/buat/", {"once_token": once.new_token()})
    once.creates(make_something)(request)
    once.creates(make_something)(request)
    assert Hit.objects.count() == 2 and not OnceToken.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_second_post_while_the_first_is_at_work_waits_for_it_then_makes_nothing(rf, token):
    """Two connections, as two gunicorn processes would have: the second waits at the claim
    until the first commits, then finds it."""
    working, finish = threading.Event(), threading.Event()
    answers = {}

    def slow(request):
        response = make_something(request)
        working.set()
        assert finish.wait(10)
        return response

    def run(name, view):
        try:
            answers[name] = post(rf, token, view)[1]
        finally:
            connection.close()

    first = threading.Thread(target=run, args=("first", slow))
    first.start()
    assert working.wait(10)
    second = threading.Thread(target=run, args=("second", make_something))
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the second POST must wait for the first one's claim"
    finish.set()
    first.join(10)
    second.join(10)
    assert Hit.objects.count() == 1
    assert answers["second"].url == "/dibuat/"


@pytest.mark.django_db(transaction=True)
def test_a_second_post_while_the_first_fails_goes_ahead_once_the_first_gave_up(rf, token):
    working, finish = threading.Event(), threading.Event()
    answers = {}

    def refuse_slowly(request):
        working.set()
        assert finish.wait(10)
        return HttpResponse("errors")

    def run(name, view):
        try:
            answers[name] = post(rf, token, view)[1]
        finally:
            connection.close()

    first = threading.Thread(target=run, args=("first", refuse_slowly))
    first.start()
    assert working.wait(10)
    second = threading.Thread(target=run, args=("second", make_something))
    second.start()
    second.join(0.5)
    assert second.is_alive()
    finish.set()
    first.join(10)
    second.join(10)
    assert answers["first"].status_code == 200
    assert Hit.objects.filter(key="made").count() == 1


def test_each_drawing_of_the_tag_is_a_fresh_token_the_page_cache_recognises():
    template = Template("{% load once %}<form>{% once_token %}</form><form>{% once_token %}</form>")
    drawn = (template.render(Context()) + template.render(Context())).encode()
    tokens = [match.group(0) for match in once.INPUT.finditer(drawn)]
    assert len(tokens) == 4 and len(set(tokens)) == 4
    for value in re.findall(r'value="([^"]+)"', drawn.decode()):
        assert once.VALID.fullmatch(value)


@pytest.mark.django_db
def test_old_claims_are_forgotten(token):
    OnceToken.objects.create(token=token, result="/lama/", claimed_at=timezone.now() - once.KEEP)
    recent = OnceToken.objects.create(token=once.new_token(), result="/baru/")
    assert once.prune(now=timezone.now() + timedelta(minutes=1)) == 1
    assert list(OnceToken.objects.all()) == [recent]

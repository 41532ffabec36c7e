"""The public forms and lists fed arbitrary input (Hypothesis): any text, NUL bytes, any
Unicode but lone surrogates (which no request can carry), very long values, several values for
one name, numbers past any column. A form answers valid or with its errors, never with an
exception; a list page answers below 500, by GET and by POST alike."""

import pytest
from django.http import QueryDict
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.forms import SignupForm
from agencies.forms import CapabilityFilterForm, DirectoryFilterForm
from forums.forms import LookupForm, ReplyForm, ReportForm, SubmissionForm, SupportEmailForm
from forums.forms import PublicFilterForm as ForumFilterForm
from partnerships.forms import PublicFilterForm as AgreementFilterForm
from tests.factories import AgencyFactory, UserFactory
from tests.support.trainings import make_training
from trainings.forms import ArchiveFilterForm, CertificateCheckForm, RegistrationForm
from trainings.forms import PublicFilterForm as TrainingFilterForm

# Few examples each, no deadline (a page renders in tens of milliseconds on a busy machine), no
# example database left in the tree; the data fixtures are made once per test, not per example.
FUZZ = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PAGES = settings(FUZZ, max_examples=25)

CHARACTERS = st.characters(exclude_categories=("Cs",))
TRICKY = [
    "\x00",
    "ab\x00cd",
    " ",
    "0",
    "-1",
    str(10**30),
    "1e400",
    "NaN",
    "abc",
    "2026-02-30",
    "SM-2026-000001",
    "KS-2026-00001",
    "PL-2026-00001",
    "SRT-ABCD-EFGH",
    "umum",
    "perindustrian",
    "12.71",
    "on",
    "<script>alert(1)</script>",
    "\u202e\ufeff\u200b",
]
TEXT = st.one_of(
    st.text(CHARACTERS, max_size=40),
    # A NUL byte somewhere in otherwise ordinary text (PostgreSQL refuses it in any string).
    st.builds(
        "{}\x00{}".format, st.text(CHARACTERS, max_size=10), st.text(CHARACTERS, max_size=10)
    ),
    st.sampled_from(TRICKY),
    st.builds(
        lambda part, times: part * times,
        st.text(CHARACTERS, min_size=1, max_size=4),
        st.integers(1000, 5000),
    ),
)


def posted(names):
    """What a browser (or anyone) may send for a form with these fields: some of them, each
    with one or more values, and a name the form does not know."""
    return st.dictionaries(
        st.sampled_from(sorted(names)) | st.text(CHARACTERS, min_size=1, max_size=10),
        st.lists(TEXT, min_size=1, max_size=3),
        max_size=len(names) + 1,
    )


def query_dict(values):
    data = QueryDict(mutable=True)
    for name, items in values.items():
        data.setlist(name, items)
    return data


def answers(form):
    """Valid, or invalid with the errors that say why: never an exception."""
    valid = form.is_valid()
    assert valid or form.errors
    return valid


@pytest.fixture
def agencies(db):
    """Agencies for the agency boxes to find, one and several at once."""
    AgencyFactory(name="Dinas Perindustrian dan Perdagangan", acronym="Disperindag")
    AgencyFactory(name="Dinas Tenaga Kerja", acronym="Disnaker")
    AgencyFactory(name="Dinas Tenaga Kerja Kabupaten Dairi", acronym="Disnaker Dairi")


@FUZZ
@given(values=posted(SubmissionForm.base_fields))
def test_the_forum_submission_form(agencies, values):
    for user in (None, UserFactory.build()):
        answers(SubmissionForm(query_dict(values), user=user))


@FUZZ
@given(values=posted(LookupForm.base_fields))
def test_the_tracking_lookup_form(values):
    if answers(LookupForm(query_dict(values))):
        assert "\x00" not in values.get("code", [""])[-1]


@FUZZ
@given(values=posted(SignupForm.base_fields))
def test_the_sign_up_form(db, values):
    answers(SignupForm(query_dict(values)))


@FUZZ
@given(
    report=posted(ReportForm.base_fields),
    reply=posted(ReplyForm.base_fields),
    support=posted(SupportEmailForm.base_fields),
)
def test_the_forms_under_a_submission(report, reply, support):
    answers(ReportForm(query_dict(report)))
    answers(ReplyForm(query_dict(reply)))
    answers(SupportEmailForm(query_dict(support)))


@pytest.fixture
def training_with_questions(db):
    return make_training(
        questions=[
            {"text": "Pengalaman mengelas?", "kind": "text", "required": True},
            {"text": "Ukuran baju", "kind": "single", "choices": "S\nM\nL", "required": True},
            {"text": "Minat", "kind": "multiple", "choices": "SMAW\nGTAW\nFCAW"},
            {"text": "Punya sertifikat?", "kind": "yes_no"},
        ]
    )


@FUZZ
@given(data=st.data())
def test_the_training_registration_form(training_with_questions, data):
    names = RegistrationForm(training=training_with_questions).fields
    values = data.draw(posted(names))
    form = RegistrationForm(query_dict(values), training=training_with_questions)
    if answers(form):
        assert set(form.answers()) == {name.removeprefix("q_") for name in names}


@FUZZ
@given(values=posted(CertificateCheckForm.base_fields))
def test_the_certificate_check_form(values):
    form = CertificateCheckForm(query_dict(values))
    answers(form)
    assert "\x00" not in form.code() and len(form.code()) <= 40


FILTER_FORMS = [AgreementFilterForm, TrainingFilterForm, ForumFilterForm, DirectoryFilterForm]


@pytest.mark.parametrize("form_class", [*FILTER_FORMS, CapabilityFilterForm])
def test_the_public_list_filters(agencies, form_class):
    @FUZZ
    @given(values=posted(form_class.base_fields))
    def check(values):
        answers(form_class(query_dict(values)))

    check()


LISTS = {
    "partnerships:list": AgreementFilterForm,
    "trainings:list": TrainingFilterForm,
    "trainings:archive": ArchiveFilterForm,
    "forums:index": ForumFilterForm,
    "agencies:directory": DirectoryFilterForm,
    "agencies:capabilities": CapabilityFilterForm,
}


@pytest.mark.parametrize("name", LISTS)
def test_the_public_lists_answer_whatever_they_are_sent(client, agencies, name):
    url = reverse(name)
    fields = {*LISTS[name].base_fields, "page", "urut"}

    @PAGES
    @given(values=posted(fields), method=st.sampled_from(["get", "post"]))
    def check(values, method):
        response = getattr(client, method)(url, values)
        assert response.status_code < 500, (method, values)

    check()

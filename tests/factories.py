from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import User

DEFAULT_PASSWORD = "Kopi-Sidikalang-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    full_name = factory.Faker("name", locale="id_ID")
    preferred_language = "id"
    email_verified_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save(update_fields=["password"])


class UnverifiedUserFactory(UserFactory):
    email_verified_at = None


class AdminFactory(UserFactory):
    is_staff = True
    is_superuser = True


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agencies.Agency"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Instansi Contoh Nomor {n}")
    slug = factory.Sequence(lambda n: f"instansi-contoh-{n}")
    kind = "opd"
    status = "verified"
    description = "Instansi untuk pengujian."
    regency = factory.LazyFunction(lambda: _regency("12.71"))

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


def _regency(code):
    from agencies.models import Regency

    return Regency.objects.get(code=code)


def sector(slug):
    from agencies.models import Sector

    return Sector.objects.get(slug=slug)


def regency(code):
    return _regency(code)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agencies.Membership"

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = "viewer"


class CapabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agencies.Capability"

    agency = factory.SubFactory(AgencyFactory)
    title = factory.Sequence(lambda n: f"Kapabilitas {n}")
    kind = "facility"
    description = "Deskripsi kapabilitas."


def secretariat_user(**kwargs):
    from django.contrib.auth.models import Group

    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name="sekretariat"))
    return user


# --- Rows written directly, for data at scale (the dasbor's query counts) -----------------------
# The services remain the way to test behaviour; these make many rows in any state quickly.


class AgreementFactory(factory.django.DjangoModelFactory):
    """An agreement with `parties` (agencies; the first is the first party)."""

    class Meta:
        model = "partnerships.Agreement"
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"KS-2026-9{n:06d}")
    title = factory.Sequence(lambda n: f"PKS Pengujian Nomor {n}")
    kind = "pks"
    cooperation_kind = "ksdpk"
    status = "in_force"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=700))
    visibility = "public"

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            from partnerships.models import Party

            roles = ["first", "second", "third", "other"]
            for index, agency in enumerate(extracted):
                Party.objects.create(agreement=self, agency=agency, role=roles[min(index, 3)])


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.Milestone"

    agreement = factory.SubFactory(AgreementFactory)
    title = factory.Sequence(lambda n: f"Tonggak {n}")
    responsible = factory.LazyAttribute(lambda o: o.agreement.parties.first())
    due_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))


class TrainingFactory(factory.django.DjangoModelFactory):
    """A published training starting in `days` days, organised by `organisers` (agencies)."""

    class Meta:
        model = "trainings.Training"
        skip_postgeneration_save = True

    class Params:
        days = 3

    reference = factory.Sequence(lambda n: f"PL-2026-9{n:06d}")
    title = factory.Sequence(lambda n: f"Pelatihan Pengujian Nomor {n}")
    kind = "pelatihan"
    description = "Pelatihan untuk pengujian."
    sector = factory.LazyFunction(lambda: sector("tenaga-kerja"))
    capacity = 20
    status = "published"
    starts_at = factory.LazyAttribute(lambda o: timezone.now() + timedelta(days=o.days))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=5))
    registration_closes_at = factory.LazyAttribute(lambda o: o.starts_at)

    @factory.post_generation
    def organisers(self, create, extracted, **kwargs):
        if create and extracted:
            from trainings.models import Organiser

            for index, agency in enumerate(extracted):
                Organiser.objects.create(training=self, agency=agency, is_lead=index == 0)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "trainings.Registration"

    training = factory.SubFactory(TrainingFactory)
    user = factory.SubFactory(UserFactory)
    status = "registered"
    code = factory.Sequence(lambda n: f"T{n:07d}")


class SubmissionFactory(factory.django.DjangoModelFactory):
    """Input forwarded to `assigned_agency`, its answer due in `due_in` days (negative: late)."""

    class Meta:
        model = "forums.Submission"

    class Params:
        due_in = 3

    tracking_code = factory.Sequence(lambda n: f"SM-2026-T{n:05d}")
    forum = factory.LazyFunction(lambda: _general_forum())
    kind = "aspirasi"
    title = factory.Sequence(lambda n: f"Masukan pengujian nomor {n}")
    body = "Isi masukan untuk pengujian."
    body_html = "<p>Isi masukan untuk pengujian.</p>"
    status = "forwarded"
    author = factory.SubFactory(UserFactory)
    received_at = factory.LazyFunction(timezone.now)
    forwarded_at = factory.LazyFunction(timezone.now)
    answer_due = factory.LazyAttribute(lambda o: timezone.now() + timedelta(days=o.due_in))


def _general_forum():
    from forums.placement import general_forum

    return general_forum()

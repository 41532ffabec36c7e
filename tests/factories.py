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

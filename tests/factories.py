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

"""What the agreement page offers each person (partnerships.rules), decided in one place: the
page shows a step only to who may take it, and the services refuse the same people."""

import pytest
from django.utils import timezone

from agencies.enums import MemberRole
from partnerships import rules
from tests.factories import MembershipFactory


@pytest.mark.django_db
def test_ending_renewing_and_reporting_follow_role_and_stage(world):
    agreement = world.draft()
    viewer_of_party = MembershipFactory(agency=world.kim, role=MemberRole.VIEWER).user
    everyone = {
        "admin": world.admin,
        "editor": world.editor,
        "viewer": world.viewer,
        "secretariat": world.secretariat,
        "outsider": world.outsider,
        "party viewer": viewer_of_party,
    }

    def offered(check):
        return {name for name, user in everyone.items() if check(user, agreement)}

    # A draft can be neither ended, renewed nor reported on.
    assert offered(rules.can_request_termination) == set()
    assert offered(rules.can_renew) == set()
    assert offered(rules.can_report) == set()

    world.bring_into_force(agreement)
    agreement.refresh_from_db()
    assert agreement.status == "in_force"
    assert offered(rules.can_request_termination) == {"admin"}
    assert offered(rules.can_renew) == {"admin", "editor"}
    # Reports come from the parties' editors and admins, or the secretariat.
    assert offered(rules.can_report) == {"admin", "editor", "secretariat"}

    # Once asked, ending is not offered again.
    agreement.termination_requested_at = timezone.now()
    assert offered(rules.can_request_termination) == set()

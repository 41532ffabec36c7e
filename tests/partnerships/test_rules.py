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


def test_every_move_has_a_button_that_says_what_it_does():
    from partnerships.enums import AGREEMENT_TRANSITIONS, MOVE_ACTIONS

    moves = {(frm, to) for frm, targets in AGREEMENT_TRANSITIONS.items() for to in targets}
    assert moves == set(MOVE_ACTIONS)
    forward = [key for key, (_label, style) in MOVE_ACTIONS.items() if style == "primary"]
    assert len({frm for frm, _to in forward}) == len(forward)  # one way forward from each

from django import template

from trainings import rules

register = template.Library()


@register.filter
def answer_of(registration, question):
    """The registration's answer to a question, as text."""
    value = registration.answers.get(str(question.pk), "")
    if isinstance(value, list):
        return "; ".join(value)
    return value


@register.filter
def seats_left(training):
    """Free seats of a training annotated with `confirmed` (selectors.with_seats)."""
    return max(training.capacity - getattr(training, "confirmed", 0), 0)


@register.filter
def can_cancel(registration):
    """Whether the participant may still cancel (the link leads to the page that asks)."""
    return rules.can_cancel_own(registration)

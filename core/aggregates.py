"""SQL aggregates Django does not ship."""

from django.db.models import Aggregate, DurationField, FloatField


class Median(Aggregate):
    """PostgreSQL's continuous median (percentile_cont(0.5)) of a number or a duration; NULL
    when no row counts. A duration's median is a duration."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"

    def _resolve_output_field(self):
        source = self.get_source_expressions()[0].output_field
        return DurationField() if isinstance(source, DurationField) else FloatField()

from django.db import migrations, models


class Migration(migrations.Migration):
    """Monev reports per period of a frequency set on each agreement (was: per half-year)."""

    dependencies = [("partnerships", "0002_implementation")]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="monev_per_year",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "Once a year"), (2, "Twice a year"), (4, "Every quarter")],
                default=2,
                help_text="How often the parties report on monitoring and evaluation.",
                verbose_name="monev reports per year",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="monevreport", name="partnerships_one_report_per_period"
        ),
        migrations.RenameField(model_name="monevreport", old_name="half", new_name="period"),
        migrations.AlterField(
            model_name="monevreport",
            name="period",
            field=models.PositiveSmallIntegerField(
                help_text="Number of the period within the year (1 = the first).",
                verbose_name="period",
            ),
        ),
        migrations.AlterModelOptions(
            name="monevreport",
            options={"ordering": ["-year", "-period"], "verbose_name": "monev report",
                     "verbose_name_plural": "monev reports"},
        ),
        migrations.AddConstraint(
            model_name="monevreport",
            constraint=models.UniqueConstraint(
                fields=("agreement", "year", "period"), name="partnerships_one_report_per_period"
            ),
        ),
    ]

from django.db import migrations

from core.updatedat import TouchUpdatedAt

# Input and meetings are public while their forum's agreement or training is
# (forums.rules.public_forums_q): when the columns deciding that change, or the forum moves to
# another parent (or another address, which they show), their updated_at moves, so a harvester
# asking for `updated_since` learns that they appeared or disappeared.
PARENTS = [
    (
        "partnerships_agreement",
        "agreement",
        "JOIN forums_forum f ON f.id = x.forum_id WHERE f.agreement_id = {row}.id",
        ["visibility", "status"],
    ),
    (
        "trainings_training",
        "training",
        "JOIN forums_forum f ON f.id = x.forum_id WHERE f.training_id = {row}.id",
        ["audience", "status"],
    ),
    (
        "forums_forum",
        "forum",
        "WHERE x.forum_id = {row}.id",
        ["slug", "agreement_id", "training_id"],
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0015_meeting_updated_at"),
        ("partnerships", "0013_api_updated_at"),
        ("trainings", "0009_api_updated_at"),
    ]

    operations = [
        TouchUpdatedAt(
            table=table,
            related=related,
            ids=f"SELECT x.id FROM {table} x {where}",  # noqa: S608 - SQL of a migration
            columns=columns,
            name=name,
        )
        for table in ("forums_submission", "forums_meeting")
        for related, name, where, columns in PARENTS
    ]

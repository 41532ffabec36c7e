"""Residents' input and public meetings are found by their regency's name and its other
spellings ("Deliserdang", "Labuhan Batu"), as an agency is: a submission's regency with its
alternative names (B), and a meeting's forum's regency, which it had not (B). A forum moved
to another regency, or a regency renamed, recomputes what it concerns; every submission's and
meeting's vector is recomputed when this is applied."""

from importlib import import_module

from django.db import migrations

from core.searchvectors import KeepSearchVector

PREVIOUS = import_module("forums.migrations.0012_search_vector").Migration.operations
PREVIOUS_SUBMISSION, PREVIOUS_MEETING = PREVIOUS[2], PREVIOUS[3]

# A code's pieces as words too ("SM-2026-7K3MQX" also as sm, 2026, 7k3mqx): the parser reads
# "-2026" as a signed number, which no typed word matches.
CODE = "replace({}, '-', ' ')"
# A regency's name and other spellings, for the regency whose id is `{}`.
REGENCY = (
    "(SELECT concat_ws(' ', g.name, array_to_string(g.alternative_names, ' '))"
    " FROM agencies_regency g WHERE g.id = {})"
)

SUBMISSION = KeepSearchVector(
    table="forums_submission",
    weights={
        "A": ["r.title", "r.tracking_code", CODE.format("r.tracking_code")],
        "B": [
            "(SELECT string_agg(a.body, ' ') FROM forums_reply a"
            " WHERE a.submission_id = r.id AND a.kind = 'answer' AND NOT a.hidden)",
            REGENCY.format("r.regency_id"),
        ],
        "C": ["r.body"],
    },
    watch=["title", "tracking_code", "body", "regency_id"],
    depends=[
        (
            "forums_reply",
            "SELECT {row}.submission_id WHERE {row}.kind = 'answer'",
            ["submission_id", "kind", "body", "hidden"],
        ),
        (
            "agencies_regency",
            "SELECT s.id FROM forums_submission s WHERE s.regency_id = {row}.id",
            ["name", "alternative_names"],
        ),
    ],
)

MEETING = KeepSearchVector(
    table="forums_meeting",
    weights={
        "A": ["r.title"],
        "B": [
            "r.place",
            "(SELECT f.title FROM forums_forum f WHERE f.id = r.forum_id)",
            REGENCY.format("(SELECT f.regency_id FROM forums_forum f WHERE f.id = r.forum_id)"),
        ],
        "C": ["r.agenda"],
    },
    watch=["title", "place", "agenda", "forum_id"],
    depends=[
        (
            "forums_forum",
            "SELECT m.id FROM forums_meeting m WHERE m.forum_id = {row}.id",
            ["title", "regency_id"],
        ),
        (
            "agencies_regency",
            "SELECT m.id FROM forums_meeting m JOIN forums_forum f ON f.id = m.forum_id"
            " WHERE f.regency_id = {row}.id",
            ["name", "alternative_names"],
        ),
    ],
)


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0007_api_updated_at"),
        ("forums", "0016_updated_at_follows_parents"),
    ]

    # As SQL both ways: undone, the vectors are 0012's again.
    operations = [
        migrations.RunSQL(
            SUBMISSION.create_sql() + MEETING.create_sql(),
            reverse_sql=SUBMISSION.revert_sql(PREVIOUS_SUBMISSION)
            + MEETING.revert_sql(PREVIOUS_MEETING),
        )
    ]

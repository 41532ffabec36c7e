"""The stored search vectors (core.searchvectors) of residents' input and public meetings.

A submission: title and tracking code (A); the agency's official answers that are not hidden,
and the regency (B); the text (C). Never who sent it: a search, its ranking and its snippets
cannot tell anyone an anonim submitter's name. An answer written, edited, hidden or shown
again recomputes its submission.

A meeting: title (A); place and forum (B); agenda (C)."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

from core.searchvectors import KeepSearchVector

# A code's pieces as words too ("SM-2026-7K3MQX" also as sm, 2026, 7k3mqx): the parser reads
# "-2026" as a signed number, which no typed word matches.
CODE = "replace({}, '-', ' ')"


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0011_submission_title_trgm"),
        ("agencies", "0005_search_vector"),
        ("core", "0005_search_configuration"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search words"
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False, null=True, verbose_name="search words"
            ),
        ),
        KeepSearchVector(
            table="forums_submission",
            weights={
                "A": ["r.title", "r.tracking_code", CODE.format("r.tracking_code")],
                "B": [
                    "(SELECT string_agg(a.body, ' ') FROM forums_reply a"
                    " WHERE a.submission_id = r.id AND a.kind = 'answer' AND NOT a.hidden)",
                    "(SELECT g.name FROM agencies_regency g WHERE g.id = r.regency_id)",
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
                    ["name"],
                ),
            ],
        ),
        KeepSearchVector(
            table="forums_meeting",
            weights={
                "A": ["r.title"],
                "B": ["r.place", "(SELECT f.title FROM forums_forum f WHERE f.id = r.forum_id)"],
                "C": ["r.agenda"],
            },
            watch=["title", "place", "agenda", "forum_id"],
            depends=[
                (
                    "forums_forum",
                    "SELECT m.id FROM forums_meeting m WHERE m.forum_id = {row}.id",
                    ["title"],
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="submission",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="submission_search_vector"
            ),
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_vector"], name="meeting_search_vector"
            ),
        ),
    ]

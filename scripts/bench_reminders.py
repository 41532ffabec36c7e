"""How long one reminder scan takes with a million reminders waiting in the future.

    DJANGO_DEBUG=true .venv/bin/python scripts/bench_reminders.py [--future 1000000] [--due 100]

Makes a throwaway database (bench_reminders_<pid>) on the server of DATABASE_URL, migrates it,
fills it with `--future` pending reminders due over the next ten years (one INSERT ... SELECT
generate_series) and `--due` reminders due now for one real agreement in force, then times one
reminders_scan and prints the figures and the plan of its claiming query. The database is
dropped at the end, whatever happens. Celery is pointed at an in-memory broker: the send tasks
the scan enqueues go nowhere.
"""

import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as datetime_time
from pathlib import Path

import dj_database_url
import psycopg2
from psycopg2 import sql

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sumut_mitra"


def server_connection(config):
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    connection.autocommit = True
    return connection


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--future", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=100)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    config = dj_database_url.parse(url)
    name = f"bench_reminders_{os.getpid()}"
    server = server_connection(config)
    with server.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        run(url.rsplit("/", 1)[0] + f"/{name}", args)
    finally:
        from django.db import connections

        connections.close_all()
        with server.cursor() as cursor:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        server.close()
        print(f"dropped database {name}")


def run(database_url, args):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sumut_mitra.settings")
    os.environ["CONN_MAX_AGE"] = "0"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from notifications.models import Delivery, Reminder
    from notifications.reminders import reminders_scan, rule_row
    from sumut_mitra.celery import app

    app.conf.broker_url = "memory://localhost/"

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrated {database_url.rsplit('/', 1)[1]} in {time.perf_counter() - started:.1f} s")

    agreement = _agreement_in_force()
    rule = rule_row("agreement_ending")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM django_content_type WHERE app_label = %s AND model = %s",
            ["partnerships", "agreement"],
        )
        (content_type,) = cursor.fetchone()
        started = time.perf_counter()
        # Future rows about agreements that do not exist: the scan never reaches them.
        cursor.execute(
            """
            INSERT INTO notifications_reminder
                (rule_id, content_type_id, object_id, "offset", moment, due_at, expires_at,
                 status, created_at)
            SELECT %(rule)s, %(ct)s, 'bench-' || n, 0,
                   now() + (mod(n, 3650) + 1) * interval '1 day',
                   now() + (mod(n, 3650) + 1) * interval '1 day' - interval '1 hour' * mod(n, 24),
                   now() + (mod(n, 3650) + 2) * interval '1 day',
                   'pending', now()
            FROM generate_series(1, %(future)s) AS n
            """,
            {"rule": rule.pk, "ct": content_type, "future": args.future},
        )
        inserted = time.perf_counter() - started
        # Due now, about the real agreement: one offset each (the unique key), all still live.
        moment = timezone.make_aware(datetime.combine(agreement.end_date, datetime_time(8)))
        now = timezone.now()
        Reminder.objects.bulk_create(
            [
                Reminder(
                    rule=rule,
                    content_type_id=content_type,
                    object_id=str(agreement.pk),
                    offset=1000 + number,
                    moment=moment,
                    due_at=now - timedelta(seconds=number + 1),
                    expires_at=moment + timedelta(days=1),
                )
                for number in range(args.due)
            ]
        )
        started = time.perf_counter()
        cursor.execute("ANALYZE notifications_reminder")
        analysed = time.perf_counter() - started
        cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s))", [INDEX])
        (index_size,) = cursor.fetchone()
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('notifications_reminder'))")
        (table_size,) = cursor.fetchone()

    total = Reminder.objects.count()
    print(f"rows: {total:,} reminders ({args.future:,} future, {args.due:,} due)")
    print(f"insert of the future rows: {inserted:.1f} s; ANALYZE: {analysed:.1f} s")
    print(f"table {table_size}, index {INDEX} {index_size}")

    from django.test.utils import CaptureQueriesContext

    scanner = Reminder.objects.filter(status="pending", due_at__lte=timezone.now()).order_by(
        "due_at"
    )[:500]
    print("plan of the scanner's query, before the scan (EXPLAIN ANALYZE):")
    print(scanner.explain(analyze=True))

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        handled = reminders_scan(now=timezone.now())
        elapsed = time.perf_counter() - started
    claim = next(q for q in queries.captured_queries if "SKIP LOCKED" in q["sql"])
    print(
        f"one reminders_scan: {elapsed:.3f} s, {handled} reminders handled, "
        f"{Delivery.objects.count()} deliveries made, {len(queries.captured_queries)} queries "
        f"(claiming query {float(claim['time']) * 1000:.1f} ms)"
    )
    started = time.perf_counter()
    again = reminders_scan(now=timezone.now())
    print(f"the next scan (nothing due): {time.perf_counter() - started:.3f} s, {again} handled")

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {claim['sql']}")
        plan = "\n".join(line for (line,) in cursor.fetchall())
    print("plan of the scan's claiming query as it ran, run again now nothing is due:")
    print(plan)
    if INDEX not in plan:
        sys.exit(f"the scan does not read {INDEX}")


INDEX = "notifications_reminder_due"


def _agreement_in_force():
    """One agreement between two agencies, entered by the secretariat, in force."""
    from django.contrib.auth.models import Group

    from accounts.models import User
    from agencies.models import Agency, Membership, Regency
    from partnerships import services

    secretariat = User.objects.create_user("sekretariat@bench.test", full_name="Sekretariat")
    secretariat.groups.add(Group.objects.get(name="sekretariat"))
    agencies = []
    for number in (1, 2):
        agency = Agency.objects.create(
            name=f"Instansi Bench {number}",
            slug=f"bench-{number}",
            kind="opd",
            status="verified",
            regency=Regency.objects.order_by("code").first(),
        )
        admin = User.objects.create_user(f"admin{number}@bench.test", full_name=f"Admin {number}")
        Membership.objects.create(agency=agency, user=admin, role="admin")
        agencies.append(agency)
    today = date.today()
    return services.agreement_create(
        by=secretariat,
        title="Kerja Sama Bench",
        kind="kb",
        cooperation_kind="ksdpk",
        start_date=today - timedelta(days=30),
        end_date=today + timedelta(days=400),
        visibility="public",
        legacy=True,
        sectors=[],
        parties=[
            {"agency": agencies[0], "role": "first"},
            {"agency": agencies[1], "role": "second"},
        ],
    )


if __name__ == "__main__":
    main()

"""How long the portal's search (/cari/) takes, afresh, per kind and per page, on the data of
DATABASE_URL (the 10x scale data: `seed_scale --factor 10`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scale copy> \\
        .venv/bin/python scripts/bench_search.py [--repeat 5] [--explain] [--role anon staff]

Reads only. For each role (not signed in, the scale data's agency admin `skala.staf@`, the
secretariat) and each query (common words, a rare word, codes, typos, an acronym), times
`sumut_mitra.search.search` for the overview and for each kind's own tab, each kind's queries
on their own, and the whole page through Django's test client with the page cache off; prints
p50/p95/max in ms and the slowest SQL statements. With --explain, EXPLAIN (ANALYZE, BUFFERS) of
the slowest statement of each kind.
"""

import argparse
import statistics
import time
from collections import defaultdict

from inprocess import Timer, percentile, setup


def queries(cursor):
    """What to search for: the kinds of query people type, taken from the data."""
    cursor.execute("SELECT tracking_code FROM forums_submission WHERE privacy = 'public' LIMIT 1")
    tracking = cursor.fetchone()[0]
    cursor.execute("SELECT reference FROM partnerships_agreement ORDER BY id DESC LIMIT 1")
    agreement = cursor.fetchone()[0]
    cursor.execute("SELECT reference FROM trainings_training ORDER BY id DESC LIMIT 1")
    training = cursor.fetchone()[0]
    cursor.execute(
        "SELECT document_number FROM partnerships_party WHERE document_number <> '' LIMIT 1"
    )
    number = cursor.fetchone()[0]
    return {
        "common: pelatihan": "pelatihan",
        "common: kerja sama": "kerja sama",
        "common: limbah sungai": "limbah sungai",
        "place: deli serdang": "deli serdang",
        "rare: andaliman": "andaliman",
        "rare: nothing (zzqx)": "zzqxvw",
        "acronym: USU": "USU",
        "typo: perindustrain": "perindustrain",
        "typo: pelatiahn las": "pelatiahn las",
        "typo: sertifkasi": "sertifkasi",
        "typo beside a short word: las medann": "las medann",
        "typo beside a common short word: usu pelatiahn": "usu pelatiahn",
        "excluded: pelatihan -las": "pelatihan -las",
        'phrase: "kerja sama"': '"kerja sama"',
        "or: sawit OR karet": "sawit OR karet",
        "a name: joko": "joko",
        "code: tracking (lower)": tracking.lower().replace("-", " "),
        "code: agreement": agreement,
        "code: training": training,
        "code: document number": number,
        "part of a number": "/".join(number.split("/")[1:3]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--role", nargs="*", default=["anon", "staff", "secretariat"])
    parser.add_argument("--only", help="only queries whose label contains this")
    parser.add_argument("--trace", action="store_true", help="print each page's statements")
    args = parser.parse_args()
    setup("bench-search")

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection, transaction
    from django.test import Client
    from django.urls import reverse

    from core import fulltext
    from core.lists import PAGE_SIZE
    from core.paging import DeferredPaginator
    from forums.rules import Visitor
    from sumut_mitra import search as site_search
    from sumut_mitra.scale import SECRETARIAT_EMAIL, STAFF_EMAIL

    users = get_user_model().objects
    roles = {
        "anon": AnonymousUser(),
        "staff": users.get(email=STAFF_EMAIL),
        "secretariat": users.get(email=SECRETARIAT_EMAIL),
    }
    with connection.cursor() as cursor:
        cases = queries(cursor)
    if args.only:
        cases = {k: v for k, v in cases.items() if args.only in k}

    timings = defaultdict(list)  # (what, label) -> [seconds]
    slowest = defaultdict(lambda: (0, "", None))  # kind -> (seconds, sql, params)
    counts = {}
    client = Client()
    for role in args.role:
        user = roles[role]
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        visitor = Visitor(user)
        kinds = site_search.kinds_for(user)
        for label, query in cases.items():
            for _ in range(args.repeat):
                # Each kind on its own, as the overview asks it (the first page of 3).
                for kind in kinds:
                    timer = Timer()
                    started = time.perf_counter()
                    with connection.execute_wrapper(timer):
                        queryset = kind.search(visitor, query, None, None)
                        page = DeferredPaginator(queryset, PAGE_SIZE).get_page(1)
                        list(page.object_list)
                    timings[(f"kind {kind.key}", role)].append(time.perf_counter() - started)
                    worst = max(timer.statements, key=lambda s: s[0], default=(0, "", None))
                    if worst[0] > slowest[kind.key][0]:
                        slowest[kind.key] = worst
                timer = Timer()
                started = time.perf_counter()
                with connection.execute_wrapper(timer):
                    response = client.get(reverse("search"), {"q": query})
                assert response.status_code in (200, 302), (label, response.status_code)
                timings[("page", role)].append(time.perf_counter() - started)
                timings[(f"page {label}", role)].append(time.perf_counter() - started)
                counts[(label, role)] = len(timer.statements)
                if args.trace:
                    print(f"--- {label} as {role}")
                    for seconds, sql, _params in timer.statements:
                        print(f"  {seconds * 1000:7.1f} ms  {sql[:150]}")
                started = time.perf_counter()
                response = client.get(reverse("search"), {"q": query, "jenis": "aspirasi"})
                timings[("page, one kind (aspirasi)", role)].append(time.perf_counter() - started)

    print(f"{'what':<40} {'role':<12} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for (what, role), values in sorted(timings.items()):
        ms = [v * 1000 for v in values]
        print(
            f"{what:<40} {role:<12} {len(ms):>4} {statistics.median(ms):>8.1f} "
            f"{percentile(ms, 0.95):>8.1f} {max(ms):>8.1f}"
        )
    print("\nqueries per page:", sorted(set(counts.values())))
    print("\nslowest statement per kind:")
    for kind, (seconds, sql, params) in sorted(slowest.items()):
        print(f"  {kind:<12} {seconds * 1000:8.1f} ms  {sql[:160]}")
        if args.explain and sql:
            # The search's ids query starts with its SET LOCAL settings (fulltext.SERIAL):
            # they run first, in the same transaction, and the query itself is explained.
            settings, query = "", sql
            if sql.startswith(f"{fulltext.SERIAL}; "):
                settings, query = fulltext.SERIAL, sql[len(fulltext.SERIAL) + 2 :]
            with transaction.atomic(), connection.cursor() as cursor:
                if settings:
                    cursor.execute(settings)
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
                for (line,) in cursor.fetchall():
                    print("      " + line)


if __name__ == "__main__":
    main()

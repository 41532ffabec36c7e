"""How long the public REST API's lists (/api/v1/agreements/ ...) take, afresh, per page, on
the data of DATABASE_URL (the 10x scale data: `seed_scale --factor 10`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scale copy> \\
        .venv/bin/python scripts/bench_api.py [--repeat 20] [--page-size 50] [--only agreement]

Reads only. For each public list, walks `--repeat` pages along the `next` links through
Django's test client (the page cache and the per-client limit off, DEBUG off) after one page
to warm up, and prints p50/p95/max in ms of the whole request, of its SQL, and the number of
statements per page. With --profile, the busiest functions of one list's requests (cProfile).
"""

import argparse
import statistics
import time

from inprocess import Timer, percentile, setup

LISTS = [
    "api:agreement-list",
    "api:submission-list",
    "api:agency-list",
    "api:capability-list",
    "api:training-list",
    "api:meeting-list",
]


def pages(client, url, params, count):
    """`count` fresh requests along the list's `next` links (from the start again at its end),
    each as (seconds, SQL seconds, statements)."""
    from django.db import connection

    measured = []
    next_url, next_params = url, params
    while len(measured) < count:
        timer = Timer()
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            response = client.get(next_url, next_params)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code, response.content[:200])
        measured.append((elapsed, sum(s[0] for s in timer.statements), len(timer.statements)))
        following = response.json()["next"]
        next_url, next_params = (following, None) if following else (url, params)
    return measured


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="pages per list")
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--only", help="only lists whose route contains this")
    parser.add_argument("--profile", action="store_true", help="cProfile the lists' requests")
    args = parser.parse_args()
    # One client asking many times a minute: the limit per client would answer 429.
    setup("bench-api", API_RATE_ANONYMOUS="100000000/minute", API_RATE_TOKEN="100000000/minute")

    from django.test import Client
    from django.urls import reverse

    client = Client()
    routes = [route for route in LISTS if not args.only or args.only in route]
    params = {"page_size": args.page_size}
    results = {}
    for route in routes:
        url = reverse(route)
        pages(client, url, params, 1)  # the first request of a list builds its filters' forms
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            results[route] = pages(client, url, params, args.repeat)
            profiler.disable()
            print(f"--- {route}")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        else:
            results[route] = pages(client, url, params, args.repeat)

    print(
        f"{'list':<22} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'sql p50':>8} {'queries':>8}"
    )
    for route, measured in results.items():
        ms = [m[0] * 1000 for m in measured]
        sql = [m[1] * 1000 for m in measured]
        counts = sorted({m[2] for m in measured})
        print(
            f"{route.removeprefix('api:'):<22} {len(ms):>4} {statistics.median(ms):>8.1f} "
            f"{percentile(ms, 0.95):>8.1f} {max(ms):>8.1f} {statistics.median(sql):>8.1f} "
            f"{'/'.join(map(str, counts)):>8}"
        )


if __name__ == "__main__":
    main()

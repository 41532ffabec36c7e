"""`make bench`: every page's throughput beside the floor of one trivial query (see README)."""

# The floor: one trivial query through the whole middleware stack. Only the benchmark's server
# (bench/wsgi.py, bench/urls.py) has this URL.
FLOOR_URL = "/_bench/floor/"

"""core.cache.RedisCache: Django's Redis backend with its clients kept, and a counter."""

import time

from django.core.cache import caches


def test_the_backend_keeps_one_client_per_server(page_cache):
    cache = caches["default"]
    assert type(cache).__module__ == "core.cache"
    first = cache._cache.get_client(write=True)
    assert cache._cache.get_client("any", write=False) is first  # one server: one client
    cache.set("kept", {"a": 1})
    assert cache.get("kept") == {"a": 1}


def test_a_counter_counts_from_one_and_ends_with_its_window(page_cache):
    cache = caches["default"]
    assert [cache.count("hits", 1) for _ in range(3)] == [1, 2, 3]
    assert cache.count("other", 60) == 1  # each key its own
    time.sleep(1.1)
    assert cache.count("hits", 1) == 1  # a new window after `seconds`
    # A later count does not stretch the window: it lasts from the first count.
    cache.count("long", 60)
    ttl = cache._cache.get_client(write=True).ttl(cache.make_key("long"))
    assert 55 < ttl <= 60
    cache.count("long", 600)
    assert cache._cache.get_client(write=True).ttl(cache.make_key("long")) <= 60

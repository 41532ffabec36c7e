"""Django's Redis cache backend, with one Redis client per server kept instead of one made for
every call.

Django's RedisCacheClient.get_client() builds a new `redis.Redis` around the (shared) connection
pool on each cache operation, and building one costs ~0.15 ms: more than the round trip itself
on this machine. A page served from the page cache makes three or four cache calls (the API's
per-client limit, the stored page, the table versions), so the clients are half of its time.
A `redis.Redis` is safe to share between threads (each command borrows a connection from the
pool), and the pool itself notices a fork, so one per server serves the whole process."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _KeptClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # made once per server, kept in self._pools
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """settings.CACHES' BACKEND "core.cache.RedisCache": Django's, clients kept (see above),
    and a counter in one round trip."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClients

    def count(self, key, seconds):
        """Add one to the counter `key` and return it: a counter starts at 1 and lasts `seconds`
        from its first count. One round trip (Django's add() and incr() take three)."""
        key = self.make_and_validate_key(key)
        pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipe.set(key, 0, ex=seconds, nx=True)
        pipe.incr(key)
        return pipe.execute()[1]

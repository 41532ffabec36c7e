#!/usr/bin/env python3
"""Probe Sumut Mitra's /healthz/ from inside the web container (or host).

Exit 0 when /healthz/ answers 200, 1 otherwise (and print what it said).
Standard library only, so it works in the slim image without curl.

Django checks the Host header against ALLOWED_HOSTS and may redirect plain
HTTP to HTTPS, so the probe sends the first ALLOWED_HOSTS entry as Host and
"X-Forwarded-Proto: https" (honoured only when SECURE_PROXY_SSL_HEADER_ENABLED
is true, as it is behind nginx). Redirects are reported, not followed.

Usage: python deploy/healthcheck.py [URL]   (default http://127.0.0.1:8000/healthz/)
"""

import http.client
import os
import sys
from urllib.parse import urlsplit


def probe_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main() -> int:
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/healthz/"
    parts = urlsplit(url)
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=10)
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(
            "GET",
            parts.path or "/",
            headers={
                "Host": probe_host(),
                "X-Forwarded-Proto": "https",
                "Accept": "application/json",
            },
        )
        resp = conn.getresponse()
        body = resp.read(2000).decode("utf-8", "replace")
    except OSError as exc:
        print(f"healthz: {url}: {exc}", file=sys.stderr)
        return 1
    finally:
        conn.close()
    if resp.status == 200:
        print(body)
        return 0
    location = resp.getheader("Location")
    extra = f" -> {location}" if location else ""
    print(f"healthz: HTTP {resp.status}{extra}: {body}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

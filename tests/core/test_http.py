from django.test import RequestFactory

from core.http import absolute_url, client_ip


def request_from(remote_addr, forwarded=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_proxies_the_address_is_the_connection_s_own(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_proxies_the_client_is_what_the_outermost_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    # The client wrote the first entry itself; only the last two were appended by our proxies.
    forged = request_from("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.1")
    assert client_ip(forged) == "198.51.100.7"


def test_too_few_forwarded_entries_fall_back_to_the_connection_s_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.2", "198.51.100.7")) == "10.0.0.2"
    assert client_ip(request_from("10.0.0.2")) == "10.0.0.2"


def test_a_path_becomes_a_link_on_this_site_and_anything_else_stays(settings):
    settings.SITE_URL = "https://mitra.sumutprov.go.id/"
    assert absolute_url("/pelatihan/PLT-1/") == "https://mitra.sumutprov.go.id/pelatihan/PLT-1/"
    assert absolute_url("/masuk/", base_url="http://localhost:8000") == (
        "http://localhost:8000/masuk/"
    )
    assert absolute_url("https://example.org/x") == "https://example.org/x"

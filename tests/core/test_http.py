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


def params(**values):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, value in values.items():
        query[name] = value
    return query


def test_an_id_from_a_query_is_a_positive_bigint_or_nothing():
    from core.http import int_param

    assert int_param(params(balasan="42"), "balasan") == 42
    assert int_param(params(balasan=str(2**63 - 1)), "balasan") == 2**63 - 1
    for bad in ["", "abc", "0", "-3", "4.0", "\x00", "4\x00", str(10**30), " 4"]:
        assert int_param(params(balasan=bad), "balasan") is None, bad
    assert int_param(params(), "balasan") is None


def test_a_shaped_value_is_taken_whole_or_not_at_all():
    from core.converters import AGREEMENT_REFERENCE
    from core.http import shaped_param

    assert shaped_param(params(k="KS-2026-00001"), "k", AGREEMENT_REFERENCE) == "KS-2026-00001"
    assert shaped_param(params(k="KS-2026-00001\x00"), "k", AGREEMENT_REFERENCE) is None
    assert shaped_param(params(), "k", AGREEMENT_REFERENCE) is None


def test_a_choice_outside_the_list_is_the_default():
    from core.http import choice_param

    orderings = ("name", "newest")
    assert choice_param(params(urut="newest"), "urut", orderings, "name") == "newest"
    assert choice_param(params(urut="newest\x00"), "urut", orderings, "name") == "name"
    assert choice_param(params(), "urut", orderings, "name") == "name"


def test_search_text_with_a_nul_byte_is_no_search_at_all():
    from core.http import text_param

    assert text_param(params(q="las"), "q") == "las"
    assert text_param(params(q="la\x00s"), "q") == ""
    assert text_param(params(q="x" * 500), "q", max_length=100) == "x" * 100
    assert text_param(params(), "q") == ""

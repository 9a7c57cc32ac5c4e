import pytest
from django.test import RequestFactory

from buurtwerk.client_ip import client_ip


@pytest.fixture
def request_from():
    def make(remote="203.0.113.9", forwarded=None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **extra)

    return make


def test_without_proxies_it_is_the_remote_address(request_from, settings):
    settings.TRUSTED_PROXIES = 0
    assert client_ip(request_from(forwarded="198.51.100.1")) == "203.0.113.9"


def test_behind_one_proxy_it_is_the_last_forwarded_entry(request_from, settings):
    settings.TRUSTED_PROXIES = 1
    request = request_from(forwarded="6.6.6.6, 198.51.100.1")
    assert client_ip(request) == "198.51.100.1"


def test_behind_two_proxies_it_is_the_second_entry_from_the_right(request_from, settings):
    settings.TRUSTED_PROXIES = 2
    request = request_from(forwarded="6.6.6.6,198.51.100.1, 10.0.0.2")
    assert client_ip(request) == "198.51.100.1"


def test_a_header_shorter_than_the_proxy_chain_is_not_trusted(request_from, settings):
    settings.TRUSTED_PROXIES = 2
    assert client_ip(request_from(forwarded="198.51.100.1")) == "203.0.113.9"
    assert client_ip(request_from()) == "203.0.113.9"


def test_garbage_is_not_an_address(request_from, settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request_from(forwarded="<script>")) == "203.0.113.9"
    assert client_ip(request_from(remote="")) is None


def test_ipv6_is_normalised(request_from, settings):
    settings.TRUSTED_PROXIES = 1
    assert client_ip(request_from(forwarded="2001:DB8::0:1")) == "2001:db8::1"

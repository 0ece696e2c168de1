import pytest
from django.test import RequestFactory

from egov.portal.throttle import parse_rate, throttle_hit


def test_parse_rate():
    assert parse_rate("30/minute") == (30, 60)
    assert parse_rate("5/hours") == (5, 3600)
    with pytest.raises(ValueError, match="Invalid rate"):
        parse_rate("many/minute")
    with pytest.raises(ValueError, match="Invalid rate"):
        parse_rate("5/fortnight")


def test_counts_per_address_and_scope():
    factory = RequestFactory()
    one, other = factory.get("/", REMOTE_ADDR="10.0.0.1"), factory.get("/", REMOTE_ADDR="10.0.0.2")
    assert throttle_hit(one, scope="t", rate="2/minute") is None
    assert throttle_hit(one, scope="t", rate="2/minute") is None
    retry = throttle_hit(one, scope="t", rate="2/minute")
    assert retry is not None and 0 < retry <= 60
    assert throttle_hit(other, scope="t", rate="2/minute") is None
    assert throttle_hit(one, scope="another", rate="2/minute") is None
    # A forged X-Forwarded-For does not give a fresh counter.
    forged = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert throttle_hit(forged, scope="t", rate="2/minute") is not None

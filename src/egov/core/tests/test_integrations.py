import pytest

from egov.core.integrations import IntegrationNotConfigured, get_integration, reset_integrations


class FakeSms:
    def __init__(self):
        self.sent = []

    def send(self, to, text):
        self.sent.append((to, text))


@pytest.fixture(autouse=True)
def _reset():
    reset_integrations()
    yield
    reset_integrations()


def test_unconfigured_integration_fails_loudly(settings):
    settings.EGOV_INTEGRATIONS = {}
    backend = get_integration("sms")
    with pytest.raises(IntegrationNotConfigured, match="EGOV_INTEGRATIONS\\['sms'\\]"):
        backend.send("0900000000", "Xin chào")


def test_configured_integration_is_one_instance_per_process(settings):
    settings.EGOV_INTEGRATIONS = {"sms": f"{__name__}.FakeSms"}
    backend = get_integration("sms")
    backend.send("0900000000", "Hồ sơ đã có kết quả")
    assert get_integration("sms") is backend
    assert backend.sent == [("0900000000", "Hồ sơ đã có kết quả")]

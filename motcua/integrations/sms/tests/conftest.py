import pytest

from motcua.integrations.sms.double import SmppDouble


@pytest.fixture
def smsc():
    with SmppDouble(system_id="motcua", password="s3cret", brandname="UBND-TINH") as double:
        yield double


@pytest.fixture
def smpp(settings, smsc, db):
    settings.MOTCUA_SMPP = {
        "HOST": "127.0.0.1",
        "PORT": smsc.port,
        "SYSTEM_ID": "motcua",
        "PASSWORD": "s3cret",
        "SOURCE_ADDR": "UBND-TINH",
        "TIMEOUT": 2,
        "ATTEMPTS": 3,
        "BACKOFF": 0,
        "RECEIPT_WAIT": 2,
    }
    settings.MOTCUA_MESSAGE_CHANNEL = "motcua.integrations.sms.smpp.SmppChannel"
    settings.MOTCUA_BREAKER = {"THRESHOLD": 3, "COOLDOWN": 60}
    return settings.MOTCUA_SMPP

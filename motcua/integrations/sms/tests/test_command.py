import socket

import pytest
from django.core.management import CommandError, call_command

from motcua.integrations.models import SmsTemplate


def test_sms_templates_lists_the_registered_texts(db, capsys):
    SmsTemplate.objects.create(code="sign_in_code", pattern="Ma {code}", registration="BN-1")
    call_command("sms", "templates")
    assert capsys.readouterr().out.strip() == "sign_in_code\ton\tBN-1\tMa {code}"


def test_sms_listen_reads_receipts_and_says_when_the_gateway_is_unreachable(smpp, smsc, settings, capsys):
    call_command("sms", "listen", "--seconds", "0.3")
    assert "0 báo cáo phát" in capsys.readouterr().out
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    settings.MOTCUA_SMPP = smpp | {"PORT": port}
    with pytest.raises(CommandError, match="không kết nối được"):
        call_command("sms", "listen", "--seconds", "0.3")

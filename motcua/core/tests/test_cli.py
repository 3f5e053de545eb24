import pytest

from motcua.cli import run


def test_help_is_bilingual(capsys):
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    assert "Nạp dữ liệu mẫu" in out
    assert "Load demo data" in out


def test_unknown_command_fails_with_one_line(capsys):
    assert run(["frobnicate"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "frobnicate" in err


@pytest.mark.django_db
def test_serve_rejects_an_invalid_port(capsys):
    assert run(["serve", "--port", "70000"]) == 1
    err = capsys.readouterr().err
    assert "70000" in err
    assert "Traceback" not in err


@pytest.mark.django_db
def test_serve_on_a_taken_port_says_so_and_how_to_use_another(capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert run(["serve", "--port", str(port), "--no-demo"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, err
    assert f"cổng {port} đang được dùng" in err
    assert "--port 8001" in err and "make run PORT=8001" in err
    assert "Traceback" not in err

"""docs/api.md: every ```http block is sent in order, and its ```response block is checked (status, keys, and
the values that are not placeholders)."""

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.workdays.calendar import VN_TZ

DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"
BLOCK = re.compile(r"```(http|response)\n(.*?)```", re.DOTALL)
PLACEHOLDERS = ("…", {}, [], None)


def examples() -> list[tuple[str, str]]:
    blocks = BLOCK.findall(DOC.read_text(encoding="utf-8"))
    pairs = list(zip(blocks[::2], blocks[1::2], strict=True))
    assert all(a[0] == "http" and b[0] == "response" for a, b in pairs)
    return [(a[1], b[1]) for a, b in pairs]


def substitute(text: str, values: dict) -> str:
    for name, value in sorted(values.items(), key=lambda item: -len(item[0])):
        text = text.replace(f"${name}", value)
    return text


# The content of `name=@file.pdf` lines of a multipart example.
SAMPLE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def multipart(body: str) -> dict:
    """`name=value` lines; `name=@file.pdf` attaches a small PDF; a repeated name sends a list."""
    data: dict[str, list] = {}
    for line in body.strip().splitlines():
        name, _eq, value = line.partition("=")
        item = SimpleUploadedFile(value[1:], SAMPLE_PDF) if value.startswith("@") else value
        data.setdefault(name, []).append(item)
    return data


def send(client, request_text: str):
    head, _sep, body = request_text.partition("\n\n")
    lines = head.strip().splitlines()
    method, path = lines[0].split(" ", 1)
    headers = dict(line.split(": ", 1) for line in lines[1:])
    if method == "GET":
        return client.get(path, headers=headers)
    if headers.pop("Content-Type", "") == "multipart/form-data":
        return client.post(path, multipart(body), headers=headers)
    return client.generic(method, path, body.strip().encode(), content_type="application/json", headers=headers)


def check(response, expected_text: str) -> None:
    status_line, _sep, body = expected_text.strip().partition("\n")
    assert response.status_code == int(status_line), response.content
    if not body.strip():
        return
    expected, actual = json.loads(body), response.json()
    assert type(actual) is type(expected)
    if isinstance(expected, dict):
        assert set(expected) <= set(actual), set(expected) - set(actual)
        for key, value in expected.items():
            if value not in PLACEHOLDERS:
                assert actual[key] == value, key


def test_the_documented_examples_work(client, world, portal, issued, trusted):
    from motcua.integrations.tests.factories import bearer

    values = {
        "TOKEN": bearer(portal),
        "UNIT": world.one_stop.e_identifier,
        "PROCEDURE": world.procedure.code,
        "DOCUMENTS": json.dumps(world.all_documents()),
        "PERIOD": str(timezone.now().astimezone(VN_TZ).year),
        "RESULT_DOSSIER": issued.dossier.code,
        "RESULT_CODE": issued.result_code,
        "DELIVERED": world.dossier_in("delivered").code,
    }
    ran = 0
    for request_text, expected in examples():
        response = send(client, substitute(request_text, values))
        check(response, expected)
        if "CODE" not in values and response.status_code == 201:
            values["CODE"] = response.json()["code"]
        if "FEEDBACK" not in values and response.status_code == 201 and "/api/v1/feedback" in request_text:
            values["FEEDBACK"] = response.json()["code"]
        ran += 1
    assert ran >= 26


@pytest.mark.parametrize("text", ["201\n{}", "200\n[]"])
def test_the_checker_refuses_a_wrong_status(text):
    class Fake:
        status_code = 500
        content = b""

        def json(self):
            return {}

    with pytest.raises(AssertionError):
        check(Fake(), text)

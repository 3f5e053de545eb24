"""Kiosk ratings count only from registered tablets (issue 18, finding 4: an anonymous curl to the kiosk page
counted toward the satisfaction figures of 766 group 5)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.dossiers.tests.factories import World, vn
from motcua.feedback import selectors, services
from motcua.feedback.models import KioskDevice, Rating

pytestmark = pytest.mark.django_db
MARCH = {"start": dt.date(2026, 3, 1), "end": dt.date(2026, 3, 31)}


@pytest.fixture
def world():
    return World()


def _rate(world, overall: int, token: str = "", unit=None) -> Rating:
    with time_machine.travel(vn(2026, 3, 2, 9), tick=False):
        return services.rating_submit_at_kiosk(
            unit=unit or world.one_stop, answers={"overall": overall}, device_token=token
        )


def test_ratings_from_an_unregistered_source_are_kept_apart_from_the_figures(world):
    _device, token = services.kiosk_device_register(unit=world.one_stop, name="Quầy 1")
    _rate(world, 5, token)
    stuffed = [_rate(world, 1) for _ in range(20)]  # a script without a device token
    rate = selectors.satisfaction_rate(**MARCH, unit_ids=[world.one_stop.pk])
    assert (rate.numerator, rate.denominator) == (1, 1)
    assert Rating.objects.count() == 21  # kept, for the administrator to look at
    assert {r.counted for r in stuffed} == {False}


def test_a_revoked_tablet_no_longer_counts(world):
    device, token = services.kiosk_device_register(unit=world.one_stop, name="Quầy 2")
    assert _rate(world, 5, token).counted
    services.kiosk_device_revoke(device=device)
    assert not _rate(world, 5, token).counted
    assert KioskDevice.objects.get(pk=device.pk).revoked_at is not None


def test_a_tablet_of_another_unit_does_not_count_here(world):
    other = World()
    _device, token = services.kiosk_device_register(unit=other.one_stop, name="Quầy khác")
    assert not _rate(world, 5, token).counted


def test_only_the_hash_of_the_token_is_stored(world):
    device, token = services.kiosk_device_register(unit=world.one_stop, name="Quầy 3")
    assert token not in {device.token_hash, device.token_prefix, device.name}
    assert token.startswith("kd_") and token[3:11] == device.token_prefix


def test_the_tablet_is_set_up_once_by_its_link_and_then_counts(client, world):
    _device, token = services.kiosk_device_register(unit=world.one_stop, name="Quầy 4")
    url = f"/danh-gia/kiosk/{world.one_stop.code}/"
    setup = client.get(f"{url}?thiet-bi={token}")
    assert setup.status_code == 302 and setup["Location"] == url  # the token leaves the address bar
    assert setup.cookies["motcua_kiosk"]["httponly"]
    client.post(url, {"overall": "5"})
    assert Rating.objects.get().counted is True


def test_a_client_without_the_tablet_cookie_is_not_counted(client, world):
    client.post(f"/danh-gia/kiosk/{world.one_stop.code}/", {"overall": "1"})
    assert Rating.objects.get().counted is False


def test_a_wrong_setup_link_sets_no_cookie(client, world):
    setup = client.get(f"/danh-gia/kiosk/{world.one_stop.code}/?thiet-bi=kd_guess")
    assert "motcua_kiosk" not in setup.cookies


def test_the_admin_registers_a_tablet_shows_its_link_once_and_revokes_it(admin_client, world):
    response = admin_client.post(
        "/quan-tri/feedback/kioskdevice/add/", {"unit": world.one_stop.pk, "name": "Quầy 5"}, follow=True
    )
    device = KioskDevice.objects.get()
    (message,) = [str(m) for m in response.context["messages"] if "thiet-bi=" in str(m)]
    assert f"/danh-gia/kiosk/{world.one_stop.code}/?thiet-bi=kd_{device.token_prefix}" in message
    admin_client.post(
        "/quan-tri/feedback/kioskdevice/", {"action": "revoke", "_selected_action": [device.pk]}, follow=True
    )
    assert KioskDevice.objects.get().is_active is False

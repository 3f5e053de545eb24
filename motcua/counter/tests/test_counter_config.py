"""A counter serves only its own centre's service groups (issue 21, insider review: a counter could be given
another centre's group, and its officers then called that centre's queue). Refused by the admin form, the model's
clean(), the service `counter_groups_set` and the database (triggers of migration 0002). No API writes counters.

Source: ND 61/2018/NĐ-CP art. 13 (the one-stop unit's own reception facilities, incl. the queue equipment) and
TT 01/2018/TT-VPCP (organisation of the centre's reception)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from motcua.accounts.choices import Role
from motcua.counter import services
from motcua.counter.forms import CounterAdminForm
from motcua.counter.models import COUNTER_GROUP_OTHER_CENTRE, Counter, ServiceGroup
from motcua.dossiers.tests.factories import officer_in

from .factories import QueueWorld

pytestmark = pytest.mark.django_db
MESSAGE = "Quầy chỉ phục vụ các nhóm dịch vụ của chính trung tâm mình"


@pytest.fixture
def two():
    return QueueWorld(), QueueWorld()


def test_the_form_refuses_a_group_of_another_centre(two):
    here, there = two
    data = {"centre": here.centre.pk, "number": 3, "groups": [here.civil.pk, there.land.pk], "is_active": True}
    form = CounterAdminForm(data)
    assert not form.is_valid()
    assert MESSAGE in " ".join(form.errors["groups"]) and there.land.name in " ".join(form.errors["groups"])
    assert CounterAdminForm({**data, "groups": [here.civil.pk, here.land.pk]}).is_valid()


def test_the_service_refuses_a_group_of_another_centre_and_a_non_manager(two):
    here, there = two
    with pytest.raises(ValidationError) as error:
        services.counter_groups_set(actor=here.manager, counter=here.counter1, groups=[here.civil, there.civil])
    assert MESSAGE in " ".join(error.value.message_dict["groups"])
    assert list(here.counter1.groups.all()) == [here.civil]
    for actor in (here.officer, there.manager, officer_in(there.centre, Role.ADMINISTRATOR)):
        with pytest.raises(PermissionDenied):
            services.counter_groups_set(actor=actor, counter=here.counter1, groups=[here.land])
    services.counter_groups_set(actor=here.manager, counter=here.counter1, groups=[here.civil, here.land])
    assert set(here.counter1.groups.all()) == {here.civil, here.land}


def test_the_database_refuses_a_link_to_another_centre(two):
    here, there = two
    with pytest.raises(IntegrityError, match=COUNTER_GROUP_OTHER_CENTRE), transaction.atomic():
        here.counter1.groups.add(there.civil)
    link = Counter.groups.through.objects.get(counter=here.counter1)
    with pytest.raises(IntegrityError, match=COUNTER_GROUP_OTHER_CENTRE), transaction.atomic():
        Counter.groups.through.objects.filter(pk=link.pk).update(servicegroup=there.civil)
    assert list(here.counter1.groups.all()) == [here.civil]


def test_moving_a_counter_or_a_group_away_from_the_other_is_refused(two):
    here, there = two
    with pytest.raises(IntegrityError, match=COUNTER_GROUP_OTHER_CENTRE), transaction.atomic():
        Counter.objects.filter(pk=here.counter1.pk).update(centre=there.centre)
    with pytest.raises(IntegrityError, match=COUNTER_GROUP_OTHER_CENTRE), transaction.atomic():
        ServiceGroup.objects.filter(pk=here.civil.pk).update(centre=there.centre)
    moved = Counter.objects.get(pk=here.counter1.pk)
    moved.centre = there.centre
    with pytest.raises(ValidationError) as error:
        moved.full_clean()
    assert MESSAGE in " ".join(error.value.message_dict["centre"])
    group = ServiceGroup.objects.get(pk=here.land.pk)
    group.centre, group.letter = there.centre, "Z"
    with pytest.raises(ValidationError, match="Quầy của trung tâm khác"):
        group.full_clean()
    # a group no counter serves moves freely (the triggers check links, not moves as such)
    lone = ServiceGroup.objects.create(centre=here.centre, letter="C", name="Tư pháp")
    ServiceGroup.objects.filter(pk=lone.pk).update(centre=there.centre)


def test_the_admin_form_refuses_it_and_saves_nothing(client, two):
    here, there = two
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser(username="quantri", password=None))
    url = reverse("admin:counter_counter_change", args=[here.counter1.pk])
    data = {"centre": here.centre.pk, "number": 1, "groups": [here.civil.pk, there.civil.pk], "is_active": "on"}
    response = client.post(url, data)
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert list(here.counter1.groups.all()) == [here.civil]
    assert client.post(url, {**data, "groups": [here.land.pk]}).status_code == 302
    assert list(here.counter1.groups.all()) == [here.land]


def test_a_staff_counter_officer_is_told_in_the_form_not_refused_with_a_403(client, two):
    """Staff with the counter permissions but not managing the centre: a form error, nothing saved."""
    from django.contrib.auth.models import Permission

    here, _there = two
    here.officer.is_staff = True
    here.officer.save(update_fields=["is_staff"])
    here.officer.user_permissions.set(Permission.objects.filter(content_type__app_label="counter"))
    client.force_login(here.officer)
    url = reverse("admin:counter_counter_change", args=[here.counter1.pk])
    response = client.post(url, {"centre": here.centre.pk, "number": 1, "groups": [here.land.pk], "is_active": "on"})
    assert response.status_code == 200
    assert "Chỉ người quản lý hoặc quản trị của trung tâm" in response.content.decode()
    assert list(here.counter1.groups.all()) == [here.civil]

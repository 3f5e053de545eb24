import time_machine
from django.core import mail

from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import vn
from motcua.sync.choices import ReminderKind, ReminderStatus
from motcua.sync.models import Reminder
from motcua.sync.reminders import reminders_send

S = DossierStatus


def _with_emails(world):
    for officer in (world.specialist, world.leader):
        officer.email = f"{officer.username}@example.gov.vn"
        officer.save()


def test_officers_hear_once_a_day_about_a_dossier_due_within_one_working_day(world):
    _with_emails(world)
    dossier = world.dossier_in(S.IN_PROGRESS)  # received Mon 2 March 09:00, due Mon 9 March 09:00
    with time_machine.travel(vn(2026, 3, 6, 10, 0), tick=False):  # Friday: next working day is Monday
        first = reminders_send()
        again = reminders_send()
    assert (first, again) == ({"due_soon": 1, "overdue": 0}, {"due_soon": 0, "overdue": 0})
    reminder = Reminder.objects.get()
    assert (reminder.dossier, reminder.kind, reminder.status, reminder.recipients) == (
        dossier,
        ReminderKind.DUE_SOON,
        ReminderStatus.SENT,
        2,
    )
    assert len(mail.outbox) == 1
    assert dossier.code in mail.outbox[0].subject


def test_an_overdue_dossier_is_reminded_again_the_next_day(world):
    _with_emails(world)
    world.dossier_in(S.IN_PROGRESS)
    with time_machine.travel(vn(2026, 3, 10, 8, 0), tick=False):
        reminders_send()
    with time_machine.travel(vn(2026, 3, 11, 8, 0), tick=False):
        reminders_send()
    assert list(Reminder.objects.order_by("day").values_list("kind", "day__day")) == [
        (ReminderKind.OVERDUE, 10),
        (ReminderKind.OVERDUE, 11),
    ]


def test_the_vietnamese_day_decides_once_a_day_not_the_server_zone(world):
    _with_emails(world)
    world.dossier_in(S.IN_PROGRESS)
    with time_machine.travel(vn(2026, 3, 10, 23, 30), tick=False):  # Los Angeles: 08:30 on the 10th
        reminders_send()
    with time_machine.travel(vn(2026, 3, 11, 0, 30), tick=False):  # Los Angeles: the same 10th, Vietnam: 11th
        reminders_send()
    assert Reminder.objects.count() == 2


def test_a_dossier_far_from_its_due_date_is_not_reminded(world):
    world.dossier_in(S.IN_PROGRESS)
    with time_machine.travel(vn(2026, 3, 3, 9, 0), tick=False):
        assert reminders_send() == {"due_soon": 0, "overdue": 0}
    assert Reminder.objects.count() == 0


def test_without_an_email_address_the_reminder_is_recorded_as_skipped(world):
    world.dossier_in(S.IN_PROGRESS)
    with time_machine.travel(vn(2026, 3, 10, 8, 0), tick=False):
        reminders_send()
    assert (Reminder.objects.get().status, len(mail.outbox)) == (ReminderStatus.SKIPPED, 0)

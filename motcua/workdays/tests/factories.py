import datetime as dt

import factory

from motcua.workdays.choices import AdjustmentKind
from motcua.workdays.models import CalendarAdjustment, WorkSchedule


class CalendarAdjustmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarAdjustment
        django_get_or_create = ("date",)

    date = dt.date(2030, 3, 4)
    kind = AdjustmentKind.DAY_OFF
    name = "Ngày nghỉ theo thông báo"
    source_number = "1/TB-BNV"
    source_date = dt.date(2029, 10, 1)


class WorkScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkSchedule
        django_get_or_create = ("valid_from",)

    valid_from = dt.date(2020, 1, 1)
    morning_start = dt.time(8, 0)
    morning_end = dt.time(12, 0)
    afternoon_start = dt.time(13, 30)
    afternoon_end = dt.time(17, 30)
    clock_cutoff = dt.time(16, 0)
    source = "test schedule"

"""Factories for PAKN tests: feedback is created through `feedback_submit`, so every row has its history and
its deadlines computed by the real calendar."""

from __future__ import annotations

import datetime as dt

import factory

from motcua.accounts.choices import UserKind
from motcua.accounts.models import User
from motcua.feedback import services
from motcua.feedback.choices import FeedbackKind, FeedbackSubject


class CitizenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"congdan{n}")
    full_name = factory.Sequence(lambda n: f"Công Dân {n}")
    kind = UserKind.CITIZEN


def send_feedback(*, unit, at: dt.datetime, sender=None, **kwargs):
    values = {
        "kind": FeedbackKind.COMPLAINT,
        "subject": FeedbackSubject.GENERAL,
        "title": "Thời gian chờ tại quầy quá lâu",
        "content": "Tôi phải chờ hơn hai giờ để được tiếp nhận hồ sơ.",
    }
    values.update(kwargs)
    return services.feedback_submit(unit=unit, sender=sender, now=at, **values)

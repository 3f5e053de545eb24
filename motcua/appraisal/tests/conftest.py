from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership
from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import World, officer_in, vn
from motcua.feedback.services import rating_submit_by_system

S = DossierStatus


class EvaluationWorld(World):
    """March 2026 at a one-stop centre: d1 early and returned (rated), d2 with a supplement request during
    appraisal, d3 finished late; the counter officer received all three."""

    def __init__(self) -> None:
        super().__init__()
        self.d1 = self.dossier_in(S.DELIVERED)
        self.d2 = self.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 3, 9, 0))
        self.d2 = self.act(
            services.dossier_request_supplement,
            self.d2,
            at=vn(2026, 3, 3, 11, 0),
            officer=self.specialist,
            items=["Bản sao giấy chứng sinh"],
        )
        d3 = self.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 4, 9, 0))
        d3 = self.act(services.dossier_appraise, d3, at=vn(2026, 3, 20, 9, 0), officer=self.specialist, opinion="Đủ")
        d3 = self.act(services.dossier_approve, d3, at=vn(2026, 3, 20, 10, 0), officer=self.leader)
        self.d3 = self.act(services.dossier_sign, d3, at=vn(2026, 3, 20, 11, 0), officer=self.leader)
        with time_machine.travel(vn(2026, 3, 5, 8, 0), tick=False):
            rating_submit_by_system(dossier=self.d1, answers={"one_place": 5, "attitude": 4, "overall": 5})
        self.other_counter = officer_in(self.one_stop, Role.COUNTER_OFFICER)

    def subject(self, user) -> Membership:
        return Membership.objects.filter(user=user).first()


MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


@pytest.fixture
def world(db):
    return EvaluationWorld()

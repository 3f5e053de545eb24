"""766 indicator 4.5 (use of population data) from the look-up register and VNeID-assured accounts."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from motcua.datastore.selectors import Rate
from motcua.dossiers.models import Dossier
from motcua.sso.models import ExternalIdentity
from motcua.workdays.calendar import VN_TZ

from ..choices import LookupOutcome
from .models import PopulationLookup


def population_data_rate(*, start: dt.date, end: dt.date, unit_ids=None) -> Rate:
    """QĐ 766/QĐ-TTg indicator 4.5 "Dữ liệu dân cư": dossiers received in [start, end] (Vietnam days) that used
    the population database — a look-up that found the applicant attached to the dossier (`MaCSDL`), or an
    applicant account authenticated through an identity provider with a verified level of assurance
    (`TaiKhoanDuocXacThucVoiVNeID = 1`) — / dossiers received, per receiving unit if given."""
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=VN_TZ)
    finish = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ)
    received = Dossier.objects.filter(received_at__gte=begin, received_at__lt=finish)
    if unit_ids is not None:
        received = received.filter(receiving_unit_id__in=list(unit_ids))
    used = received.filter(population_data_q())
    return Rate(numerator=used.count(), denominator=received.count())


def population_data_q() -> Q:
    """The dossier (the outer query's row) used the population database: the numerator of 766 indicator 4.5
    (`population_data_rate`; listed by `metrics.basis`)."""
    looked_up = Exists(PopulationLookup.objects.filter(dossier=OuterRef("pk"), outcome=LookupOutcome.FOUND))
    assured = Exists(ExternalIdentity.objects.filter(user=OuterRef("applicant_user")).exclude(acr=""))
    return Q(looked_up) | Q(assured)

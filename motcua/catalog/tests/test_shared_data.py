"""Import every procedure of the national export in ../shared/data/tthc and check how much was parsed."""

import pytest
from django.conf import settings

from motcua.catalog.importers.runner import import_national
from motcua.catalog.models import Procedure

TTHC = settings.MOTCUA_SHARED_DATA / "tthc"


@pytest.mark.shared_data
@pytest.mark.django_db
@pytest.mark.skipif(not TTHC.is_dir(), reason="../shared/data/tthc is absent")
def test_every_shared_procedure_imports_with_time_limits_and_documents():
    report = import_national([TTHC])
    assert report.failed == []
    assert report.imported == report.files
    current = Procedure.objects.filter(valid_to__isnull=True)
    total = current.count()
    with_limit = current.filter(time_limit_value__isnull=False).count()
    with_documents = current.filter(documents__isnull=False).distinct().count()
    with_results = current.filter(results__code__contains="KQ").distinct().count()
    assert with_limit / total >= 0.95  # measured 0.961 (the rest publish no time limit at all)
    assert with_documents / total >= 0.97  # measured 0.982
    assert with_results / total >= 0.97  # measured 0.975 (the rest publish no result code)
    again = import_national([TTHC])
    assert (again.imported, again.updated, again.unchanged) == (0, 0, report.files)

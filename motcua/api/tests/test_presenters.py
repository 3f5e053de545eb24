"""The presenters' shortcuts give what Django's own accessors give (issue 20: intake CPU)."""

from __future__ import annotations

import pytest
from django.utils import translation

from motcua.api.presenters import status_label
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier


@pytest.mark.parametrize("language", ["vi", "en"])
def test_status_label_is_get_status_display_in_every_language(language):
    with translation.override(language):
        for value in [*DossierStatus.values, "not-a-status"]:
            assert status_label(value) == str(Dossier(status=value).get_status_display())
    with translation.override("vi"):
        assert status_label(DossierStatus.SUBMITTED) != DossierStatus.SUBMITTED.value  # a label, translated

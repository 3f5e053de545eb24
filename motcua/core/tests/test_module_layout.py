"""One module-splitting convention across apps (docs/architecture.md, "One module or a package"; issue 14 target
7): a role outgrowing one file becomes a package named after the role (`views/plans.py`), never
`<role>_<concept>.py` siblings. The modules below predate the rule; the list only shrinks (move one, delete its
line). A new sibling fails here: put it in the role's package instead."""

from __future__ import annotations

import re
from pathlib import Path

import motcua

ROOT = Path(motcua.__file__).resolve().parent
SIBLING = re.compile(r"^(views|services|selectors|forms|models|admin|xlsx)_[a-z0-9_]+\.py$")
LEGACY = {
    "portal/forms_applicant.py",
    "portal/forms_feedback.py",
    "portal/forms_rating.py",
    "portal/forms_submit.py",
    "portal/forms_track.py",
    "portal/views_applicant.py",
    "portal/views_citizen.py",
    "portal/views_datastore.py",
    "portal/views_demo.py",
    "portal/views_feedback.py",
    "portal/views_home.py",
    "portal/views_payment.py",
    "portal/views_rating.py",
    "portal/views_track.py",
}


def _siblings() -> set[str]:
    return {
        f"{path.parent.name}/{path.name}"
        for path in ROOT.glob("*/*.py")
        if SIBLING.match(path.name) and path.parent.name != "tests"
    }


def test_no_new_role_concept_sibling_modules():
    assert _siblings() - LEGACY == set()


def test_the_legacy_list_only_names_modules_that_still_exist():
    """A module moved into its package leaves the list (so the list cannot hide a new one later)."""
    assert LEGACY - _siblings() == set()


def test_the_rule_catches_a_sibling_and_spares_a_package_module():
    assert SIBLING.match("views_plans.py")
    assert not SIBLING.match("views.py")
    assert not SIBLING.match("plans.py")

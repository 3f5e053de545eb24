"""One module-splitting convention across apps (docs/architecture.md, "One module or a package"; issue 14 target
7): a role outgrowing one file becomes a package named after the role (`views/plans.py`), never
`<role>_<concept>.py` siblings. The older siblings have all moved into their packages (reports, counter, esign,
feedback, console, portal); a new sibling fails here: put it in the role's package instead."""

from __future__ import annotations

import re
from pathlib import Path

import motcua

ROOT = Path(motcua.__file__).resolve().parent
SIBLING = re.compile(r"^(views|services|selectors|forms|models|admin|xlsx)_[a-z0-9_]+\.py$")


def _siblings() -> set[str]:
    return {
        f"{path.parent.name}/{path.name}"
        for path in ROOT.glob("*/*.py")
        if SIBLING.match(path.name) and path.parent.name != "tests"
    }


def test_no_role_concept_sibling_modules():
    assert _siblings() == set()


def test_the_rule_catches_a_sibling_and_spares_a_package_module():
    assert SIBLING.match("views_plans.py")
    assert not SIBLING.match("views.py")
    assert not SIBLING.match("plans.py")

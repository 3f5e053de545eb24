"""The dossier writes have one import path (issue 14, target 4; docs/architecture.md, "The dossier kernel"):
`motcua.dossiers.services`, a package whose `__init__.py` re-exports every write of its modules. A new
`dossier_<verb>` not re-exported, an old module path brought back, or a caller importing a module of the package
fails here."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import motcua
from motcua.dossiers import services
from motcua.dossiers.services import applicant, documents, intake, processing

ROOT = Path(motcua.__file__).resolve().parent
PACKAGE = "motcua.dossiers.services"
MODULES = {"intake", "processing", "applicant", "documents"}
# Private helpers reused on purpose, each named in docs/architecture.md: the bulk simulator's process template,
# and the test that the applicant module's state sets are the transition table's.
ALLOWED = {
    ("simulation/bulk_engine.py", "processing"),
    ("dossiers/tests/test_state_sets.py", "applicant"),
}


def _imported_modules(path: Path) -> set[str]:
    """The modules of the services package that `path` imports by name (absolute or relative)."""
    name = "motcua." + path.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
    package = name.rsplit(".", 1)[0] if path.name != "__init__.py" else name.removesuffix(".__init__")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]) if node.level else ""
            module = ".".join(part for part in (base, node.module or "") if part)
            targets = [module] + [f"{module}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            if target.startswith(PACKAGE + "."):
                head = target.removeprefix(PACKAGE + ".").split(".")[0]
                if head in MODULES:
                    found.add(head)
    return found


def test_every_write_is_re_exported():
    """Every `dossier_<verb>` of the package's modules is reachable as `services.dossier_<verb>`."""
    for module in (intake, processing, applicant, documents):
        writes = {
            name
            for name, value in vars(module).items()
            if inspect.isfunction(value) and value.__module__ == module.__name__ and name.startswith("dossier_")
        }
        missing = sorted(name for name in writes if getattr(services, name, None) is not getattr(module, name))
        assert missing == [], f"{module.__name__}: not re-exported by dossiers.services: {missing}"
    exported = {name for name in vars(services) if not name.startswith("_")} - MODULES
    assert set(services.__all__) == exported


def test_no_old_module_paths_left():
    old = [
        name
        for name in ("services.py", "processing.py", "applicant.py", "documents.py")
        if (ROOT / "dossiers" / name).exists()
    ]
    assert old == []


def test_callers_import_the_package_not_its_modules():
    here = Path(__file__).resolve()
    found = {
        (path.relative_to(ROOT).as_posix(), module)
        for path in ROOT.rglob("*.py")
        if path != here and "dossiers/services" not in path.relative_to(ROOT).as_posix()
        for module in _imported_modules(path)
    }
    assert found - ALLOWED == set()

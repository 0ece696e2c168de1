"""The floors of the house (pyproject.toml, [tool.importlinter]; docs/decisions/0046-layers.md):
core at the bottom, domains above it, composition on top, no cycles between the apps; and the
faces: another app uses a domain only through the domain's service.py."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path, python_path: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(python_path)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *extra], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_project_keeps_its_floors():
    run = lint_imports(ROOT, ROOT / "src")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]


def floors() -> list[str]:
    return next(c for c in contracts() if c["type"] == "layers")["layers"]


def throwaway_project(tmp_path: Path, files: dict[str, str]) -> subprocess.CompletedProcess:
    """The project's contracts on an empty package with the project's app names plus `files`."""
    package = tmp_path / "egov"
    for floor in floors():
        for module in floor.replace("|", ":").split(":"):
            path = package.joinpath(*module.strip().split(".")[1:])
            path.mkdir(parents=True, exist_ok=True)
            (path / "__init__.py").touch()
    (package / "__init__.py").touch()
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(package).parents:
            (package / parent / "__init__.py").touch()
        path.write_text(text)
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return lint_imports(tmp_path, tmp_path, "--config", str(tmp_path / "pyproject.toml"))


def test_an_upward_import_breaks_the_floors(tmp_path):
    """Core imports a domain: the floors and the cycle check both break."""
    run = throwaway_project(
        tmp_path,
        {
            "core/formats.py": "from egov.dossiers import models\n",
            "dossiers/models.py": "from egov.core import formats\n",
            "dossiers/tests/test_x.py": "from egov import demo\n",  # tests may
        },
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "egov.core is not allowed to import egov.dossiers" in run.stdout
    assert "No import cycles between the apps BROKEN" in run.stdout


def test_an_import_past_a_face_breaks_it(tmp_path):
    """The workspace imports dossiers' models module instead of dossiers.service: that face breaks.
    The face itself, a domain's own modules, tests and migrations stay allowed."""
    run = throwaway_project(
        tmp_path,
        {
            "dossiers/models.py": "",
            "dossiers/selectors.py": "from egov.dossiers import models\n",
            "dossiers/service.py": "from egov.dossiers import models, selectors\n",
            "documents/service.py": "from egov.dossiers.service import models\n",
            "portal/views.py": "from egov.dossiers.service import selectors\n",
            "workspace/views.py": "from egov.dossiers.models import x\n",
            "portal/tests/test_views.py": "from egov.dossiers.models import x\n",
            "portal/migrations/0001_initial.py": "from egov.dossiers.models import x\n",
        },
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Faces: other apps use dossiers only through egov.dossiers.service BROKEN" in run.stdout
    assert "egov.workspace.views -> egov.dossiers.models" in run.stdout
    assert "egov.portal" not in run.stdout.split("BROKEN", 1)[1]
    assert "Faces: other apps use documents only through egov.documents.service KEPT" in run.stdout
    assert "Floors: core at the bottom, domains above it, composition on top KEPT" in run.stdout


def test_every_domain_has_a_face_and_its_contract():
    """A domain's face is its service.py, and a face counts only with its protected contract."""
    package = ROOT / "src" / "egov"
    with_face = {f"egov.{path.parent.name}" for path in package.glob("*/service.py")}
    protected = {module for c in contracts() if c["type"] == "protected" for module in c["protected_modules"]}
    assert protected == with_face
    domains = next(floor for floor in floors() if "egov.dossiers" in floor)
    assert {module.strip() for module in domains.split(":")} <= with_face


def test_every_app_and_top_level_module_stands_on_a_floor():
    """A new app must be placed on purpose: an app on no floor would be checked by nothing."""
    placed = {module.strip() for floor in floors() for module in floor.replace("|", ":").split(":")}
    package = ROOT / "src" / "egov"
    present = {f"egov.{path.parent.name}" for path in package.glob("*/__init__.py") if path.parent.name != "tests"}
    present |= {f"egov.{path.stem}" for path in package.glob("*.py") if path.stem != "__init__"}
    assert present - placed == set()
    assert placed - present == set()

"""The floors of the house (pyproject.toml, [tool.importlinter]; docs/decisions/0046-layers.md):
core at the bottom, domains above it, composition on top, no cycles between the apps."""

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


def test_an_upward_import_breaks_the_floors(tmp_path):
    """The same contracts, on a copy of the project's app names where core imports a domain."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    floors = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    package = tmp_path / "egov"
    for floor in floors:
        for module in floor.replace("|", ":").split(":"):
            path = package.joinpath(*module.strip().split(".")[1:])
            path.mkdir(parents=True, exist_ok=True)
            (path / "__init__.py").touch()
    (package / "__init__.py").touch()
    (package / "core" / "formats.py").write_text("from egov.dossiers import models\n")
    (package / "dossiers" / "models.py").write_text("from egov.core import formats\n")
    (package / "dossiers" / "tests").mkdir()
    (package / "dossiers" / "tests" / "__init__.py").touch()
    (package / "dossiers" / "tests" / "test_x.py").write_text("from egov import demo\n")  # tests may
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    run = lint_imports(tmp_path, tmp_path, "--config", str(tmp_path / "pyproject.toml"))
    assert run.returncode == 1, run.stdout + run.stderr
    assert "egov.core is not allowed to import egov.dossiers" in run.stdout
    assert "No import cycles between the apps BROKEN" in run.stdout


def test_every_app_and_top_level_module_stands_on_a_floor():
    """A new app must be placed on purpose: an app on no floor would be checked by nothing."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    floors = next(c for c in config["contracts"] if c["type"] == "layers")["layers"]
    placed = {module.strip() for floor in floors for module in floor.replace("|", ":").split(":")}
    package = ROOT / "src" / "egov"
    present = {f"egov.{path.parent.name}" for path in package.glob("*/__init__.py") if path.parent.name != "tests"}
    present |= {f"egov.{path.stem}" for path in package.glob("*.py") if path.stem != "__init__"}
    assert present - placed == set()
    assert placed - present == set()

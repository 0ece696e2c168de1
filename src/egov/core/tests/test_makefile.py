"""The Makefile's two environments (issue 19): `make demo` installs the runtime requirements only,
on the port asked for; `make test` and the other targets the test tools too, also after a demo."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs GNU make")


def planned(venv: Path, *targets: str) -> str:
    """The commands `make` would run for `targets` with this .venv (a dry run: nothing is run)."""
    result = subprocess.run(
        ["make", "-n", f"VENV={venv}", *targets], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout


def installs(plan: str) -> list[str]:
    return [line.split(" -r ", 1)[1] for line in plan.splitlines() if "pip install" in line and " -r " in line]


def stamp(venv: Path, *names: str) -> None:
    venv.mkdir(exist_ok=True)
    for name in names:
        (venv / name).touch()


def test_a_fresh_demo_installs_the_runtime_requirements_only_and_serves_on_the_port_asked(tmp_path):
    plan = planned(tmp_path / "venv", "demo", "PORT=8080")
    assert installs(plan) == ["requirements.txt"]
    assert "runserver 127.0.0.1:8080" in plan
    assert "http://127.0.0.1:8080" in plan  # the address printed, and the links on the demo's forms
    assert "runserver 127.0.0.1:8000" in planned(tmp_path / "venv", "demo")


def test_test_after_a_demo_installs_the_test_tools(tmp_path):
    venv = tmp_path / "venv"
    stamp(venv, ".venv-created", ".runtime-installed")  # as a demo leaves it
    assert installs(planned(venv, "demo")) == []
    assert installs(planned(venv, "test")) == ["requirements-dev.txt"]
    assert installs(planned(venv, "setup")) == ["requirements-dev.txt"]


def test_a_demo_after_test_installs_nothing_again(tmp_path):
    venv = tmp_path / "venv"
    stamp(venv, ".venv-created", ".runtime-installed", ".dev-installed")
    assert installs(planned(venv, "demo")) == []
    assert installs(planned(venv, "test")) == []

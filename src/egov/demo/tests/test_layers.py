"""The demo is composition above the domains: it builds through their services, and nothing below
it may import it (issue 13 item 5; kernel.md). Tests are left out: they may reuse the demo's
builders (the sample application form, the sample PDF) as fixtures."""

from __future__ import annotations

import ast
from pathlib import Path

import egov

EGOV = Path(egov.__file__).resolve().parent
DEMO = "egov.demo"


def module_name(path: Path) -> str:
    parts = path.relative_to(EGOV.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved against its package."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)  # `from egov import demo`
    return found


def demo_imports(root: Path) -> list[str]:
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.relative_to(root).parts or path.is_relative_to(EGOV / "demo"):
            continue
        for module in sorted(imported(path)):
            if module == DEMO or module.startswith(DEMO + "."):
                offenders.append(f"{path.relative_to(EGOV)}: {module}")
    return offenders


def test_no_module_outside_the_demo_imports_it():
    assert demo_imports(EGOV) == []


def test_the_check_sees_every_form_of_import(tmp_path, monkeypatch):
    root = tmp_path / "egov"
    (root / "dossiers").mkdir(parents=True)
    monkeypatch.setattr(f"{__name__}.EGOV", root)
    for name, line in [
        ("absolute", "import egov.demo.build"),
        ("from_package", "from egov import demo"),
        ("from_module", "from egov.demo.dossiers import DEMO_PDF"),
        ("relative", "from ..demo import history"),
        ("clean", "from egov.dossiers import services"),
    ]:
        (root / "dossiers" / f"{name}.py").write_text(line + "\n")
    assert demo_imports(root) == [
        "dossiers/absolute.py: egov.demo.build",
        "dossiers/from_module.py: egov.demo.dossiers",
        "dossiers/from_module.py: egov.demo.dossiers.DEMO_PDF",
        "dossiers/from_package.py: egov.demo",
        "dossiers/relative.py: egov.demo",
        "dossiers/relative.py: egov.demo.history",
    ]

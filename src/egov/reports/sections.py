"""The sections registry: every app's `report_sections.SECTIONS` (core/reporting.py), by key.

Collected the way organisations.services.collect_role_grants collects each app's role grants; two
sections with one key are refused, so a report type naming a key always means one section.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from egov.core.reporting import Part, ReportScope, Section

from .periods import Period

MODULE = "report_sections"


class SectionError(ImproperlyConfigured):
    """Two sections with one key, or a report asking for a key no app declares."""


def registry_of(modules: Iterable[ModuleType]) -> dict[str, Section]:
    """The sections of `modules` (each with a SECTIONS list) by key, in declaration order."""
    registry: dict[str, Section] = {}
    declared_in: dict[str, str] = {}
    for module in modules:
        for section in module.SECTIONS:
            if section.key in registry:
                raise SectionError(
                    f"Report section “{section.key}” is declared twice: in {declared_in[section.key]} "
                    f"and in {module.__name__}."
                )
            registry[section.key] = section
            declared_in[section.key] = module.__name__
    return registry


def section_modules() -> list[ModuleType]:
    """The `report_sections` module of every installed egov app that has one, in INSTALLED_APPS order."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("egov."):
            continue
        try:
            modules.append(import_module(f"{config.name}.{MODULE}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{MODULE}":
                raise
    return modules


def collect_sections() -> dict[str, Section]:
    return registry_of(section_modules())


def section(key: str) -> Section:
    try:
        return collect_sections()[key]
    except KeyError:
        raise SectionError(f"No app declares the report section “{key}”.") from None


def compose(keys: Iterable[str], period: Period, scope: ReportScope) -> list[Part]:
    """The parts of a report made of the sections `keys`, in that order."""
    keys = list(keys)
    registry = collect_sections()
    unknown = [key for key in keys if key not in registry]
    if unknown:
        raise SectionError(f"No app declares the report section(s) {', '.join(unknown)}.")
    return [registry[key].compose(period, scope) for key in keys]

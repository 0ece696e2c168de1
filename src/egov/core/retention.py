"""Retention of records: how long each kind is kept (RetentionRule, data), which records are past
it, and their destruction on request (`manage.py retention`, docs/decisions/0033).

Each app registers its kinds of records in its own `retention.py` (found at start-up): what a record
of that kind is, the moment it was closed, and how to destroy a batch of them (rows, then their
files once the transaction has committed). The periods and their legal basis are data, versioned by
effective date and edited in the admin: the code knows no period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import ProtectedError, QuerySet, RestrictedError
from django.utils import timezone

from .models import RetentionRule


@dataclass(frozen=True)
class RecordKind:
    code: str
    label: str
    # The records closed before a moment (the start of the year from which they may be destroyed).
    closed_before: Callable[[dt.datetime], QuerySet]
    # Destroys one batch (inside a transaction); returns the names of the files to remove from the
    # storage after the commit.
    destroy: Callable[[QuerySet], Iterable[str]] | None = None


KINDS: dict[str, RecordKind] = {}


def register(kind: RecordKind) -> RecordKind:
    if kind.code in KINDS:
        raise ValueError(f"Record kind {kind.code!r} registered twice")
    KINDS[kind.code] = kind
    return kind


def delete_rows(queryset: QuerySet) -> list[str]:
    """`destroy` of a kind whose records have no files."""
    queryset.delete()
    return []


def rule_in_force(code: str, on: dt.date) -> RetentionRule | None:
    return RetentionRule.objects.filter(record_kind=code, effective_from__lte=on).order_by("-effective_from").first()


def destroyable_from(rule: RetentionRule, on: dt.date) -> dt.datetime | None:
    """Records closed before this moment are past their period on `on` (None: kept for ever)."""
    if rule.years is None:
        return None
    return dt.datetime(on.year - rule.years, 1, 1, tzinfo=timezone.get_current_timezone())


@dataclass
class KindReport:
    kind: RecordKind
    rule: RetentionRule | None
    cutoff: dt.datetime | None
    expired: int
    destroyed: int = 0
    refused: str = ""  # why the expired records were not destroyed, when asked to


def report(on: dt.date, *, destroy: bool = False) -> list[KindReport]:
    """One line per kind: its rule in force on `on` and how many of its records are past it; with
    `destroy`, those records destroyed (each kind all or nothing)."""
    lines = []
    for kind in KINDS.values():
        rule = rule_in_force(kind.code, on)
        cutoff = destroyable_from(rule, on) if rule else None
        expired = kind.closed_before(cutoff).count() if cutoff else 0
        lines.append(KindReport(kind, rule, cutoff, expired))
    if destroy:
        # A kind whose records are still referenced by another kind's (feedback about a dossier) is
        # tried again once the others are destroyed.
        blocked = [line for line in lines if line.expired and not _destroy(line)]
        for line in blocked:
            if line.refused.startswith(_REFERENCED):
                line.refused = ""
                _destroy(line)
    return lines


_REFERENCED = "còn được tham chiếu bởi: "


def _destroy(line: KindReport) -> bool:
    if not line.rule.confirmed:
        line.refused = "căn cứ pháp lý chưa được đối chiếu (đánh dấu trong trang quản trị)"
        return False
    if line.kind.destroy is None:
        line.refused = "loại này không hủy qua hệ thống"
        return False
    try:
        with transaction.atomic():
            files = list(line.kind.destroy(line.kind.closed_before(line.cutoff)))
            transaction.on_commit(lambda: _remove_files(files))
    except (ProtectedError, RestrictedError) as exc:
        blocking = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
        names = sorted({str(obj._meta.verbose_name_plural) for obj in blocking})
        line.refused = _REFERENCED + ", ".join(names)
        return False
    line.destroyed = line.expired
    return True


def _remove_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)

"""Writes for the procedure catalogue.

The CSV import lives in `catalogue_import/` (its entry points are re-exported here). The helpers
below set a version's child rows by position, updating rows in place: dossiers point at workflow
steps and required documents with PROTECT, so they must never be deleted and re-created.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from egov.organisations.models import Unit

from .catalogue_import import CatalogueFileError, catalogue_import, catalogue_import_file, catalogue_read
from .models import ProcedureVersion, RequiredDocument, WorkflowStep

__all__ = [
    "CatalogueFileError",
    "DocumentSpec",
    "StepSpec",
    "catalogue_import",
    "catalogue_import_file",
    "catalogue_read",
    "procedure_version_set_documents",
    "procedure_version_set_workflow",
]


@dataclass(frozen=True)
class StepSpec:
    action: str
    name: str
    role: str
    budget_days: Decimal
    unit: Unit | None = None


@dataclass(frozen=True)
class DocumentSpec:
    name: str
    form: str = RequiredDocument.Form.ORIGINAL
    count: int = 1
    is_mandatory: bool = True


@transaction.atomic
def procedure_version_set_workflow(*, version: ProcedureVersion, steps: list[StepSpec]) -> list[WorkflowStep]:
    """Make the version's internal workflow exactly `steps` (orders 1..n)."""
    existing = {step.order: step for step in version.workflow_steps.all()}
    result = []
    for order, spec in enumerate(steps, start=1):
        values = {
            "action": spec.action,
            "name": spec.name,
            "role": spec.role,
            "budget_days": Decimal(spec.budget_days),
            "unit": spec.unit,
        }
        step = existing.pop(order, None)
        if step is None:
            step = WorkflowStep.objects.create(version=version, order=order, **values)
        elif any(getattr(step, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(step, name, value)
            step.save()
        result.append(step)
    for step in existing.values():
        step.delete()
    return result


@transaction.atomic
def procedure_version_set_documents(
    *, version: ProcedureVersion, documents: list[DocumentSpec]
) -> list[RequiredDocument]:
    """Make the version's required documents exactly `documents`, in order."""
    existing = list(version.required_documents.all())
    result = []
    for order, spec in enumerate(documents):
        values = {
            "name": spec.name,
            "form": spec.form,
            "count": spec.count,
            "is_mandatory": spec.is_mandatory,
            "order": order,
        }
        if order < len(existing):
            document = existing[order]
            if any(getattr(document, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(document, name, value)
                document.save()
        else:
            document = RequiredDocument.objects.create(version=version, **values)
        result.append(document)
    for document in existing[len(documents) :]:
        document.delete()
    return result

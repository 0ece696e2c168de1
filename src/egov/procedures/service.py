"""The public face of the procedure catalogue: what other apps (dossiers, petitions, the portal, the
workspace, reports, the demo) use.

Other apps import from here, never from the modules behind it (pyproject.toml, the "Faces"
contracts; decision 0046); the modules of this app, its admin and its API use each other directly.
A name joins this list when another app needs it, and leaves it when none does.
"""

from .blank_forms import blank_form_add, blank_form_download
from .catalogue_import import CatalogueFileError, ImportReport, catalogue_import, catalogue_read_path
from .models import (
    FeeItem,
    Field,
    FilingChannel,
    FilingMethod,
    OnlineLevel,
    OnlineServiceRegime,
    ProactiveLevel,
    Procedure,
    ProcedureVersion,
    RequiredDocument,
    WorkflowStep,
)
from .selectors import (
    blank_form_public,
    filing_method_rows,
    procedure_current_version,
    procedure_published_version,
    procedure_search,
)
from .services import DocumentSpec, StepSpec, procedure_version_set_documents, procedure_version_set_workflow

__all__ = [
    "CatalogueFileError",
    "DocumentSpec",
    "FeeItem",
    "Field",
    "FilingChannel",
    "FilingMethod",
    "ImportReport",
    "OnlineLevel",
    "OnlineServiceRegime",
    "ProactiveLevel",
    "Procedure",
    "ProcedureVersion",
    "RequiredDocument",
    "StepSpec",
    "WorkflowStep",
    "blank_form_add",
    "blank_form_download",
    "blank_form_public",
    "catalogue_import",
    "catalogue_read_path",
    "filing_method_rows",
    "procedure_current_version",
    "procedure_published_version",
    "procedure_search",
    "procedure_version_set_documents",
    "procedure_version_set_workflow",
]

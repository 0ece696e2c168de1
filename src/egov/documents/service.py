"""What other apps may use of the official documents (the assignments built on them, the petitions'
notices issued in the outgoing register, the demo)."""

from .drafting import agency_line, parent_agency_line, summary_subject
from .forms import AgencyUnitsForm, UnitChoiceField, date_field
from .models import Direction, Document, DocumentType, Issuer, SigningAuthority
from .selectors import documents_visible, issued_file
from .services import incoming_register, outgoing_draft_create, outgoing_issue

__all__ = [
    "AgencyUnitsForm",
    "Direction",
    "Document",
    "DocumentType",
    "Issuer",
    "SigningAuthority",
    "UnitChoiceField",
    "agency_line",
    "date_field",
    "documents_visible",
    "incoming_register",
    "issued_file",
    "outgoing_draft_create",
    "outgoing_issue",
    "parent_agency_line",
    "summary_subject",
]

"""Writes for the document registers: register incoming, draft and issue outgoing, citations, files.

Every write opens one transaction; numbers come from a locked counter inside it (numbering.py),
so a failed write gives back its number. Messages in ValidationError are shown to staff as is.

One module per register: `incoming`, `outgoing`; `files` holds a document's files, `citation_links`
its citations, `register` what a registered entry shares (the duplicate rule). Callers import from
this package.
"""

from .citation_links import citations_resolve_pending, citations_sync
from .files import document_attach_file
from .incoming import incoming_register, incoming_update_handling
from .outgoing import outgoing_draft_create, outgoing_draft_update, outgoing_issue, outgoing_record_dispatch
from .register import DUPLICATE_MESSAGE

__all__ = [
    "DUPLICATE_MESSAGE",
    "citations_resolve_pending",
    "citations_sync",
    "document_attach_file",
    "incoming_register",
    "incoming_update_handling",
    "outgoing_draft_create",
    "outgoing_draft_update",
    "outgoing_issue",
    "outgoing_record_dispatch",
]

"""What each role may do with official documents (see organisations/roles.py)."""

from egov.organisations.roles import Role

_VIEW = {
    "documents.view_document",
    "documents.view_citation",
    "documents.view_documentfile",
}

GRANTS = {
    # Văn thư: registers incoming documents, drafts and issues numbers to outgoing ones (giấy mời,
    # công văn of the Office), links citations.
    Role.CLERK: _VIEW
    | {
        "documents.add_document",
        "documents.draft_outgoing",
        "documents.change_document",
        "documents.issue_number",
        "documents.add_documentfile",
        "documents.view_documenttype",
        "documents.view_issuer",
    },
    # Lãnh đạo cơ quan: sees everything of the agency, drafts.
    Role.AGENCY_LEADER: _VIEW | {"documents.draft_outgoing"},
    # Lãnh đạo phòng, chuyên viên: draft for the unit.
    Role.UNIT_HEAD: _VIEW | {"documents.draft_outgoing"},
    Role.SPECIALIST: _VIEW | {"documents.draft_outgoing"},
    # Quản trị: numbering series, document types, issuers.
    Role.ADMINISTRATOR: {
        "documents.view_numberingseries",
        "documents.add_numberingseries",
        "documents.change_numberingseries",
        "core.view_registercounter",  # the numbers given, per series and year
        "documents.view_documenttype",
        "documents.add_documenttype",
        "documents.change_documenttype",
        "documents.view_issuer",
        "documents.add_issuer",
        "documents.change_issuer",
    },
}

"""What each role may do in citizen reception and petitions (see organisations/roles.py).

The department designates the unit that receives citizens and handles petitions (since 01/7/2025
there is no Thanh tra Sở, law-2026.md §1.1): its specialists and the clerk register, the head of
the agency receives on the periodic days and decides extensions. The legal time limits are
reference data, kept by the administrator in the admin.
"""

from egov.organisations.roles import Role

_VIEW = {
    "petitions.view_receptionsession",
    "petitions.view_visit",
    "petitions.view_case",
    "petitions.view_petition",
    "petitions.view_deadline",
    "petitions.view_timelimitrule",
    "petitions.view_petitionevent",
}
_REGISTER = {"petitions.record_reception", "petitions.register_petition"}

GRANTS = {
    Role.CLERK: _VIEW | {"petitions.register_petition"},
    Role.SPECIALIST: _VIEW | _REGISTER | {"petitions.handle_petition"},
    Role.UNIT_HEAD: _VIEW | _REGISTER | {"petitions.handle_petition"},
    # The head accepts for resolution (thụ lý) and extends its time limits.
    Role.AGENCY_LEADER: _VIEW
    | _REGISTER
    | {"petitions.handle_petition", "petitions.accept_petition", "petitions.extend_petition_deadline"},
    Role.ADMINISTRATOR: {
        "petitions.view_timelimitrule",
        "petitions.add_timelimitrule",
        "petitions.change_timelimitrule",
    },
}

"""What each staff role may do with the outbox (see organisations/roles.py)."""

from egov.organisations.roles import Role

GRANTS = {
    # The one-stop desk sees the messages to applicants that could not be delivered.
    Role.RECEIVING_OFFICER: {"outbox.view_message"},
    # Administrators also send them again (the admin's "Gửi lại" action).
    Role.ADMINISTRATOR: {"outbox.view_message", "outbox.change_message"},
}

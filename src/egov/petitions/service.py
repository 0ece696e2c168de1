"""What other apps may use of petitions (the composition floor: demo, reports, workspace, API)."""

from .deadlines import due_on
from .models import Channel, Classification, Competence, ReceiverRole, ReceptionKind, VisitOutcome
from .selectors import rule_in_force
from .services.deadlines import deadline_extend, deadline_start
from .services.handling import PETITIONS, SERVICES
from .services.intake import DocumentData, SenderData, petition_register
from .services.reception import PersonData, session_register, visit_register

__all__ = [
    "PETITIONS",
    "SERVICES",
    "Channel",
    "Classification",
    "Competence",
    "DocumentData",
    "PersonData",
    "ReceiverRole",
    "ReceptionKind",
    "SenderData",
    "VisitOutcome",
    "deadline_extend",
    "deadline_start",
    "due_on",
    "petition_register",
    "rule_in_force",
    "session_register",
    "visit_register",
]

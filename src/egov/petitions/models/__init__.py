"""Citizen reception and petitions (tiếp công dân, xử lý đơn): law-2026.md §1, domain.md §3.

Three linked records, counted separately by the reports ("02 lượt tiếp công dân (9 người, 01 vụ
việc)"): a reception session with its visits, a petition, and the case (vụ việc) that visits and
petitions about one subject share — linked, never copied, when the subject comes back.
The legal time limits are data (`TimeLimitRule`, dated and versioned by legal basis); a petition's
running limits are `Deadline` rows computed from the rule in force on the start event's date.
Writes go through the services package; the classification rules are classification.py.
"""

from .limits import (
    Condition,
    Confidence,
    DayType,
    Deadline,
    DeadlineExtension,
    Direction,
    LimitStep,
    StartEvent,
    TimeLimitRule,
)
from .petitions import Petition, PetitionEvent, PetitionSender, ReceivedDocument
from .reception import Case, ReceptionSession, Visit, VisitPerson
from .vocabulary import (
    Channel,
    Classification,
    Competence,
    ContentKind,
    Handling,
    ReceiverRole,
    ReceptionForm,
    ReceptionKind,
    SessionStatus,
    Status,
    VisitOutcome,
)

__all__ = [
    "Case",
    "Channel",
    "Classification",
    "Competence",
    "Condition",
    "Confidence",
    "ContentKind",
    "DayType",
    "Deadline",
    "DeadlineExtension",
    "Direction",
    "Handling",
    "LimitStep",
    "Petition",
    "PetitionEvent",
    "PetitionSender",
    "ReceivedDocument",
    "ReceiverRole",
    "ReceptionForm",
    "ReceptionKind",
    "ReceptionSession",
    "SessionStatus",
    "StartEvent",
    "Status",
    "TimeLimitRule",
    "Visit",
    "VisitOutcome",
    "VisitPerson",
]

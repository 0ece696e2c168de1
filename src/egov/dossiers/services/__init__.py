"""Writes on dossiers: the submission, and one effect per transition of transitions.TRANSITIONS.

Every transition is taken by the workflow engine (core/workflow.py, decision 0041) in one
transaction: it locks the dossier row (SELECT ... FOR UPDATE), checks the table (state, permission,
scope, or the owning applicant), then the action's effect checks its rule and keeps the derived
columns — due dates, pauses, hand-over steps, finish — in step; the engine sets the status and
`lifecycle` writes the append-only DossierEvent. A refused transition raises `TransitionRefused`
(a ValidationError with a Vietnamese message and a code) and changes nothing.
The applicant's messages are written in the same transaction (notifications.dossier_event_notify).

One module per phase: `intake`, `processing`, `fees`, `result`; `applicant` holds the applicant's
data, `lifecycle` what they share. Callers import from this package.
"""

from .applicant import ApplicantData, result_delivery_cleaned
from .fees import dossier_assess_fee, dossier_complete_payment, dossier_request_payment
from .intake import (
    dossier_complete_intake_supplement,
    dossier_receive,
    dossier_refuse_intake,
    dossier_request_intake_supplement,
    dossier_submit,
)
from .lifecycle import DOSSIERS, statutory_due_date
from .processing import (
    dossier_apologise,
    dossier_approve,
    dossier_assign,
    dossier_complete_supplement,
    dossier_consult,
    dossier_consult_reply,
    dossier_refuse,
    dossier_request_supplement,
    dossier_send_back,
    dossier_sign,
    dossier_submit_for_signature,
    dossier_transfer,
)
from .result import dossier_change_result_delivery, dossier_rate, dossier_return_result, dossier_stop, dossier_withdraw

# Action name -> service, for views and the API that take the action from the URL (every phase's
# module above has registered its effects by now).
SERVICES = DOSSIERS.services()

__all__ = [
    "DOSSIERS",
    "SERVICES",
    "ApplicantData",
    "dossier_apologise",
    "dossier_approve",
    "dossier_assess_fee",
    "dossier_assign",
    "dossier_change_result_delivery",
    "dossier_complete_intake_supplement",
    "dossier_complete_payment",
    "dossier_complete_supplement",
    "dossier_consult",
    "dossier_consult_reply",
    "dossier_rate",
    "dossier_receive",
    "dossier_refuse",
    "dossier_refuse_intake",
    "dossier_request_intake_supplement",
    "dossier_request_payment",
    "dossier_request_supplement",
    "dossier_return_result",
    "dossier_send_back",
    "dossier_sign",
    "dossier_stop",
    "dossier_submit",
    "dossier_submit_for_signature",
    "dossier_transfer",
    "dossier_withdraw",
    "result_delivery_cleaned",
    "statutory_due_date",
]

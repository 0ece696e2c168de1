"""Staff workspace pages. Thin: forms check shapes, the lifecycle services decide, selectors read.

Every page needs a staff account with a dossier permission; a dossier outside the user's scope
answers 404 exactly like a missing one. A refused action shows the service's Vietnamese message
above the form, keeps what was typed, and changes nothing (the services are transactional).

One module per family of pages: `queues`, `dossier`, `counter`, `search`, `access_log`, `feedback`.
urls.py imports from this package.
"""

from .access_log import access_log
from .counter import counter_intake
from .dossier import dossier_action, dossier_detail, dossier_file, dossier_payment, dossier_upload
from .feedback import feedback_detail, feedback_queue
from .queues import queues
from .search import search

__all__ = [
    "access_log",
    "counter_intake",
    "dossier_action",
    "dossier_detail",
    "dossier_file",
    "dossier_payment",
    "dossier_upload",
    "feedback_detail",
    "feedback_queue",
    "queues",
    "search",
]

"""Citizen portal pages. Thin: forms check shapes, portal/dossier services write, selectors read.

A citizen reaches only the dossiers filed with their account (others answer 404, like a missing
one); the public look-up shows no personal data and is rate-limited per address.

One module per family of pages: `catalogue`, `filing`, `lookup`, `my_dossiers`, `feedback`,
`signup` (the other account pages are in account_views.py). urls.py imports from this package.
"""

from .catalogue import catalogue, procedure_blank_form, procedure_detail
from .feedback import feedback
from .filing import file_contact, file_form
from .lookup import lookup
from .my_dossiers import (
    my_dossier,
    my_dossier_file,
    my_dossier_form,
    my_dossier_pay,
    my_dossier_rate,
    my_dossier_supplement,
    my_dossiers,
)
from .signup import signup

__all__ = [
    "catalogue",
    "feedback",
    "file_contact",
    "file_form",
    "lookup",
    "my_dossier",
    "my_dossier_file",
    "my_dossier_form",
    "my_dossier_pay",
    "my_dossier_rate",
    "my_dossier_supplement",
    "my_dossiers",
    "procedure_blank_form",
    "procedure_detail",
    "signup",
]

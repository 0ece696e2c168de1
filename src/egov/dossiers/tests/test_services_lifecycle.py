"""What every dossier service shares (services/lifecycle.py): the engine over the table walked end to
end, the row lock it takes, and a refused transition leaving nothing changed."""

import datetime as dt
import itertools
import threading

import pytest
from django.db import connection

from egov.core.workflow import TransitionRefused
from egov.portal.tests.world import pdf_upload

from .. import services
from ..attachments import attachment_add
from ..models import Attachment, DossierStep, Outcome, Rating, ReturnMethod, Status
from .factories import (
    MONDAY_MORNING,
    in_processing,
    local,
    procedure_with_workflow,
    submitted_dossier,
)

pytestmark = pytest.mark.django_db


def test_full_online_path_to_rated_result(procedure, staff, django_user_model):
    citizen = django_user_model.objects.create_user(username="congdan", password="x")
    dossier = submitted_dossier(procedure, at=local(2025, 3, 3, 8, 30), owner=citizen)
    assert dossier.status == Status.SUBMITTED and dossier.code is None

    dossier = services.dossier_receive(dossier=dossier, actor=staff["desk"], at=local(2025, 3, 3, 9, 0))
    assert dossier.code == f"{procedure.agency.identifier}-250303-0001"
    # 10 working days after Monday 3 March 2025, the day of receipt not counted.
    assert dossier.due_date == dt.date(2025, 3, 17)

    dossier = services.dossier_transfer(dossier=dossier, actor=staff["desk"], at=local(2025, 3, 3, 10, 0))
    assert dossier.unit == procedure.lead_unit and dossier.status == Status.PROCESSING
    dossier = services.dossier_assign(
        dossier=dossier, actor=staff["head"], assignee=staff["specialist"], at=local(2025, 3, 4, 8, 0)
    )
    dossier = services.dossier_submit_for_signature(
        dossier=dossier, actor=staff["specialist"], at=local(2025, 3, 10, 8, 0)
    )
    dossier = services.dossier_approve(dossier=dossier, actor=staff["head"], at=local(2025, 3, 11, 8, 0))
    dossier = services.dossier_sign(
        dossier=dossier, actor=staff["leader"], result_number="15/GP-SCT", at=local(2025, 3, 12, 8, 0)
    )
    assert dossier.status == Status.RESOLVED and dossier.outcome == Outcome.RESOLVED
    assert dossier.finished_at == local(2025, 3, 12, 8, 0)
    attachment_add(
        dossier=dossier, upload=pdf_upload("giay-phep.pdf"), actor=staff["leader"], kind=Attachment.Kind.RESULT
    )
    dossier = services.dossier_return_result(
        dossier=dossier, actor=staff["desk"], method=ReturnMethod.ELECTRONIC, at=local(2025, 3, 12, 9, 0)
    )
    dossier = services.dossier_rate(
        dossier=dossier, actor=citizen, rating=Rating.VERY_SATISFIED, at=local(2025, 3, 12, 10, 0)
    )
    assert dossier.status == Status.RETURNED and dossier.rating == Rating.VERY_SATISFIED

    actions = list(dossier.events.values_list("action", flat=True))
    assert actions == [
        "submit",
        "receive",
        "transfer",
        "assign",
        "submit_for_signature",
        "approve",
        "sign",
        "return_result",
        "rate",
    ]
    chain = list(dossier.events.values_list("from_status", "to_status"))
    for (_, previous_to), (current_from, _) in itertools.pairwise(chain):
        assert current_from == previous_to
    steps = list(dossier.steps.order_by("order"))
    assert [s.order for s in steps] == [1, 2, 3, 4, 5, 6]
    assert all(s.finished_at is not None for s in steps)
    # The appraisal had 7 working days from 4 March (until 13 March) and ended on 10 March.
    assert steps[2].timeliness == DossierStep.Timeliness.EARLY


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_transition_locks_the_dossier_row_only():
    """The agency row stays free while a dossier is locked, so dossiers of one agency move in parallel."""
    from django.db import DatabaseError, transaction

    from egov.organisations.models import Agency

    from ..models import Dossier

    procedure = procedure_with_workflow(time_limit=10)
    dossier = submitted_dossier(procedure, at=MONDAY_MORNING)
    outcome = {}

    def try_locks():
        try:
            with transaction.atomic():
                Agency.objects.select_for_update(nowait=True).get(pk=procedure.agency_id)
                outcome["agency"] = "free"
                try:
                    with transaction.atomic():
                        Dossier.objects.select_for_update(nowait=True).get(pk=dossier.pk)
                        outcome["dossier"] = "free"
                except DatabaseError:
                    outcome["dossier"] = "locked"
        except DatabaseError:
            outcome["agency"] = "locked"
        finally:
            connection.close()

    with transaction.atomic():
        services.DOSSIERS.lock(dossier)
        thread = threading.Thread(target=try_locks)
        thread.start()
        thread.join(timeout=30)
    assert outcome == {"agency": "free", "dossier": "locked"}


def test_a_refused_transition_changes_nothing(procedure, staff):
    dossier = in_processing(procedure, staff)
    before = (dossier.status, dossier.due_date, dossier.events.count(), dossier.steps.count())
    with pytest.raises(TransitionRefused):
        services.dossier_apologise(
            dossier=dossier,
            actor=staff["specialist"],
            reason="Chậm",
            new_due_date=dt.date(2025, 3, 14),  # before the due date
            at=local(2025, 3, 4, 9, 0),
        )
    dossier.refresh_from_db()
    assert (dossier.status, dossier.due_date, dossier.events.count(), dossier.steps.count()) == before
    assert dossier.apology_due_date is None

"""The API keeps its contract: every answer, errors included, is what the committed openapi.yaml
says — generated requests (schemathesis, valid and invalid) from anonymous callers, a one-stop
officer, an agency leader and an applicant, on real dossiers as well as on ids that do not exist.

Checks: no server error, documented status code, content type, headers and body (the error shape
of egov.api.exceptions included), invalid input refused. Not checked: that every schema-valid
input is accepted (positive_data_acceptance) — a well-formed request can still name a procedure
that does not exist or ask for a transition the dossier's state forbids, which the API refuses
with 400/409 by design (docs/decisions/0009-api.md).

Bounded: a fixed number of examples per operation (EGOV_CONTRACT_EXAMPLES, default below), the
same examples on every run (derandomized, so CI does not flake) and no shrinking. Raise the
number by hand to search longer: EGOV_CONTRACT_EXAMPLES=200 pytest src/egov/api/tests/test_contract.py
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from egov.dossiers import services
from egov.dossiers.models import Attachment, Channel, ReturnMethod
from egov.dossiers.tests.factories import make_staff, procedure_with_workflow, submitted_dossier
from egov.organisations.roles import Role
from egov.organisations.tokens import api_token_create

from .factories import citizen
from .world import attach

COMMITTED = Path(settings.BASE_DIR) / "openapi.yaml"
EXAMPLES = int(os.environ.get("EGOV_CONTRACT_EXAMPLES", "12"))
IDENTITIES = ("anonymous", "one_stop_officer", "agency_leader", "applicant")

schema = schemathesis.openapi.from_path(COMMITTED)
schema.app = WSGIHandler()  # in process, on the test database


@dataclass
class Known:
    """Ids of the world's objects, which generated path parameters are drawn from (with the
    generated value itself, so that absent ids are tried too)."""

    dossiers: list[int] = field(default_factory=list)
    attachments: list[int] = field(default_factory=list)


KNOWN = Known()


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    if not path_parameters:
        return st.just(path_parameters)
    choices = {"id": KNOWN.dossiers, "attachment_id": KNOWN.attachments}
    strategy = st.fixed_dictionaries(
        {
            name: st.sampled_from([*choices[name], value]) if choices.get(name) else st.just(value)
            for name, value in path_parameters.items()
        }
    )
    return strategy


@pytest.fixture
def headers(db) -> dict[str, dict[str, str]]:
    """A small agency: dossiers submitted, received, in processing and returned, with files."""
    # As Django's test client does: the in-process requests must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    procedure = procedure_with_workflow(time_limit=5)
    agency = procedure.agency
    desk = make_staff(agency, Role.RECEIVING_OFFICER, full_name="Phan Văn Tiếp")
    leader = make_staff(agency, Role.AGENCY_LEADER, full_name="Trần Quốc Lãnh")
    head = make_staff(agency, Role.UNIT_HEAD, unit=procedure.lead_unit)
    specialist = make_staff(agency, Role.SPECIALIST, unit=procedure.lead_unit)
    owner = citizen()
    submitted = submitted_dossier(procedure, owner=owner)
    received = services.dossier_receive(dossier=submitted_dossier(procedure, owner=owner), actor=desk, note="Nội bộ")
    processing = services.dossier_transfer(
        dossier=services.dossier_receive(dossier=submitted_dossier(procedure, owner=owner), actor=desk), actor=desk
    )
    processing = services.dossier_assign(dossier=processing, actor=head, assignee=specialist, note="Giao gấp")
    returned = services.dossier_transfer(
        dossier=services.dossier_receive(dossier=submitted_dossier(procedure, owner=owner), actor=desk), actor=desk
    )
    returned = services.dossier_sign(
        dossier=services.dossier_submit_for_signature(dossier=returned, actor=specialist),
        actor=leader,
        result_number="12/GP-SCT",
    )
    returned = services.dossier_return_result(dossier=returned, actor=desk, method=ReturnMethod.DESK)
    counter = submitted_dossier(procedure, channel=Channel.DIRECT, actor=desk)  # filed at the counter
    dossiers = [submitted, received, processing, returned, counter]
    files = [attach(d) for d in dossiers] + [attach(processing, kind=Attachment.Kind.INTERNAL)]
    KNOWN.dossiers[:] = [d.pk for d in dossiers]
    KNOWN.attachments[:] = [a.pk for a in files]
    users = {"one_stop_officer": desk, "agency_leader": leader, "applicant": owner}
    secrets = {name: api_token_create(user=user, name="schemathesis", days=1)[1] for name, user in users.items()}
    tokens = {name: {"Authorization": f"Token {secret}"} for name, secret in secrets.items()}
    yield {"anonymous": {}, **tokens}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@schema.given(identity=st.sampled_from(IDENTITIES))
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_answer_matches_the_contract(case, identity, headers):
    case.call_and_validate(headers=headers[identity], excluded_checks=[positive_data_acceptance])

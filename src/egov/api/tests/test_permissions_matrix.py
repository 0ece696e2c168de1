"""Who may do what through the API, as an explicit table.

Every staff role × every API operation × a dossier in the user's unit / in another unit of the
same agency / in another agency. The expected outcomes are written out below as data — the
policy as the department agreed it — and are NOT derived from role_grants.py or the scoping
code under test: a change of grants or scope that alters who sees what must change this table
on purpose.

Out-of-scope objects answer 404 (not 403), so that an id does not reveal a dossier's existence.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from egov.organisations.roles import Role

from .factories import UserFactory, citizen
from .world import PDF, build_world, received_dossier

pytestmark = pytest.mark.django_db

IN_UNIT, OTHER_UNIT, OTHER_AGENCY = "in_unit", "in_other_unit", "in_other_agency"
TARGETS = (IN_UNIT, OTHER_UNIT, OTHER_AGENCY)

# Reading a dossier (detail, status + history, allowed transitions, attachment list, attachment
# download, presence in the list). Specialists and unit heads work inside their unit; the
# one-stop desk, the leaders, the inspectors and the system administrator see the whole agency.
# The clerk (văn thư) and the emulation officer have no dossier role. No role reaches another
# agency's dossiers.
#                        (in_unit, in_other_unit, in_other_agency)
READ = {
    Role.RECEIVING_OFFICER: (200, 200, 404),
    Role.SPECIALIST: (200, 404, 404),
    Role.UNIT_HEAD: (200, 404, 404),
    Role.AGENCY_LEADER: (200, 200, 404),
    Role.CLERK: (404, 404, 404),
    Role.INSPECTOR: (200, 200, 404),
    Role.EMULATION_OFFICER: (404, 404, 404),
    Role.AUDITOR: (404, 404, 404),
    Role.ADMINISTRATOR: (200, 200, 404),
}

# Acting on a dossier that is being processed in a unit. 200: done; 403: the dossier is visible
# but the role may not take this action (the service's refusal, with its message); 404: not
# visible at all.
WRITE = {
    # Phân công: the unit head of the unit holding the dossier.
    "assign": {
        Role.RECEIVING_OFFICER: (403, 403, 404),
        Role.SPECIALIST: (403, 404, 404),
        Role.UNIT_HEAD: (200, 404, 404),
        Role.AGENCY_LEADER: (403, 403, 404),
        Role.CLERK: (404, 404, 404),
        Role.INSPECTOR: (403, 403, 404),
        Role.EMULATION_OFFICER: (404, 404, 404),
        Role.AUDITOR: (404, 404, 404),
        Role.ADMINISTRATOR: (403, 403, 404),
    },
    # Lấy ý kiến cơ quan khác: whoever appraises in the unit.
    "consult": {
        Role.RECEIVING_OFFICER: (403, 403, 404),
        Role.SPECIALIST: (200, 404, 404),
        Role.UNIT_HEAD: (200, 404, 404),
        Role.AGENCY_LEADER: (403, 403, 404),
        Role.CLERK: (404, 404, 404),
        Role.INSPECTOR: (403, 403, 404),
        Role.EMULATION_OFFICER: (404, 404, 404),
        Role.AUDITOR: (404, 404, 404),
        Role.ADMINISTRATOR: (403, 403, 404),
    },
    # Dừng xử lý: the agency leader.
    "stop": {
        Role.RECEIVING_OFFICER: (403, 403, 404),
        Role.SPECIALIST: (403, 404, 404),
        Role.UNIT_HEAD: (403, 404, 404),
        Role.AGENCY_LEADER: (200, 200, 404),
        Role.CLERK: (404, 404, 404),
        Role.INSPECTOR: (403, 403, 404),
        Role.EMULATION_OFFICER: (404, 404, 404),
        Role.AUDITOR: (404, 404, 404),
        Role.ADMINISTRATOR: (403, 403, 404),
    },
    # Rút hồ sơ recorded by the one-stop desk (the applicant's request at the counter).
    "withdraw": {
        Role.RECEIVING_OFFICER: (200, 200, 404),
        Role.SPECIALIST: (403, 404, 404),
        Role.UNIT_HEAD: (403, 404, 404),
        Role.AGENCY_LEADER: (403, 403, 404),
        Role.CLERK: (404, 404, 404),
        Role.INSPECTOR: (403, 403, 404),
        Role.EMULATION_OFFICER: (404, 404, 404),
        Role.AUDITOR: (404, 404, 404),
        Role.ADMINISTRATOR: (403, 403, 404),
    },
}

# Uploading a file (an application document) to a dossier: any staff member who may read the
# dossier (dossiers.attachments.attachment_add). Note: this lets inspectors and the administrator
# add files too — recorded here as the current rule; narrowing it is the lifecycle's decision.
#                        (in_unit, in_other_unit, in_other_agency)
UPLOAD = {
    Role.RECEIVING_OFFICER: (201, 201, 404),
    Role.SPECIALIST: (201, 404, 404),
    Role.UNIT_HEAD: (201, 404, 404),
    Role.AGENCY_LEADER: (201, 201, 404),
    Role.CLERK: (404, 404, 404),
    Role.INSPECTOR: (201, 201, 404),
    Role.EMULATION_OFFICER: (404, 404, 404),
    Role.AUDITOR: (404, 404, 404),
    Role.ADMINISTRATOR: (201, 201, 404),
}

# Filing a dossier through the API: only the one-stop desk files for an applicant (at the counter).
#                 status of POST /dossiers/ with channel "direct"
INTAKE = {
    Role.RECEIVING_OFFICER: 201,
    Role.SPECIALIST: 403,
    Role.UNIT_HEAD: 403,
    Role.AGENCY_LEADER: 403,
    Role.CLERK: 403,
    Role.INSPECTOR: 403,
    Role.EMULATION_OFFICER: 403,
    Role.AUDITOR: 403,
    Role.ADMINISTRATOR: 403,
}


def _write_payload(world, operation, dossier) -> dict:
    return {
        "assign": lambda: {"assignee": world.assignable(dossier).pk},
        "consult": lambda: {"consulted": "Sở Tài chính", "reply_due": "2099-12-31"},
        "stop": lambda: {"reason": "Cơ sở đã giải thể."},
        "withdraw": lambda: {"reason": "Người nộp đề nghị rút hồ sơ."},
    }[operation]()


EXPECTED_STATUS_AFTER = {"assign": "processing", "consult": "consulting", "stop": "stopped", "withdraw": "withdrawn"}

READ_OPERATIONS = {
    "detail": lambda d: f"/api/v1/dossiers/{d.pk}/",
    "transitions": lambda d: f"/api/v1/dossiers/{d.pk}/transitions/",
    "status": lambda d: f"/api/v1/dossiers/{d.pk}/status/",
    "attachments": lambda d: f"/api/v1/dossiers/{d.pk}/attachments/",
    "download": lambda d: f"/api/v1/dossiers/{d.pk}/attachments/{d.attachments.get().pk}/download/",
}


def test_the_tables_cover_every_role():
    assert set(READ) == set(Role)
    assert set(INTAKE) == set(Role)
    assert set(UPLOAD) == set(Role)
    for table in WRITE.values():
        assert set(table) == set(Role)


@pytest.fixture
def world():
    return build_world()


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("operation", sorted(READ_OPERATIONS))
@pytest.mark.parametrize("role", list(Role))
def test_read_operations(world, role, operation, target):
    expected = READ[role][TARGETS.index(target)]
    dossier = world.target(target)
    response = _client(world.staff(role)).get(READ_OPERATIONS[operation](dossier))
    assert response.status_code == expected, (role, operation, target, response.content[:300])
    if expected == 404:
        assert response.json() == {"error": {"code": "not_found", "message": "Không tìm thấy đối tượng yêu cầu."}}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("operation", sorted(WRITE))
@pytest.mark.parametrize("role", list(Role))
def test_write_operations(world, role, operation, target):
    expected = WRITE[operation][role][TARGETS.index(target)]
    dossier = world.target(target)
    payload = _write_payload(world, operation, dossier)
    response = _client(world.staff(role)).post(f"/api/v1/dossiers/{dossier.pk}/transitions/{operation}/", payload)
    assert response.status_code == expected, (role, operation, target, response.content[:300])
    dossier.refresh_from_db()
    if expected == 200:
        assert response.json()["status"] == EXPECTED_STATUS_AFTER[operation]
        assert dossier.events.filter(action=operation).count() == 1
    else:
        # A refusal changes nothing.
        assert dossier.status == "processing"
        assert not dossier.events.filter(action=operation).exists()
        assert response.json()["error"]["code"] == {403: "forbidden", 404: "not_found"}[expected]


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", list(Role))
def test_upload(world, role, target):
    expected = UPLOAD[role][TARGETS.index(target)]
    dossier = world.target(target)
    before = dossier.attachments.count()
    file = SimpleUploadedFile("bo-sung.pdf", PDF + b"%" + role.encode(), content_type="application/pdf")
    response = _client(world.staff(role)).post(
        f"/api/v1/dossiers/{dossier.pk}/attachments/", {"file": file}, format="multipart"
    )
    assert response.status_code == expected, (role, target, response.content[:300])
    assert dossier.attachments.count() == before + (1 if expected == 201 else 0)


@pytest.mark.parametrize("role", list(Role))
def test_intake_at_the_counter(world, role):
    procedure = world.in_unit.procedure
    payload = {
        "procedure": procedure.code,
        "channel": "direct",
        "applicant": {"kind": "person", "name": "Võ Thị Hoa", "id_number": "051190000123", "phone": "0905123456"},
    }
    response = _client(world.staff(role)).post("/api/v1/dossiers/", payload)
    assert response.status_code == INTAKE[role], (role, response.content[:300])
    if response.status_code == 201:
        assert response.json()["status"] == "submitted"
        assert response.json()["channel"] == "direct"


@pytest.mark.parametrize("role", list(Role))
def test_list_shows_exactly_the_dossiers_in_scope(world, role):
    expected = {world.target(t).pk for t, status in zip(TARGETS, READ[role], strict=True) if status == 200}
    response = _client(world.staff(role)).get("/api/v1/dossiers/")
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == expected


def test_superuser_reaches_every_agency(world):
    admin = UserFactory(is_superuser=True)
    response = _client(admin).get("/api/v1/dossiers/")
    assert {row["id"] for row in response.json()["results"]} == {
        world.in_unit.pk,
        world.in_other_unit.pk,
        world.in_other_agency.pk,
    }


def test_unit_scoped_role_without_a_unit_sees_nothing(world):
    from .factories import staff

    specialist = staff(Role.SPECIALIST, agency=world.agency, unit=None)
    assert _client(specialist).get("/api/v1/dossiers/").json()["count"] == 0
    assert _client(specialist).get(f"/api/v1/dossiers/{world.in_unit.pk}/").status_code == 404


def test_anonymous_requests_are_refused(world):
    response = APIClient().get(f"/api/v1/dossiers/{world.in_unit.pk}/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["error"]["code"] == "not_authenticated"


# --- Citizens ---------------------------------------------------------------------------------


@pytest.fixture
def two_citizens(world):
    alice, bob = citizen(), citizen()
    alices = received_dossier(agency=world.agency, unit=world.unit, owner=alice, applicant_name="Lê Thị Ánh")
    bobs = received_dossier(agency=world.agency, unit=world.unit, owner=bob, applicant_name="Phạm Văn Bình")
    return alice, alices, bob, bobs


@pytest.mark.parametrize("operation", sorted(READ_OPERATIONS))
def test_citizen_reaches_own_dossier_but_never_another_citizens(two_citizens, operation):
    alice, alices, _, bobs = two_citizens
    client = _client(alice)
    assert client.get(READ_OPERATIONS[operation](alices)).status_code == 200
    response = client.get(READ_OPERATIONS[operation](bobs))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_citizen_list_holds_only_own_dossiers(world, two_citizens):
    alice, alices, _, _ = two_citizens
    response = _client(alice).get("/api/v1/dossiers/")
    assert [row["id"] for row in response.json()["results"]] == [alices.pk]


def test_citizen_search_does_not_find_another_citizens_dossier(two_citizens):
    alice, _, bob, bobs = two_citizens
    # The search itself works (Bob finds his own by a diacritic-free name and by code)...
    assert [r["id"] for r in _client(bob).get("/api/v1/dossiers/", {"q": "pham van binh"}).json()["results"]] == [
        bobs.pk
    ]
    # ...but never reaches across accounts, by name or by code.
    for query in ("pham van binh", "Phạm Văn Bình", bobs.code):
        assert _client(alice).get("/api/v1/dossiers/", {"q": query}).json()["results"] == []


def test_citizen_does_not_see_internal_working_papers(two_citizens):
    from egov.dossiers.models import Attachment

    from .world import attach

    alice, alices, _, _ = two_citizens
    internal = attach(alices, kind=Attachment.Kind.INTERNAL, content=b"%PDF-1.4 to trinh\n%%EOF\n")
    listed = _client(alice).get(f"/api/v1/dossiers/{alices.pk}/attachments/").json()
    assert internal.pk not in {row["id"] for row in listed}
    response = _client(alice).get(f"/api/v1/dossiers/{alices.pk}/attachments/{internal.pk}/download/")
    assert response.status_code == 404


def test_citizen_cannot_act_on_or_upload_to_another_citizens_dossier(two_citizens):
    alice, _, _, bobs = two_citizens
    client = _client(alice)
    response = client.post(f"/api/v1/dossiers/{bobs.pk}/transitions/withdraw/", {"reason": "Rút hộ."})
    assert response.status_code == 404
    file = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    response = client.post(f"/api/v1/dossiers/{bobs.pk}/attachments/", {"file": file}, format="multipart")
    assert response.status_code == 404
    bobs.refresh_from_db()
    assert bobs.status == "processing"
    assert bobs.attachments.count() == 1


def test_an_attachment_is_reached_only_through_its_own_dossier(two_citizens):
    alice, alices, _, bobs = two_citizens
    bobs_file = bobs.attachments.get()
    response = _client(alice).get(f"/api/v1/dossiers/{alices.pk}/attachments/{bobs_file.pk}/download/")
    assert response.status_code == 404

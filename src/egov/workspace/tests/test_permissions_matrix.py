"""Who may do what in the staff workspace and the citizen portal, as explicit tables.

Every staff role × every workspace view × a dossier in the user's unit / in another unit of the
same agency / in another agency (the API matrix's world, egov/api/tests/world.py). The expected
outcomes are written out as data, not derived from role_grants.py or the scoping code under test.

Pages answer 404 for a dossier out of scope (as if it did not exist) and 403 for an account that
has no dossier work at all (the clerk, the emulation officer, citizens). A refused action answers
400 with the service's message and changes nothing.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from egov.api.tests.factories import citizen
from egov.api.tests.world import PDF, build_world, received_dossier
from egov.dossiers.models import Dossier
from egov.organisations.roles import Role

pytestmark = pytest.mark.django_db

TARGETS = ("in_unit", "in_other_unit", "in_other_agency")
NO_WORK = (403, 403, 403)

#                        (in_unit, in_other_unit, in_other_agency)
READ = {
    Role.RECEIVING_OFFICER: (200, 200, 404),
    Role.SPECIALIST: (200, 404, 404),
    Role.UNIT_HEAD: (200, 404, 404),
    Role.AGENCY_LEADER: (200, 200, 404),
    Role.CLERK: NO_WORK,
    Role.INSPECTOR: (200, 200, 404),
    Role.EMULATION_OFFICER: NO_WORK,
    Role.AUDITOR: NO_WORK,
    Role.ADMINISTRATOR: (200, 200, 404),
}

# 302: done (redirect to the dossier page); 400: visible but the role may not (the service's refusal).
WRITE = {
    "assign": {
        Role.RECEIVING_OFFICER: (400, 400, 404),
        Role.SPECIALIST: (400, 404, 404),
        Role.UNIT_HEAD: (302, 404, 404),
        Role.AGENCY_LEADER: (400, 400, 404),
        Role.CLERK: NO_WORK,
        Role.INSPECTOR: (400, 400, 404),
        Role.EMULATION_OFFICER: NO_WORK,
        Role.AUDITOR: NO_WORK,
        Role.ADMINISTRATOR: (400, 400, 404),
    },
    "stop": {
        Role.RECEIVING_OFFICER: (400, 400, 404),
        Role.SPECIALIST: (400, 404, 404),
        Role.UNIT_HEAD: (400, 404, 404),
        Role.AGENCY_LEADER: (302, 302, 404),
        Role.CLERK: NO_WORK,
        Role.INSPECTOR: (400, 400, 404),
        Role.EMULATION_OFFICER: NO_WORK,
        Role.AUDITOR: NO_WORK,
        Role.ADMINISTRATOR: (400, 400, 404),
    },
    "request_supplement": {
        Role.RECEIVING_OFFICER: (400, 400, 404),
        Role.SPECIALIST: (302, 404, 404),
        Role.UNIT_HEAD: (302, 404, 404),
        Role.AGENCY_LEADER: (400, 400, 404),
        Role.CLERK: NO_WORK,
        Role.INSPECTOR: (400, 400, 404),
        Role.EMULATION_OFFICER: NO_WORK,
        Role.AUDITOR: NO_WORK,
        Role.ADMINISTRATOR: (400, 400, 404),
    },
}
STATUS_AFTER = {"assign": "processing", "stop": "stopped", "request_supplement": "paused"}

# Uploading a working paper: any staff member who reads the dossier (dossiers.attachments rule).
UPLOAD = {role: tuple(302 if code == 200 else code for code in READ[role]) for role in Role}

# The counter intake page: the one-stop desk only.
COUNTER = {
    Role.RECEIVING_OFFICER: 200,
    Role.SPECIALIST: 403,
    Role.UNIT_HEAD: 403,
    Role.AGENCY_LEADER: 403,
    Role.CLERK: 403,
    Role.INSPECTOR: 403,
    Role.EMULATION_OFFICER: 403,
    Role.AUDITOR: 403,
    Role.ADMINISTRATOR: 403,
}

# The queues each role sees (tabs), by slug.
QUEUES = {
    Role.RECEIVING_OFFICER: {"tiep-nhan", "viec-cua-toi", "sap-den-han", "qua-han", "cho-bo-sung", "tra-ket-qua"},
    Role.SPECIALIST: {"viec-cua-toi", "sap-den-han", "qua-han", "cho-bo-sung"},
    Role.UNIT_HEAD: {"viec-cua-toi", "sap-den-han", "qua-han", "cho-bo-sung", "trinh-ky"},
    Role.AGENCY_LEADER: {"sap-den-han", "qua-han", "cho-bo-sung", "trinh-ky"},
    Role.CLERK: set(),
    Role.INSPECTOR: {"sap-den-han", "qua-han", "cho-bo-sung"},
    Role.EMULATION_OFFICER: set(),
    Role.AUDITOR: set(),
    Role.ADMINISTRATOR: {"sap-den-han", "qua-han", "cho-bo-sung"},
}


def test_the_tables_cover_every_role():
    for table in (READ, UPLOAD, COUNTER, QUEUES, *WRITE.values()):
        assert set(table) == set(Role)


@pytest.fixture
def world():
    world = build_world()
    # Every dossier overdue, so the overdue queue lists exactly what a role can see.
    Dossier.objects.update(due_date=timezone.localdate() - dt.timedelta(days=2))
    return world


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


READ_VIEWS = {
    "dossier": lambda d: reverse("workspace:dossier", args=[d.pk]),
    "file": lambda d: reverse("workspace:file", args=[d.pk, d.attachments.get().pk]),
}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("view", sorted(READ_VIEWS))
@pytest.mark.parametrize("role", list(Role))
def test_read_views(world, role, view, target):
    expected = READ[role][TARGETS.index(target)]
    response = _client(world.staff(role)).get(READ_VIEWS[view](world.target(target)))
    assert response.status_code == expected, (role, view, target)


def _payload(world, action, dossier) -> dict:
    data = {
        "assign": {"assignee": world.assignable(dossier).pk},
        "stop": {"reason": "Cơ sở đã giải thể."},
        "request_supplement": {"items": "Bản sao hợp đồng thuê kho", "reason": "Thiếu hồ sơ kho."},
    }[action]
    return {f"{action}-{key}": value for key, value in data.items()}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("action", sorted(WRITE))
@pytest.mark.parametrize("role", list(Role))
def test_actions(world, role, action, target):
    expected = WRITE[action][role][TARGETS.index(target)]
    dossier = world.target(target)
    url = reverse("workspace:action", args=[dossier.pk, action])
    response = _client(world.staff(role)).post(url, _payload(world, action, dossier))
    assert response.status_code == expected, (role, action, target, response.content[:500])
    dossier.refresh_from_db()
    if expected == 302:
        assert dossier.status == STATUS_AFTER[action]
        assert dossier.events.filter(action=action).count() == 1
    else:
        assert dossier.status == "processing"
        assert not dossier.events.filter(action=action).exists()
        if expected == 400:
            assert "không có quyền" in response.content.decode()


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", list(Role))
def test_upload(world, role, target):
    expected = UPLOAD[role][TARGETS.index(target)]
    dossier = world.target(target)
    before = dossier.attachments.count()
    file = SimpleUploadedFile("bien-ban.pdf", PDF + role.encode(), content_type="application/pdf")
    response = _client(world.staff(role)).post(
        reverse("workspace:upload", args=[dossier.pk]), {"file": file, "kind": "internal"}
    )
    assert response.status_code == expected, (role, target)
    assert dossier.attachments.count() == before + (1 if expected == 302 else 0)


@pytest.mark.parametrize("role", list(Role))
def test_counter_intake_page(world, role):
    assert _client(world.staff(role)).get(reverse("workspace:counter")).status_code == COUNTER[role]


@pytest.mark.parametrize("role", list(Role))
def test_queues_show_only_the_dossiers_in_scope(world, role):
    client = _client(world.staff(role))
    visible = {world.target(t).code for t, code in zip(TARGETS, READ[role], strict=True) if code == 200}
    response = client.get(reverse("workspace:queues"))
    if not QUEUES[role]:
        assert response.status_code == 403
        return
    slugs = {queue.slug for queue, _ in response.context["counts"]}
    assert slugs == QUEUES[role]
    page = client.get(reverse("workspace:queue", args=["qua-han"])).content.decode()
    for target in TARGETS:
        code = world.target(target).code
        assert (code in page) == (code in visible), (role, target)


@pytest.mark.parametrize("role", list(Role))
def test_search_finds_only_the_dossiers_in_scope(world, role):
    client = _client(world.staff(role))
    for target, code in zip(TARGETS, READ[role], strict=True):
        dossier = world.target(target)
        response = client.get(reverse("workspace:search"), {"q": dossier.applicant_name})
        if code == 403:
            assert response.status_code == 403
            continue
        assert (dossier.code in response.content.decode()) == (code == 200), (role, target)


# --- citizens ---------------------------------------------------------------------------------------


@pytest.fixture
def two_citizens(world):
    alice, bob = citizen(), citizen()
    alices = received_dossier(agency=world.agency, unit=world.unit, owner=alice, applicant_name="Lê Thị Ánh")
    bobs = received_dossier(agency=world.agency, unit=world.unit, owner=bob, applicant_name="Phạm Văn Bình")
    return alice, alices, bob, bobs


PORTAL_VIEWS = {
    "my_dossier": ("get", lambda d: reverse("portal:my_dossier", args=[d.pk])),
    "file": ("get", lambda d: reverse("portal:my_dossier_file", args=[d.pk, d.attachments.get().pk])),
    "supplement": ("post", lambda d: reverse("portal:my_dossier_supplement", args=[d.pk])),
    "rate": ("post", lambda d: reverse("portal:my_dossier_rate", args=[d.pk])),
}


@pytest.mark.parametrize("view", sorted(PORTAL_VIEWS))
def test_citizen_never_reaches_another_citizens_dossier(two_citizens, view):
    alice, alices, _, bobs = two_citizens
    method, url = PORTAL_VIEWS[view]
    client = _client(alice)
    if method == "get":
        assert client.get(url(alices)).status_code == 200
    response = getattr(client, method)(url(bobs), {"rating": "satisfied"} if view == "rate" else {})
    assert response.status_code == 404
    bobs.refresh_from_db()
    assert bobs.rating == "" and bobs.attachments.count() == 1


def test_citizen_list_and_search_hold_only_own_dossiers(two_citizens):
    alice, alices, _, bobs = two_citizens
    client = _client(alice)
    page = client.get(reverse("portal:my_dossiers")).content.decode()
    assert alices.code in page and bobs.code not in page
    # The staff search and the staff dossier page are not for citizens, whatever the id.
    assert client.get(reverse("workspace:search"), {"q": "pham van binh"}).status_code == 403
    assert client.get(reverse("workspace:dossier", args=[bobs.pk])).status_code == 403
    assert client.get(reverse("workspace:dossier", args=[alices.pk])).status_code == 403


def test_public_lookup_shows_no_personal_data(client, two_citizens):
    _, _, _, bobs = two_citizens
    page = client.get(reverse("portal:lookup"), {"ma": bobs.code}).content.decode()
    assert bobs.code in page
    assert "Phạm Văn Bình" not in page and bobs.applicant_phone not in page

"""In a real browser: a leader's dashboard on a month not over yet shows the dossiers late today,
not those whose due date is still ahead within the month."""

import datetime as dt

import pytest

from egov.dossiers.tests.factories import make_staff
from egov.organisations.roles import Role
from egov.organisations.services import roles_sync

from .conftest import local, make_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_sees_the_true_overdue_count_of_the_current_month(run_factory, monkeypatch):
    from django.utils import timezone

    # 04/12/2026 at 10:00 in Quảng Ngãi, for the server the browser talks to as well.
    now = local(dt.date(2026, 12, 4), 10)
    monkeypatch.setattr(timezone, "now", lambda: now)
    roles_sync(strict=False)
    world = make_world()
    november = dt.date(2026, 11, 20)
    world.dossier(received=local(november), due=dt.date(2026, 12, 2))  # the only late one
    for due in (dt.date(2026, 12, 9), dt.date(2026, 12, 15), dt.date(2026, 12, 22)):
        world.dossier(received=local(november), due=due)
    leader = make_staff(world.agency, Role.AGENCY_LEADER, full_name="Phạm Quốc Hùng")

    run = run_factory("bao-cao-thang-chua-het")
    page = run.person()
    run.login(page, leader.username, "mat-khau-thu-nghiem-1", next_path="/bao-cao/")
    page.goto(run.url("/bao-cao/?ky=month&nam=2026&so=12"))
    run.shot(page, "thang-12")
    narrative = page.locator("p.narrative").all_inner_texts()
    assert any("04 hồ sơ đang giải quyết (trong đó: 03 hồ sơ trong hạn, 01 hồ sơ quá hạn)" in p for p in narrative), (
        "\n".join(narrative)
    )
    totals = page.locator("table.stats tfoot td").all_inner_texts()
    assert totals[12:15] == ["4", "3", "1"], totals

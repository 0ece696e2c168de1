"""In a real browser: a leader's dashboard on a month not over yet shows the dossiers late today,
not those whose due date is still ahead within the month; a leader reads the 2026 scorecard — each
QĐ 766 indicator with its points and formula as the DVCQG board scores it, both group views, and
the NĐ 224/2026 Art. 19 measures."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

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


def reseed() -> None:
    """Transactional tests flush the database, data migrations included: put the rules back."""
    importlib.import_module("egov.reports.migrations.0003_index_rules_seed").seed(apps, None)
    importlib.import_module("egov.procedures.migrations.0008_online_service_regimes_seed").seed(apps, None)


def test_a_leader_reads_the_2026_scorecard(run_factory):
    """QĐ 766 as the DVCQG board scores it (law-2026.md §5.1–5.2) and NĐ 224/2026 Art. 19 (§6.3)."""
    reseed()
    roles_sync(strict=False)
    world = make_world()
    world.dossier(received=local(dt.date(2026, 7, 1)), due=dt.date(2026, 7, 15), finished=local(dt.date(2026, 7, 6)))
    world.dossier(received=local(dt.date(2026, 7, 1)), due=dt.date(2026, 7, 10), finished=local(dt.date(2026, 7, 20)))
    leader = make_staff(world.agency, Role.AGENCY_LEADER)
    run = run_factory("chi-so-766")
    page = run.person()
    run.login(page, leader.username, "mat-khau-thu-nghiem-1", next_path="/bao-cao/chi-so-chat-luong/")
    page.goto(run.url("/bao-cao/chi-so-chat-luong/?ky=custom&tu=2026-07-01&den=2026-09-30"))
    row = page.locator('tr[data-code="2.1"]')
    assert row.locator("td").nth(2).inner_text() == "1 / 2"
    assert row.locator("td").nth(5).inner_text() == "10"  # 20 points × 50 %
    assert "Công thức:" in row.inner_text()
    assert page.locator('tr[data-code="1.1"] td').nth(2).inner_text() == "Chấm ngoài hệ thống"
    assert page.locator('tr[data-code="5.4"] td').nth(4).inner_text().startswith("≥ 90 %")
    board = page.locator("table.board-groups")
    assert board.get_by_text("4. Thanh toán trực tuyến").is_visible()
    assert page.get_by_role("heading", name="Đo lường dịch vụ công trực tuyến (Điều 19 Nghị định 224/2026/NĐ-CP)")
    measure = page.locator('tr[data-code="full_online"] td').first
    assert measure.is_visible() and measure.evaluate("cell => getComputedStyle(cell).textAlign") == "left"
    run.shot(page, "bang-diem-2026")
    assert not run.csp_violations

"""Online-service levels by the decree in force (law-2026.md §6.3): NĐ 42/2022, replaced by NĐ 224/2026."""

import datetime as dt

import pytest

from egov.procedures.models import OnlineLevel, OnlineServiceRegime, PartialReason, ProactiveLevel

from .factories import ProcedureVersionFactory

pytestmark = pytest.mark.django_db


def test_the_regime_in_force_by_date():
    """NĐ 224/2026/NĐ-CP repeals NĐ 42/2022/NĐ-CP from 01/7/2026 (law-2026.md §0, §6.3, Art. 89–90 [V];
    NĐ 42/2022's own start 01/8/2022 [K])."""
    assert OnlineServiceRegime.in_force_on(dt.date(2022, 7, 31)) is None
    assert OnlineServiceRegime.in_force_on(dt.date(2026, 6, 30)).instrument == "Nghị định 42/2022/NĐ-CP"
    regime = OnlineServiceRegime.in_force_on(dt.date(2026, 7, 1))
    assert regime.instrument == "Nghị định 224/2026/NĐ-CP"
    assert regime.partial_needs_reason and regime.proactive_levels and regime.statutory_metrics


def test_a_partial_service_needs_a_published_reason_under_nd_224_only():
    """NĐ 224/2026 Art. 14: toàn trình by default; một phần only with a published reason."""
    version = ProcedureVersionFactory(effective_from=dt.date(2026, 7, 1), online_level=OnlineLevel.PARTIAL)
    assert version.online_regime().instrument == "Nghị định 224/2026/NĐ-CP"
    assert version.lacks_partial_reason()
    assert not version.lacks_partial_reason(dt.date(2026, 6, 30))  # NĐ 42/2022 asked for none
    version.online_partial_reason = PartialReason.ON_SITE
    assert not version.lacks_partial_reason()
    version.online_level, version.online_partial_reason = OnlineLevel.FULL, ""
    assert not version.lacks_partial_reason()


def test_proactive_levels_of_art_16():
    """NĐ 224/2026 Art. 16: proactive services at levels 1 (remind) to 4 (automatic)."""
    assert [level for level, _ in ProactiveLevel.choices] == [0, 1, 2, 3, 4]
    assert ProcedureVersionFactory().proactive_level == ProactiveLevel.NONE

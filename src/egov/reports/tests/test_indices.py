"""QĐ 766 indices: each indicator on hand-built rows, scored by the rule set in force.

Sources: law-2026.md §5.1–5.3 (the official formula document "Mô tả công thức tính chỉ số 766",
the METRICS sheet and the DVCQG board's scoring, 2026); 2021 periods keep the first reading
(domain.md §2.6)."""

import datetime as dt
from decimal import Decimal

import pytest

from egov.dossiers.models import (
    ApplicantKind,
    Attachment,
    Channel,
    DossierFee,
    Outcome,
    PauseInterval,
    Payment,
    Rating,
    ReturnMethod,
)
from egov.dossiers.tests.factories import ProcedureFactory, ProcedureVersionFactory
from egov.organisations.tests.factories import UserFactory
from egov.portal.models import Feedback
from egov.procedures.models import FeeItem, OnlineLevel
from egov.reports.indices import NoRuleSet, score, scorecard, service_quality
from egov.reports.models import IndexGroup, IndexRule, IndexRuleSet
from egov.reports.selectors import Scope

from .conftest import local

FROM, TO = dt.date(2021, 1, 1), dt.date(2021, 6, 6)
Q3_FROM, Q3_TO = dt.date(2026, 7, 1), dt.date(2026, 9, 30)


def results(world, date_from=FROM, date_to=TO) -> dict:
    _, items = service_quality(date_from=date_from, date_to=date_to, scope=Scope(agency=world.agency))
    return {item.code: item for item in items}


def q3(world) -> dict:
    return results(world, Q3_FROM, Q3_TO)


def attach(dossier, *, kind=Attachment.Kind.APPLICATION, **flags) -> Attachment:
    return Attachment.objects.create(
        dossier=dossier,
        file="x.pdf",
        original_name="tep.pdf",
        extension=".pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        kind=kind,
        uploaded_at=dossier.received_at or dossier.submitted_at,
        **flags,
    )


def rule(code: str, **fields) -> IndexRule:
    return IndexRule(code=code, name="x", measure="external", decision_group=1, **fields)


# --- scoring ---------------------------------------------------------------------------------------


def test_thresholded_score_is_full_at_the_threshold_and_proportional_below():
    """law-2026.md §5.3 item 13: rate × max / threshold below the threshold (3.1, 3.3, 3.5, 4.3, 5.4)."""
    threshold = rule("3.3", max_points=Decimal(6), scoring=IndexRule.Scoring.THRESHOLD, threshold_pct=Decimal(50))
    assert score(50, threshold) == 6.0
    assert score(75, threshold) == 6.0
    assert score(25, threshold) == 3.0
    assert score(0, threshold) == 0.0
    assert score(33.33, threshold) == 4.0


def test_linear_score_is_the_rate_times_the_points():
    """law-2026.md §5.3 item 13: every indicator without a threshold is plain rate × max."""
    linear = rule("2.1", max_points=Decimal(20), scoring=IndexRule.Scoring.LINEAR)
    assert score(62.5, linear) == 12.5
    assert score(100, linear) == 20.0
    informational = rule("2.2", max_points=Decimal(0), scoring=IndexRule.Scoring.INFORMATIONAL)
    assert score(80, informational) == 0.0


# --- rule sets by date -----------------------------------------------------------------------------


def test_the_rule_set_in_force_on_the_last_day_scores_the_period(world):
    """2021 periods keep the first reading; from 01/8/2022 (the system official, QĐ 766) the board's."""
    assert list(results(world)) == ["2a", "2b", "3a", "3c", "3e", "4a", "4b", "5c"]
    codes = list(q3(world))
    assert codes[:6] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2"]
    assert {"3.2", "4.4", "4.5a", "4.5b", "5.4"} <= set(codes)
    assert "2a" not in codes
    with pytest.raises(NoRuleSet):
        scorecard(date_from=dt.date(2019, 1, 1), date_to=dt.date(2019, 12, 31))


def test_a_new_rule_set_applies_from_its_date_only(world):
    """Rules are data effective by date: a set from 01/7/2026 leaves 2.1's 20 points for June."""
    board = IndexRuleSet.in_force_on(Q3_TO)
    later = IndexRuleSet.objects.create(valid_from=dt.date(2026, 7, 1), name="Thử nghiệm")
    for old in board.rules.all():
        old.pk, old.rule_set = None, later
        if old.code == "2.1":
            old.max_points = Decimal(10)
        old.save()
    world.dossier(received=local(dt.date(2026, 6, 1)), due=dt.date(2026, 6, 15), finished=local(dt.date(2026, 6, 5)))
    world.dossier(received=local(dt.date(2026, 7, 1)), due=dt.date(2026, 7, 15), finished=local(dt.date(2026, 7, 5)))
    assert results(world, dt.date(2026, 6, 1), dt.date(2026, 6, 30))["2.1"].score == 20.0
    assert q3(world)["2.1"].score == 10.0


def test_both_group_views_add_up_to_100(world):
    """law-2026.md §5.1: the decision's five groups 18/20/22/22/18; the board's six (online 12 + payment 10)."""
    card = scorecard(date_from=Q3_FROM, date_to=Q3_TO)
    for view, maxima in (
        (IndexGroup.View.DECISION, [18, 20, 22, 22, 18]),
        (IndexGroup.View.BOARD, [18, 20, 12, 10, 22, 18]),
    ):
        groups = card.rule_set.groups.filter(view=view).order_by("number")
        assert [int(g.max_points) for g in groups] == maxima
        for group in groups:
            field = "decision_group" if view == IndexGroup.View.DECISION else "board_group"
            points = sum(r.max_points for r in card.rule_set.rules.filter(**{field: group.number}))
            assert points == group.max_points, (view, group.name)
    board = {name: maximum for _, name, _, _, maximum in card.group_totals(IndexGroup.View.BOARD)}
    assert board["Dịch vụ công trực tuyến"] == 12.0 and board["Thanh toán trực tuyến"] == 10.0


# --- 2021: the first reading, figures unchanged -----------------------------------------------------


def test_indices_from_the_dossier_data(world):
    world.alcohol.online_level = OnlineLevel.FULL
    world.alcohol.save(update_fields=["online_level"])
    world.safety_card.online_level = OnlineLevel.NONE
    world.safety_card.save(update_fields=["online_level"])
    received = local(dt.date(2021, 3, 1))
    # Four results: three on time (one electronic), one late; due date 10 days after receipt.
    due = dt.date(2021, 3, 11)
    on_time = [
        world.dossier(received=received, due=due, finished=local(dt.date(2021, 3, 6)), channel=Channel.ONLINE),
        world.dossier(received=received, due=due, finished=local(dt.date(2021, 3, 11)), channel=Channel.DIRECT),
        world.dossier(received=received, due=due, finished=local(dt.date(2021, 3, 11)), channel=Channel.DIRECT),
    ]
    late = world.dossier(
        received=received, due=due, finished=local(dt.date(2021, 3, 21)), channel=Channel.DIRECT, rating="unsatisfied"
    )
    late.rated_at = local(dt.date(2021, 3, 22))
    late.save(update_fields=["rated_at"])
    on_time[0].return_method = ReturnMethod.ELECTRONIC
    on_time[0].rating, on_time[0].rated_at = "very_satisfied", local(dt.date(2021, 3, 7))
    on_time[0].save(update_fields=["return_method", "rating", "rated_at"])
    world.dossier(received=received, due=due, finished=local(dt.date(2021, 3, 2)), outcome=Outcome.WITHDRAWN)
    # Paper dossier with a digitised item.
    attach(on_time[1], is_digitised=True)
    for dossier, method in ((on_time[0], Payment.Method.ONLINE), (on_time[1], Payment.Method.CASH)):
        Payment.objects.create(
            dossier=dossier, description="Phí thẩm định", amount_vnd=1_200_000, method=method, paid_at=received
        )
    r = results(world)
    assert (r["2a"].numerator, r["2a"].denominator, r["2a"].rate, r["2a"].score) == (3, 4, 75.0, 7.5)
    # 2b: days used 5 + 10 + 10 + 20 = 45; allowed 4 × 10 = 40 -> 40 / 45.
    assert (r["2b"].numerator, r["2b"].denominator, r["2b"].rate) == (40, 45, 88.89)
    assert "Trung bình 11,3 ngày / thời hạn trung bình 10 ngày" in r["2b"].detail
    assert (r["3a"].numerator, r["3a"].denominator, r["3a"].rate, r["3a"].score) == (1, 2, 50.0, 3.75)
    assert (r["3c"].numerator, r["3c"].denominator, r["3c"].rate, r["3c"].score) == (2, 5, 40.0, 6.4)
    assert (r["3e"].numerator, r["3e"].denominator, r["3e"].score) == (1, 2, 4.0)
    assert (r["4a"].numerator, r["4a"].denominator, r["4a"].rate) == (1, 4, 25.0)
    # Online dossiers (two, one withdrawn) and the digitised paper one, of five received.
    assert (r["4b"].numerator, r["4b"].denominator, r["4b"].rate) == (3, 5, 60.0)
    assert (r["5c"].numerator, r["5c"].denominator, r["5c"].rate, r["5c"].score) == (1, 2, 50.0, 3.33)
    card = scorecard(date_from=FROM, date_to=TO, scope=Scope(agency=world.agency))
    groups = {group: (scored, computable) for group, _, scored, computable, _ in card.group_totals()}
    assert groups[2] == (round(7.5 + r["2b"].score, 2), 20.0)
    assert card.group_totals(IndexGroup.View.BOARD) == []  # the first reading has no board view


def test_no_data_scores_zero_without_errors(world):
    r = results(world)
    assert all(item.denominator == 0 or item.code == "3a" for item in r.values())
    assert r["2a"].score == 0.0 and not r["2a"].has_data
    assert r["2b"].score == 0.0


@pytest.mark.parametrize("code", ["2a", "3c", "5c"])
def test_indices_agree_with_the_statistics(world, code):
    world.dossier(received=local(dt.date(2021, 3, 1)), due=dt.date(2021, 3, 11), finished=local(dt.date(2021, 3, 5)))
    stats, items = service_quality(date_from=FROM, date_to=TO)
    item = next(i for i in items if i.code == code)
    expected = {"2a": stats.totals.on_time_pct, "3c": stats.totals.online_pct, "5c": stats.totals.satisfied_pct}[code]
    assert item.rate == expected


# --- QĐ 766 as the board scores it -------------------------------------------------------------------


def test_publication_and_sync_indicators_are_scored_nationally(world):
    """law-2026.md §5.2, §5.3 item 11: 1.1–1.3 are about publishing the procedures (province level) and
    1.4 about the sync to DVCQG: shown with their points, scored outside, not counted here."""
    r = q3(world)
    for code, points in (("1.1", 6), ("1.2", 4), ("1.3", 2), ("1.4", 6)):
        assert r[code].status == "external" and r[code].score is None
        assert r[code].rule.max_points == points


def timeliness_world(world):
    """The 2.1 cases of law-2026.md §5.2; returns the dossiers by letter."""
    d = {}
    due = dt.date(2026, 7, 15)
    d["a"] = world.dossier(received=local(dt.date(2026, 7, 1)), due=due, finished=local(dt.date(2026, 7, 10)))
    d["b"] = world.dossier(received=local(dt.date(2026, 7, 1)), due=due, finished=local(dt.date(2026, 7, 20)))
    d["c"] = world.dossier(received=local(dt.date(2026, 7, 1)), due=dt.date(2026, 9, 30))  # open, within
    d["d"] = world.dossier(received=local(dt.date(2026, 7, 1)), due=dt.date(2026, 9, 20))  # open, overdue
    d["e"] = world.dossier(received=local(dt.date(2026, 7, 1)), due=due, finished=local(dt.date(2026, 7, 14)))
    for day in (2, 6):  # two supplement requests, both answered
        PauseInterval.objects.create(
            dossier=d["e"], requested_at=local(dt.date(2026, 7, day)), completed_at=local(dt.date(2026, 7, day + 1))
        )
    # Open, waiting for a supplement asked on 10/7, before its due date: judged at the request.
    d["f"] = world.dossier(received=local(dt.date(2026, 7, 1)), due=due, pause=(local(dt.date(2026, 7, 10)), None))
    # Carried over from June, finished on time in July; finished in June: not in the period.
    d["g"] = world.dossier(
        received=local(dt.date(2026, 6, 20)), due=dt.date(2026, 7, 10), finished=local(dt.date(2026, 7, 5))
    )
    world.dossier(received=local(dt.date(2026, 6, 1)), due=dt.date(2026, 6, 25), finished=local(dt.date(2026, 6, 20)))
    d["i"] = world.dossier(
        received=local(dt.date(2026, 7, 1)), due=due, finished=local(dt.date(2026, 7, 2)), outcome=Outcome.WITHDRAWN
    )
    return d


def test_2_1_on_time_has_its_own_denominator_and_the_second_supplement_rule(world):
    """law-2026.md §5.2 (2.1, 20 points, linear) and §5.3 item 12: the denominator counts dossiers still
    in progress, carried over, withdrawn; a second supplement request is late; a pending supplement
    ends at its request. Biểu 06's on-time share (results only) stays what it was."""
    timeliness_world(world)
    r = q3(world)
    # a, c, f, g, i on time; b (finished late), d (open past its due date), e (two supplements) late.
    assert (r["2.1"].numerator, r["2.1"].denominator, r["2.1"].rate, r["2.1"].score) == (5, 8, 62.5, 12.5)
    stats, _ = service_quality(date_from=Q3_FROM, date_to=Q3_TO, scope=Scope(agency=world.agency))
    # Biểu 06: results only (a, b, e, g), judged on dates alone: 3 of 4.
    assert stats.totals.resolved_total == 4 and stats.totals.on_time_pct == 75.0


def test_2_2_average_time_is_informational(world):
    """law-2026.md §5.2 (2.2): no points, shown for a single procedure."""
    world.dossier(received=local(dt.date(2026, 7, 1)), due=dt.date(2026, 7, 15), finished=local(dt.date(2026, 7, 5)))
    r = q3(world)
    assert r["2.2"].score == 0.0 and r["2.2"].rule.scoring == IndexRule.Scoring.INFORMATIONAL
    assert "Trung bình 4 ngày" in r["2.2"].detail


def test_3_1_and_3_2_online_services_and_those_with_dossiers(world):
    """law-2026.md §5.2 (3.1: 2 points, full at ≥ 80 %; 3.2: 4 points, linear) and §5.3 items 3–4."""
    world.safety_card.online_level = OnlineLevel.NONE
    world.safety_card.save(update_fields=["online_level"])
    idle = ProcedureVersionFactory(
        procedure=ProcedureFactory(agency=world.agency, field=world.trade, code="2.000999"),
        online_level=OnlineLevel.FULL,
    )
    assert idle.online_level == OnlineLevel.FULL
    world.dossier(received=local(dt.date(2026, 7, 2)), channel=Channel.ONLINE, due=dt.date(2026, 7, 20))
    r = q3(world)
    # 3.1: two of three procedures online -> 66,67 % below 80 % -> 2 × 66,67 / 80.
    assert (r["3.1"].numerator, r["3.1"].denominator, r["3.1"].score) == (2, 3, 1.67)
    # 3.2: one of the two online services had an online dossier.
    assert (r["3.2"].numerator, r["3.2"].denominator, r["3.2"].score) == (1, 2, 2.0)


def test_3_3_online_dossiers_need_an_electronic_result(world):
    """law-2026.md §5.2 (3.3: 6 points, full at ≥ 50 %) and §5.3 item 5: an online dossier whose result
    was given on paper only, where the procedure issues a result document, does not count."""
    world.alcohol.result_document = "Giấy phép bán buôn rượu"
    world.alcohol.save(update_fields=["result_document"])
    received, due, done = local(dt.date(2026, 7, 1)), dt.date(2026, 7, 15), local(dt.date(2026, 7, 10))
    attach(world.dossier(received=received, due=due, finished=done), kind=Attachment.Kind.RESULT)
    world.dossier(received=received, due=due, finished=done)  # online, paper result only
    world.dossier(received=received, due=due)  # online, in progress
    world.dossier(received=received, due=due, channel=Channel.DIRECT)
    r = q3(world)
    assert (r["3.3"].numerator, r["3.3"].denominator, r["3.3"].rate, r["3.3"].score) == (2, 4, 50.0, 6.0)
    assert "tỷ lệ đồng bộ" in r["3.3"].detail


def test_payment_group_3_5_3_5b_3_6(world):
    """law-2026.md §5.2 and §5.3 item 6 (board group "Thanh toán trực tuyến", 10 points): 3.5 procedures
    with fees integrated for online payment (2, ≥ 80 %), 3.5b procedures with an online payment (2,
    ≥ 80 %), 3.6 dossiers paid online among those owing a fee, zero-fee dossiers left out (6, linear)."""
    for version in (world.alcohol, world.safety_card):
        FeeItem.objects.create(version=version, name="Phí thẩm định", amount_vnd=1_200_000)
    world.alcohol.online_payment = True
    world.alcohol.save(update_fields=["online_payment"])
    received = local(dt.date(2026, 7, 1))
    paid_online = world.dossier(received=received, due=dt.date(2026, 7, 15))
    paid_cash = world.dossier(received=received, due=dt.date(2026, 7, 15), version=world.safety_card)
    free = world.dossier(received=received, due=dt.date(2026, 7, 15))
    for dossier, amount in ((paid_online, 1_200_000), (paid_cash, 1_200_000), (free, 0)):
        DossierFee.objects.create(dossier=dossier, name="Phí thẩm định", amount_vnd=amount)
    for dossier, method in ((paid_online, Payment.Method.ONLINE), (paid_cash, Payment.Method.CASH)):
        Payment.objects.create(
            dossier=dossier, description="Phí", amount_vnd=1_200_000, method=method, paid_at=local(dt.date(2026, 7, 2))
        )
    r = q3(world)
    assert (r["3.5"].numerator, r["3.5"].denominator, r["3.5"].score) == (1, 2, 1.25)
    assert (r["3.5b"].numerator, r["3.5b"].denominator, r["3.5b"].score) == (1, 2, 1.25)
    assert (r["3.6"].numerator, r["3.6"].denominator, r["3.6"].score) == (1, 2, 3.0)


def test_4_1_and_4_2_electronic_results_and_digitised_dossiers(world):
    """law-2026.md §5.2: 4.1 results with an electronic result file (6, linear); 4.2 inputs digitised
    and an electronic result (4; the board scores it linearly, §5.3 item 7)."""
    received, due, done = local(dt.date(2026, 7, 1)), dt.date(2026, 7, 15), local(dt.date(2026, 7, 10))
    attach(world.dossier(received=received, due=due, finished=done), kind=Attachment.Kind.RESULT)  # online
    paper = world.dossier(received=received, due=due, finished=done, channel=Channel.DIRECT)
    attach(paper, kind=Attachment.Kind.RESULT)  # result file, inputs not digitised
    world.dossier(received=received, due=due, finished=done)  # no result file
    world.dossier(received=received, due=due, finished=done, outcome=Outcome.REFUSED)  # not a result
    r = q3(world)
    assert (r["4.1"].numerator, r["4.1"].denominator, r["4.1"].score) == (2, 3, 4.0)
    assert (r["4.2"].numerator, r["4.2"].denominator, r["4.2"].score) == (1, 3, 1.33)


def test_4_3_and_4_4_reused_items_and_the_personal_data_store(world):
    """law-2026.md §5.2 / §6.4: 4.3 items reused (DuocTaiSuDung; 2, ≥ 80 %), 4.4 items from the personal
    data store on DVCQG (DuocLayTuKhoDMQG; 4, linear), over dossiers with digitised items."""
    received, due = local(dt.date(2026, 7, 1)), dt.date(2026, 7, 15)
    attach(world.dossier(received=received, due=due), is_digitised=True, is_reused=True, from_personal_store=True)
    attach(world.dossier(received=received, due=due), is_digitised=True, is_reused=True)
    world.dossier(received=received, due=due)
    world.dossier(received=received, due=due)
    world.dossier(received=received, due=due, channel=Channel.DIRECT)  # paper, nothing digitised
    r = q3(world)
    assert (r["4.3"].numerator, r["4.3"].denominator, r["4.3"].score) == (2, 4, 1.25)
    assert (r["4.4"].numerator, r["4.4"].denominator, r["4.4"].score) == (1, 4, 1.0)


def test_4_5_population_data(world):
    """law-2026.md §5.2 / §6.4: 4.5a procedures for citizens connected to the population data (2, linear),
    4.5b citizens' dossiers using it (VNeID-verified account or a look-up; 2, linear)."""
    received, due = local(dt.date(2026, 7, 1)), dt.date(2026, 7, 15)
    verified = world.dossier(received=received, due=due)
    verified.identity_verified = True
    verified.save(update_fields=["identity_verified"])
    world.dossier(received=received, due=due)
    world.dossier(received=received, due=due, version=world.safety_card)
    company = world.dossier(received=received, due=due, version=world.safety_card)
    company.applicant_kind, company.population_data_used = ApplicantKind.ORGANISATION, True
    company.save(update_fields=["applicant_kind", "population_data_used"])
    r = q3(world)
    assert (r["4.5a"].numerator, r["4.5a"].denominator, r["4.5a"].score) == (1, 2, 1.0)
    assert (r["4.5b"].numerator, r["4.5b"].denominator, r["4.5b"].rate, r["4.5b"].score) == (1, 3, 33.33, 0.67)


def test_4_6_certified_copies_do_not_apply(world):
    """law-2026.md §5.2: electronic certified copies (2 points) are not a Sở Công Thương's: not scored."""
    r = q3(world)
    assert r["4.6"].status == "not_applicable" and r["4.6"].score is None


def feedback(world, *, sent: dt.date, due: dt.date, answered: dt.date | None = None, dossier=None) -> Feedback:
    item = Feedback.objects.create(author=UserFactory(), agency=world.agency, dossier=dossier, message="Hồ sơ chậm.")
    fields = {"created_at": local(sent), "due_date": due}
    if answered is not None:
        fields |= {"answered_at": local(answered), "answer": "Đã trả lời.", "answered_by": UserFactory()}
    Feedback.objects.filter(pk=item.pk).update(**fields)
    return item


def test_5_1_to_5_3_feedback_empty_scores_full(world):
    """law-2026.md §5.3 item 10: no feedback in the period: 5.2 and 5.3 score the full 6 points, not 0;
    5.1 is tracked without points."""
    r = q3(world)
    assert r["5.2"].score == 6.0 and r["5.3"].score == 6.0
    assert r["5.1"].score == 0.0


def test_5_2_feedback_answered_on_time(world):
    """law-2026.md §5.2 (5.2: 6 points, linear; 15 working days, portal.FeedbackTimeLimit): answered by
    the due date, or still open and not past it at the period's end."""
    feedback(world, sent=dt.date(2026, 7, 1), due=dt.date(2026, 7, 22), answered=dt.date(2026, 7, 10))
    feedback(world, sent=dt.date(2026, 7, 1), due=dt.date(2026, 7, 22), answered=dt.date(2026, 7, 30))
    feedback(world, sent=dt.date(2026, 9, 25), due=dt.date(2026, 10, 16))  # open, not yet due on 30/9
    feedback(world, sent=dt.date(2026, 8, 3), due=dt.date(2026, 8, 24))  # open, overdue
    r = q3(world)
    assert (r["5.1"].numerator, r["5.1"].score) == (4, 0.0)
    assert (r["5.2"].numerator, r["5.2"].denominator, r["5.2"].score) == (2, 4, 3.0)
    # Likes and dislikes of the answers are not recorded: 5.3 is not scored rather than guessed.
    assert r["5.3"].status == "unknown" and r["5.3"].score is None


def test_5_4_is_100_minus_late_and_complaints_not_the_rating_scale(world):
    """law-2026.md §5.2 (5.4: 6 points, full at ≥ 90 %) and §5.3 item 9: 100 % − (late share + share of
    dossiers with a feedback or an "unsatisfied"), over 2.1's dossiers; "very satisfied" ratings do
    not raise it."""
    d = timeliness_world(world)
    d["a"].rating, d["a"].rated_at = Rating.UNSATISFIED, local(dt.date(2026, 7, 11))
    d["a"].save(update_fields=["rating", "rated_at"])
    feedback(world, sent=dt.date(2026, 7, 3), due=dt.date(2026, 7, 24), dossier=d["c"])
    d["g"].rating, d["g"].rated_at = Rating.VERY_SATISFIED, local(dt.date(2026, 7, 6))
    d["g"].save(update_fields=["rating", "rated_at"])
    r = q3(world)
    # 8 dossiers, 3 late, 2 complained: 100 − (37,5 + 25) = 37,5 % -> 6 × 37,5 / 90.
    assert (r["5.4"].numerator, r["5.4"].denominator, r["5.4"].rate, r["5.4"].score) == (3, 8, 37.5, 2.5)


def test_rule_points_are_data(world):
    """The points and thresholds are read from the rule rows: an administrator's change applies."""
    world.dossier(received=local(dt.date(2026, 7, 1)), due=dt.date(2026, 7, 15), finished=local(dt.date(2026, 7, 5)))
    board = IndexRuleSet.in_force_on(Q3_TO)
    board.rules.filter(code="2.1").update(max_points=Decimal(15))
    assert q3(world)["2.1"].score == 15.0

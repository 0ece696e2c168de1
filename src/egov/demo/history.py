"""`load_demo --history 2021H1`: a dossier history for the Sở Công Thương, December 2020 – June 2021.

Every dossier goes through the normal lifecycle services (`egov.dossiers.services`) with explicit
timestamps (`at=`): submitted, received by the one-stop desk, transferred to the lead unit,
appraised, signed, returned, sometimes paused for a supplement, sometimes rated by its applicant.
Nothing writes a figure: the statistics are whatever the history adds up to.

The plan is drawn from a fixed seed so that the period 01/01/2021 – 06/6/2021 gives the figures of
the department's report for the first half of 2021 (BÁO CÁO 6 tháng đầu năm 2021): 6.279 received
(3.924 online, 2.338 direct, 17 carried over from December), 6.264 resolved (none late), 15 in
progress within their deadline, ratings 100 % satisfied and 98,5 % very satisfied. Around that
window the history goes on as a department's does: December 2020 receipts and their results,
refusals at intake (not received, so not counted), receipts after 06/6 and their results.

Receipts fall on working days (the working-day calendar), in office hours; due dates come from the
procedures' time limits as the services compute them; results come on or before the due date.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.db import transaction

from egov.core.formats import local_date
from egov.demo.dossiers import attach_demo_result, settle_fees_at_desk
from egov.dossiers.service import (
    ApplicantData,
    ApplicantKind,
    Channel,
    Dossier,
    Rating,
    ReturnMethod,
    dossier_complete_supplement,
    dossier_rate,
    dossier_receive,
    dossier_refuse_intake,
    dossier_request_supplement,
    dossier_return_result,
    dossier_sign,
    dossier_submit,
    dossier_submit_for_signature,
    dossier_transfer,
    statutory_due_date,
)
from egov.organisations.models import User
from egov.organisations.roles import Role
from egov.organisations.services import staff_create
from egov.outbox import services as outbox
from egov.procedures.service import OnlineLevel, Procedure
from egov.workdays.calendar import LOCAL_TZ, get_calendar

SEED = 2021_06_06
HISTORY_START = dt.date(2020, 12, 1)
HISTORY_END = dt.date(2021, 6, 30)
WINDOW = (dt.date(2021, 1, 1), dt.date(2021, 6, 6))

# The figures the department reported for the window (what the plan is drawn to give).
TARGET_ONLINE = 3924
TARGET_DIRECT = 2338
TARGET_CARRIED_OVER = 17
TARGET_IN_PROGRESS = 15
TARGET_RATED = 1000
TARGET_VERY_SATISFIED = 985  # 98,5 % of the ratings; the other 15 "hài lòng": 100 % satisfied

DECEMBER_RECEIPTS = 400
AFTER_WINDOW_RECEIPTS = 300
INTAKE_REFUSALS = 60
PAUSE_SHARE = 0.03
HISTORY_CITIZENS = 40

HISTORY_LABELS = {"2021H1": "06 tháng đầu năm 2021"}


@dataclass
class Plan:
    procedure: Procedure
    channel: str
    received_at: dt.datetime
    finish_day: dt.date | None = None  # None: still in progress at the end of the history
    pause: tuple[dt.date, dt.date] | None = None  # supplement requested / completed (local days)
    rating: str = ""
    rate_before: dt.datetime | None = None  # the rating must be given before this moment
    owner_index: int = 0


@dataclass
class HistoryResult:
    created: int = 0
    refused_at_intake: int = 0
    seconds: float = 0.0
    skipped: bool = False
    counts: dict = field(default_factory=dict)


def _local(day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=LOCAL_TZ) + dt.timedelta(minutes=minutes)


def _office_minute(rng: random.Random, *, latest: int = 16 * 60 + 30) -> int:
    """A minute of the office day (07:30–11:30, 13:30–latest)."""
    if rng.random() < 0.55:
        return rng.randint(7 * 60 + 30, 11 * 60 + 30)
    return rng.randint(13 * 60 + 30, latest)


def _working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    calendar = get_calendar()
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _spread(rng: random.Random, days: list[dt.date], count: int) -> list[dt.date]:
    """`count` receipt days over `days`, busier early in the week, in date order."""
    weights = [1.25 if day.weekday() < 2 else 1.0 for day in days]
    return sorted(rng.choices(days, weights=weights, k=count))


class _Planner:
    def __init__(self, rng: random.Random, procedures: list[Procedure]):
        self.rng = rng
        self.calendar = get_calendar()
        self.versions = {p.pk: p.version_on(WINDOW[0]) for p in procedures}
        usable = [p for p in procedures if self.versions[p.pk] and self.versions[p.pk].effective_time_limit is not None]
        # A few procedures carry most of the intake, as in any department (alcohol, petrol, safety cards).
        rng.shuffle(usable)
        self.direct = usable
        self.direct_weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(usable))]
        self.online = [p for p in usable if self.versions[p.pk].online_level != OnlineLevel.NONE]
        self.online_weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.online))]

    def procedure(self, channel: str) -> Procedure:
        if channel == Channel.ONLINE:
            return self.rng.choices(self.online, weights=self.online_weights)[0]
        return self.rng.choices(self.direct, weights=self.direct_weights)[0]

    def due(self, procedure: Procedure, start: dt.datetime) -> dt.date:
        return statutory_due_date(self.versions[procedure.pk], start)

    def receipt(self, day: dt.date, channel: str, *, latest: int = 16 * 60 + 30) -> tuple[Procedure, dt.datetime]:
        return self.procedure(channel), _local(day, _office_minute(self.rng, latest=latest))

    def finish_between(self, first: dt.date, last: dt.date) -> dt.date:
        """A working day in [first, last], most often well before the due date."""
        days = _working_days(first, last) or [first]
        weights = [1.0 / (index + 1) ** 0.5 for index in range(len(days))]
        return self.rng.choices(days, weights=weights)[0]

    def plan(self, procedure: Procedure, channel: str, received_at: dt.datetime, *, finish_by: dt.date | None):
        """A resolved dossier finishing on or before its due date and `finish_by`."""
        plan = Plan(procedure=procedure, channel=channel, received_at=received_at)
        receipt_day = self.calendar.receipt_day(received_at)
        due = self.due(procedure, received_at)
        start_day = receipt_day
        if self.rng.random() < PAUSE_SHARE and due > receipt_day:
            requested = self.calendar.add_working_days(receipt_day, self.rng.randint(1, 2))
            completed = self.calendar.add_working_days(requested, self.rng.randint(1, 3))
            new_due = self.due(procedure, _local(completed, 9 * 60))
            if finish_by is None or new_due <= finish_by or completed < finish_by:
                plan.pause = (requested, completed)
                start_day, due = completed, new_due
        last = min(due, finish_by) if finish_by else due
        if last < start_day:
            last = start_day
        plan.finish_day = self.finish_between(start_day, last)
        return plan


def _staff(result) -> dict[str, User]:
    """The demo's desk officer, leader and QLTM specialist, plus a specialist in each other lead unit."""
    users = {
        "desk": result.users["motcua"],
        "leader": result.users["giamdoc"],
        result.units["QLTM"].pk: result.users["chuyenvien"],
    }
    for short_name, full_name in (("QLCN", "Nguyễn Văn Công"), ("QLNL", "Trần Thị Năng")):
        unit = result.units[short_name]
        username = f"chuyenvien.{short_name.lower()}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = staff_create(
                username=username,
                full_name=full_name,
                agency=result.agency,
                unit=unit,
                roles=[Role.SPECIALIST],
                position="Chuyên viên",
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users[unit.pk] = user
    return users


def _citizens() -> list[User]:
    citizens = []
    for index in range(1, HISTORY_CITIZENS + 1):
        username = f"congdan.lichsu{index:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=f"Người nộp hồ sơ {index:02d}", is_active=True)
            user.set_unusable_password()
            user.save()
        citizens.append(user)
    return citizens


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Quốc", "Thanh", "Hữu", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc", "Sơn"]
PLACES = ["Sa Huỳnh", "Thiên Ấn", "Trà Bồng", "Mỹ Khê", "Ba Tơ", "Sơn Tịnh", "Dung Quất", "Nghĩa Hành", "Mộ Đức"]
KINDS = ["Công ty TNHH Thương mại", "Công ty Cổ phần", "Hợp tác xã", "Doanh nghiệp tư nhân", "Công ty TNHH"]


def _applicant(rng: random.Random, index: int) -> ApplicantData:
    person = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    phone = f"09{rng.randint(0, 99_999_999):08d}"
    if rng.random() < 0.8:
        name = f"{rng.choice(KINDS)} {rng.choice(PLACES)} {index:04d}"
        return ApplicantData(
            kind=ApplicantKind.ORGANISATION,
            name=name,
            tax_code=f"43{rng.randint(0, 99_999_999):08d}",
            representative=person,
            address="Tỉnh Quảng Ngãi",
            phone=phone,
        )
    return ApplicantData(
        kind=ApplicantKind.PERSON,
        name=person,
        id_number=f"051{rng.randint(0, 999_999_999):09d}",
        address="Tỉnh Quảng Ngãi",
        phone=phone,
    )


def build_plans(rng: random.Random, procedures: list[Procedure]) -> tuple[list[Plan], list[tuple]]:
    """Every dossier of the history, drawn from `rng`; plus the refusals at intake."""
    planner = _Planner(rng, procedures)
    calendar = planner.calendar
    window_start, window_end = WINDOW
    last_window_day = _working_days(window_end - dt.timedelta(days=7), window_end)[-1]
    plans: list[Plan] = []

    # December 2020: most finish in December; 17 received at the end of the month finish in January.
    december = _working_days(HISTORY_START, dt.date(2020, 12, 31))
    december_days = _spread(rng, december, DECEMBER_RECEIPTS)
    carried_candidates = []
    for index, day in enumerate(december_days):
        channel = Channel.ONLINE if rng.random() < 0.55 else Channel.DIRECT
        procedure, received_at = planner.receipt(day, channel)
        due = planner.due(procedure, received_at)
        if day >= dt.date(2020, 12, 24) and due >= dt.date(2021, 1, 6):
            carried_candidates.append(index)
        plans.append((procedure, channel, received_at))
    carried = set(rng.sample(carried_candidates, TARGET_CARRIED_OVER))
    december_plans = []
    for index, (procedure, channel, received_at) in enumerate(plans):
        if index in carried:
            due = planner.due(procedure, received_at)
            plan = Plan(procedure=procedure, channel=channel, received_at=received_at)
            plan.finish_day = planner.finish_between(dt.date(2021, 1, 4), due)
        else:
            plan = planner.plan(procedure, channel, received_at, finish_by=dt.date(2020, 12, 31))
        december_plans.append(plan)
    plans = december_plans

    # The window: exactly the reported intake by channel; the last 15 receipts are still in progress.
    window_days = _working_days(window_start, window_end)
    channels = [Channel.ONLINE] * TARGET_ONLINE + [Channel.DIRECT] * TARGET_DIRECT
    rng.shuffle(channels)
    # Receipts up to 15:00, so that no afternoon cut-off moves one past the window's last day.
    receipts = [
        (*planner.receipt(day, channel, latest=15 * 60), channel)
        for day, channel in zip(_spread(rng, window_days, len(channels)), channels, strict=True)
    ]
    receipts.sort(key=lambda item: item[1])
    in_progress = receipts[-TARGET_IN_PROGRESS:]
    for procedure, received_at, channel in receipts[:-TARGET_IN_PROGRESS]:
        plans.append(planner.plan(procedure, channel, received_at, finish_by=last_window_day))
    for procedure, received_at, channel in in_progress:
        # Received on the last working days of the window, for procedures whose due date is after 06/6.
        due = planner.due(procedure, received_at)
        while due < window_end:
            procedure = planner.procedure(channel)
            due = planner.due(procedure, received_at)
        plan = Plan(procedure=procedure, channel=channel, received_at=received_at)
        plan.finish_day = planner.finish_between(max(dt.date(2021, 6, 7), calendar.receipt_day(received_at)), due)
        plans.append(plan)

    # After the window: receipts until the end of June, resolved by their due dates.
    after = _working_days(dt.date(2021, 6, 7), HISTORY_END)
    for day in _spread(rng, after, AFTER_WINDOW_RECEIPTS):
        channel = Channel.ONLINE if rng.random() < 0.63 else Channel.DIRECT
        procedure, received_at = planner.receipt(day, channel)
        plans.append(planner.plan(procedure, channel, received_at, finish_by=None))

    # Ratings: exactly TARGET_RATED within the window (online applicants with an account), a few outside.
    window_end_moment = dt.datetime.combine(window_end + dt.timedelta(days=1), dt.time.min, tzinfo=LOCAL_TZ)
    window_start_moment = dt.datetime.combine(window_start, dt.time.min, tzinfo=LOCAL_TZ)
    in_window = [
        p
        for p in plans
        if p.channel == Channel.ONLINE
        and p.finish_day is not None
        and window_start <= p.finish_day
        and p.finish_day < last_window_day
    ]
    chosen = rng.sample(in_window, TARGET_RATED)
    ratings = [Rating.VERY_SATISFIED] * TARGET_VERY_SATISFIED + [Rating.SATISFIED] * (
        TARGET_RATED - TARGET_VERY_SATISFIED
    )
    rng.shuffle(ratings)
    for plan, rating in zip(chosen, ratings, strict=True):
        plan.rating, plan.rate_before = rating, window_end_moment
    outside = [
        p
        for p in plans
        if p.channel == Channel.ONLINE
        and not p.rating
        and p.finish_day
        and (p.finish_day < window_start or p.finish_day > window_end)
    ]
    for plan in rng.sample(outside, min(120, len(outside))):
        plan.rating = rng.choices([Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.UNSATISFIED], [90, 9, 1])[0]
        plan.rate_before = (
            window_start_moment if plan.finish_day < window_start else _local(HISTORY_END + dt.timedelta(days=1), 0)
        )
    for plan in plans:
        plan.owner_index = rng.randrange(HISTORY_CITIZENS)

    refusals = []
    for day in _spread(rng, _working_days(HISTORY_START, HISTORY_END), INTAKE_REFUSALS):
        procedure, at = planner.receipt(day, Channel.ONLINE)
        refusals.append((procedure, at))
    plans.sort(key=lambda p: p.received_at)
    return plans, refusals


def _run(plan: Plan, *, rng, index, staff, citizens) -> None:
    desk, leader = staff["desk"], staff["leader"]
    owner = citizens[plan.owner_index] if plan.channel == Channel.ONLINE else None
    submitted_at = plan.received_at - dt.timedelta(minutes=rng.randint(20, 900) if owner else rng.randint(3, 15))
    dossier = dossier_submit(
        procedure=plan.procedure,
        applicant=_applicant(rng, index),
        channel=plan.channel,
        actor=None if owner else desk,
        owner=owner,
        at=submitted_at,
    )
    dossier = dossier_receive(dossier=dossier, actor=desk, at=plan.received_at)
    unit = plan.procedure.lead_unit
    specialist = staff.get(unit.pk) if unit else None
    at = plan.received_at + dt.timedelta(minutes=rng.randint(5, 50))
    dossier_transfer(dossier=dossier, actor=desk, unit=unit, at=at)
    if plan.pause:
        requested, completed = plan.pause
        at = max(at + dt.timedelta(minutes=5), _local(requested, _office_minute(rng)))
        dossier_request_supplement(
            dossier=dossier,
            actor=specialist,
            items=["Bản sao có chứng thực giấy tờ chứng minh đủ điều kiện kinh doanh"],
            reason="Hồ sơ chưa đầy đủ thành phần theo quy định.",
            at=at,
        )
        at = max(at + dt.timedelta(minutes=5), _local(completed, rng.randint(8 * 60, 10 * 60)))
        dossier_complete_supplement(dossier=dossier, actor=desk, at=at)
    if plan.finish_day is None:
        return
    sign_at = max(at + dt.timedelta(minutes=30), _local(plan.finish_day, rng.randint(14 * 60, 16 * 60 + 30)))
    if local_date(sign_at) != plan.finish_day:
        sign_at = at + dt.timedelta(minutes=20)
    review_at = at + (sign_at - at) * 0.7
    dossier_submit_for_signature(dossier=dossier, actor=specialist, at=review_at)
    dossier_sign(
        dossier=dossier, actor=leader, result_number=f"{index + 1}/GP-SCT", at=sign_at, note="Ký duyệt kết quả."
    )
    returned_at = sign_at + dt.timedelta(minutes=rng.randint(10, 60))
    method = ReturnMethod.ELECTRONIC if plan.channel == Channel.ONLINE and rng.random() < 0.7 else ReturnMethod.DESK
    settle_fees_at_desk(dossier, desk, sign_at + (returned_at - sign_at) / 2)
    if method == ReturnMethod.ELECTRONIC:
        attach_demo_result(dossier, leader)
    dossier_return_result(dossier=dossier, actor=desk, method=method, at=returned_at)
    # A rating bound that falls before the result was returned cannot be met: that dossier goes unrated.
    if plan.rating and owner is not None and (plan.rate_before is None or returned_at < plan.rate_before):
        rated_at = returned_at + dt.timedelta(minutes=rng.randint(5, 600))
        if plan.rate_before is not None and rated_at >= plan.rate_before:
            rated_at = returned_at + (plan.rate_before - returned_at) / 2
        dossier_rate(dossier=dossier, actor=owner, rating=plan.rating, at=rated_at)


def history_exists(agency) -> bool:
    start = dt.datetime.combine(HISTORY_START, dt.time.min, tzinfo=LOCAL_TZ)
    end = dt.datetime.combine(HISTORY_END + dt.timedelta(days=1), dt.time.min, tzinfo=LOCAL_TZ)
    return Dossier.objects.filter(agency=agency, submitted_at__gte=start, submitted_at__lt=end).exists()


def build_history(result, name: str = "2021H1", *, limit: int | None = None) -> HistoryResult:
    """Create the history `name` once (a re-run finds it and does nothing). `limit` (tests) stops
    after that many dossiers, which gives other figures than the report's."""
    if name not in HISTORY_LABELS:
        raise ValueError(f"Lịch sử hồ sơ mẫu không có: {name} (có: {', '.join(HISTORY_LABELS)}).")
    outcome = HistoryResult()
    if history_exists(result.agency):
        outcome.skipped = True
        return outcome
    began = time.monotonic()
    rng = random.Random(SEED)
    procedures = list(
        Procedure.objects.filter(agency=result.agency, is_active=True).select_related("lead_unit").order_by("code")
    )
    plans, refusals = build_plans(rng, procedures)
    if limit is not None:
        plans, refusals = plans[:limit], refusals[: max(1, limit // 100)]
    # These events happened in 2021: their SMS and e-mail to the applicants are not sent today
    # (docs/decisions/0015).
    with transaction.atomic(), outbox.suppressed():
        staff = _staff(result)
        citizens = _citizens()
        for index, plan in enumerate(plans):
            _run(plan, rng=rng, index=index, staff=staff, citizens=citizens)
        for index, (procedure, at) in enumerate(refusals):
            dossier = dossier_submit(
                procedure=procedure,
                applicant=_applicant(rng, 9000 + index),
                channel=Channel.ONLINE,
                owner=citizens[index % len(citizens)],
                at=at,
            )
            dossier_refuse_intake(
                dossier=dossier,
                actor=staff["desk"],
                reason="Hồ sơ không thuộc thẩm quyền giải quyết của Sở Công Thương.",
                at=at + dt.timedelta(hours=2),
            )
    outcome.created = len(plans) + len(refusals)
    outcome.refused_at_intake = len(refusals)
    outcome.seconds = time.monotonic() - began
    return outcome

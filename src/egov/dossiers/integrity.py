"""Integrity check of dossiers (`manage.py check_dossiers`): state, dates and history agree.

The dossier row carries derived columns (status, received_at, code, due dates, finished_at,
outcome, returned_at, rating) that the lifecycle services keep in step with the append-only event
history, the pause intervals and the hand-over steps. This module re-derives what those columns
must be from the history alone and reports every disagreement, one `Offence` per broken rule.

It reads dossiers in chunks of primary keys, as plain rows, with their events, pauses and open
steps in one query each per chunk (a fixed number of queries per chunk), and never writes.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict, namedtuple
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import QuerySet

from egov.core.formats import local_date
from egov.organisations.selectors import IdentifierPeriods, identifier_in, identifier_periods
from egov.workdays.calendar import LOCAL_TZ

from .codes import DOSSIER_CODES, code_shape, format_sequence, parse_code
from .models import Dossier, DossierEvent, DossierStep, Outcome, PauseInterval, Rating, Status
from .transitions import (
    FINISHING_ACTIONS,
    LEGACY_FINISH,
    LEGACY_FINISH_STATES,
    LEGACY_RECEIVE,
    OPEN_STATES,
    SUBMIT,
    TERMINAL_STATES,
    TRANSITIONS,
    WAITING_STATES,
    Action,
)

OUTCOMES = frozenset(Outcome.values)
RATINGS = frozenset(Rating.values)
S = Status
RECEIPT_ACTIONS = frozenset({Action.RECEIVE, LEGACY_RECEIVE})
# Events whose data carries the statutory due date in force from then on.
DUE_DATE_ACTIONS = frozenset({Action.RECEIVE, LEGACY_RECEIVE, Action.COMPLETE_SUPPLEMENT, Action.COMPLETE_PAYMENT})
# The requests that open a pause (PauseInterval): a supplement during processing, a fee to pay.
PAUSE_REQUESTS = frozenset({Action.REQUEST_SUPPLEMENT, Action.REQUEST_PAYMENT})
DEFAULT_CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Offence:
    dossier_id: int
    code: str | None
    rule: str
    message: str

    @property
    def label(self) -> str:
        return self.code or f"#{self.dossier_id}"

    def __str__(self) -> str:
        return f"{self.label} [{self.rule}] {self.message}"


@dataclass
class CheckReport:
    checked: int = 0
    offences: list[Offence] = field(default_factory=list)

    @property
    def offending_dossiers(self) -> int:
        return len({offence.dossier_id for offence in self.offences})


def _fmt(moment: dt.datetime | dt.date | None) -> str:
    if moment is None:
        return "trống"
    if isinstance(moment, dt.datetime):
        return f"{moment.astimezone(LOCAL_TZ):%H:%M:%S %d/%m/%Y}"
    return f"{moment:%d/%m/%Y}"


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _table_allows(event: _EventRow) -> bool:
    """Whether (action, from, to) is a move of the transition table or a history-only event."""
    if event.action == SUBMIT:
        return event.from_status == "" and event.to_status == S.SUBMITTED
    if event.action == LEGACY_RECEIVE:
        return event.from_status == "" and event.to_status == S.RECEIVED
    if event.action == LEGACY_FINISH:
        return event.from_status == S.RECEIVED and event.to_status == LEGACY_FINISH_STATES.get(
            (event.data or {}).get("outcome")
        )
    transition = TRANSITIONS.get(event.action)
    return transition is not None and transition.moves(event.from_status, event.to_status)


class _Checker:
    """The rules for one dossier; `events` in history order (at, pk)."""

    def __init__(
        self,
        dossier: _DossierRow,
        events: list[_EventRow],
        pauses: list[_PauseRow],
        open_steps: list[str],
        counters: dict[tuple[int, dt.date], int],
        identifiers: dict[int, IdentifierPeriods],
    ):
        self.dossier, self.events, self.pauses, self.open_steps = dossier, events, pauses, open_steps
        self.counters, self.identifiers = counters, identifiers
        self.offences: list[Offence] = []

    def fail(self, rule: str, message: str) -> None:
        self.offences.append(Offence(self.dossier.pk, self.dossier.code, rule, message))

    def run(self) -> list[Offence]:
        if not self.events:
            self.fail("history", "Hồ sơ không có lịch sử xử lý (không có sự kiện nào).")
            self._check_code(None)
            return self.offences
        self._check_history()
        receipt = self._check_receipt()
        self._check_code(receipt)
        self._check_due_date(receipt)
        self._check_pauses()
        self._check_apology()
        self._check_finish(receipt)
        self._check_return_and_rating()
        self._check_steps()
        if self.dossier.version_procedure_id != self.dossier.procedure_id:
            self.fail("procedure", "Phiên bản thủ tục không thuộc thủ tục của hồ sơ.")
        return self.offences

    # --- history --------------------------------------------------------------------------------

    def _check_history(self) -> None:
        d, events = self.dossier, self.events
        first = events[0]
        if first.from_status != "" or first.action not in (SUBMIT, LEGACY_RECEIVE):
            self.fail(
                "history",
                f"Sự kiện đầu tiên phải là nộp hồ sơ (hoặc nhập từ hệ thống cũ), không phải “{first.action}” "
                f"từ “{first.from_status}”.",
            )
        if first.at != d.submitted_at:
            self.fail(
                "submitted_at",
                f"Thời điểm nộp {_fmt(d.submitted_at)} khác thời điểm của sự kiện đầu tiên {_fmt(first.at)}.",
            )
        for previous, event in itertools.pairwise(events):
            if event.from_status != previous.to_status:
                self.fail(
                    "history",
                    f"Lịch sử đứt đoạn: “{event.action}” lúc {_fmt(event.at)} đi từ “{event.from_status}” "
                    f"nhưng sự kiện trước để hồ sơ ở “{previous.to_status}”.",
                )
        for event in events:
            if not _table_allows(event):
                self.fail(
                    "transition",
                    f"Sự kiện “{event.action}” lúc {_fmt(event.at)} ({event.from_status or '∅'} → "
                    f"{event.to_status}) không có trong bảng chuyển trạng thái.",
                )
        if d.status != events[-1].to_status:
            self.fail(
                "state",
                f"Trạng thái hiện tại “{d.status}” khác trạng thái sau sự kiện cuối cùng “{events[-1].to_status}”.",
            )

    def _check_receipt(self) -> _EventRow | None:
        d = self.dossier
        receipts = [e for e in self.events if e.action in RECEIPT_ACTIONS]
        if len(receipts) > 1:
            self.fail("received_at", f"Hồ sơ được tiếp nhận {len(receipts)} lần trong lịch sử.")
        receipt = receipts[0] if receipts else None
        if receipt is None:
            if d.received_at is not None:
                self.fail("received_at", f"Có thời điểm tiếp nhận {_fmt(d.received_at)} nhưng lịch sử không có.")
        elif d.received_at != receipt.at:
            self.fail(
                "received_at",
                f"Thời điểm tiếp nhận {_fmt(d.received_at)} khác sự kiện tiếp nhận {_fmt(receipt.at)}.",
            )
        return receipt

    def _check_code(self, receipt: _EventRow | None) -> None:
        d = self.dossier
        if receipt is None or d.received_at is None:
            if d.code:
                self.fail("code", f"Hồ sơ chưa được tiếp nhận nhưng đã có mã “{d.code}”.")
            return
        day = local_date(d.received_at)
        identifier = identifier_in(self.identifiers.get(d.agency_id, []), d.agency_identifier, day)
        parsed = parse_code(d.code or "")
        if parsed is None or parsed.centralised or (parsed.identifier, parsed.day) != (identifier, day):
            self.fail(
                "code",
                f"Mã hồ sơ “{d.code or ''}” không đúng dạng {code_shape(identifier, day)} (cơ quan, ngày tiếp nhận).",
            )
            return
        number = format_sequence(parsed.number)
        last = self.counters.get((d.agency_id, day))
        if last is None or parsed.number > last:
            self.fail(
                "code",
                f"Số {number} vượt quá bộ đếm mã hồ sơ của cơ quan ngày {_fmt(day)} "
                f"({'chưa có' if last is None else last}): mã có thể bị cấp trùng cho hồ sơ sau.",
            )

    def _check_due_date(self, receipt: _EventRow | None) -> None:
        d = self.dossier
        if receipt is None:
            if d.due_date is not None or d.apology_due_date is not None:
                self.fail("due_date", "Hồ sơ chưa được tiếp nhận nhưng đã có ngày hẹn trả.")
            return
        recorded = [e for e in self.events if e.action in DUE_DATE_ACTIONS]
        expected = _date((recorded[-1].data or {}).get("due_date")) if recorded else None
        if d.due_date is None:
            self.fail("due_date", "Hồ sơ đã tiếp nhận nhưng không có ngày hẹn trả theo quy định.")
        elif expected is None:
            self.fail("due_date", f"Sự kiện “{recorded[-1].action}” không ghi ngày hẹn trả.")
        elif d.due_date != expected:
            self.fail(
                "due_date",
                f"Ngày hẹn trả {_fmt(d.due_date)} khác ngày ghi ở sự kiện “{recorded[-1].action}” {_fmt(expected)}.",
            )
        if d.due_date is not None and d.received_at is not None and d.due_date < local_date(d.received_at):
            self.fail("due_date", f"Ngày hẹn trả {_fmt(d.due_date)} trước ngày tiếp nhận {_fmt(d.received_at)}.")

    def _check_pauses(self) -> None:
        d, events = self.dossier, self.events
        pauses = self.pauses
        requests = [i for i, e in enumerate(events) if e.action in PAUSE_REQUESTS]
        if len(pauses) != len(requests):
            self.fail(
                "pause",
                f"{len(pauses)} lần tạm dừng nhưng lịch sử có {len(requests)} yêu cầu bổ sung "
                "hoặc yêu cầu thực hiện nghĩa vụ tài chính trong quá trình xử lý.",
            )
            return
        for pause, index in zip(pauses, requests, strict=True):
            request = events[index]
            if pause.requested_at != request.at:
                self.fail(
                    "pause",
                    f"Tạm dừng bắt đầu {_fmt(pause.requested_at)} khác yêu cầu bổ sung {_fmt(request.at)}.",
                )
            leaving = next((e for e in events[index + 1 :] if e.from_status == request.to_status), None)
            expected_end = leaving.at if leaving is not None else None
            if pause.completed_at != expected_end:
                self.fail(
                    "pause",
                    f"Tạm dừng kết thúc {_fmt(pause.completed_at)} nhưng theo lịch sử là {_fmt(expected_end)}.",
                )
        open_pauses = sum(1 for p in pauses if p.completed_at is None)
        if (d.status in WAITING_STATES) != (open_pauses == 1) or open_pauses > 1:
            self.fail(
                "pause",
                f"Trạng thái “{d.status}” nhưng có {open_pauses} lần tạm dừng chưa kết thúc.",
            )

    def _check_apology(self) -> None:
        d, events = self.dossier, self.events
        apologies = [i for i, e in enumerate(events) if e.action == Action.APOLOGISE]
        if len(apologies) > 1:
            self.fail("apology", f"Hẹn lại ngày trả {len(apologies)} lần; chỉ được một lần.")
        if not apologies:
            if d.apology_due_date is not None:
                self.fail(
                    "apology", f"Có ngày hẹn lại {_fmt(d.apology_due_date)} nhưng lịch sử không có phiếu xin lỗi."
                )
            return
        index = apologies[-1]
        promised = _date((events[index].data or {}).get("new_due_date"))
        # A later complete supplement restarts the clock and drops an appointment it overtakes.
        restarted = any(e.action == Action.COMPLETE_SUPPLEMENT for e in events[index + 1 :])
        if d.apology_due_date != promised and not (restarted and d.apology_due_date is None):
            self.fail(
                "apology",
                f"Ngày hẹn lại {_fmt(d.apology_due_date)} khác ngày ghi ở phiếu xin lỗi {_fmt(promised)}.",
            )
        if d.apology_due_date is not None and d.due_date is not None and d.apology_due_date <= d.due_date:
            self.fail(
                "apology",
                f"Ngày hẹn lại {_fmt(d.apology_due_date)} không sau ngày hẹn trả theo quy định {_fmt(d.due_date)}.",
            )

    def _check_finish(self, receipt: _EventRow | None) -> None:
        d = self.dossier
        finishing = []
        for event in self.events:
            if event.action == LEGACY_FINISH:
                finishing.append((event, (event.data or {}).get("outcome", "")))
            elif event.action in FINISHING_ACTIONS and (
                # A withdrawal before receipt does not finish a received dossier.
                event.action != Action.WITHDRAW or event.from_status in OPEN_STATES
            ):
                finishing.append((event, FINISHING_ACTIONS[event.action]))
        if len(finishing) > 1:
            self.fail("finished_at", f"Hồ sơ kết thúc {len(finishing)} lần trong lịch sử.")
        if not finishing:
            if d.finished_at is not None or d.outcome:
                self.fail(
                    "finished_at",
                    f"Có thời điểm kết thúc {_fmt(d.finished_at)} / kết quả “{d.outcome}” nhưng lịch sử không có.",
                )
            if d.status in TERMINAL_STATES - {S.INTAKE_REFUSED} and receipt is not None:
                self.fail("finished_at", f"Trạng thái kết thúc “{d.status}” nhưng chưa ghi thời điểm kết thúc.")
            return
        event, outcome = finishing[0]
        if d.finished_at != event.at:
            self.fail(
                "finished_at",
                f"Thời điểm kết thúc {_fmt(d.finished_at)} khác sự kiện “{event.action}” {_fmt(event.at)}.",
            )
        if d.outcome != outcome or outcome not in OUTCOMES:
            self.fail("outcome", f"Kết quả “{d.outcome}” khác kết quả của sự kiện “{event.action}” “{outcome}”.")
        if d.finished_at is not None and d.received_at is not None and d.finished_at < d.received_at:
            self.fail("finished_at", "Thời điểm kết thúc trước thời điểm tiếp nhận.")
        if event.action == Action.SIGN and not d.result_number:
            self.fail("result", "Hồ sơ đã ký duyệt nhưng không có số kết quả.")

    def _check_return_and_rating(self) -> None:
        d, events = self.dossier, self.events
        returns = [e for e in events if e.action == Action.RETURN_RESULT]
        if returns:
            last = returns[-1]
            if d.returned_at != last.at or d.return_method != (last.data or {}).get("method"):
                self.fail(
                    "returned_at",
                    f"Trả kết quả {_fmt(d.returned_at)} ({d.return_method or 'trống'}) khác sự kiện trả kết quả "
                    f"{_fmt(last.at)}.",
                )
        elif d.returned_at is not None or d.return_method:
            self.fail("returned_at", "Có thời điểm/hình thức trả kết quả nhưng lịch sử không có sự kiện trả kết quả.")

        rates = [e for e in events if e.action == Action.RATE]
        legacy = next((e for e in events if e.action == LEGACY_FINISH), None)
        if rates:
            last = rates[-1]
            if d.rating != (last.data or {}).get("rating") or d.rated_at != last.at:
                self.fail("rating", f"Đánh giá “{d.rating}” lúc {_fmt(d.rated_at)} khác sự kiện đánh giá.")
        elif legacy is not None and (legacy.data or {}).get("rating"):
            # Given in the file, or (files without rated_at, and imports before it was kept) the finish.
            given = legacy.data.get("rated_at")
            rated_at = dt.datetime.fromisoformat(given) if given else legacy.at
            if d.rating != legacy.data["rating"] or d.rated_at != rated_at:
                self.fail(
                    "rating",
                    f"Đánh giá “{d.rating}” lúc {_fmt(d.rated_at)} khác đánh giá nhập từ hệ thống cũ "
                    f"({_fmt(rated_at)}).",
                )
        elif d.rating or d.rated_at is not None:
            self.fail("rating", f"Có đánh giá “{d.rating}” nhưng lịch sử không có.")
        if d.rating and (d.rating not in RATINGS or d.outcome not in (Outcome.RESOLVED, Outcome.REFUSED)):
            self.fail("rating", f"Đánh giá “{d.rating}” chỉ hợp lệ cho hồ sơ đã giải quyết hoặc từ chối có lý do.")

    def _check_steps(self) -> None:
        d = self.dossier
        open_steps = self.open_steps
        if len(open_steps) > 1:
            self.fail("steps", f"{len(open_steps)} bước xử lý đang mở cùng lúc; chỉ được một.")
        if open_steps and d.status in TERMINAL_STATES:
            self.fail("steps", f"Hồ sơ đã kết thúc (“{d.status}”) nhưng còn bước “{open_steps[0]}” đang mở.")


_DOSSIER_COLUMNS = {
    "pk": "pk",
    "code": "code",
    "status": "status",
    "agency_id": "agency_id",
    "agency_identifier": "agency__identifier",
    "procedure_id": "procedure_id",
    "version_procedure_id": "procedure_version__procedure_id",
    "submitted_at": "submitted_at",
    "received_at": "received_at",
    "due_date": "due_date",
    "apology_due_date": "apology_due_date",
    "finished_at": "finished_at",
    "outcome": "outcome",
    "result_number": "result_number",
    "returned_at": "returned_at",
    "return_method": "return_method",
    "rating": "rating",
    "rated_at": "rated_at",
}
_DossierRow = namedtuple("_DossierRow", list(_DOSSIER_COLUMNS))
_EventRow = namedtuple("_EventRow", ["action", "from_status", "to_status", "at", "data"])
_PauseRow = namedtuple("_PauseRow", ["requested_at", "completed_at"])


def _chunks(queryset: QuerySet[Dossier], size: int) -> Iterator[list[_DossierRow]]:
    """Plain rows, not model instances: building 100,000 dossiers and their events as objects
    would cost far more than the checks themselves."""
    base = queryset.order_by("pk").values_list(*_DOSSIER_COLUMNS.values())
    last = 0
    while True:
        chunk = [_DossierRow(*values) for values in base.filter(pk__gt=last)[:size]]
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def _related(chunk: list[_DossierRow]):
    ids = [d.pk for d in chunk]
    events: dict[int, list[_EventRow]] = defaultdict(list)
    for dossier_id, *values in (
        DossierEvent.objects.filter(dossier_id__in=ids)
        .order_by("dossier_id", "at", "pk")
        .values_list("dossier_id", "action", "from_status", "to_status", "at", "data")
    ):
        events[dossier_id].append(_EventRow(*values))
    pauses: dict[int, list[_PauseRow]] = defaultdict(list)
    for dossier_id, *values in (
        PauseInterval.objects.filter(dossier_id__in=ids)
        .order_by("dossier_id", "requested_at", "pk")
        .values_list("dossier_id", "requested_at", "completed_at")
    ):
        pauses[dossier_id].append(_PauseRow(*values))
    steps: dict[int, list[str]] = defaultdict(list)
    for dossier_id, name in DossierStep.objects.filter(dossier_id__in=ids, finished_at__isnull=True).values_list(
        "dossier_id", "name"
    ):
        steps[dossier_id].append(name)
    return events, pauses, steps


def _counters(dossiers: Iterable[_DossierRow]) -> dict[tuple[int, dt.date], int]:
    return DOSSIER_CODES.last_numbers(
        (d.agency_id, local_date(d.received_at)) for d in dossiers if d.received_at is not None
    )


def check_dossier(dossier: Dossier) -> list[Offence]:
    """The offences of one dossier (loads its history; for tests and single look-ups)."""
    return next(iter_offences(Dossier.objects.filter(pk=dossier.pk)), ([], 0))[0]


def iter_offences(
    queryset: QuerySet[Dossier] | None = None, *, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> Iterator[tuple[list[Offence], int]]:
    """Per chunk: the offences found and how many dossiers were checked."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    for chunk in _chunks(queryset, chunk_size):
        counters = _counters(chunk)
        identifiers = identifier_periods({d.agency_id for d in chunk})
        events, pauses, steps = _related(chunk)
        offences: list[Offence] = []
        for dossier in chunk:
            checker = _Checker(
                dossier,
                events.get(dossier.pk, []),
                pauses.get(dossier.pk, []),
                steps.get(dossier.pk, []),
                counters,
                identifiers,
            )
            offences.extend(checker.run())
        yield offences, len(chunk)


def dossiers_check(queryset: QuerySet[Dossier] | None = None, *, chunk_size: int = DEFAULT_CHUNK_SIZE) -> CheckReport:
    report = CheckReport()
    for offences, checked in iter_offences(queryset, chunk_size=chunk_size):
        report.offences.extend(offences)
        report.checked += checked
    return report

"""Legacy import: every rule of the file format, all-or-nothing, codes that continue the live
counters, history that check_dossiers accepts, and bulk writes (queries independent of the rows)."""

import datetime as dt
import hashlib

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from egov.core.models import RegisterCounter
from egov.organisations.models import AgencyIdentifier
from egov.organisations.roles import Role
from egov.workdays.calendar import LOCAL_TZ

from .. import services
from ..codes import DOSSIER_CODES
from ..integrity import dossiers_check
from ..legacy_import import (
    HEADER,
    AlreadyImported,
    ImportFileError,
    ImportRejected,
    applicant_kind_of,
    legacy_import,
)
from ..models import (
    ApplicantKind,
    Channel,
    Dossier,
    DossierEvent,
    LegacyImport,
    Outcome,
    Rating,
    Status,
)
from ..transitions import LEGACY_FINISH, LEGACY_RECEIVE
from .factories import ProcedureVersionFactory, make_staff, procedure_with_workflow, submitted_dossier

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=LOCAL_TZ)


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


@pytest.fixture
def procedure():
    # 5 working days; the version in force since 2020 covers the legacy history.
    return procedure_with_workflow(time_limit=5, effective_from=dt.date(2020, 1, 1))


def csv_bytes(*rows: str, header: str = ",".join(HEADER)) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def run(data: bytes, **kwargs):
    return legacy_import(data, now=NOW, **kwargs)


def row(procedure, **values) -> str:
    fields = {
        "code": "",
        "procedure_code": procedure.code,
        "agency_code": "",
        "channel": "online",
        "received_at": "2021-02-05T09:00",
        "due_date": "",
        "finished_at": "",
        "outcome": "",
        "rating": "",
        "applicant_name": "Nguyễn Văn An",
    }
    fields.update(values)
    return ",".join(fields[name] for name in HEADER)


def test_a_valid_file_is_imported_with_its_rules(procedure):
    agency = procedure.agency
    data = csv_bytes(
        row(procedure, finished_at="2021-02-18T10:00", outcome="resolved", rating="very_satisfied"),
        row(procedure, channel="trực tiếp", received_at="2021-02-05T23:30:15", due_date="2021-03-01"),
        row(procedure, channel="Bưu chính", finished_at="2021-02-08T08:00", outcome="withdrawn"),
        row(procedure, channel="direct", finished_at="2021-02-09T08:00", outcome="refused", rating="unsatisfied"),
        row(procedure, channel="postal", finished_at="2021-02-09T09:00", outcome="stopped"),
        row(procedure, code=f"{agency.identifier}-210205-0042", agency_code=agency.identifier),
    )
    report = run(data)
    assert (report.rows, report.generated_codes, report.computed_due_dates, report.events) == (6, 5, 5, 10)
    dossiers = {d.code[-4:]: d for d in Dossier.objects.all()}
    # Generated numbers continue after every number of the file (0042) on the same day.
    assert sorted(dossiers) == ["0042", "0043", "0044", "0045", "0046", "0047"]
    resolved = dossiers["0043"]
    assert (resolved.status, resolved.outcome, resolved.rating) == (Status.RETURNED, Outcome.RESOLVED, "very_satisfied")
    assert resolved.code == f"{agency.identifier}-210205-0043"
    # Tết 2021: received Friday 5 February, 5 working days -> Friday 19 February (domain.md §2.4).
    assert resolved.due_date == dt.date(2021, 2, 19)
    assert resolved.received_at == local(2021, 2, 5, 9, 0) == resolved.submitted_at
    assert resolved.finished_at == local(2021, 2, 18, 10, 0)
    assert (resolved.channel, resolved.is_legacy, resolved.field_id) == (Channel.ONLINE, True, procedure.field_id)
    assert resolved.agency == agency and resolved.procedure_version == procedure.versions.get()
    late = dossiers["0044"]
    # 23:30 local on the 5th is 16:30 UTC: the code and the clock use the local day.
    assert late.received_at == dt.datetime(2021, 2, 5, 16, 30, 15, tzinfo=dt.UTC)
    assert (late.channel, late.status, late.due_date, late.finished_at) == (
        Channel.DIRECT,
        Status.RECEIVED,
        dt.date(2021, 3, 1),
        None,
    )
    assert [dossiers[n].status for n in ("0045", "0046", "0047")] == [Status.WITHDRAWN, Status.RETURNED, Status.STOPPED]
    assert dossiers["0046"].outcome == Outcome.REFUSED and dossiers["0047"].outcome == Outcome.STOPPED
    assert list(resolved.events.values_list("action", "from_status", "to_status")) == [
        (LEGACY_RECEIVE, "", Status.RECEIVED),
        (LEGACY_FINISH, Status.RECEIVED, Status.RETURNED),
    ]
    assert list(late.events.values_list("action", flat=True)) == [LEGACY_RECEIVE]
    assert DOSSIER_CODES.last_numbers({(agency.pk, dt.date(2021, 2, 5))}) == {(agency.pk, dt.date(2021, 2, 5)): 47}
    assert dossiers_check().offences == []


def test_imported_and_live_codes_never_collide(procedure):
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    at = local(2021, 2, 5, 8, 0)
    live = services.dossier_receive(dossier=submitted_dossier(procedure, at=at), actor=desk, at=at)
    assert live.code.endswith("-210205-0001")
    run(csv_bytes(row(procedure), row(procedure)))
    assert sorted(Dossier.objects.filter(is_legacy=True).values_list("code", flat=True)) == [
        f"{procedure.agency.identifier}-210205-0002",
        f"{procedure.agency.identifier}-210205-0003",
    ]
    later = services.dossier_receive(dossier=submitted_dossier(procedure, at=at), actor=desk, at=at)
    assert later.code.endswith("-210205-0004")
    assert dossiers_check().offences == []


def test_an_in_progress_legacy_dossier_continues_in_the_new_system(procedure):
    run(csv_bytes(row(procedure, received_at="2025-03-03T09:00")))
    dossier = Dossier.objects.get()
    desk = make_staff(procedure.agency, Role.RECEIVING_OFFICER)
    dossier = services.dossier_transfer(dossier=dossier, actor=desk, at=local(2025, 3, 3, 10, 0))
    assert dossier.status == Status.PROCESSING and dossier.unit == procedure.lead_unit
    assert dossiers_check().offences == []


def test_the_version_in_force_on_the_receipt_day_or_the_nearest(procedure):
    old = procedure.versions.get()
    old.effective_to = dt.date(2022, 12, 31)
    old.save()
    new = ProcedureVersionFactory(procedure=procedure, effective_from=dt.date(2023, 1, 1), time_limit=2)
    later = procedure_with_workflow(time_limit=3, effective_from=dt.date(2024, 1, 1))
    run(
        csv_bytes(
            row(procedure, received_at="2022-06-01T09:00"),
            row(procedure, received_at="2023-06-01T09:00"),
            row(later, received_at="2021-06-01T09:00"),  # before the catalogue: its first version
        )
    )
    versions = dict(Dossier.objects.values_list("received_at__date", "procedure_version"))
    assert versions[dt.date(2022, 6, 1)] == old.pk and versions[dt.date(2023, 6, 1)] == new.pk
    assert versions[dt.date(2021, 6, 1)] == later.versions.get().pk
    assert Dossier.objects.get(procedure=later).due_date == dt.date(2021, 6, 4)  # Tuesday + 3 working days


def test_dry_run_reports_and_writes_nothing(procedure):
    report = run(
        csv_bytes(row(procedure), row(procedure, outcome="stopped", finished_at="2021-02-06T09:00")), dry_run=True
    )
    assert report.dry_run and report.rows == 2 and report.by_outcome == {"": 1, "stopped": 1}
    assert not Dossier.objects.exists() and not DossierEvent.objects.exists() and not RegisterCounter.objects.exists()


def test_bulk_writes_do_not_grow_with_the_rows(procedure):
    def queries(count: int) -> int:
        # Other applicants on each run: the same ones would be dossiers imported before.
        data = csv_bytes(*[row(procedure, applicant_name=f"Người nộp {count}.{n}") for n in range(count)])
        with CaptureQueriesContext(connection) as captured:
            run(data)
        return len(captured)

    queries(1)  # the first run in a process also reads the calendar overrides
    few, many = queries(5), queries(300)
    if connection.vendor == "postgresql":
        assert few == many
    else:  # SQLite caps the parameters of one statement: a few more batches, never one per row
        assert many - few < 300 / 20


BAD_ROWS = [
    ({"procedure_code": "1.999999"}, "procedure_code “1.999999” không có trong danh mục thủ tục"),
    ({"procedure_code": ""}, "thiếu procedure_code"),
    ({"agency_code": "999.99.99.Z99"}, "agency_code “999.99.99.Z99” không phải mã định danh của cơ quan nào"),
    ({"channel": "fax"}, "channel “fax” không hợp lệ"),
    ({"received_at": ""}, "thiếu received_at"),
    ({"received_at": "05/02/2021 09:00"}, "không đúng dạng YYYY-MM-DDTHH:MM[:SS]"),
    ({"received_at": "2021-02-30T09:00"}, "không phải thời điểm có thật"),
    ({"received_at": "2027-01-01T09:00"}, "ở tương lai"),
    ({"due_date": "2021-02-04"}, "due_date 2021-02-04 trước ngày tiếp nhận 2021-02-05"),
    ({"due_date": "19/02/2021"}, "due_date “19/02/2021” không đúng dạng YYYY-MM-DD"),
    ({"finished_at": "2021-02-04T09:00", "outcome": "resolved"}, "trước received_at"),
    ({"outcome": "resolved"}, "outcome “resolved” cần finished_at"),
    ({"finished_at": "2021-02-08T09:00"}, "có finished_at nhưng thiếu outcome"),
    ({"finished_at": "2021-02-08T09:00", "outcome": "done"}, "outcome “done” không hợp lệ"),
    ({"finished_at": "2021-02-08T09:00", "outcome": "withdrawn", "rating": "satisfied"}, "rating chỉ ghi"),
    ({"rating": "satisfied"}, "rating chỉ ghi cho hồ sơ có outcome resolved hoặc refused"),
    ({"finished_at": "2021-02-08T09:00", "outcome": "resolved", "rating": "great"}, "rating “great” không hợp lệ"),
    ({"applicant_name": "  "}, "thiếu applicant_name"),
    ({"applicant_name": "A" * 256}, "applicant_name dài 256 ký tự"),
    ({"code": "HS-0001"}, "không đúng dạng <mã cơ quan>-YYMMDD-NNNN"),
    ({"code": "{agency}-210206-0001"}, "không khớp cơ quan và ngày tiếp nhận: cần dạng {agency}-210205-NNNN"),
    ({"code": "{agency}-210205-0000"}, "không đúng dạng <mã cơ quan>-YYMMDD-NNNN"),
    ({"code": "{agency}-210205-12-210205-0001"}, "không đúng dạng <mã cơ quan>-YYMMDD-NNNN"),
    # Past what the register's counter holds (2147483647): refused here, not an overflow on writing.
    ({"code": "{agency}-210205-2147483648"}, "vượt quá số lớn nhất của sổ mã hồ sơ (2147483647)"),
    ({"code": "999.99.99.H99-210205-0001"}, "không khớp cơ quan và ngày tiếp nhận"),
    ({"code": "G22.BCT.01-210205-350001"}, "không khớp cơ quan và ngày tiếp nhận"),
    ({"received_at": "2009-12-31T09:00"}, "không tính được due_date"),
]


@pytest.mark.parametrize(("values", "reason"), BAD_ROWS, ids=[r for _, r in BAD_ROWS])
def test_one_bad_row_rejects_the_whole_file(procedure, values, reason):
    identifier = procedure.agency.identifier
    values = {key: value.format(agency=identifier) for key, value in values.items()}
    data = csv_bytes(row(procedure), row(procedure, **values), row(procedure))
    with pytest.raises(ImportRejected) as rejected:
        run(data)
    assert [error.line for error in rejected.value.errors] == [3], rejected.value.errors
    assert reason.format(agency=identifier) in rejected.value.errors[0].message
    assert rejected.value.rows == 3 and rejected.value.bad_lines == 1
    assert not Dossier.objects.exists() and not RegisterCounter.objects.exists()


def test_every_bad_row_and_every_reason_is_reported(procedure):
    data = csv_bytes(
        row(procedure, channel="fax", procedure_code="1.999999"),
        row(procedure),
        "too,few,columns",
        row(procedure, code=f"{procedure.agency.identifier}-210205-0001"),
        row(procedure, code=f"{procedure.agency.identifier}-210205-0001"),
    )
    with pytest.raises(ImportRejected) as rejected:
        run(data)
    errors = [(e.line, e.message[:30]) for e in rejected.value.errors]
    assert [line for line, _ in errors] == [2, 2, 4, 6]
    assert "có 3 cột, cần 10 cột" in rejected.value.errors[2].message
    assert "trùng với dòng 5" in rejected.value.errors[3].message
    assert not Dossier.objects.exists()


def test_a_code_already_in_the_system_is_refused(procedure):
    code = f"{procedure.agency.identifier}-210205-0001"
    run(csv_bytes(row(procedure, code=code)))
    with pytest.raises(ImportRejected) as rejected:
        run(csv_bytes(row(procedure, applicant_name="Trần Văn Bình"), row(procedure, code=code)))
    assert str(rejected.value.errors[0]) == f"Dòng 3: code “{code}” đã có trong hệ thống"
    assert Dossier.objects.count() == 1


def test_a_procedure_without_time_limit_needs_a_due_date():
    procedure = procedure_with_workflow(time_limit=None, effective_from=dt.date(2020, 1, 1))
    with pytest.raises(ImportRejected) as rejected:
        run(csv_bytes(row(procedure)))
    assert "không có thời hạn giải quyết: cần ghi due_date" in rejected.value.errors[0].message
    assert run(csv_bytes(row(procedure, due_date="2021-03-01"))).rows == 1


def test_a_day_past_9999_codes_continues_with_a_longer_sequence(procedure):
    """TT 03/2025/TT-VPCP Art. 13 (law-2026.md §6.2 [S]): the daily sequence has at least 4 digits,
    variable length, so the 10000th dossier of a day gets 10000 instead of being refused."""
    RegisterCounter.objects.create(
        register=DOSSIER_CODES.key, scope=procedure.agency.pk, period=dt.date(2021, 2, 5), last_number=9998
    )
    run(csv_bytes(row(procedure), row(procedure), row(procedure)))
    codes = sorted(Dossier.objects.values_list("code", flat=True), key=len)
    assert [code.rsplit("-", 1)[1] for code in codes] == ["9999", "10000", "10001"]
    assert RegisterCounter.objects.get().last_number == 10001


def test_an_imported_code_carries_the_identifier_in_force_on_its_day(procedure):
    """law-2026.md §8.4: agency identifiers changed with the 2025 merger; a legacy code from before
    the change keeps the old identifier and is checked against it, not against today's."""
    agency = procedure.agency
    AgencyIdentifier.objects.create(
        agency=agency, identifier="000.00.36.H36", valid_from=dt.date(2015, 1, 1), valid_to=dt.date(2025, 6, 30)
    )
    with pytest.raises(ImportRejected) as rejected:
        run(csv_bytes(row(procedure, code=f"{agency.identifier}-210205-0001")))
    assert "cần dạng 000.00.36.H36-210205-NNNN" in rejected.value.errors[0].message
    run(csv_bytes(row(procedure, code="000.00.36.H36-210205-0001"), row(procedure)))
    assert sorted(Dossier.objects.values_list("code", flat=True)) == [
        "000.00.36.H36-210205-0001",
        "000.00.36.H36-210205-0002",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Tệp rỗng"),
        (",".join(HEADER).encode() + b"\n", "không có dòng dữ liệu nào"),
        (b"code;procedure_code;agency_code\n", "dấu chấm phẩy"),
        (b"code,procedure_code\n,1\n", "Thiếu cột: agency_code"),
        (",".join(reversed(HEADER)).encode() + b"\n", "sai thứ tự"),
        ((",".join(HEADER) + ",extra").encode() + b"\n", "Cột không biết: extra"),
        (",".join(HEADER).encode() + b"\n,1,,online,2021-02-05T09:00,,,,,Nguy\xe1n\n", "không phải mã hóa UTF-8"),
        (b"PK\x03\x04rest", "Excel"),
        (b'code,procedure_code\n"unterminated\n', "Thiếu cột"),
    ],
)
def test_unreadable_files_are_refused_as_a_whole(data, message):
    with pytest.raises(ImportFileError) as refused:
        run(data)
    assert message in str(refused.value)


def test_a_bom_crlf_and_blank_lines_are_accepted(procedure):
    data = b"\xef\xbb\xbf" + csv_bytes(row(procedure), "", row(procedure)).replace(b"\n", b"\r\n")
    assert run(data).rows == 2


def test_text_is_stored_nfc_and_searchable(procedure):
    composed = "Công ty TNHH Sa Huỳnh"
    nfd = "Nguye\u0302\u0303n Va\u0306n An"  # "Nguyễn Văn An" in decomposed form
    run(csv_bytes(row(procedure, applicant_name=composed), row(procedure, applicant_name=nfd)))
    names = set(Dossier.objects.values_list("applicant_name", flat=True))
    assert names == {"Công ty TNHH Sa Huỳnh", "Nguyễn Văn An"}
    assert Dossier.objects.filter(search_text__contains="nguyen van an").count() == 1


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Công ty TNHH Thương mại Sa Huỳnh", ApplicantKind.ORGANISATION),
        ("CÔNG TY CỔ PHẦN RƯỢU BIA", ApplicantKind.ORGANISATION),
        ("Hợp tác xã Trà Bồng", ApplicantKind.ORGANISATION),
        ("Doanh nghiệp tư nhân Ba Tơ", ApplicantKind.ORGANISATION),
        ("Xăng dầu Mỹ Khê TNHH", ApplicantKind.ORGANISATION),
        ("Nguyễn Văn An", ApplicantKind.PERSON),
        ("Trương Thị Công", ApplicantKind.PERSON),
        ("Trường Cao đẳng Kỹ thuật Công nghiệp", ApplicantKind.ORGANISATION),
        ("Cong ty TNHH Sa Huynh", ApplicantKind.ORGANISATION),
    ],
)
def test_applicant_kind_from_the_name(name, kind):
    assert applicant_kind_of(name) == kind


def test_ratings_and_outcomes_feed_the_statistics_columns(procedure):
    run(
        csv_bytes(
            row(procedure, finished_at="2021-02-19T16:00", outcome="resolved", rating="satisfied"),
            row(procedure, finished_at="2021-02-22T08:00", outcome="resolved"),
        )
    )
    on_time, late = Dossier.objects.order_by("finished_at")
    assert on_time.finished_at.astimezone(LOCAL_TZ).date() == on_time.due_date  # on time: the same day
    assert late.finished_at.astimezone(LOCAL_TZ).date() > late.due_date
    assert (on_time.rating, late.rating) == (Rating.SATISFIED, "")


@pytest.mark.parametrize(
    "text",
    [
        "Công ty TNHH Thương mại Sa Huỳnh",
        "ĐINH THỊ THẢO",
        "Hợp  tác xã\tTrà Bồng ",
        "Nguyễn Văn Ấn – Chi nhánh №2",
        "Ǆemal Ōsaka Æther",
        "",
    ],
)
def test_fast_fold_is_fold(text):
    from egov.core.text import clean_text, fold, nfc

    from ..legacy_import import fast_fold
    from ..legacy_import.parse import _clean

    assert fast_fold(nfc(text)) == fold(text)
    assert _clean(text) == clean_text(text)


def test_fast_fold_agrees_with_fold_on_every_vietnamese_letter():
    from egov.core.text import fold

    from ..legacy_import import fast_fold

    letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
    text = letters + letters.upper() + " 0123456789-/."
    assert fast_fold(text) == fold(text)


def test_imported_dossiers_print_their_receipt_control_slip_and_register(procedure):
    from ..forms_render import render_form_html, render_register_html

    run(csv_bytes(row(procedure, finished_at="2021-02-18T10:00", outcome="resolved"), row(procedure)))
    for dossier in Dossier.objects.all():
        receipt = render_form_html("01", dossier)
        assert dossier.code in receipt and "05/02/2021" in receipt
        assert dossier.code in render_form_html("05", dossier)
    register = render_register_html(procedure.agency, 2021)
    assert all(code in register for code in Dossier.objects.values_list("code", flat=True))


# --- imported ratings and their time (statistics count ratings by rated_at) ---------------------------


def rated_history(procedure) -> list[tuple[str, str, str, str]]:
    """(finished_at, rating, rated_at, applicant) of a small imported history over two months."""
    history = []
    for n in range(24):
        month, day = (1, 4 + n) if n < 12 else (2, n - 8)
        finished = f"2021-{month:02d}-{day:02d}T10:00"
        rating = [Rating.VERY_SATISFIED, Rating.SATISFIED, Rating.UNSATISFIED, ""][n % 4]
        # Every third rating was given later, some in the next month (the file's rated_at).
        rated = f"2021-{month + 1:02d}-01T08:00" if rating and n % 3 == 0 else ""
        history.append((finished, rating, rated, f"Người nộp {n}"))
    return history


def rated_csv(procedure, history) -> bytes:
    header = ",".join(HEADER) + ",rated_at"
    rows = [
        row(
            procedure,
            received_at="2021-01-02T08:00",
            finished_at=finished,
            outcome="resolved",
            rating=rating,
            applicant_name=name,
        )
        + f",{rated}"
        for finished, rating, rated, name in history
    ]
    return csv_bytes(*rows, header=header)


def expected_ratings(history, start: dt.date, end: dt.date) -> dict[str, int]:
    counts = dict.fromkeys(Rating.values, 0)
    for finished, rating, rated, _ in history:
        when = dt.datetime.fromisoformat(rated or finished).date()
        if rating and start <= when <= end:
            counts[rating] += 1
    return counts


def test_imported_ratings_count_in_the_statistics_of_when_they_were_given(procedure):
    """Biểu 06 counts the ratings given in the period (docs/decisions/0013): an imported history's
    ratings land in the period of their rated_at, or of the finish when the file does not say."""
    from egov.reports.selectors import tthc_statistics

    history = rated_history(procedure)
    run(rated_csv(procedure, history))
    for start, end in [(dt.date(2021, 1, 1), dt.date(2021, 1, 31)), (dt.date(2021, 2, 1), dt.date(2021, 3, 31))]:
        totals = tthc_statistics(date_from=start, date_to=end).totals
        expected = expected_ratings(history, start, end)
        assert (totals.very_satisfied, totals.satisfied, totals.unsatisfied) == (
            expected[Rating.VERY_SATISFIED],
            expected[Rating.SATISFIED],
            expected[Rating.UNSATISFIED],
        )
        assert totals.rated > 0
    rated = Dossier.objects.exclude(rating="")
    assert rated.filter(rated_at__isnull=True).count() == 0
    assert rated.filter(rated_at=models.F("finished_at")).count() == sum(1 for _, r, at, _ in history if r and not at)
    assert dossiers_check().offences == []


def test_a_file_without_rated_at_rates_at_the_finish(procedure):
    run(csv_bytes(row(procedure, finished_at="2021-02-18T10:00", outcome="resolved", rating="satisfied")))
    dossier = Dossier.objects.get()
    assert dossier.rated_at == dossier.finished_at == local(2021, 2, 18, 10, 0)
    finish = DossierEvent.objects.get(dossier=dossier, action=LEGACY_FINISH)
    assert dt.datetime.fromisoformat(finish.data["rated_at"]) == dossier.rated_at
    assert dossiers_check().offences == []


@pytest.mark.parametrize(
    ("values", "rated_at", "reason"),
    [
        ({}, "2021-02-20T08:00", "có rated_at nhưng thiếu rating"),
        ({"rating": "satisfied"}, "2021-02-17T08:00", "rated_at 2021-02-17T08:00 trước finished_at"),
        ({"rating": "satisfied"}, "2027-01-01T08:00", "ở tương lai"),
        ({"rating": "satisfied"}, "20/02/2021", "rated_at “20/02/2021” không đúng dạng"),
    ],
)
def test_a_bad_rated_at_rejects_the_file(procedure, values, rated_at, reason):
    fields = {"finished_at": "2021-02-18T10:00", "outcome": "resolved", **values}
    data = csv_bytes(row(procedure, **fields) + f",{rated_at}", header=",".join(HEADER) + ",rated_at")
    with pytest.raises(ImportRejected) as rejected:
        run(data)
    assert reason in str(rejected.value.errors[0])
    assert not Dossier.objects.exists()


def test_rated_at_is_only_accepted_after_the_required_columns():
    header = ",".join([*HEADER[:8], "rated_at", *HEADER[8:]])
    with pytest.raises(ImportFileError) as refused:
        run(csv_bytes(header=header))
    assert "có thể thêm cột rated_at ở cuối" in str(refused.value)


def test_the_data_migration_gives_earlier_imports_their_rating_time(procedure):
    """Ratings imported before rated_at was kept: the migration gives them the finish time, and
    the statistics then count them (they counted none before)."""
    import importlib

    from django.apps import apps

    from egov.reports.selectors import tthc_statistics

    history = rated_history(procedure)
    run(csv_bytes(*[r.rsplit(",", 1)[0] for r in rated_csv(procedure, history).decode().splitlines()[1:]]))
    # As the earlier import left them: a rating without a time, and no time in the history either.
    Dossier.objects.update(rated_at=None)
    for event in DossierEvent.objects.filter(action=LEGACY_FINISH):
        event.data.pop("rated_at")
        DossierEvent.objects.filter(pk=event.pk).update(data=event.data)
    period = {"date_from": dt.date(2021, 1, 1), "date_to": dt.date(2021, 2, 28)}
    assert tthc_statistics(**period).totals.rated == 0

    migration = importlib.import_module("egov.dossiers.migrations.0007_legacy_ratings_rated_at")
    migration.give_legacy_ratings_their_time(apps, None)

    untimed = [(finished, rating, "", name) for finished, rating, _, name in history]
    expected = expected_ratings(untimed, period["date_from"], period["date_to"])
    totals = tthc_statistics(**period).totals
    assert (totals.very_satisfied, totals.satisfied, totals.unsatisfied) == tuple(expected[r] for r in Rating.values)
    assert totals.rated == sum(1 for _, rating, _, _ in history if rating)
    assert dossiers_check().offences == []


# --- a file or dossiers imported before ----------------------------------------------------------------


def history_without_codes(procedure, count: int) -> bytes:
    return csv_bytes(
        *[
            row(
                procedure,
                received_at=f"2021-02-{1 + n % 20:02d}T{8 + n % 9:02d}:{n % 60:02d}",
                applicant_name=f"Hộ {n}",
            )
            for n in range(count)
        ]
    )


def test_the_same_file_twice_is_refused_unless_forced(procedure):
    data = history_without_codes(procedure, 1000)
    first = run(data)
    assert Dossier.objects.count() == 1000 and first.generated_codes == 1000
    with pytest.raises(AlreadyImported) as refused:
        run(data)
    assert "Tệp này đã được nhập lúc" in str(refused.value) and "1000 hồ sơ" in str(refused.value)
    assert Dossier.objects.count() == 1000
    forced = run(data, force=True)
    assert forced.rows == 1000 and Dossier.objects.count() == 2000
    assert list(LegacyImport.objects.order_by("pk").values_list("forced", flat=True)) == [False, True]
    assert dossiers_check().offences == []


def test_dossiers_imported_before_are_refused_in_another_file(procedure):
    run(csv_bytes(row(procedure, applicant_name="Nguyễn Văn An"), row(procedure, applicant_name="Lê Thị Hoa")))
    # A later export of the same history: one of them has finished since, names are typed
    # differently, and one dossier is new.
    later = csv_bytes(
        row(procedure, applicant_name="NGUYEN  VAN AN", finished_at="2021-02-18T10:00", outcome="resolved"),
        row(procedure, applicant_name="Trần Văn Mới"),
        row(procedure, applicant_name="Lê Thị Hoa"),
    )
    with pytest.raises(ImportRejected) as rejected:
        run(later)
    assert [error.line for error in rejected.value.errors] == [2, 4]
    assert all("đã được nhập trước đây" in error.message for error in rejected.value.errors)
    assert Dossier.objects.count() == 2
    assert run(later, force=True).rows == 3


def test_a_dry_run_records_no_import(procedure):
    data = history_without_codes(procedure, 3)
    assert run(data, dry_run=True).import_id is None
    assert not LegacyImport.objects.exists()
    report = run(data)
    imported = LegacyImport.objects.get()
    assert (report.import_id, imported.rows, imported.sha256) == (imported.pk, 3, hashlib.sha256(data).hexdigest())
    assert set(DossierEvent.objects.filter(action=LEGACY_RECEIVE).values_list("data__import", flat=True)) == {
        imported.pk
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_file_imported_twice_at_once_is_written_once(procedure):
    """Both runs check the file before either has written; the second waits for the first's
    counter locks, checks again, and is refused."""
    import threading

    from django.db import connections

    data = history_without_codes(procedure, 200)
    outcomes = []
    barrier = threading.Barrier(2)

    def import_once():
        try:
            barrier.wait()
            outcomes.append(type(run(data)).__name__)
        except (AlreadyImported, ImportRejected) as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=import_once) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["AlreadyImported", "ImportReport"]
    assert Dossier.objects.count() == 200 and LegacyImport.objects.count() == 1


def test_a_control_character_in_a_cell_rejects_the_file_with_where_it_is(procedure):
    data = csv_bytes(row(procedure), row(procedure, applicant_name="Nguyễn\x1bVăn An"))
    with pytest.raises(ImportRejected) as rejected:
        run(data)
    assert [(error.line, error.message) for error in rejected.value.errors] == [
        (3, "cột applicant_name có ký tự điều khiển U+001B ở vị trí 7")
    ]
    assert not Dossier.objects.exists()

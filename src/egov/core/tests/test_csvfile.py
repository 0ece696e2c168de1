"""core.csvfile: the bytes, the header, each record's shape and the all-or-nothing report, once for
every import; and no other module reads CSV."""

import ast
from pathlib import Path

import pytest

from egov.core.csvfile import Columns, CsvFileError, CsvReader, Record, RowError, RowsRejected, decode

SOURCE = Path(__file__).resolve().parents[2]
ORDERED = Columns(required=("code", "name"), optional=("note", "rated_at"), ordered=True)
ANY_ORDER = Columns(required=("code", "name"), optional=("steps",))


def read(data: bytes, columns: Columns = ORDERED) -> tuple[list[Record], CsvReader]:
    reader = CsvReader(data, columns)
    return list(reader), reader


def refused(data: bytes, columns: Columns = ORDERED) -> str:
    with pytest.raises(CsvFileError) as error:
        read(data, columns)
    return str(error.value)


# --- the bytes -------------------------------------------------------------------------------------


def test_utf8_with_or_without_the_bom_excel_writes():
    assert decode("code,name\n1,Sở Công Thương\n".encode()) == "code,name\n1,Sở Công Thương\n"
    assert decode(b"\xef\xbb\xbf" + b"code,name\n") == "code,name\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Tệp rỗng: không có dòng tiêu đề."),
        (b" \r\n\n", "Tệp rỗng: không có dòng tiêu đề."),
        (b"PK\x03\x04\x14\x00rest", "Tệp là tệp nén/Excel (.xlsx), không phải CSV: hãy xuất ra định dạng CSV UTF-8."),
        (b"code,name\n1,a\x00b\n", "Tệp nhị phân (có byte 0x00 ở dòng 2), không phải CSV văn bản UTF-8."),
        # Windows-1258 ("Đà" is 0xD0 0xE0 there) is not guessed: its letters would be stored wrong.
        (
            "code,name\n1,Đà Lạt\n".encode("cp1258", "replace"),
            "Tệp không phải mã hóa UTF-8 (byte 0xd0 ở dòng 2); hãy lưu lại dưới dạng CSV UTF-8.",
        ),
    ],
    ids=["empty", "blank", "xlsx", "binary", "windows-1258"],
)
def test_a_file_that_is_not_utf8_text_is_refused_naming_the_byte_and_its_line(data, message):
    with pytest.raises(CsvFileError) as error:
        decode(data)
    assert str(error.value) == message


# --- the header ------------------------------------------------------------------------------------


def test_an_ordered_header_takes_its_optional_columns_at_the_end_in_their_order():
    assert CsvReader(b"Code , NAME\n1,a\n", ORDERED).names == ("code", "name")
    assert CsvReader(b"code,name,rated_at\n1,a,\n", ORDERED).names == ("code", "name", "rated_at")
    assert CsvReader(b"code,name,note,rated_at\n1,a,,\n", ORDERED).names == ("code", "name", "note", "rated_at")


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        (b"code", "Thiếu cột: name."),
        (b"code,name,extra", "Cột không biết: extra."),
        (b"name,code", "Các cột đúng tên nhưng sai thứ tự."),
        (b"code,name,rated_at,note", "Các cột đúng tên nhưng sai thứ tự."),
        (b"code,name,name", "Cột trùng tên: name."),
        (b"code;name", "Thiếu cột: code, name. Cột không biết: code;name. Tệp dùng dấu chấm phẩy (;) để phân cách"),
    ],
)
def test_an_ordered_header_names_what_is_wrong(header, problem):
    message = refused(header + b"\n1,a\n")
    assert message.startswith("Dòng tiêu đề phải đúng là: code,name (có thể thêm cột note, rated_at ở cuối). ")
    assert problem in message


def test_a_header_in_any_order_leaves_unknown_columns_alone():
    records, reader = read("name,other,code\nGiấy phép,x,2.000001\n".encode(), ANY_ORDER)
    assert reader.names == ("name", "other", "code")
    assert records == [Record(2, {"name": "Giấy phép", "other": "x", "code": "2.000001"})]


def test_a_header_in_any_order_names_missing_and_repeated_columns():
    assert refused(b"name,steps\n", ANY_ORDER) == (
        "Dòng tiêu đề phải có các cột: code,name (có thể thêm cột steps). Thiếu cột: code."
    )
    assert "Cột trùng tên: code." in refused(b"code,name,code\n", ANY_ORDER)


# --- the records -----------------------------------------------------------------------------------


def test_records_carry_the_line_they_start_on_and_blank_lines_are_not_rows():
    data = b'code,name\r\n1,"Cap phep\r\ntren hai dong"\r\n\r\n,\r\n2,b\r\n'
    records, reader = read(data)
    assert [(record.line, record.cells["code"]) for record in records] == [(2, "1"), (6, "2")]
    assert records[0].cells["name"] == "Cap phep\r\ntren hai dong"  # as written: the importer cleans
    assert reader.rows == 2 and reader.errors == []


def test_a_record_of_the_wrong_shape_is_a_row_error_and_reading_goes_on():
    records, reader = read("code,name\n1\n2,a,b\n3,Nguyễn\x1bVăn\n4,d\n".encode())
    assert [record.line for record in records] == [5]
    assert reader.errors == [
        RowError(2, "", "có 1 cột, cần 2 cột như dòng tiêu đề"),
        RowError(3, "", "có 3 cột, cần 2 cột như dòng tiêu đề"),
        RowError(4, "name", "cột name có ký tự điều khiển U+001B ở vị trí 7"),
    ]
    assert reader.rows == 4


def test_an_unreadable_record_and_a_file_without_data_are_refused_as_a_whole():
    assert refused(b'code,name\n1,a\n2,"unclosed\n') == ("Không đọc được CSV ở dòng 3: unexpected end of data.")
    assert refused(b"code,name\n\n\n") == "Tệp không có dòng dữ liệu nào (chỉ có dòng tiêu đề)."
    assert refused(b"\xef\xbb\xbf") == "Tệp rỗng: không có dòng tiêu đề."


# --- the report ------------------------------------------------------------------------------------


def test_the_report_lists_errors_by_line_each_line_in_the_order_found():
    errors = [RowError(7, "rating", "b"), RowError(3, "code", "a"), RowError(7, "channel", "c"), RowError(0, "", "d")]
    rejected = RowsRejected(errors, rows=9)
    assert [str(error) for error in rejected.errors] == ["d", "Dòng 3: a", "Dòng 7: b", "Dòng 7: c"]
    assert (str(rejected), rejected.rows, rejected.bad_lines) == ("4 dòng lỗi trong 9 dòng dữ liệu", 9, 3)
    assert rejected.listing(limit=2) == ["d", "Dòng 3: a", "... và 2 lỗi khác"]
    assert rejected.listing(limit=4) == ["d", "Dòng 3: a", "Dòng 7: b", "Dòng 7: c"]


def _readers(tree: ast.AST) -> list[str]:
    return [
        f"csv.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr in ("reader", "DictReader", "Sniffer")
        and isinstance(node.value, ast.Name)
        and node.value.id == "csv"
    ]


def test_every_csv_import_reads_through_core_csvfile():
    """An importer with its own csv.reader would restate the decoding, header and row rules."""
    offenders = {}
    for path in SOURCE.rglob("*.py"):
        relative = path.relative_to(SOURCE)
        if "tests" in relative.parts or relative == Path("core/csvfile.py"):
            continue
        if found := _readers(ast.parse(path.read_text(encoding="utf-8"))):
            offenders[str(relative)] = found
    assert offenders == {}, "read CSV files with egov.core.csvfile (CsvReader)"

import datetime as dt

from egov.core.raw_rows import row_date, row_moment


def test_a_timestamp_column_comes_back_aware_whatever_the_database_gave():
    aware = dt.datetime(2021, 3, 15, 1, 30, tzinfo=dt.UTC)
    assert row_moment(aware) is aware  # PostgreSQL
    assert row_moment(dt.datetime(2021, 3, 15, 1, 30)) == aware  # SQLite: naive UTC
    assert row_moment("2021-03-15 01:30:00") == aware  # SQLite: text
    assert row_moment(None) is None


def test_a_date_column_comes_back_as_a_date():
    assert row_date(dt.date(2021, 3, 15)) == dt.date(2021, 3, 15)
    assert row_date("2021-03-15") == dt.date(2021, 3, 15)
    assert row_date(None) is None

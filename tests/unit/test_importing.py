"""Reading member lists and checking their rows: pure functions, no database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clubdesk.core.errors import InvalidDate
from clubdesk.core.i18n import ARABIC_INDIC_DIGITS, LATIN_DIGITS, PERSIAN_DIGITS
from clubdesk.core.importing import (
    Accepted,
    BadMapping,
    EmptyFile,
    Field,
    FileTooLarge,
    Reason,
    Rejection,
    RowChecker,
    UnreadableFile,
    UnsupportedFileType,
    detect_delimiter,
    detect_encoding,
    guess_mapping,
    merged_mapping,
    open_table,
    parse_birthday,
    parse_consent,
    parse_mapping,
    write_table,
)
from clubdesk.core.members import Gender

TODAY = date(2026, 11, 1)


def _read(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    with open_table(path) as table:
        return table.header, list(table.rows)


def test_utf8_bom_csv_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes("موبایل;نام\n۰۹۱۲۱۲۳۴۵۶۷;علی\n\n09351112233;سارا\n".encode("utf-8-sig"))
    header, rows = _read(path)
    assert header == ["موبایل", "نام"]
    assert rows == [(2, ["۰۹۱۲۱۲۳۴۵۶۷", "علی"]), (4, ["09351112233", "سارا"])]  # blank skipped


def test_windows_1256_csv_from_excel(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    # Windows-1256 has no Persian Yeh: Excel writes the Arabic one, which search folds.
    path.write_bytes("تلفن همراه,نام خانوادگي\r\n09121234567,رضايي\r\n".encode("cp1256"))
    header, rows = _read(path)
    assert header == ["تلفن همراه", "نام خانوادگي"]
    assert rows[0][1] == ["09121234567", "رضايي"]
    assert guess_mapping(header) == {0: Field.PHONE, 1: Field.LAST_NAME}


def test_encoding_and_delimiter_detection() -> None:
    assert detect_encoding("نام".encode()) == "utf-8"
    assert detect_encoding(b"\xef\xbb\xbfa") == "utf-8-sig"
    assert detect_encoding("نام،".encode("cp1256") * 10) == "cp1256"
    assert detect_delimiter("a;b;c") == ";"
    assert detect_delimiter("a,b") == ","
    assert detect_delimiter("single") == ","


def test_xlsx_numbers_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mobile", "First name", "Birthday"])
    sheet.append([9121234567, "Ali", date(1991, 8, 3)])
    sheet.append([None, None, None])
    sheet.append(["0935 111 2233", "Sara", None])
    book.save(path)
    header, rows = _read(path)
    assert header == ["Mobile", "First name", "Birthday"]
    assert rows == [(2, ["9121234567", "Ali", "1991-08-03"]), (4, ["0935 111 2233", "Sara", ""])]


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("list.pdf", b"%PDF", UnsupportedFileType),
        ("empty.csv", b"", EmptyFile),
        ("blank.csv", b" ; \n", EmptyFile),
        ("fake.xlsx", b"not a zip", UnreadableFile),
    ],
)
def test_bad_files_are_refused_with_a_reason(
    tmp_path: Path, name: str, content: bytes, error: type[Exception]
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error) as caught:
        _read(path)
    assert name in str(caught.value)
    assert caught.value.exit_code == 2  # type: ignore[attr-defined]


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile):
        _read(tmp_path / "gone.csv")


def test_huge_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clubdesk.core import importing

    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 10)
    path = tmp_path / "big.csv"
    path.write_text("phone\n09121234567\n")
    with pytest.raises(FileTooLarge):
        _read(path)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            ["موبایل", "نام", "نام خانوادگی", "تاریخ تولد", "یادداشت", "رضایت پیامک"],
            ["phone", "first_name", "last_name", "birthday", "note", "sms_consent"],
        ),
        (
            ["نام خانوادگی", "نام", "تلفن همراه", "جنسیت"],
            ["last_name", "first_name", "phone", "gender"],
        ),
        (
            ["First Name", "Last Name", "Phone Number", "Date of birth", "SMS"],
            ["first_name", "last_name", "phone", "birthday", "sms_consent"],
        ),
        (
            ["id", "phone", "first_name", "birthday_jalali", "birthday"],
            [None, "phone", "first_name", None, "birthday"],
        ),
        (["شماره موبايل مشتري", "نام مشتری"], ["phone", "first_name"]),
    ],
)
def test_guess_mapping_from_headers(header: list[str], expected: list[str | None]) -> None:
    mapping = guess_mapping(header)
    assert [str(mapping[i]) if i in mapping else None for i in range(len(header))] == expected


def test_guess_finds_the_phone_column_by_its_values() -> None:
    sample = [["Ali", "09121234567"], ["Sara", "۰۹۳۵۱۱۱۲۲۳۳"], ["x", "bad"]]
    assert guess_mapping(["col a", "col b"], sample) == {1: Field.PHONE}


def test_parse_and_merge_mapping() -> None:
    header = ["A", "Tel", "Name"]
    chosen = parse_mapping(header, ["1=phone", "name=last_name"])
    assert chosen == {0: Field.PHONE, 2: Field.LAST_NAME}
    assert merged_mapping({1: Field.PHONE, 2: Field.FIRST_NAME}, chosen) == chosen
    assert merged_mapping({1: Field.PHONE}, {1: Field.IGNORE}) == {}
    for bad in ["nope=phone", "Tel=mobile", "phone", "9=phone"]:
        with pytest.raises(BadMapping):
            parse_mapping(header, [bad])


def test_birthdays_jalali_or_gregorian_in_any_digits() -> None:
    assert parse_birthday("1370/05/12", TODAY) == date(1991, 8, 3)
    assert parse_birthday("۱۳۷۰/۰۵/۱۲", TODAY) == date(1991, 8, 3)
    assert parse_birthday("1991-08-03", TODAY) == date(1991, 8, 3)
    assert parse_birthday("1991-08-03 00:00:00", TODAY) == date(1991, 8, 3)
    assert parse_birthday("", TODAY) is None
    for bad in ["1370/13/01", "2030-01-01", "yesterday", "1991-02-30"]:
        with pytest.raises(InvalidDate):
            parse_birthday(bad, TODAY)


def test_consent_only_on_a_clear_yes() -> None:
    assert all(parse_consent(v) for v in ["بله", "1", "Yes", "TRUE", "✓"])
    assert not any(parse_consent(v) for v in ["", "خیر", "0", "no", "maybe"])


MAPPING = {
    0: Field.PHONE,
    1: Field.FIRST_NAME,
    2: Field.LAST_NAME,
    3: Field.BIRTHDAY,
    4: Field.GENDER,
    5: Field.NOTE,
    6: Field.SMS_CONSENT,
}


def test_row_checker_accepts_and_rejects_with_reasons() -> None:
    checker = RowChecker(MAPPING, TODAY)
    ok = checker.check(2, ["۰۹۱۲ ۱۲۳ ۴۵۶۷", " علي ", "رضایی", "1370/05/12", "زن", "VIP", "بله"])
    assert isinstance(ok, Accepted)
    assert ok.draft.phone == "+989121234567"
    assert ok.draft.first_name == "علي"
    assert ok.draft.birthday == date(1991, 8, 3)
    assert ok.draft.gender is Gender.FEMALE
    assert ok.draft.sms_consent
    cases = {
        3: (["+98 912 123 4567", "Ali"], Reason.DUPLICATE_IN_FILE),
        4: (["", "Ali"], Reason.MISSING_PHONE),
        5: (["0212345678", "Ali"], Reason.BAD_PHONE),
        6: (["09351112233", "Ali", "", "1370/13/40"], Reason.BAD_BIRTHDAY),
        7: (["09351112234", "", ""], Reason.BAD_NAME),
        8: (["09351112235", "Ali", "", "", "", "x" * 501], Reason.BAD_NOTE),
    }
    for row, (cells, reason) in cases.items():
        result = checker.check(row, cells)
        assert isinstance(result, Rejection), row
        assert (result.row, result.reason) == (row, reason)
        assert result.message
        assert result.to_json()["reason"] == reason.value


@given(
    digits=st.sampled_from([LATIN_DIGITS, PERSIAN_DIGITS, ARABIC_INDIC_DIGITS]),
    line=st.integers(min_value=0, max_value=9_999_999),
    prefix=st.sampled_from(["0912", "+98912", "0098912", "912"]),
    separator=st.sampled_from(["", " ", "-"]),
)
def test_any_digit_script_gives_the_same_member(
    digits: str, line: int, prefix: str, separator: str
) -> None:
    number = f"{line:07d}"
    typed = f"{prefix}{separator}{number[:3]}{separator}{number[3:]}"
    typed = typed.translate(str.maketrans(LATIN_DIGITS, digits))
    result = RowChecker({0: Field.PHONE, 1: Field.FIRST_NAME}, TODAY).check(2, [typed, "Ali"])
    assert isinstance(result, Accepted)
    assert result.draft.phone == f"+98912{number}"


def test_write_table_csv_has_bom_and_no_leftovers(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    assert write_table(path, ["a", "نام"], iter([[1, "علی"]]), 1) == 1
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    with pytest.raises(UnsupportedFileType):
        write_table(tmp_path / "out.pdf", ["a"], iter([]), 0)


@given(
    national=st.integers(min_value=9_000_000_000, max_value=9_999_999_999),
    shape=st.sampled_from(["0{}", "{}", "+98{}", "0098{}", "98{}"]),
)
def test_the_fast_phone_path_agrees_with_the_full_parse(national: int, shape: str) -> None:
    """Import speed comes from normalize_phone's fast path; it must accept exactly what
    phonenumbers accepts."""
    from clubdesk.core.errors import InvalidPhone
    from clubdesk.core.phone import _parse_phone, clean_digits, normalize_phone

    typed = shape.format(national)
    try:
        expected: str | None = _parse_phone(typed, clean_digits(typed))
    except InvalidPhone:
        expected = None
    try:
        got: str | None = normalize_phone(typed)
    except InvalidPhone:
        got = None
    assert got == expected


def test_every_mobile_prefix_agrees_with_the_full_parse() -> None:
    from clubdesk.core.errors import InvalidPhone
    from clubdesk.core.phone import _parse_phone, normalize_phone

    for prefix in range(9000, 10_000):
        for tail in ("000000", "123456", "999999"):
            typed = f"0{prefix}{tail}"
            try:
                expected: str | None = _parse_phone(typed, typed)
            except InvalidPhone:
                expected = None
            try:
                got: str | None = normalize_phone(typed)
            except InvalidPhone:
                got = None
            assert got == expected, typed

"""Member lists from other programs: reading CSV and Excel files, guessing which column is which,
and checking every row before anything is saved.

Shops bring lists from Excel (often saved as Windows-1256 CSV), from SMS panels and from older
club software: headers in Persian or English, digits in any script, Jalali or Gregorian
birthdays. Reading is lazy (a 100,000-row file is never held whole); each row becomes a
``MemberDraft`` or a ``Rejection`` that says why, so the owner can fix it and import it again.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from clubdesk.core.dates import parse_jalali
from clubdesk.core.errors import InvalidDate, InvalidInput, InvalidName, InvalidPhone
from clubdesk.core.i18n import QT_TRANSLATE_NOOP, to_latin_digits
from clubdesk.core.members import Gender, MemberDraft
from clubdesk.core.names import fold
from clubdesk.core.phone import normalize_phone

CSV_SUFFIXES = frozenset({".csv", ".txt"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
MAX_FILE_BYTES = 256 * 1024 * 1024  # a 1,000,000-member CSV is about 80 MB
MAX_ROWS = 1_000_000
SNIFF_BYTES = 64 * 1024
FIRST_DATA_ROW = 2  # row numbers as the spreadsheet shows them: the header is row 1


# ----------------------------------------------------------------------------------- errors


class ImportFileError(InvalidInput):
    """A file that cannot be imported at all; nothing was saved."""

    code = "IMPORT_FILE"
    default_message = QT_TRANSLATE_NOOP("errors", "The file {name} cannot be imported.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Choose a CSV or Excel (.xlsx) file with one member per row."
    )


class UnsupportedFileType(ImportFileError):
    code = "UNSUPPORTED_FILE_TYPE"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "ClubDesk cannot read or write {name}: only .csv and .xlsx files."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "In Excel use Save As and choose Excel Workbook (.xlsx) or CSV UTF-8."
    )


class UnreadableFile(ImportFileError):
    code = "UNREADABLE_FILE"
    default_message = QT_TRANSLATE_NOOP("errors", "The file {name} cannot be read.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Check that it exists, is a real CSV or Excel file, and is not open elsewhere."
    )


class EmptyFile(ImportFileError):
    code = "EMPTY_FILE"
    default_message = QT_TRANSLATE_NOOP("errors", "The file {name} has no members in it.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Choose a file with a header row and at least one member below it."
    )


class NoPhoneColumn(ImportFileError):
    code = "NO_PHONE_COLUMN"
    default_message = QT_TRANSLATE_NOOP("errors", "No column of {name} is marked as the mobile.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Choose which column holds the mobile numbers (--map COLUMN=phone)."
    )


class FileTooLarge(ImportFileError):
    code = "FILE_TOO_LARGE"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The file {name} is too large to be a member list ({size})."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Split it into files of at most 1,000,000 rows and 256 MB; nothing was saved."
    )


class BadMapping(ImportFileError):
    code = "BAD_MAPPING"
    default_message = QT_TRANSLATE_NOOP("errors", "The column mapping {entry} is not valid.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors",
        "Write COLUMN=FIELD with a column name or number from the file and a field: "
        "phone, first_name, last_name, birthday, gender, note, sms_consent or ignore.",
    )


class ExportFailed(InvalidInput):
    code = "EXPORT_FAILED"
    default_message = QT_TRANSLATE_NOOP("errors", "The file {name} could not be written.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Check that the folder exists and is writable, and close the file in Excel."
    )


# ----------------------------------------------------------------------------------- fields


class Field(StrEnum):
    """What a column of the file holds."""

    PHONE = "phone"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    BIRTHDAY = "birthday"
    GENDER = "gender"
    NOTE = "note"
    SMS_CONSENT = "sms_consent"
    IGNORE = "ignore"


FIELD_LABELS: dict[Field, str] = {
    Field.PHONE: QT_TRANSLATE_NOOP("import", "Mobile"),
    Field.FIRST_NAME: QT_TRANSLATE_NOOP("import", "First name"),
    Field.LAST_NAME: QT_TRANSLATE_NOOP("import", "Last name"),
    Field.BIRTHDAY: QT_TRANSLATE_NOOP("import", "Birthday"),
    Field.GENDER: QT_TRANSLATE_NOOP("import", "Gender"),
    Field.NOTE: QT_TRANSLATE_NOOP("import", "Note"),
    Field.SMS_CONSENT: QT_TRANSLATE_NOOP("import", "SMS consent"),
    Field.IGNORE: QT_TRANSLATE_NOOP("import", "(skip this column)"),
}

# Header words, folded (see ``_header_key``). Whole-header matches win over words inside a
# longer header, and longer words over shorter ones ("نام خانوادگی" before "نام").
_SYNONYMS: dict[Field, tuple[str, ...]] = {
    Field.PHONE: (
        "موبایل", "شماره موبایل", "تلفن همراه", "شماره همراه", "همراه", "شماره تلفن همراه",
        "تلفن", "شماره تلفن", "شماره", "mobile", "mobile number", "phone", "phone number",
        "cell", "cellphone", "cell phone", "tel", "msisdn", "number",
    ),
    Field.LAST_NAME: (
        "نام خانوادگی", "نام خانوادگي", "فامیل", "فامیلی", "last name", "lastname", "surname",
        "family", "family name",
    ),
    Field.FIRST_NAME: ("نام", "اسم", "نام کوچک", "first name", "firstname", "given name", "name"),
    Field.BIRTHDAY: (
        "تاریخ تولد", "تولد", "birthday", "birth date", "date of birth", "dob", "birthdate",
    ),
    Field.GENDER: ("جنسیت", "جنس", "gender", "sex"),
    Field.NOTE: ("یادداشت", "توضیحات", "توضیح", "note", "notes", "comment", "comments"),
    Field.SMS_CONSENT: (
        "رضایت پیامک", "پیامک", "اس ام اس", "رضایت", "sms consent", "sms", "consent",
    ),
}  # fmt: skip
_HEADER_NOISE = re.compile(r"[_\-.:()\[\]*#/\\]+")


def _header_key(text: str) -> str:
    return " ".join(_HEADER_NOISE.sub(" ", fold(text)).split())


def guess_mapping(header: list[str], sample: list[list[str]] | None = None) -> dict[int, Field]:
    """Column index -> field for the columns whose header names one; without a recognised
    mobile header, the column whose sample values are mostly mobile numbers."""
    keys = [_header_key(h) for h in header]
    found: dict[int, Field] = {}
    taken: set[Field] = set()
    words = sorted(
        ((fold(w), f) for f, ws in _SYNONYMS.items() for w in ws), key=lambda wf: -len(wf[0])
    )
    for whole in (True, False):
        for word, target in words:
            if target in taken:
                continue
            for index, key in enumerate(keys):
                if index in found or not key:
                    continue
                if key == word if whole else f" {word} " in f" {key} ":
                    found[index] = target
                    taken.add(target)
                    break
    if Field.PHONE not in taken and sample:
        best = _phone_column(len(header), sample, set(found))
        if best is not None:
            found[best] = Field.PHONE
    return dict(sorted(found.items()))


def _phone_column(width: int, sample: list[list[str]], skip: set[int]) -> int | None:
    scores = {
        i: sum(1 for row in sample if i < len(row) and _is_phone(row[i]))
        for i in range(width)
        if i not in skip
    }
    best = max(scores, key=lambda i: scores[i], default=None)
    return best if best is not None and scores[best] * 2 > len(sample) else None


def _is_phone(value: str) -> bool:
    try:
        normalize_phone(value)
    except InvalidPhone:
        return False
    return True


def parse_mapping(header: list[str], entries: list[str]) -> dict[int, Field]:
    """``COLUMN=FIELD`` entries (a header as written, or a 1-based column number) as a
    mapping; ``BadMapping`` names the entry that does not fit the file."""
    keys = [_header_key(h) for h in header]
    mapping: dict[int, Field] = {}
    for entry in entries:
        column, sep, target = entry.rpartition("=")
        try:
            kind = Field(target.strip().lower())
        except ValueError:
            raise BadMapping(entry=entry) from None
        column = column.strip()
        if not sep or not column:
            raise BadMapping(entry=entry)
        latin = to_latin_digits(column)
        if latin.isdigit() and 1 <= int(latin) <= len(header):
            index = int(latin) - 1
        elif _header_key(column) in keys:
            index = keys.index(_header_key(column))
        else:
            raise BadMapping(entry=entry)
        mapping[index] = kind
    return mapping


def merged_mapping(guessed: dict[int, Field], chosen: dict[int, Field]) -> dict[int, Field]:
    """The guess with the owner's choices on top; a field chosen for one column is taken off
    the column the guess gave it to."""
    result = {i: f for i, f in guessed.items() if f not in set(chosen.values()) or i in chosen}
    result.update(chosen)
    return {i: f for i, f in sorted(result.items()) if f is not Field.IGNORE}


# ---------------------------------------------------------------------------------- reading


@dataclass
class Table:
    """A file's header and its data rows, read lazily as (row number, cells)."""

    name: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    estimated_rows: int


def file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    raise UnsupportedFileType(name=path.name)


@contextmanager
def open_table(path: Path) -> Iterator[Table]:
    """The file's rows; ``UnreadableFile``, ``EmptyFile``, ``FileTooLarge`` or
    ``UnsupportedFileType`` before anything is read into the database."""
    kind = file_kind(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(name=path.name) from exc
    if size > MAX_FILE_BYTES:
        raise FileTooLarge(name=path.name, size=f"{size / 1024 / 1024:.0f} MB")
    if size == 0:
        raise EmptyFile(name=path.name)
    opener = _open_csv if kind == "csv" else _open_xlsx
    with opener(path) as table:
        if not any(cell.strip() for cell in table.header):
            raise EmptyFile(name=path.name)
        yield table


def detect_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Windows-1256, the
    code page Excel uses for Persian CSV on Windows."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the end of the sample
            return "cp1256"
    return "utf-8"


def detect_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@contextmanager
def _open_csv(path: Path) -> Iterator[Table]:
    try:
        with path.open("rb") as raw:
            head = raw.read(SNIFF_BYTES)
            lines = head.count(b"\n")
            while chunk := raw.read(1 << 20):  # counted in pieces: the file is never held whole
                lines += chunk.count(b"\n")
        encoding = detect_encoding(head)
        handle = path.open(encoding=encoding, newline="", errors="replace")
    except OSError as exc:
        raise UnreadableFile(name=path.name) from exc
    with handle:
        first = handle.readline()
        handle.seek(0)
        reader = csv.reader(handle, delimiter=detect_delimiter(first))
        try:
            header = [_cell(c) for c in next(reader, [])]
        except csv.Error as exc:
            raise UnreadableFile(name=path.name) from exc
        yield Table(path.name, header, _csv_rows(path.name, reader), max(lines - 1, 1))


def _csv_rows(name: str, reader: Any) -> Iterator[tuple[int, list[str]]]:
    number = FIRST_DATA_ROW - 1
    try:
        for cells in reader:
            number += 1
            if any(c.strip() for c in cells):
                yield number, [_cell(c) for c in cells]
    except csv.Error as exc:
        raise UnreadableFile(name=name) from exc


@contextmanager
def _open_xlsx(path: Path) -> Iterator[Table]:
    import openpyxl  # only when an Excel file is chosen: start-up stays fast

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike: not a workbook
        raise UnreadableFile(name=path.name) from exc
    try:
        sheet = book.active
        rows = sheet.iter_rows(values_only=True)
        header = [_cell(c) for c in next(rows, ())]
        estimate = max((sheet.max_row or 2) - 1, 1)
        yield Table(path.name, header, _xlsx_rows(rows), estimate)
    finally:
        book.close()


def _xlsx_rows(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, list[str]]]:
    for number, values in enumerate(rows, start=FIRST_DATA_ROW):
        cells = [_cell(v) for v in values]
        if any(cells):
            yield number, cells


def _cell(value: Any) -> str:
    """A cell as text: Excel's numbers without '.0', its dates as ISO, everything trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip().lstrip("\ufeff")


# ------------------------------------------------------------------------------- validating


class Reason(StrEnum):
    """Why a row was not imported (stable codes for scripts; messages for people)."""

    MISSING_PHONE = "missing_phone"
    BAD_PHONE = "bad_phone"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    ALREADY_MEMBER = "already_member"
    BAD_BIRTHDAY = "bad_birthday"
    BAD_NAME = "bad_name"
    BAD_NOTE = "bad_note"


REASON_MESSAGES: dict[Reason, str] = {
    Reason.MISSING_PHONE: QT_TRANSLATE_NOOP("import", "No mobile number"),
    Reason.BAD_PHONE: QT_TRANSLATE_NOOP("import", "Not a valid Iranian mobile number"),
    Reason.DUPLICATE_IN_FILE: QT_TRANSLATE_NOOP("import", "Same mobile as an earlier row"),
    Reason.ALREADY_MEMBER: QT_TRANSLATE_NOOP("import", "Already a member (left unchanged)"),
    Reason.BAD_BIRTHDAY: QT_TRANSLATE_NOOP("import", "Birthday is not a valid date"),
    Reason.BAD_NAME: QT_TRANSLATE_NOOP("import", "Name missing or longer than 60 letters"),
    Reason.BAD_NOTE: QT_TRANSLATE_NOOP("import", "Note longer than 500 characters"),
}


@dataclass(frozen=True)
class Rejection:
    row: int
    value: str  # the cell that was wrong (the mobile for duplicates)
    reason: Reason
    cells: list[str] = field(default_factory=list, compare=False)

    @property
    def message(self) -> str:
        return REASON_MESSAGES[self.reason]

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "value": self.value,
            "reason": str(self.reason),
            "message": self.message,
        }


@dataclass(frozen=True)
class Accepted:
    row: int
    draft: MemberDraft  # validated: E.164 phone, clean names
    cells: list[str] = field(default_factory=list, compare=False)


_YES = frozenset({"1", "true", "yes", "y", "x", "ok", "✓", "بله", "بلی", "آری", "دارد", "هست"})
_FEMALE = frozenset({"female", "f", "woman", "زن", "خانم", "مونث", "مؤنث"})
_MALE = frozenset({"male", "m", "man", "مرد", "آقا", "اقا", "مذکر"})
_DATE = re.compile(r"(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:[ T].*)?")


def parse_birthday(raw: str, today: date) -> date | None:
    """Jalali (1370/05/12) or Gregorian (1991-08-03) by the year; empty is no birthday."""
    text = to_latin_digits(raw).strip()
    if not text:
        return None
    match = _DATE.fullmatch(text)
    if not match:
        raise InvalidDate(entered=raw)
    year, month, day = (int(p) for p in match.groups())
    if year < 1700:
        return parse_jalali(f"{year}/{month}/{day}", today=today)
    try:
        result = date(year, month, day)
    except ValueError as exc:
        raise InvalidDate(entered=raw) from exc
    if result > today:
        raise InvalidDate(entered=raw)
    return result


def parse_consent(raw: str) -> bool:
    """Only a clear yes is consent: a blank or unknown value never lets marketing SMS out."""
    return fold(raw) in _YES


def parse_gender(raw: str) -> Gender:
    key = fold(raw)
    if key in _FEMALE:
        return Gender.FEMALE
    if key in _MALE:
        return Gender.MALE
    return Gender.UNSPECIFIED


class RowChecker:
    """Turns rows into accepted drafts or rejections; remembers the file's mobiles so that a
    second row with the same mobile is reported, not silently merged."""

    def __init__(self, mapping: dict[int, Field], today: date | None = None) -> None:
        if Field.PHONE not in mapping.values():
            raise NoPhoneColumn(name="")
        self.columns = {f: i for i, f in mapping.items() if f is not Field.IGNORE}
        self.today = today or date.today()
        self.seen: set[str] = set()

    def _get(self, cells: list[str], target: Field) -> str:
        index = self.columns.get(target)
        return cells[index] if index is not None and index < len(cells) else ""

    def check(self, row: int, cells: list[str]) -> Accepted | Rejection:
        phone = self._get(cells, Field.PHONE)
        if not phone.strip():
            return Rejection(row, "", Reason.MISSING_PHONE, cells)
        try:
            birthday = parse_birthday(self._get(cells, Field.BIRTHDAY), self.today)
            draft = MemberDraft(
                phone=phone,
                first_name=self._get(cells, Field.FIRST_NAME),
                last_name=self._get(cells, Field.LAST_NAME),
                birthday=birthday,
                gender=parse_gender(self._get(cells, Field.GENDER)),
                note=self._get(cells, Field.NOTE),
                sms_consent=parse_consent(self._get(cells, Field.SMS_CONSENT)),
            ).validated(today=self.today)
        except InvalidPhone:
            return Rejection(row, phone, Reason.BAD_PHONE, cells)
        except InvalidDate:
            return Rejection(row, self._get(cells, Field.BIRTHDAY), Reason.BAD_BIRTHDAY, cells)
        except InvalidName:
            name = f"{self._get(cells, Field.FIRST_NAME)} {self._get(cells, Field.LAST_NAME)}"
            return Rejection(row, name.strip(), Reason.BAD_NAME, cells)
        except InvalidInput:
            return Rejection(row, self._get(cells, Field.NOTE)[:40], Reason.BAD_NOTE, cells)
        if draft.phone in self.seen:
            return Rejection(row, phone, Reason.DUPLICATE_IN_FILE, cells)
        self.seen.add(draft.phone)
        return Accepted(row, draft, cells)


# ---------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class PreviewRow:
    row: int
    cells: list[str]
    rejection: Rejection | None  # None: would be imported

    def to_json(self) -> dict[str, Any]:
        status = "ok" if self.rejection is None else str(self.rejection.reason)
        return {"row": self.row, "cells": self.cells, "status": status}


@dataclass(frozen=True)
class ImportPreview:
    name: str
    header: list[str]
    mapping: dict[int, Field]
    rows: list[PreviewRow]
    estimated_rows: int

    @property
    def ok(self) -> int:
        return sum(1 for r in self.rows if r.rejection is None)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "columns": self.header,
            "mapping": {self.header[i]: str(f) for i, f in self.mapping.items()},
            "rows": [r.to_json() for r in self.rows],
            "estimated_rows": self.estimated_rows,
            "ok": self.ok,
            "rejected": len(self.rows) - self.ok,
        }


@dataclass(frozen=True)
class ImportReport:
    name: str
    header: list[str]
    mapping: dict[int, Field]
    imported: int
    rejected: list[Rejection]
    dry_run: bool = False

    @property
    def by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for r in self.rejected:
            counts[str(r.reason)] = counts.get(str(r.reason), 0) + 1
        return counts

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "dry_run": self.dry_run,
            "mapping": {self.header[i]: str(f) for i, f in self.mapping.items()},
            "imported": self.imported,
            "rejected_count": len(self.rejected),
            "by_reason": self.by_reason,
            "rejected": [r.to_json() for r in self.rejected],
        }


def write_rejections(path: Path, report: ImportReport, translate: Any = None) -> None:
    """The rejected rows as a CSV Excel opens (UTF-8 with BOM): row, reason, then the row's own
    cells under the file's header, so the owner can fix them and import that file again."""
    localise = translate or (lambda _ctx, text: text)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["row", "reason", *report.header])
            for r in report.rejected:
                out.writerow([r.row, localise("import", r.message), *r.cells])
    except OSError as exc:
        raise ExportFailed(name=path.name) from exc


# ---------------------------------------------------------------------------------- writing

EXPORT_BATCH = 5000


def write_table(
    path: Path,
    header: list[str],
    rows: Iterator[list[Any]],
    total: int,
    progress: Any = None,
) -> int:
    """Write rows to ``path`` as CSV (UTF-8 with BOM, so Excel shows Persian) or .xlsx by its
    extension, streaming; returns how many rows. Written to a temporary file first and renamed:
    a Cancel (``progress`` raising ``Cancelled``) or a failure leaves no half-written file."""
    kind = file_kind(path)
    temp = path.with_name(f".{path.name}.part")
    try:
        if kind == "csv":
            written = _write_csv(temp, header, rows, total, progress)
        else:
            written = _write_xlsx(temp, header, rows, total, progress)
        temp.replace(path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ExportFailed(name=path.name) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return written


def _write_csv(
    path: Path, header: list[str], rows: Iterator[list[Any]], total: int, progress: Any
) -> int:
    written = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for row in rows:
            out.writerow(row)
            written += 1
            if progress is not None and written % EXPORT_BATCH == 0:
                progress(written, total)
    if progress is not None:
        progress(written, total)
    return written


def _write_xlsx(
    path: Path, header: list[str], rows: Iterator[list[Any]], total: int, progress: Any
) -> int:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)  # streams rows to disk as they come
    sheet = book.create_sheet()
    sheet.append(header)
    written = 0
    try:
        for row in rows:
            sheet.append(row)
            written += 1
            if progress is not None and written % EXPORT_BATCH == 0:
                progress(written, total)
    except BaseException:
        sheet.close()  # ends openpyxl's writer and removes its temporary file
        raise
    with path.open("wb") as handle:
        book.save(handle)
    if progress is not None:
        progress(written, total)
    return written

"""Import and export benchmark: what an owner waits for when a shop moves its list to ClubDesk.

Writes a CSV and an .xlsx of N real-looking Iranian members (Persian names, phones typed as
people type them: 09.., +98.., Persian digits, Jalali birthdays, a few bad rows), then times
``ClubServices.import_members`` of each into an empty shop and ``ClubServices.export`` of the
members, purchases and ledger to CSV and .xlsx. Figures on stdout; the last line is one JSON
object. Target: 100,000 members from CSV in under 10 s.

    .venv/bin/python bench/import_export.py --members 100000
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
from functools import partial
from pathlib import Path

import openpyxl

from _common import load_average, note, say, timed
from clubdesk.core.demo import demo_members
from clubdesk.core.i18n import to_persian_digits
from clubdesk.core.phone import national_digits
from clubdesk.services import ClubServices

TARGET_S = 10.0
HEADER = ["ردیف", "نام", "نام خانوادگی", "شماره موبایل", "تاریخ تولد", "رضایت پیامک", "یادداشت"]


def _rows(count: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for n, person in enumerate(demo_members(count, seed), start=1):
        local = "0" + national_digits(person.phone)
        shape = rng.random()
        if shape < 0.15:
            phone = to_persian_digits(local)
        elif shape < 0.25:
            phone = person.phone
        elif shape < 0.30:
            phone = f"{local[:4]} {local[4:7]} {local[7:]}"
        elif shape < 0.305:
            phone = local[:7]  # a cut-off number: rejected
        else:
            phone = local
        birthday = ""
        if rng.random() < 0.6:
            birthday = (
                f"{rng.randint(1330, 1385)}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}"
            )
        consent = "بله" if person.sms_consent else "خیر"
        memo = "مشتری ویژه" if rng.random() < 0.05 else ""
        rows.append([str(n), person.first_name, person.last_name, phone, birthday, consent, memo])
    return rows


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        out.writerows(rows)


def _write_xlsx(path: Path, rows: list[list[str]]) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)


def _import(folder: Path, path: Path) -> tuple[float, int, int, ClubServices]:
    folder.mkdir()
    club = ClubServices.open(folder, actor="bench")
    seconds, report = timed(lambda: club.import_members(path))
    return seconds, report.imported, len(report.rejected), club


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1405)
    args = parser.parse_args()
    figures: dict[str, object] = {"members": args.members, "load_before": load_average()}
    with tempfile.TemporaryDirectory(prefix="clubdesk-bench-import-") as tmp:
        work = Path(tmp)
        note(f"writing {args.members:,} members to CSV and .xlsx ...")
        rows = _rows(args.members, args.seed)
        csv_path, xlsx_path = work / "members.csv", work / "members.xlsx"
        _write_csv(csv_path, rows)
        _write_xlsx(xlsx_path, rows)
        figures["csv_mb"] = round(csv_path.stat().st_size / 1e6, 1)
        figures["xlsx_mb"] = round(xlsx_path.stat().st_size / 1e6, 1)

        seconds, imported, rejected, club = _import(work / "shop-csv", csv_path)
        say(f"import CSV : {seconds:6.2f} s  {imported:,} imported, {rejected:,} rejected "
            f"({imported / seconds:,.0f} members/s; target < {TARGET_S:.0f} s)")  # fmt: skip
        figures |= {"import_csv_s": round(seconds, 2), "imported": imported, "rejected": rejected}
        club.add_demo_members(args.members // 5, seed=args.seed + 1)  # some purchases too
        for kind in ("members", "purchases", "ledger"):
            for suffix in (".csv", ".xlsx"):
                target = work / f"out-{kind}{suffix}"
                seconds, written = timed(partial(club.export, kind, target))
                say(f"export {kind:9} {suffix:5}: {seconds:6.2f} s  {written:,} rows")
                figures[f"export_{kind}_{suffix[1:]}_s"] = round(seconds, 2)
                figures[f"export_{kind}_rows"] = written
        club.close()

        seconds, imported, rejected, club = _import(work / "shop-xlsx", xlsx_path)
        club.close()
        say(f"import XLSX: {seconds:6.2f} s  {imported:,} imported, {rejected:,} rejected")
        figures["import_xlsx_s"] = round(seconds, 2)
    figures["csv_under_target"] = figures["import_csv_s"] < TARGET_S  # type: ignore[operator]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()

"""Reports on a real shop file: sales, visits and points by Tehran-time Jalali month,
liability, top customers, levels, the Excel export, Cancel and the licence gate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from clubdesk.core.club import ClubRules, RewardsCatalogue
from clubdesk.core.errors import Cancelled, ClubDeskError
from clubdesk.core.members import MemberDraft, MemberView
from clubdesk.core.points import LedgerKind
from clubdesk.core.programme import EarningRules
from clubdesk.core.reports import ClubReport, Figures, PeriodKind, custom_period, period
from clubdesk.core.reports_xlsx import ReportFileType, ReportNotSaved
from clubdesk.services import ClubServices
from clubdesk.storage import ledger, members, settings
from clubdesk.storage.models import Member

ESFAND = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)  # 10 Esfand 1404
LAST_MINUTE = datetime(2026, 3, 20, 20, 0, tzinfo=UTC)  # 23:30 on 29 Esfand in Tehran
NOWRUZ = datetime(2026, 3, 20, 21, 0, tzinfo=UTC)  # 00:30 on 1 Farvardin 1405 in Tehran
ORDIBEHESHT = datetime(2026, 4, 25, 9, 0, tzinfo=UTC)  # 5 Ordibehesht 1405


class Clock:
    def __init__(self) -> None:
        self.now = ESFAND

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def shop(data_dir: Path, clock: Clock) -> Iterator[ClubServices]:
    services = ClubServices.open(data_dir, actor="tester")
    services.clock = clock
    services.set_earning_rules(EarningRules(tomans_per_point=10_000))
    yield services
    services.close()


def join(shop: ClubServices, phone: str, name: str) -> MemberView:
    return shop.register(MemberDraft(phone=phone, first_name=name)).member


def direct(shop: ClubServices, member_id: str, kind: str, amount: int, unit: str) -> None:
    """Ledger kinds no service writes on demand yet: expiry and wallet credit."""
    with shop.db.write() as session:
        row = members.locate(session, member_id)
        if kind == "earn":
            ledger.add_lot(session, row.id, amount, "tester", shop.clock(), unit=unit)
        else:
            ledger.redeem(
                session, row.id, amount, "tester", shop.clock(), unit=unit, kind=LedgerKind(kind)
            )


@pytest.fixture
def busy_shop(shop: ClubServices, clock: Clock) -> dict[str, str]:
    """Three members over Esfand 1404, Nowruz and Ordibehesht 1405 (see the test's figures)."""
    ali, bita = join(shop, "09121111111", "Ali"), join(shop, "09122222222", "Bita")
    shop.record_purchase(ali.id, 200_000)
    big = shop.record_purchase(bita.id, 500_000)
    clock.now = LAST_MINUTE
    shop.record_purchase(ali.id, 100_000)
    clock.now = NOWRUZ
    cyrus = join(shop, "09123333333", "Cyrus")
    shop.record_purchase(cyrus.id, 300_000)
    shop.redeem(ali.id, 15)
    clock.now = ORDIBEHESHT
    shop.reverse_purchase(big.purchase.id, "returned")
    direct(shop, ali.id, "expire", 5, "points")
    direct(shop, cyrus.id, "earn", 7_000, "credit")
    direct(shop, cyrus.id, "redeem", 2_000, "credit")
    return {"ali": ali.id, "bita": bita.id, "cyrus": cyrus.id}


def three_months(shop: ClubServices) -> ClubReport:
    return shop.report(custom_period("1404/12/01", "1405/02/31"))


def test_figures_fall_in_the_tehran_month_they_happened(
    shop: ClubServices, busy_shop: dict[str, str]
) -> None:
    report = three_months(shop)
    esfand, farvardin, ordibehesht = (row.figures for row in report.months)
    assert [row.bucket.key for row in report.months] == ["1404/12", "1405/01", "1405/02"]
    assert esfand == Figures(new_members=2, visits=3, sales=800_000, points_issued=80)
    assert farvardin == Figures(
        new_members=1, visits=1, sales=300_000, points_issued=30, points_redeemed=15
    )
    assert ordibehesht == Figures(
        visits=-1,  # the reversal takes back a visit and the sale
        sales=-500_000,
        points_reversed=50,
        points_expired=5,
        credit_issued=7_000,
        credit_used=2_000,
    )
    assert report.totals.sales == 600_000
    assert report.totals.visits == 3
    assert report.has_purchases


def test_liability_is_unspent_points_at_their_value_plus_credit(
    shop: ClubServices, busy_shop: dict[str, str]
) -> None:
    report = three_months(shop)
    assert report.liability.points == 40  # Ali 20+10-15-5, Bita 50-50, Cyrus 30
    assert report.liability.point_value == 1_000  # the default
    assert report.liability.credit == 5_000
    assert report.liability.tomans == 45_000
    with shop.db.write() as session:
        settings.put(session, "programme.point_value", 500, "tester", shop.clock())
    assert three_months(shop).liability.tomans == 25_000


def test_top_customers_rank_by_net_spend_and_leave_out_a_full_refund(
    shop: ClubServices, busy_shop: dict[str, str]
) -> None:
    top = three_months(shop).top_customers
    assert [(c.name, c.spent, c.visits, c.points) for c in top] == [
        ("Ali", 300_000, 2, 30),
        ("Cyrus", 300_000, 1, 30),
    ]
    assert top[0].phone == "+989121111111"
    farvardin = shop.report(custom_period("1405/01/01", "1405/01/31")).top_customers
    assert [c.name for c in farvardin] == ["Cyrus"]


def test_levels_count_members_not_archived(shop: ClubServices, busy_shop: dict[str, str]) -> None:
    with shop.db.write() as session:
        session.execute(update(Member).where(Member.first_name == "Ali").values(level="Gold"))
    shop.set_archived(busy_shop["bita"], True)
    levels = three_months(shop).levels
    assert [(share.level, share.members) for share in levels] == [("", 1), ("Gold", 1)]


def test_a_shop_without_purchases_reports_zeros_and_says_so(shop: ClubServices) -> None:
    report = shop.report(period(PeriodKind.THIS_YEAR, ESFAND))
    assert not report.has_purchases
    assert report.totals == Figures()
    assert len(report.months) == 12  # Farvardin to Esfand 1404, each with zeros
    assert report.top_customers == ()
    assert report.levels == ()


def test_cancel_stops_the_report(shop: ClubServices, busy_shop: dict[str, str]) -> None:
    seen: list[int] = []

    def cancel_after_first(done: int, total: int) -> None:
        seen.append(done)
        raise Cancelled

    with pytest.raises(Cancelled):
        shop.report(custom_period("1404/12/01", "1405/02/31"), cancel_after_first)
    assert seen == [1]


def test_a_locked_shop_shows_no_report(shop: ClubServices) -> None:
    class Locked(ClubDeskError):
        code = "LOCKED"

    def refuse() -> None:
        raise Locked()

    shop.gate = refuse
    with pytest.raises(Locked):
        shop.report(period(PeriodKind.THIS_MONTH, ESFAND))


def test_excel_export_has_a_sheet_per_table_with_numbers_as_numbers(
    shop: ClubServices, busy_shop: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "report.xlsx"
    shop.export_report(three_months(shop), path)
    book = load_workbook(path)
    assert book.sheetnames == ["Summary", "Months", "Top customers", "Levels"]
    months = list(book["Months"].iter_rows(values_only=True))
    assert months[0][:5] == ("Month", "New members", "Visits", *months[0][3:5])
    assert months[1][:4] == ("1404/12 Esfand", 2, 3, 800_000)
    assert months[2][0] == "1405/01 Farvardin"
    assert months[-1][:4] == ("Total", 3, 3, 600_000)
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert summary["Outstanding liability (tomans)"] == 45_000
    top = list(book["Top customers"].iter_rows(values_only=True))
    assert top[1] == ("Ali", "+989121111111", 300_000, 2, 30)
    assert not list(tmp_path.glob(".*.part"))


def test_excel_export_translates_sheet_names_and_months(
    shop: ClubServices, busy_shop: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "report.xlsx"
    shop.export_report(three_months(shop), path, lambda _ctx, text: f"<{text}>")
    book = load_workbook(path)
    assert "<Summary>" in book.sheetnames
    assert book["<Months>"]["A2"].value == "1404/12 <Esfand>"


def test_a_report_is_not_saved_as_csv(
    shop: ClubServices, busy_shop: dict[str, str], tmp_path: Path
) -> None:
    with pytest.raises(ReportFileType) as caught:
        shop.export_report(three_months(shop), tmp_path / "report.csv")
    assert ".xlsx" in caught.value.hint
    assert not (tmp_path / "report.csv").exists()


def test_a_folder_that_does_not_exist_is_named_in_the_error(
    shop: ClubServices, busy_shop: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "report.xlsx"
    with pytest.raises(ReportNotSaved) as caught:
        shop.export_report(three_months(shop), target)
    assert str(target) in str(caught.value)


def test_without_its_own_setting_a_point_is_worth_the_rewards_catalogues_value(
    shop: ClubServices, busy_shop: dict[str, str]
) -> None:
    shop.set_club_rules(ClubRules(rewards=RewardsCatalogue(point_value=250)))
    liability = three_months(shop).liability
    assert liability.point_value == 250
    assert liability.tomans == 40 * 250 + 5_000

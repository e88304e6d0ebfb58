"""The receipt as data: figures, masking, the breakdown, the optional level, paper widths."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from clubdesk.core.errors import InvalidSetting
from clubdesk.core.i18n import LATIN_DIGITS, PERSIAN_DIGITS, Lang
from clubdesk.core.members import MemberDraft, MemberView, PurchaseResult, PurchaseView
from clubdesk.core.programme import Earning, EarningRules
from clubdesk.core.receipt import (
    LRI,
    PAPERS,
    PDI,
    Receipt,
    ReceiptNotPrinted,
    ReceiptSettings,
    mask_phone,
    paper,
)
from clubdesk.services import ClubServices


def same(_context: str, text: str) -> str:
    return text


def result(points: int = 55, balance: int = 1250, name: str = "Sara") -> PurchaseResult:
    member = MemberView(
        id="m1",
        phone="+989123456789",
        first_name=name,
        last_name="Karimi",
        points=balance,
        archived=False,
        visits=3,
        total_spent=900_000,
        last_visit_at=None,
    )
    purchase = PurchaseView("p1", 250_000, points, datetime(2025, 1, 4, 8, 0, tzinfo=UTC), "t")
    return PurchaseResult(purchase, member)


def values(receipt: Receipt, lang: Lang) -> dict[str, str]:
    return {row.key: row.value for row in receipt.rows(lang, same)}


def test_the_receipt_carries_the_sale_and_the_member() -> None:
    receipt = Receipt.from_purchase(result(), "  Bahar  ")
    assert receipt.shop_name == "Bahar"
    assert (receipt.amount, receipt.points_earned, receipt.balance) == (250_000, 55, 1250)
    assert receipt.member_name == "Sara Karimi"
    assert receipt.masked_phone == "0912***6789"
    assert receipt.level is None  # levels do not exist yet


def test_english_values_use_latin_digits() -> None:
    shown = values(Receipt.from_purchase(result(), "Bahar"), Lang.EN)
    assert shown["amount"] == "250,000 tomans"
    assert shown["earned"] == "55"
    assert shown["balance"] == "1,250"
    assert shown["phone"] == "0912***6789"
    assert shown["date"] == "2025-01-04 11:30"  # Tehran time


def test_persian_values_use_persian_digits_only() -> None:
    shown = values(Receipt.from_purchase(result(), "Bahar"), Lang.FA)
    assert shown["earned"] == "۵۵"
    assert shown["phone"] == f"{LRI}۰۹۱۲***۶۷۸۹{PDI}"  # kept in order inside Persian text
    assert shown["date"].startswith("۱۴۰۳/۱۰/۱۵")  # Jalali
    for text in shown.values():
        assert not set(text) & set(LATIN_DIGITS), text
    assert set(shown["balance"]) & set(PERSIAN_DIGITS)


def test_the_level_line_is_shown_only_when_the_member_has_one() -> None:
    assert "level" not in values(Receipt.from_purchase(result(), "Bahar"), Lang.EN)
    with_level = Receipt.from_purchase(result(), "Bahar", level="Gold")
    assert values(with_level, Lang.EN)["level"] == "Gold"
    assert Receipt.from_purchase(result(), "Bahar", level="").level is None


def test_the_breakdown_is_shown_when_it_explains_the_points() -> None:
    receipt = Receipt.from_purchase(result(points=55), "Bahar", Earning(25, 25, 5))
    rows = {row.key: row for row in receipt.rows(Lang.EN, same)}
    assert [rows[k].value for k in ("base", "happy_hour", "per_visit")] == ["25", "+25", "+5"]
    assert all(rows[k].detail for k in ("base", "happy_hour", "per_visit"))
    persian = values(receipt, Lang.FA)
    assert persian["happy_hour"] == f"{LRI}+۲۵{PDI}"  # the sign stays on the left


def test_a_plain_earning_adds_no_breakdown_lines() -> None:
    receipt = Receipt.from_purchase(result(points=25), "Bahar", Earning(25))
    assert receipt.earning == Earning(25)
    assert not {"base", "happy_hour", "per_visit"} & set(values(receipt, Lang.EN))


def test_a_breakdown_that_does_not_add_up_is_left_out() -> None:
    receipt = Receipt.from_purchase(result(points=30), "Bahar", Earning(25, 25, 5))
    assert receipt.earning is None
    assert "happy_hour" not in values(receipt, Lang.EN)


def test_the_rules_breakdown_matches_a_real_purchase(club: ClubServices) -> None:
    club.set_earning_rules(EarningRules(points_per_visit=3))
    member = club.register(MemberDraft(phone="09121234567", first_name="Sara")).member
    sale = club.record_purchase(member.id, 250_000)
    earning = club.earning_rules().points_for(250_000, sale.purchase.created_at)
    receipt = Receipt.from_purchase(sale, club.shop_name(), earning)
    assert receipt.earning == Earning(25, 0, 3)
    assert values(receipt, Lang.EN)["per_visit"] == "+3"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("+989123456789", "0912***6789"), ("+98912", "***"), ("", "***"), ("+98abcdefghij", "***")],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_papers_are_58_and_80_mm_with_their_columns() -> None:
    assert (paper(58).columns, paper(80).columns) == (32, 48)
    assert paper(58).printable_mm < 58
    assert paper(80).printable_mm < 80


@pytest.mark.parametrize("width", [70, 0, True, "80", None, 80.5])
def test_other_widths_are_refused(width: object) -> None:
    with pytest.raises(InvalidSetting):
        paper(width)


@pytest.mark.parametrize("width", sorted(PAPERS))
@pytest.mark.parametrize("lang", [Lang.FA, Lang.EN])
def test_plain_text_fits_the_paper_and_cuts_nothing(width: int, lang: Lang) -> None:
    long_shop = "Bahar" * 20 + " household goods and kitchen supplies of Tehran"
    receipt = Receipt.from_purchase(
        result(name="Mohammad-Hossein Abdolrahimzadeh Tabatabaei"),
        long_shop,
        Earning(25, 25, 5),
        level="Gold",
    )
    text = receipt.plain_text(lang, same, width)
    lines = text.splitlines()
    assert all(len(line) <= PAPERS[width].columns for line in lines), text
    assert "".join(lines).replace(" ", "").count("Bahar") == 20
    assert "Abdolrahimzadeh" in text
    assert "Gold" in text
    assert "Thank you for your purchase" in text


def test_plain_text_puts_label_and_value_on_one_line() -> None:
    text = Receipt.from_purchase(result(), "Bahar").plain_text(Lang.EN, same, 58)
    assert "Balance" + " " * 20 + "1,250" in text
    assert text.splitlines()[0].strip() == "Bahar"


def test_receipt_settings_default_and_validation() -> None:
    assert ReceiptSettings() == ReceiptSettings(80, False)
    with pytest.raises(InvalidSetting):
        ReceiptSettings(70)
    with pytest.raises(InvalidSetting):
        ReceiptSettings(58, "yes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("width", "auto", "expected"),
    [
        (None, None, ReceiptSettings(80, False)),
        (58, True, ReceiptSettings(58, True)),
        (72, "on", ReceiptSettings(80, False)),  # unknown values: the defaults, still selling
        (True, 1, ReceiptSettings(80, False)),
    ],
)
def test_stored_receipt_settings_fall_back_to_defaults(
    width: object, auto: object, expected: ReceiptSettings
) -> None:
    assert ReceiptSettings.from_settings(width, auto) == expected


def test_the_shop_keeps_its_receipt_settings(club: ClubServices) -> None:
    assert club.receipt_settings() == ReceiptSettings(80, False)
    club.set_receipt_settings(ReceiptSettings(58, True))
    assert club.receipt_settings() == ReceiptSettings(58, True)
    club.set_receipt_settings(ReceiptSettings(58, True))  # unchanged: saved again quietly
    assert club.receipt_settings() == ReceiptSettings(58, True)


def test_an_invalid_width_is_never_saved(club: ClubServices) -> None:
    bad = object.__new__(ReceiptSettings)
    object.__setattr__(bad, "width_mm", 70)
    object.__setattr__(bad, "auto_print", False)
    with pytest.raises(InvalidSetting):
        club.set_receipt_settings(bad)
    assert club.receipt_settings() == ReceiptSettings()


def test_a_print_failure_has_a_stable_code_and_a_hint() -> None:
    error = ReceiptNotPrinted()
    assert error.code == "RECEIPT_NOT_PRINTED"
    assert "purchase is saved" in error.render()


def test_the_shops_phone_and_address_print_under_its_name() -> None:
    receipt = Receipt.from_purchase(
        result(), "Bahar", shop_details="021 8888 1234 ·  Tehran,\n Valiasr St."
    )
    assert receipt.shop_details == "021 8888 1234 · Tehran, Valiasr St."
    persian = receipt.plain_text(Lang.FA, same, 58).splitlines()
    assert "۰۲۱ ۸۸۸۸ ۱۲۳۴" in persian[1]  # Persian digits on a Persian receipt
    assert persian[1].strip().startswith("۰۲۱")
    english = receipt.plain_text(Lang.EN, same, 80).splitlines()
    assert english[1].strip() == "021 8888 1234 · Tehran, Valiasr St."
    assert english[2].startswith("---")
    bare = Receipt.from_purchase(result(), "Bahar").plain_text(Lang.EN, same, 80).splitlines()
    assert bare[1].startswith("---")  # no empty line where no details were given

"""A short purchase receipt for 58/80 mm thermal printers, independent of Qt.

The receipt is plain data built from a recorded purchase, so the printer, the PDF and the
preview all show the same figures. ``rows`` gives the labelled lines in the UI's language
(Persian digits in Persian) and ``plain_text`` fits them to the paper's character columns,
which is also how a later ESC/POS text printer would print it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from clubdesk.core import dates, money
from clubdesk.core.errors import ClubDeskError, InvalidSetting
from clubdesk.core.i18n import QT_TRANSLATE_NOOP, Lang, localize_digits
from clubdesk.core.members import PurchaseResult
from clubdesk.core.phone import national_digits
from clubdesk.core.programme import Earning

CONTEXT = "receipt"  # translation context of the labels below
LRI, PDI = "\u2066", "\u2069"  # keeps a masked phone's digits in order inside Persian text


@dataclass(frozen=True)
class Paper:
    """A thermal roll: its width, the part the head prints on, and the characters a line holds
    in the printer's own font (the usual 32 and 48)."""

    width_mm: int
    printable_mm: float
    columns: int


PAPERS = {58: Paper(58, 48.0, 32), 80: Paper(80, 72.0, 48)}
DEFAULT_WIDTH_MM = 80
WIDTH_KEY = "receipt.width_mm"
AUTO_PRINT_KEY = "receipt.auto_print"


class ReceiptNotPrinted(ClubDeskError):
    """No printer, or the printer or PDF file refused the page. The sale itself is saved."""

    code = "RECEIPT_NOT_PRINTED"
    default_message = QT_TRANSLATE_NOOP("errors", "The receipt could not be printed.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "The purchase is saved. Check the printer, then press Ctrl+P to print again."
    )


NO_PRINTER = QT_TRANSLATE_NOOP("errors", "No printer is set up for receipts.")
NO_PRINTER_HINT = QT_TRANSLATE_NOOP(
    "errors",
    "Connect the receipt printer and make it the default, or turn off automatic printing.",
)
PDF_NOT_WRITTEN = QT_TRANSLATE_NOOP("errors", "The receipt PDF could not be written.")
PDF_HINT = QT_TRANSLATE_NOOP("errors", "Choose a folder you can write to, then save again.")

LABELS = {
    "amount": QT_TRANSLATE_NOOP("receipt", "Purchase"),
    "earned": QT_TRANSLATE_NOOP("receipt", "Points earned"),
    "base": QT_TRANSLATE_NOOP("receipt", "For the amount"),
    "happy_hour": QT_TRANSLATE_NOOP("receipt", "Happy hour"),
    "per_visit": QT_TRANSLATE_NOOP("receipt", "For the visit"),
    "level_bonus": QT_TRANSLATE_NOOP("receipt", "Level bonus"),
    "reward": QT_TRANSLATE_NOOP("receipt", "Reward"),
    "points_spent": QT_TRANSLATE_NOOP("receipt", "Points spent"),
    "credit_used": QT_TRANSLATE_NOOP("receipt", "Paid with credit"),
    "paid": QT_TRANSLATE_NOOP("receipt", "To pay"),
    "cashback": QT_TRANSLATE_NOOP("receipt", "Credit earned"),
    "credit": QT_TRANSLATE_NOOP("receipt", "Wallet credit"),
    "balance": QT_TRANSLATE_NOOP("receipt", "Balance"),
    "level": QT_TRANSLATE_NOOP("receipt", "Level"),
    "member": QT_TRANSLATE_NOOP("receipt", "Member"),
    "phone": QT_TRANSLATE_NOOP("receipt", "Mobile"),
    "date": QT_TRANSLATE_NOOP("receipt", "Date"),
    "thanks": QT_TRANSLATE_NOOP("receipt", "Thank you for your purchase"),
}


def paper(width_mm: Any) -> Paper:
    """The paper for a stored or chosen width; anything but 58 or 80 is refused with a
    message, never silently printed on the wrong roll."""
    if isinstance(width_mm, bool) or width_mm not in PAPERS:
        raise InvalidSetting(
            QT_TRANSLATE_NOOP("errors", "The receipt width must be 58 or 80 mm."),
            QT_TRANSLATE_NOOP("errors", "Choose the width of the paper roll in your printer."),
            entered=str(width_mm),
        )
    return PAPERS[int(width_mm)]


@dataclass(frozen=True)
class ReceiptSettings:
    """The shop's receipt choices (stored in the database: backed up and synced). Auto-print
    is off by default: a shop without a receipt printer must never see print errors."""

    width_mm: int = DEFAULT_WIDTH_MM
    auto_print: bool = False

    def __post_init__(self) -> None:
        paper(self.width_mm)
        if not isinstance(self.auto_print, bool):
            raise InvalidSetting(
                QT_TRANSLATE_NOOP("errors", "Automatic receipt printing must be on or off."),
                entered=str(self.auto_print),
            )

    @classmethod
    def from_settings(cls, width: Any, auto_print: Any) -> ReceiptSettings:
        """Stored values, each falling back to its default when missing or unreadable (a
        counter must still sell when a newer one wrote a width it does not know)."""
        width = width if not isinstance(width, bool) and width in PAPERS else DEFAULT_WIDTH_MM
        return cls(int(width), auto_print if isinstance(auto_print, bool) else False)


def mask_phone(e164: str) -> str:
    """'0912***6789': enough for the customer to recognise, too little to copy from a receipt
    left on the counter."""
    nsn = national_digits(e164)
    if len(nsn) < 8 or not nsn.isdigit():
        return "***"
    return f"0{nsn[:3]}***{nsn[-4:]}"


@dataclass(frozen=True)
class Row:
    """One labelled line; ``detail`` lines are the earning breakdown, printed indented."""

    key: str
    label: str
    value: str
    detail: bool = False


@dataclass(frozen=True)
class Receipt:
    """Everything a receipt prints. ``level`` is None until the club has levels: the level
    line is printed only when a member has one."""

    shop_name: str
    member_name: str
    masked_phone: str
    amount: int
    points_earned: int
    balance: int
    at: datetime
    purchase_id: str
    earning: Earning | None = None
    level: str | None = None
    reward: str = ""
    reward_discount: int = 0
    points_spent: int = 0
    credit_used: int = 0
    cashback: int = 0
    credit: int = 0  # the wallet balance after the sale
    shop_details: str = ""  # the shop's phone and address (the business profile), one line

    @classmethod
    def from_purchase(
        cls,
        result: PurchaseResult,
        shop_name: str,
        earning: Earning | None = None,
        level: str | None = None,
        shop_details: str = "",
    ) -> Receipt:
        """A receipt for ``result``. A breakdown that does not add up to the points the
        ledger recorded (rules changed in between) is left out rather than printed wrong."""
        purchase, member = result.purchase, result.member
        earning = earning if earning is not None else result.earning
        if earning is not None and earning.total != purchase.points_earned:
            earning = None
        return cls(
            shop_name=shop_name.strip(),
            member_name=member.full_name,
            masked_phone=mask_phone(member.phone),
            amount=purchase.amount,
            points_earned=purchase.points_earned,
            balance=member.points,
            at=purchase.created_at,
            purchase_id=purchase.id,
            earning=earning,
            level=level or result.level or None,
            reward=result.reward,
            reward_discount=purchase.discount - result.credit_used,
            points_spent=result.points_spent,
            credit_used=result.credit_used,
            cashback=result.cashback,
            credit=member.credit,
            shop_details=" ".join(shop_details.split()),
        )

    def rows(self, lang: Lang, translate: Callable[[str, str], str]) -> list[Row]:
        """The labelled lines in ``lang``; the breakdown only when it says more than the
        total (a happy hour or visit points)."""

        def label(key: str) -> str:
            return translate(CONTEXT, LABELS[key])

        def number(value: int) -> str:
            return money.format_number(value, lang)

        def extra(value: int) -> str:  # '+25' keeps its sign on the left in Persian too
            return f"{LRI}+{number(value)}{PDI}" if lang.rtl else f"+{number(value)}"

        def less(text: str) -> str:
            return f"{LRI}\u2212{text}{PDI}" if lang.rtl else f"\u2212{text}"

        phone = localize_digits(self.masked_phone, lang)
        rows = [
            Row("date", label("date"), dates.format_datetime(self.at, lang)),
            Row("member", label("member"), self.member_name or "—"),
            Row("phone", label("phone"), f"{LRI}{phone}{PDI}" if lang.rtl else phone),
            Row("amount", label("amount"), money.format_tomans(self.amount, lang)),
        ]
        if self.reward:
            discount = money.format_tomans(self.reward_discount, lang)
            rows.append(Row("reward", self.reward, less(discount) if self.reward_discount else ""))
            rows.append(
                Row("points_spent", label("points_spent"), less(number(self.points_spent)), True)
            )
        if self.credit_used:
            used = less(money.format_tomans(self.credit_used, lang))
            rows.append(Row("credit_used", label("credit_used"), used))
        if self.reward_discount or self.credit_used:
            paid = self.amount - self.reward_discount - self.credit_used
            rows.append(Row("paid", label("paid"), money.format_tomans(paid, lang)))
        rows.append(Row("earned", label("earned"), number(self.points_earned)))
        earning = self.earning
        if earning is not None and (earning.happy_hour or earning.per_visit or earning.level):
            rows.append(Row("base", label("base"), number(earning.base), detail=True))
            for key in ("happy_hour", "level_bonus", "per_visit"):
                value = getattr(earning, "level" if key == "level_bonus" else key)
                if value:
                    rows.append(Row(key, label(key), extra(value), detail=True))
        rows.append(Row("balance", label("balance"), number(self.balance)))
        if self.cashback:
            value = money.format_tomans(self.cashback, lang)
            rows.append(
                Row(
                    "cashback",
                    label("cashback"),
                    f"{LRI}+{value}{PDI}" if lang.rtl else f"+{value}",
                )
            )
        if self.credit:
            rows.append(Row("credit", label("credit"), money.format_tomans(self.credit, lang)))
        if self.level:
            rows.append(Row("level", label("level"), self.level))
        return rows

    def thanks(self, translate: Callable[[str, str], str]) -> str:
        return translate(CONTEXT, LABELS["thanks"])

    def plain_text(self, lang: Lang, translate: Callable[[str, str], str], width_mm: int) -> str:
        """The receipt in the paper's character columns: label and value on one line when
        they fit, the value on its own line otherwise; nothing is ever cut."""
        columns = paper(width_mm).columns
        lines = [_centred(self.shop_name, columns)]
        if self.shop_details:
            details = self.shop_details.replace(LRI, "").replace(PDI, "")
            lines.append(_centred(localize_digits(details, lang), columns))
        lines.append("-" * columns)
        for row in self.rows(lang, translate):
            label = ("  " if row.detail else "") + row.label
            value = row.value.replace(LRI, "").replace(PDI, "")
            if len(label) + 1 + len(value) <= columns:
                lines.append(label + " " * (columns - len(label) - len(value)) + value)
            else:
                lines += _wrap(label, columns) + [
                    line.rjust(columns) for line in _wrap(value, columns)
                ]
        lines += ["-" * columns, _centred(self.thanks(translate), columns)]
        return "\n".join(line for line in lines if line is not None)


def _wrap(text: str, columns: int) -> list[str]:
    """Word wrap; a word longer than a line is split (a shop name may be one long word)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > columns:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:columns])
            word = word[columns:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= columns:
            current = f"{current} {word}"
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines or [""]


def _centred(text: str, columns: int) -> str:
    return "\n".join(line.center(columns).rstrip() for line in _wrap(text, columns))

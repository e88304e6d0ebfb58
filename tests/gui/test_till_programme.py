"""The programme at the till, from the keyboard: a reward in two keystrokes (F3, a digit),
wallet credit with F6, reversing a sale with F8, and the owner's adjustment."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from clubdesk.core.club import (
    ClubRules,
    ExpiryRules,
    Level,
    LevelRules,
    Reward,
    RewardKind,
    RewardsCatalogue,
    WalletRules,
)
from clubdesk.core.i18n import Lang
from clubdesk.core.members import MemberDraft, MemberView
from clubdesk.services import ClubServices
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.member_card import MemberCardView
from qt_keys import focused, press, type_text

PHONE = "09127654321"
OFF = Reward("off", "50,000 off", RewardKind.DISCOUNT, 40, 50_000)
COFFEE = Reward("coffee", "Free coffee", RewardKind.ITEM, 30)
RULES = ClubRules(
    expiry=ExpiryRules(points_months=6),
    wallet=WalletRules(Decimal(10), delay_hours=0),
    rewards=RewardsCatalogue((OFF, COFFEE), max_share=50),
    levels=LevelRules((Level("Bronze", 0), Level("Silver", 1_000_000, Decimal(2)))),
)


def open_member(qtbot, window: MainWindow, club: ClubServices) -> tuple[MemberCardView, MemberView]:
    """A member with 100 points and 100,000 tomans of credit, opened at the counter with
    the shop's rules loaded."""
    club.set_club_rules(RULES)
    member = club.register(MemberDraft(phone=PHONE, first_name="Sara")).member
    club.record_purchase(member.id, 1_000_000)  # 100 points, 100,000 credit, Silver
    window.counter.load_rule()
    card = window.counter.card
    qtbot.waitUntil(lambda: card.club_rules == RULES)
    type_text(focused(), PHONE)
    press(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: focused() is card.amount)
    return card, member


def test_a_discount_reward_in_two_keystrokes(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang, artifacts: Path
) -> None:
    card, member = open_member(qtbot, window, club)
    assert card.stat_values["level"].text() == "Silver"
    type_text(card.amount, "150000")
    qtbot.keyClick(card.amount, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: card.rewards_menu is not None and card.rewards_menu.isVisible())
    qtbot.keyClick(card.rewards_menu, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: card.reward_chip.isVisible())
    assert "50,000 off" in card.reward_chip.text()
    qtbot.waitUntil(lambda: focused() is card.amount)
    QApplication.processEvents()  # the layout places the chip before the screenshot
    card.grab().save(str(artifacts / f"till-reward-{lang.value}.png"))
    press(card.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: card.last_result is not None)
    result = card.last_result
    assert (result.reward, result.purchase.discount) == ("50,000 off", 50_000)
    # 100 - 40 for the reward + 20 (10 per 10,000 of the 100,000 paid, x2 as Silver)
    assert club.card(member.id).member.points == 80
    assert not card.reward_chip.isVisible()  # the reward applied to one purchase only


def test_an_item_reward_is_given_at_once_and_a_refused_one_says_why(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    card, member = open_member(qtbot, window, club)
    card.show_rewards()
    qtbot.waitUntil(lambda: card.rewards_menu.isVisible())
    qtbot.keyClick(card.rewards_menu, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: club.card(member.id).member.points == 70)
    qtbot.waitUntil(lambda: "Free coffee" in card.result.text())
    # A discount on a small amount is above the share payable with points: said at once.
    type_text(card.amount, "60000")
    card.choose_reward(OFF)
    assert card.preview.kind == "error"
    press(card.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: card.amount.isEnabled())
    assert club.card(member.id).member.visits == 1  # nothing saved


def test_wallet_credit_pays_part_of_a_purchase_with_f6(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    card, member = open_member(qtbot, window, club)
    assert card.credit_field.isVisible()
    type_text(card.amount, "30000")
    qtbot.keyClick(card.amount, Qt.Key.Key_F6)
    assert focused() is card.credit_field
    assert card.credit_field.text() in ("30000", "۳۰۰۰۰")
    press(card.credit_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: card.last_result is not None)
    assert card.last_result.credit_used == 30_000
    assert club.card(member.id).member.credit == 100_000 - 30_000


def confirm_reverse(card: MemberCardView) -> None:
    box = card.confirm_box
    if box is None:
        QTimer.singleShot(10, lambda: confirm_reverse(card))
        return
    box.defaultButton().click()


def test_reversing_the_latest_sale_with_f8(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang, artifacts: Path
) -> None:
    card, member = open_member(qtbot, window, club)
    type_text(card.amount, "200000")
    press(card.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: card.last_result is not None)
    before = club.card(member.id).member
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTimer.singleShot(0, lambda: confirm_reverse(card))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: club.card(member.id).member.visits == before.visits - 1)
    after = club.card(member.id)
    assert after.member.points == before.points - 40  # 200,000 at x2
    assert after.recent_purchases[0].reverses is not None
    qtbot.waitUntil(lambda: card.purchases.rowCount() == 3)
    assert card.purchases.item(1, 0).foreground().color() == Qt.GlobalColor.gray
    card.grab().save(str(artifacts / f"till-reversed-{lang.value}.png"))


def test_the_owner_adjusts_points_with_a_reason(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang
) -> None:
    card, member = open_member(qtbot, window, club)
    card.adjust_button.click()
    dialog = card.adjust_dialog
    qtbot.waitUntil(dialog.isVisible)
    type_text(dialog.points, "25")
    dialog._check()  # OK without a reason: refused in the dialog
    assert dialog.isVisible()
    assert dialog.message.kind == "error"
    type_text(dialog.note, "birthday gift")
    dialog._check()
    qtbot.waitUntil(lambda: club.card(member.id).member.points == 125)


def test_registering_a_friend_with_the_referrers_mobile(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang, artifacts: Path
) -> None:
    from clubdesk.ui.member_form import MemberForm

    old = club.register(MemberDraft(phone="09121110000", first_name="Old")).member
    counter = window.counter
    type_text(focused(), "09121110001")
    press(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(counter.form, MemberForm) and counter.form.isVisible())
    form = counter.form
    type_text(form.first_name, "Friend")
    type_text(form.referrer, "0912")
    assert not form.save_button.isEnabled()  # half a number: said next to the field
    assert form.referrer_message.kind == "error"
    type_text(form.referrer, "1110000")
    type_text(form.anniversary, "1395/05/14")
    assert form.save_button.isEnabled()
    form.grab().save(str(artifacts / f"member-form-referral-{lang.value}.png"))
    form.save_button.click()
    qtbot.waitUntil(lambda: club.find_phone("09121110001") is not None)
    friend = club.find_phone("09121110001")
    assert friend.referred_by == old.id
    assert friend.anniversary is not None


def test_a_cashier_redeems_above_the_limit_with_the_owners_pin(
    qtbot, club: ClubServices, lang: Lang, artifacts: Path
) -> None:
    from clubdesk.core.roles import Role
    from clubdesk.ui.pin_prompt import PinPrompt

    club.add_account("Maryam", Role.OWNER, "2580")
    club.add_account("Reza", Role.CASHIER, "7391")
    club.set_redeem_limit(50)
    member = club.register(MemberDraft(phone=PHONE, first_name="Sara")).member
    club.record_purchase(member.id, 1_000_000)  # 100 points
    club.sign_in("Reza", "7391")
    window = MainWindow(club)
    qtbot.addWidget(window)
    window.show()
    window.counter.open_member(member.id)
    card = window.counter.card
    qtbot.waitUntil(lambda: card.card is not None)
    type_text(card.redeem_points, "80")
    press(card.redeem_points, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: card.findChild(PinPrompt) is not None)
    prompt = card.findChild(PinPrompt)
    qtbot.waitUntil(prompt.isVisible)
    assert club.card(member.id).member.points == 100  # nothing yet
    type_text(prompt.pin, "2580")
    press(prompt.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: club.card(member.id).member.points == 20)
    qtbot.waitUntil(lambda: card.redeem_points.text() == "")  # the card took the answer
    type_text(card.redeem_points, "10")  # within the limit: no PIN
    press(card.redeem_points, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: club.card(member.id).member.points == 10)
    assert card.findChild(PinPrompt) is None or not card.findChild(PinPrompt).isVisible()


def test_the_printed_card_shows_the_members_level(
    qtbot, window: MainWindow, club: ClubServices, lang: Lang, artifacts: Path
) -> None:
    card, _member = open_member(qtbot, window, club)  # Silver
    card.print_card()
    qtbot.waitUntil(lambda: getattr(card, "card_print", None) is not None)
    facts = card.card_print.facts()
    assert facts.since.startswith("Silver")
    card.card_print.grab().save(str(artifacts / f"member-card-level-{lang.value}.png"))

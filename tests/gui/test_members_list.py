"""The members list over many members: counted, paged on demand, sorted, filtered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from clubdesk.core.i18n import Lang
from clubdesk.services import ClubServices
from clubdesk.ui.main_window import MainWindow
from clubdesk.ui.members_list import MAX_PAGES, PAGE_SIZE, PLACEHOLDER


def _open_list(qtbot, window: MainWindow) -> None:
    window.act_members.trigger()
    qtbot.waitUntil(lambda: window.members.model.total > 0)


def test_list_pages_on_demand_and_bounds_memory(
    qtbot, club: ClubServices, window: MainWindow
) -> None:
    club.add_demo_members(12_000)
    _open_list(qtbot, window)
    members = window.members
    model = members.model
    assert model.rowCount() == 12_000
    assert len(model.pages) <= 1  # only what is on screen, never the whole table
    qtbot.waitUntil(lambda: 0 in model.pages)
    members.table.scrollToBottom()
    last_page = (12_000 - 1) // PAGE_SIZE
    index = model.index(12_000 - 1, 0)
    assert model.data(index) in (PLACEHOLDER, None) or last_page in model.pages
    qtbot.waitUntil(lambda: last_page in model.pages)
    assert model.data(index) not in (PLACEHOLDER, None)
    for row in range(0, 12_000, PAGE_SIZE):  # touch every page, as a long scroll would
        model.data(model.index(row, 0))
    qtbot.waitUntil(lambda: not model.pending)
    assert len(model.pages) <= MAX_PAGES


def test_sorting_by_points_descending(qtbot, club: ClubServices, window: MainWindow) -> None:
    club.add_demo_members(600)
    _open_list(qtbot, window)
    model = window.members.model
    window.members.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.sort_key.value == "points" and 0 in model.pages)
    points = [member.points for member in model.pages[0]]
    assert points == sorted(points, reverse=True)
    assert points[0] > 0


def test_filter_uses_the_counter_search(
    qtbot, club: ClubServices, window: MainWindow, lang: Lang
) -> None:
    club.add_demo_members(600)
    expected = club.count_members("علی")
    assert 0 < expected < 600
    _open_list(qtbot, window)
    members = window.members
    members.filter.setText("علی")
    qtbot.waitUntil(lambda: members.model.total == expected)
    qtbot.waitUntil(lambda: 0 in members.model.pages)
    assert all("علی" in m.full_name for m in members.model.pages[0])
    members.filter.setText("zzzz")
    qtbot.waitUntil(lambda: members.model.total == 0)
    assert members.hint.isVisible()


def test_empty_list_says_what_to_do(qtbot, window: MainWindow, lang: Lang) -> None:
    window.act_members.trigger()
    qtbot.waitUntil(lambda: window.members.hint.isVisible())
    expected = "پیشخوان" if lang is Lang.FA else "counter"
    assert expected in window.members.hint.text()


def test_activating_a_row_opens_the_member_at_the_counter(
    qtbot, club: ClubServices, window: MainWindow
) -> None:
    club.add_demo_members(50)
    _open_list(qtbot, window)
    model = window.members.model
    qtbot.waitUntil(lambda: 0 in model.pages)
    wanted = model.pages[0][3]
    window.members.table.activated.emit(model.index(3, 0))
    qtbot.waitUntil(lambda: window.counter.card.card is not None)
    assert window.tabs.currentIndex() == 0
    assert window.counter.card.card.member.id == wanted.id

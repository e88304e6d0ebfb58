"""Reports (Ctrl+R): how the club is doing, by Jalali month, for the owner.

A period picker (this month, last month, this or last fiscal year, a typed Jalali range),
figure tiles, charts (sales and visits, points issued/redeemed/expired, members per level),
the months and the top customers as tables, and exports to Excel and PDF. The report is
built in the background (seconds at ten million ledger rows) with progress and Cancel.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, Qt, Signal
from PySide6.QtGui import QFont, QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clubdesk.core.errors import Cancelled, ClubDeskError
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.ids import utcnow
from clubdesk.core.reports import (
    FIGURE_LABELS,
    PERIOD_LABELS,
    ClubReport,
    Figures,
    MonthRow,
    Period,
    PeriodKind,
    custom_period,
    period,
)
from clubdesk.ui import i18n
from clubdesk.ui.ops import Progress, run_op
from clubdesk.ui.report_pdf import month_name, write_pdf
from clubdesk.ui.widgets import MessageLabel, Retranslating, heading, table

if TYPE_CHECKING:
    from clubdesk.services import ClubServices

TILES = (
    "sales", "visits", "new_members", "discounts", "points_issued", "points_redeemed",
    "points_expired",
)  # fmt: skip
CHART_IMAGE = (900, 460)  # pixels: small enough that the labels stay legible in the PDF
CHART_KEYS = ("points_issued", "points_redeemed", "points_expired")
SCALES = (  # (divisor, axis title) for tomans on a chart axis
    (1_000_000_000, QT_TRANSLATE_NOOP("reports", "Billion tomans")),
    (1_000_000, QT_TRANSLATE_NOOP("reports", "Million tomans")),
    (1_000, QT_TRANSLATE_NOOP("reports", "Thousand tomans")),
    (1, QT_TRANSLATE_NOOP("reports", "Tomans")),
)


def _scale(largest: int) -> tuple[int, str]:
    for divisor, title in SCALES:
        if largest >= 10 * divisor:
            return divisor, title
    return SCALES[-1]


class Tile(QFrame):
    """One figure with its name under it."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName=f"tile_{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.key = key
        self.value = heading(size=15)
        self.value.setObjectName(f"tileValue_{key}")
        self.name = QLabel(wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.name)


class ReportsDialog(Retranslating, QDialog):
    """The owner's reports; ``loaded`` fires with each new ClubReport (tests wait on it)."""

    loaded = Signal(object)

    def __init__(self, club: ClubServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsDialog")
        self.club = club
        self.report: ClubReport | None = None
        self.progress: Progress | None = None
        self.busy = False
        self.title = heading()
        self.period_label = QLabel()
        self.period = QComboBox(objectName="reportPeriod")
        for kind in PeriodKind:
            self.period.addItem("", kind)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.from_label, self.to_label = QLabel(), QLabel()
        self.first = QLineEdit(objectName="reportFrom")
        self.last = QLineEdit(objectName="reportTo")
        for edit in (self.first, self.last):
            edit.setPlaceholderText("1405/01/01")
            edit.returnPressed.connect(self.load)
        self.show_button = QPushButton(objectName="reportShow")
        self.show_button.clicked.connect(self.load)
        self.span = QLabel(objectName="reportSpan")
        self.message = MessageLabel()
        self.empty = QLabel(objectName="reportEmpty", wordWrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("padding: 24px; font-size: 13pt;")
        self.tiles = {key: Tile(key) for key in (*TILES, "liability")}
        self.tabs = QTabWidget(objectName="reportTabs")
        self.sales_chart = self._chart_view("salesChart")
        self.points_chart = self._chart_view("pointsChart")
        self.levels_chart = self._chart_view("levelsChart")
        self.months_table = table(1 + len(fields(Figures)), "reportMonths")
        self.top_table = table(5, "reportTop")
        self.top_table.horizontalHeader().setStretchLastSection(False)
        self.top_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for page in (
            self.sales_chart, self.points_chart, self.levels_chart, self.months_table,
            self.top_table,
        ):  # fmt: skip
            self.tabs.addTab(page, "")
        self.excel_button = QPushButton(objectName="exportExcel")
        self.excel_button.clicked.connect(lambda: self.export(".xlsx"))
        self.pdf_button = QPushButton(objectName="exportPdf")
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.close_button = QPushButton(objectName="reportClose")
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.load)
        QShortcut(QKeySequence("Ctrl+Shift+X"), self, activated=lambda: self.export(".xlsx"))
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, activated=lambda: self.export(".pdf"))
        self._lay_out()
        self.resize(1000, 720)
        self.retranslate()
        self._period_changed()
        self._set_exportable(False)

    # ------------------------------------------------------------------ layout

    def _chart_view(self, name: str) -> QChartView:
        view = QChartView(objectName=name)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(300)
        return view

    def _lay_out(self) -> None:
        picker = QHBoxLayout()
        picker.addWidget(self.period_label)
        picker.addWidget(self.period)
        for widget in (self.from_label, self.first, self.to_label, self.last):
            picker.addWidget(widget)
        picker.addWidget(self.show_button)
        picker.addStretch(1)
        picker.addWidget(self.span)
        grid = QGridLayout()
        for n, tile in enumerate(self.tiles.values()):
            grid.addWidget(tile, n // 4, n % 4)
        buttons = QHBoxLayout()
        buttons.addWidget(self.excel_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(picker)
        layout.addWidget(self.message)
        layout.addLayout(grid)
        layout.addWidget(self.empty, 1)  # in place of the charts while there is nothing to chart
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Reports"))
        self.title.setText(self.tr("How the club is doing"))
        self.period_label.setText(self.tr("Period:"))
        for index in range(self.period.count()):
            label = PERIOD_LABELS[PeriodKind(self.period.itemData(index))]
            self.period.setItemText(index, i18n.translate("reports", label))
        self.from_label.setText(self.tr("From:"))
        self.to_label.setText(self.tr("To:"))
        self.show_button.setText(self.tr("Show (F5)"))
        self.empty.setText(
            self.tr(
                "No purchases yet. Record a purchase at the counter (Ctrl+1) and the "
                "figures, charts and top customers appear here."
            )
        )
        names = {"liability": self.tr("Outstanding liability (tomans)")}
        for key, tile in self.tiles.items():
            tile.name.setText(names.get(key) or i18n.translate("reports", FIGURE_LABELS[key]))
        tabs = (
            self.tr("Sales and visits"), self.tr("Points"), self.tr("Levels"),
            self.tr("By month"), self.tr("Top customers"),
        )  # fmt: skip
        for index, text in enumerate(tabs):
            self.tabs.setTabText(index, text)
        self.excel_button.setText(self.tr("Export Excel…"))
        self.pdf_button.setText(self.tr("Export PDF…"))
        self.close_button.setText(self.tr("Close"))
        if self.report is not None:
            self.render_report(self.report)

    # ------------------------------------------------------------------ loading

    def _period_changed(self) -> None:
        custom = self.chosen_kind() is PeriodKind.CUSTOM
        for widget in (self.from_label, self.first, self.to_label, self.last):
            widget.setVisible(custom)
        if custom:
            self.first.setFocus()
        elif self.isVisible():
            self.load()

    def chosen_kind(self) -> PeriodKind:
        return PeriodKind(self.period.currentData())  # Qt hands the enum back as a str

    def chosen_period(self) -> Period:
        kind = self.chosen_kind()
        if kind is PeriodKind.CUSTOM:
            return custom_period(self.first.text(), self.last.text())
        return period(kind, utcnow())

    def load(self) -> None:
        """Build the chosen period's report in the background (a bad range says why)."""
        if self.busy:
            return
        self.message.clear_message()
        try:
            chosen = self.chosen_period()
        except ClubDeskError as error:  # a bad range: said at once, nothing started
            self.message.error(i18n.error_text(error))
            return
        self.busy = True
        self.show_button.setEnabled(False)
        self.progress = run_op(
            self,
            lambda progress: self.club.report(chosen, progress.update),
            self._loaded,
            self._failed,
            progress_label=self.tr("Building the report…"),
        )

    def _loaded(self, report: ClubReport) -> None:
        self.busy = False
        self.show_button.setEnabled(True)
        self.report = report
        self.render_report(report)
        self.loaded.emit(report)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.show_button.setEnabled(True)
        if isinstance(error, Cancelled):  # the owner pressed Cancel: the last report stays
            self.message.hint(self.tr("Stopped; the figures shown are the previous ones."))
            return
        self.message.error(i18n.error_text(error))

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self.report is None and not self.busy:
            self.load()

    # ------------------------------------------------------------------ rendering

    def render_report(self, report: ClubReport) -> None:
        self.span.setText(self._span_text(report.period))
        self.empty.setVisible(not report.has_purchases)
        self.tabs.setVisible(report.has_purchases)  # empty charts would only say nothing
        for key, tile in self.tiles.items():
            value = report.liability.tomans if key == "liability" else getattr(report.totals, key)
            tile.value.setText(i18n.number(value))
        self._fill_months(report)
        self._fill_top(report)
        self.sales_chart.setChart(self._sales_chart(report))
        self.points_chart.setChart(self._points_chart(report))
        self.levels_chart.setChart(self._levels_chart(report))
        self._set_exportable(True)

    def _span_text(self, chosen: Period) -> str:
        """Jalali days; English adds the Gregorian ones (the books are kept in Jalali)."""
        text = i18n.digits(chosen.label())
        if i18n.current().rtl:
            return text
        first, last = chosen.first.togregorian(), chosen.last.togregorian()
        return f"{text} ({first.isoformat()} – {last.isoformat()})"

    def _set_exportable(self, ready: bool) -> None:
        self.excel_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)

    def _months_labels(self, report: ClubReport) -> list[str]:
        return [
            month_name(r.bucket.year, r.bucket.month, r.bucket.month_name) for r in report.months
        ]

    def _fill_months(self, report: ClubReport) -> None:
        keys = [f.name for f in fields(Figures)]
        view = self.months_table
        view.setHorizontalHeaderLabels(
            [self.tr("Month")] + [i18n.translate("reports", FIGURE_LABELS[k]) for k in keys]
        )
        rows = [
            (label, row.figures)
            for label, row in zip(self._months_labels(report), report.months, strict=True)
        ]
        rows.append((self.tr("Total"), report.totals))
        view.setRowCount(len(rows))
        for n, (label, figures) in enumerate(rows):
            view.setItem(n, 0, QTableWidgetItem(label))
            for column, key in enumerate(keys, start=1):
                view.setItem(n, column, _number_item(getattr(figures, key)))
        view.resizeColumnsToContents()

    def _fill_top(self, report: ClubReport) -> None:
        view = self.top_table
        view.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Mobile"), self.tr("Spent (tomans)"), self.tr("Visits"),
             self.tr("Points earned")]
        )  # fmt: skip
        view.setRowCount(len(report.top_customers))
        for n, customer in enumerate(report.top_customers):
            view.setItem(n, 0, QTableWidgetItem(customer.name))
            view.setItem(n, 1, QTableWidgetItem(i18n.phone(customer.phone)))
            for column, value in enumerate((customer.spent, customer.visits, customer.points), 2):
                view.setItem(n, column, _number_item(value))

    # ------------------------------------------------------------------ charts

    def _new_chart(self, title: str) -> QChart:
        chart = QChart()
        chart.setTitle(title)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setLocalizeNumbers(True)
        rtl = i18n.current().rtl
        chart.setLocale(QLocale(QLocale.Language.Persian if rtl else QLocale.Language.English))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(QMargins(8, 8, 8, 8))
        font = QFont(i18n.app_font())
        chart.setTitleFont(font)
        chart.legend().setFont(font)
        return chart

    def _chart_months(self, report: ClubReport) -> list[MonthRow]:
        """Months in reading order: right to left in Persian, so Farvardin is on the right."""
        rows = list(report.months)
        return rows[::-1] if i18n.current().rtl else rows

    def _month_axis(self, chart: QChart, report: ClubReport) -> QBarCategoryAxis:
        axis = QBarCategoryAxis()
        axis.append(
            [month_name(r.bucket.year, r.bucket.month, r.bucket.month_name)
             for r in self._chart_months(report)]
        )  # fmt: skip
        if len(report.months) > 6:
            axis.setLabelsAngle(-60)
        chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
        return axis

    def _value_axis(self, chart: QChart, title: str, first: bool, top: float) -> QValueAxis:
        """A value axis from 0 to ``top`` rounded up (an empty period still gets 0..5)."""
        axis = QValueAxis()
        axis.setTitleText(title)
        axis.setLabelFormat("%.0f")
        axis.setRange(0, max(top, 5))
        axis.applyNiceNumbers()
        rtl = i18n.current().rtl
        side = (
            (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
            if first
            else (Qt.AlignmentFlag.AlignLeft if rtl else Qt.AlignmentFlag.AlignRight)
        )
        chart.addAxis(axis, side)
        return axis

    def _sales_chart(self, report: ClubReport) -> QChart:
        chart = self._new_chart(self.tr("Sales and visits per month"))
        divisor, unit = _scale(max((r.figures.sales for r in report.months), default=0))
        sales = QBarSet(self.tr("Sales"))
        sales.append([max(0, r.figures.sales) / divisor for r in self._chart_months(report)])
        bars = QBarSeries()
        bars.append(sales)
        visits = QLineSeries()
        visits.setName(self.tr("Visits"))
        for n, row in enumerate(self._chart_months(report)):
            visits.append(n, max(0, row.figures.visits))
        chart.addSeries(bars)
        chart.addSeries(visits)
        months = self._month_axis(chart, report)
        top_sales = max((r.figures.sales / divisor for r in report.months), default=0)
        top_visits = max((r.figures.visits for r in report.months), default=0)
        money = self._value_axis(chart, i18n.translate("reports", unit), True, top_sales)
        count = self._value_axis(chart, self.tr("Visits"), False, top_visits)
        for series, axis in ((bars, money), (visits, count)):
            series.attachAxis(months)
            series.attachAxis(axis)
        return chart

    def _points_chart(self, report: ClubReport) -> QChart:
        chart = self._new_chart(self.tr("Points issued, redeemed and expired per month"))
        series = QBarSeries()
        for key in CHART_KEYS:
            bar = QBarSet(i18n.translate("reports", FIGURE_LABELS[key]))
            bar.append([max(0, getattr(r.figures, key)) for r in self._chart_months(report)])
            series.append(bar)
        chart.addSeries(series)
        months = self._month_axis(chart, report)
        top = max((getattr(r.figures, k) for r in report.months for k in CHART_KEYS), default=0)
        axis = self._value_axis(chart, self.tr("Points"), True, top)
        series.attachAxis(months)
        series.attachAxis(axis)
        return chart

    def _levels_chart(self, report: ClubReport) -> QChart:
        chart = self._new_chart(self.tr("Members per level"))
        series = QPieSeries()
        for share in report.levels:
            name = share.level or self.tr("No level")
            pie = series.append(f"{name} ({i18n.number(share.members)})", share.members)
            pie.setLabelVisible(1 < len(report.levels) <= 8)
        chart.addSeries(series)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        return chart

    def chart_images(self) -> list[QImage]:
        """The charts as images for the PDF (on the GUI thread, at a fixed size)."""
        images = []
        for view in (self.sales_chart, self.points_chart, self.levels_chart):
            image = QImage(*CHART_IMAGE, QImage.Format.Format_ARGB32)
            image.fill(Qt.GlobalColor.white)
            painter = QPainter(image)
            view.chart().resize(*CHART_IMAGE)
            view.scene().render(painter)
            painter.end()
            view.chart().resize(view.viewport().size())
            images.append(image)
        return images

    # ------------------------------------------------------------------ export

    def export(self, suffix: str, path: Path | None = None) -> None:
        """Ask where (unless ``path`` is given) and write the shown report there."""
        if self.report is None or self.busy:
            return
        if path is None:
            path = self._ask_path(suffix)
            if path is None:
                return
        from clubdesk.ui.import_export import _remember_folder

        _remember_folder(path)
        report = self.report
        images = self.chart_images() if suffix == ".pdf" else []

        def pdf(chosen: ClubReport, target: Path) -> None:
            write_pdf(chosen, target, images)

        self.busy = True
        self.message.clear_message()
        run_op(
            self,
            lambda: self.club.export_report(report, path, i18n.translate, pdf),
            lambda _none: self._exported(path),
            self._failed,
        )

    def _ask_path(self, suffix: str) -> Path | None:
        from clubdesk.ui.import_export import _last_folder

        name = f"clubdesk-report-{self.report.period.first.year if self.report else ''}{suffix}"
        filters = (
            self.tr("Excel workbook (*.xlsx)")
            if suffix == ".xlsx"
            else self.tr("PDF document (*.pdf)")
        )
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the report"), str(Path(_last_folder()) / name), filters
        )
        if not chosen:
            return None
        path = Path(chosen)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def _exported(self, path: Path) -> None:
        self.busy = False
        self.message.success(self.tr("Saved to {path}").format(path=path))


def _number_item(value: int) -> QTableWidgetItem:
    item = QTableWidgetItem(i18n.number(value))
    # units under units in both languages: digits run left to right in Persian too
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
    item.setTextAlignment(Qt.AlignmentFlag.AlignVCenter | right)
    return item

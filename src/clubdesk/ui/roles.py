"""Accounts in the main window: who is signed in, File → Switch user, the Owner menu.

The window gets ``pin_authority`` (its ClubServices), which ``run_op`` uses for the owner's
PIN prompt. ``start()`` runs once the shop's database is open: with accounts set up, the
sign-in dialog asks who is at the till before anything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from clubdesk.core.roles import UserView
from clubdesk.ui import i18n
from clubdesk.ui.accounts import AccountsDialog
from clubdesk.ui.audit_view import AuditDialog
from clubdesk.ui.ops import run_op
from clubdesk.ui.sign_in import SignInDialog, role_text
from clubdesk.ui.widgets import ClickableLabel

if TYPE_CHECKING:
    from clubdesk.ui.main_window import MainWindow

SWITCH_USER_SHORTCUT = "Ctrl+Shift+L"  # Ctrl+L is the language


class RolesController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("roles")
        self.window = window
        window.pin_authority = window.club  # type: ignore[attr-defined]
        self.required = False
        self.sign_in_dialog: SignInDialog | None = None
        self.accounts_dialog: AccountsDialog | None = None
        self.audit_dialog: AuditDialog | None = None
        self.user_label = ClickableLabel(objectName="userIndicator")
        self.user_label.clicked.connect(self.switch_user)
        self.user_label.hide()
        window.statusBar().addPermanentWidget(self.user_label)
        self.act_switch = QAction(window, shortcut=QKeySequence(SWITCH_USER_SHORTCUT))
        self.act_switch.setObjectName("switchUser")
        self.act_switch.triggered.connect(self.switch_user)
        self.act_accounts = QAction(window)
        self.act_accounts.setObjectName("openAccounts")
        self.act_accounts.triggered.connect(self.open_accounts)
        self.act_audit = QAction(window)
        self.act_audit.setObjectName("openAudit")
        self.act_audit.triggered.connect(self.open_audit)
        file_actions = window.menu_file.actions()
        window.menu_file.insertAction(file_actions[-1] if file_actions else None, self.act_switch)
        self.menu = window.menuBar().addMenu("")
        self.menu.setObjectName("ownerMenu")
        self.menu.addActions([self.act_accounts, self.act_audit])
        window.menuBar().insertMenu(window.menu_help.menuAction(), self.menu)
        self.retranslate()

    def retranslate(self) -> None:
        self.menu.setTitle(i18n.translate("RolesController", "&Owner"))
        self.act_switch.setText(i18n.translate("RolesController", "Switch user…"))
        self.act_accounts.setText(i18n.translate("RolesController", "Accounts…"))
        self.act_audit.setText(i18n.translate("RolesController", "Audit log…"))
        self.render()

    # ------------------------------------------------------------ who is here

    @property
    def user(self) -> UserView | None:
        return getattr(self.window.club, "user", None) if self.required else None

    def start(self) -> None:
        """Once the database is open: ask who is at the till when accounts exist."""
        club = self.window.club
        run_op(self.window, club.accounts_required, self._started, lambda _error: None)

    def _started(self, required: bool) -> None:
        self.required = required
        self.render()
        if required and self.user is None:
            self.ask(at_start=True)

    def ask(self, *, at_start: bool = False) -> SignInDialog:
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.close()
        dialog = SignInDialog(self.window.club, self.window, at_start=at_start)
        dialog.signed_in.connect(lambda _user: self.render())
        if at_start:
            dialog.rejected.connect(self.window.close)
        self.sign_in_dialog = dialog
        dialog.open()
        return dialog

    def switch_user(self) -> None:
        if not self.required:
            self.window.statusBar().showMessage(
                i18n.translate("RolesController", "No accounts yet: add them in Owner → Accounts."),
                8000,
            )
            return
        self.ask()

    def render(self) -> None:
        """The status bar says who is signed in; owner tools follow the role."""
        user = self.user
        owner = not self.required or (user is not None and user.is_owner)
        self.act_accounts.setEnabled(owner)
        self.act_audit.setEnabled(owner)
        self.act_switch.setEnabled(self.required)
        if user is None:
            self.user_label.hide()
            return
        self.user_label.setText(
            i18n.translate("RolesController", "Signed in: %1 (%2)")
            .replace("%1", user.name)
            .replace("%2", role_text(user))
        )
        self.user_label.setToolTip(
            i18n.translate("RolesController", "Switch user (%1)").replace(
                "%1", SWITCH_USER_SHORTCUT
            )
        )
        self.user_label.show()

    # ----------------------------------------------------------- owner tools

    def open_accounts(self) -> AccountsDialog:
        dialog = AccountsDialog(self.window.club, self.window)
        dialog.changed.connect(self._accounts_changed)
        self.accounts_dialog = dialog
        dialog.open()
        return dialog

    def _accounts_changed(self) -> None:
        self.required = True  # the first owner was added (and signed in)
        self.render()

    def open_audit(self) -> AuditDialog:
        dialog = AuditDialog(self.window.club, self.window)
        self.audit_dialog = dialog
        dialog.show()
        return dialog

"""One exception family for the whole program.

Each error has a stable ``code`` (the server reuses it in problem+json), an English message
and a hint that are translation sources (the UI translates them in the ``errors`` context),
and the CLI exit code it maps to.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any, ClassVar

from clubdesk.core.i18n import QT_TRANSLATE_NOOP


class ExitCode(IntEnum):
    OK = 0
    UNEXPECTED = 1
    BAD_INPUT = 2
    LICENCE_LOCKED = 3
    VERIFICATION_FAILED = 4
    WRONG_PASSPHRASE = 5


class Cancelled(Exception):
    """Long work stopped because the user pressed Cancel; raised from a progress callback."""


# Long work reports ``progress(done, total)``; the callback raises Cancelled to stop it.


class ClubDeskError(Exception):
    """Base of every error a user may see; never shown with a traceback."""

    code: ClassVar[str] = "UNEXPECTED"
    exit_code: ClassVar[ExitCode] = ExitCode.UNEXPECTED
    # The id of the server request that failed (X-Request-ID), when a server was asked:
    # shown to the owner so support finds that request in the server's log.
    request_id: str | None = None
    default_message: ClassVar[str] = QT_TRANSLATE_NOOP("errors", "Something went wrong.")
    default_hint: ClassVar[str] = QT_TRANSLATE_NOOP(
        "errors", "Try again; if it keeps happening, contact support."
    )

    def __init__(self, message: str | None = None, hint: str | None = None, **params: Any) -> None:
        self.message = message if message is not None else self.default_message
        self.hint = hint if hint is not None else self.default_hint
        self.params = params
        super().__init__(self.render())

    def render(self, translate: Any = None) -> str:
        """Message and hint as one sentence pair; ``translate(context, text)`` localises."""
        localise = translate or (lambda _ctx, text: text)
        message = localise("errors", self.message).format(**self.params)
        hint = localise("errors", self.hint).format(**self.params) if self.hint else ""
        return f"{message} {hint}".strip()

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.render(), "params": self.params}


class InvalidInput(ClubDeskError):
    code = "INVALID_INPUT"
    exit_code = ExitCode.BAD_INPUT
    default_message = QT_TRANSLATE_NOOP("errors", "The value entered is not valid.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Correct it and try again.")


class InvalidPhone(InvalidInput):
    code = "INVALID_PHONE"
    default_message = QT_TRANSLATE_NOOP("errors", "This is not a valid Iranian mobile number.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Enter 11 digits starting with 09, for example 09121234567."
    )


class InvalidName(InvalidInput):
    code = "INVALID_NAME"
    default_message = QT_TRANSLATE_NOOP("errors", "The name is missing or too long.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Enter a first or last name of at most 60 letters.")


class InvalidAmount(InvalidInput):
    code = "INVALID_AMOUNT"
    default_message = QT_TRANSLATE_NOOP("errors", "The amount is not valid.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Enter a whole number of tomans greater than zero, for example 250000."
    )


class InvalidDate(InvalidInput):
    code = "INVALID_DATE"
    default_message = QT_TRANSLATE_NOOP("errors", "The date is not valid.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Enter a Jalali date as year/month/day, for example 1370/05/12."
    )


class InvalidSetting(InvalidInput):
    code = "INVALID_SETTING"
    default_message = QT_TRANSLATE_NOOP("errors", "The setting is not valid.")


class InsufficientPoints(InvalidInput):
    code = "INSUFFICIENT_POINTS"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The member has {balance} points; {requested} cannot be redeemed."
    )
    default_hint = QT_TRANSLATE_NOOP("errors", "Redeem at most the member's balance.")


class InsufficientCredit(InvalidInput):
    code = "INSUFFICIENT_CREDIT"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The member has {balance} tomans of usable credit; {requested} cannot be used."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Use at most the usable credit (new credit becomes usable after the delay)."
    )


class PurchaseNotFound(InvalidInput):
    code = "PURCHASE_NOT_FOUND"
    default_message = QT_TRANSLATE_NOOP("errors", "This purchase is not on this device.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Open the member's card again and choose it.")


class MemberNotFound(InvalidInput):
    code = "MEMBER_NOT_FOUND"
    default_message = QT_TRANSLATE_NOOP("errors", "No member has this mobile number.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Check the number or register the member first.")


class UnknownCard(InvalidInput):
    """A scanned card whose id is not a member here (another shop's card, or a deleted one)."""

    code = "UNKNOWN_CARD"
    default_message = QT_TRANSLATE_NOOP("errors", "This card is not a member of this shop.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Search by the customer's mobile number instead, or print them a new card."
    )


class DuplicatePhone(InvalidInput):
    code = "DUPLICATE_PHONE"
    default_message = QT_TRANSLATE_NOOP("errors", "Another member ({name}) has this mobile number.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Check the number; each mobile number belongs to one member."
    )


class MemberArchived(InvalidInput):
    code = "MEMBER_ARCHIVED"
    default_message = QT_TRANSLATE_NOOP("errors", "This member is archived.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Restore the member before recording purchases.")


class DatabaseError(ClubDeskError):
    """The shop's database cannot be opened; it is never overwritten."""

    code = "DATABASE_ERROR"
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Nothing was changed. Open another data folder or contact support."
    )


class DatabaseNotSqlite(DatabaseError):
    code = "DATABASE_NOT_SQLITE"
    default_message = QT_TRANSLATE_NOOP("errors", "The file {path} is not a ClubDesk database.")


class DatabaseCorrupt(DatabaseError):
    code = "DATABASE_CORRUPT"
    default_message = QT_TRANSLATE_NOOP("errors", "The database {path} is damaged.")


class DatabaseTooNew(DatabaseError):
    code = "DATABASE_TOO_NEW"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The database {path} was made by a newer version of ClubDesk."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Nothing was changed. Update ClubDesk, or open another data folder."
    )


class DatabaseUnavailable(DatabaseError):
    code = "DATABASE_UNAVAILABLE"
    default_message = QT_TRANSLATE_NOOP("errors", "The data folder {path} cannot be used.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Check that the folder exists and is writable, or choose another one."
    )


class BackupError(ClubDeskError):
    """A backup could not be made, read, verified or restored; the shop's database is untouched."""

    code = "BACKUP_ERROR"
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Your current data was not changed. Try another backup or contact support."
    )


class NotABackup(BackupError):
    code = "NOT_A_BACKUP"
    exit_code = ExitCode.BAD_INPUT
    default_message = QT_TRANSLATE_NOOP("errors", "The file {path} is not a ClubDesk backup.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Choose a file ending in .cdbak made by ClubDesk's backup."
    )


class BackupCorrupt(BackupError):
    code = "BACKUP_CORRUPT"
    exit_code = ExitCode.VERIFICATION_FAILED
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The backup {path} is damaged or incomplete ({problem})."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Your current data was not changed. Use another backup (the nearest good one)."
    )


class WrongPassphrase(BackupError):
    code = "WRONG_PASSPHRASE"
    exit_code = ExitCode.WRONG_PASSPHRASE
    default_message = QT_TRANSLATE_NOOP(
        "errors", "Wrong backup passphrase: the backup {path} cannot be opened with it."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Type the passphrase chosen when backups were set up, or the recovery code."
    )
    # When no archive is involved (checking the passphrase typed in settings).
    no_path_message: ClassVar[str] = QT_TRANSLATE_NOOP(
        "errors", "Wrong backup passphrase or recovery code."
    )


class BackupOtherKey(WrongPassphrase):
    """The archive was made with another backup key (another PC, or backups set up again)."""

    code = "BACKUP_OTHER_KEY"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The backup {path} was made with another backup key than this computer's."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Type the backup passphrase or the recovery code that was used when it was made."
    )


class BackupTooNew(BackupError):
    code = "BACKUP_TOO_NEW"
    exit_code = ExitCode.BAD_INPUT
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The backup {path} was made by a newer version of ClubDesk ({version})."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Nothing was changed. Update ClubDesk, then restore it again."
    )


class BackupKeysMissing(BackupError):
    code = "BACKUP_KEYS_MISSING"
    exit_code = ExitCode.BAD_INPUT
    default_message = QT_TRANSLATE_NOOP("errors", "Backups are not set up on this computer yet.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Choose a backup passphrase in Backups (or give it to the command)."
    )


class WeakPassphrase(InvalidInput):
    code = "WEAK_PASSPHRASE"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The backup passphrase must have at least {minimum} characters."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Choose a longer one, for example a sentence you will remember."
    )


class NoGoodBackup(BackupError):
    code = "NO_GOOD_BACKUP"
    exit_code = ExitCode.VERIFICATION_FAILED
    default_message = QT_TRANSLATE_NOOP("errors", "No backup that verifies was found.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Look for backups on a USB drive or another folder, or contact support."
    )


class BackupBusy(BackupError):
    code = "BACKUP_BUSY"
    default_message = QT_TRANSLATE_NOOP("errors", "Another backup or restore is running.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Wait for it to finish, then try again.")


class SnapshotChanged(BackupError):
    code = "SNAPSHOT_CHANGED"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The database copy changed while the backup was being written."
    )
    default_hint = QT_TRANSLATE_NOOP("errors", "No backup was saved. Make the backup again.")


class DriveError(BackupError):
    """Copying a backup to a folder or removable drive failed; no partial file is left."""

    code = "DRIVE_ERROR"
    exit_code = ExitCode.BAD_INPUT
    default_message = QT_TRANSLATE_NOOP("errors", "The backup could not be copied to {path}.")
    default_hint = QT_TRANSLATE_NOOP("errors", "Check the drive and try again.")


class NotEnoughSpace(DriveError):
    code = "NOT_ENOUGH_SPACE"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "Not enough free space on {path}: {needed} needed, {free} free."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Free some space or use another drive; nothing was written."
    )


class DriveReadOnly(DriveError):
    code = "DRIVE_READ_ONLY"
    default_message = QT_TRANSLATE_NOOP("errors", "{path} cannot be written to (read-only).")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Check the drive's lock switch or choose another drive or folder."
    )


class DriveGone(DriveError):
    code = "DRIVE_GONE"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The drive {path} was removed or stopped answering during the copy."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Plug it in again and repeat the export; no partial backup was left on it."
    )


class FileTooLargeForDrive(DriveError):
    code = "FILE_TOO_LARGE_FOR_DRIVE"
    default_message = QT_TRANSLATE_NOOP(
        "errors", "The backup ({size}) is larger than {path} can hold in one file (FAT32: 4 GiB)."
    )
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Format the drive as exFAT or NTFS, or choose another drive."
    )

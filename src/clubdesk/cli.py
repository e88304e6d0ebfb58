"""`clubdesk`: the app (no command) and owners' scripts (commands).

``--json`` writes one JSON document to stdout and nothing else; messages go to stderr. Exit
codes follow ``core.errors.ExitCode``: 0 ok, 1 unexpected, 2 bad input, 3 licence locked,
4 verification failed, 5 wrong passphrase.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import clubdesk
from clubdesk.core.console import emit, run_command, version_action
from clubdesk.core.errors import ExitCode
from clubdesk.core.i18n import QT_TRANSLATE_NOOP, Lang
from clubdesk.core.members import MemberDraft, MemberHit, MemberView
from clubdesk.core.money import format_tomans
from clubdesk.core.phone import format_phone
from clubdesk.logs import setup_logging
from clubdesk.paths import DATA_DIR_ENV, data_dir, log_dir

log = logging.getLogger(__name__)


def _emit(args: argparse.Namespace, payload: Any, human: str) -> None:
    emit(args.json, payload, human)


def _member_line(member: MemberView | MemberHit) -> str:
    archived = "  [archived]" if member.archived else ""
    return f"{format_phone(member.phone)}  {member.full_name}  {member.points} points{archived}"


def _open(args: argparse.Namespace) -> Any:
    """The shop behind the licence gate: member commands refuse with exit 3 while locked."""
    from clubdesk.cli_roles import owner_pin_source
    from clubdesk.services import ClubServices

    licence = _licence(args)
    licence.refresh_if_due()
    club = ClubServices.open(args.data_path, licence=licence)
    club.owner_pin_source = owner_pin_source  # restricted commands ask for the owner's PIN
    return club


def cmd_members_add(args: argparse.Namespace) -> int:
    club = _open(args)
    draft = MemberDraft(phone=args.phone, first_name=args.first_name, last_name=args.last_name)
    result = club.register(draft)
    payload = result.member.to_json() | {"existing": result.existing}
    note = "already a member" if result.existing else "registered"
    _emit(args, payload, f"{note}: {_member_line(result.member)}")
    return ExitCode.OK


def cmd_members_find(args: argparse.Namespace) -> int:
    found = _open(args).search(args.query, limit=args.limit)
    human = "\n".join(_member_line(m) for m in found) or "no members match"
    _emit(args, [m.to_json() for m in found], human)
    return ExitCode.OK


def cmd_members_duplicates(args: argparse.Namespace) -> int:
    pairs = _open(args).duplicates(limit=args.limit)
    payload = [
        {"first": p.first.to_json(), "second": p.second.to_json(), "slip": p.slip.value}
        for p in pairs
    ]
    human = "\n".join(
        f"{_member_line(p.first)}  ~  {_member_line(p.second)}  ({p.slip.value})" for p in pairs
    )
    _emit(args, payload, human or "no likely duplicates")
    return ExitCode.OK


def cmd_members_merge(args: argparse.Namespace) -> int:
    merged = _open(args).merge_members(args.keep, args.other)
    _emit(args, merged.to_json(), f"merged into: {_member_line(merged)}")
    return ExitCode.OK


def cmd_members_import(args: argparse.Namespace) -> int:
    """Members from a CSV or Excel file: all or nothing; exit 2 when no row could be imported
    (the report still lists every rejected row and why)."""
    from clubdesk.core import importing

    club = _open(args)
    path = Path(args.file)
    preview = club.preview_import(path, limit=20)
    chosen = importing.parse_mapping(preview.header, args.map)
    mapping = importing.merged_mapping(preview.mapping, chosen)
    report = club.import_members(path, mapping, _progress(args, "importing"), dry_run=args.dry_run)
    if not args.json and sys.stderr.isatty():
        print(file=sys.stderr)
    verb = "would import" if args.dry_run else "imported"
    lines = [f"{verb} {report.imported:,} members; {len(report.rejected):,} rows rejected"]
    lines += [f"  {reason}: {count:,}" for reason, count in report.by_reason.items()]
    lines += [f"  row {r.row}: {r.message} ({r.value})" for r in report.rejected[:50]]
    if len(report.rejected) > 50:
        lines.append(f"  ... and {len(report.rejected) - 50:,} more (use --json for all)")
    _emit(args, report.to_json(), "\n".join(lines))
    return ExitCode.OK if report.imported else ExitCode.BAD_INPUT


def cmd_export(args: argparse.Namespace) -> int:
    club = _open(args)
    rows = club.export(args.kind, Path(args.to), _progress(args, f"exporting {args.kind}"))
    payload = {"kind": args.kind, "file": str(Path(args.to)), "rows": rows}
    _emit(args, payload, f"exported {rows:,} {args.kind} rows to {args.to}")
    return ExitCode.OK


def cmd_purchases_add(args: argparse.Namespace) -> int:
    club = _open(args)
    member = club.member_by_phone(args.phone)
    result = club.record_purchase(
        member.id, args.amount, reward_id=args.reward_id, credit=args.credit
    )
    payload = result.purchase.to_json() | {"member": result.member.to_json()}
    human = (
        f"{format_tomans(result.purchase.amount, Lang.EN)}: +{result.purchase.points_earned} "
        f"points, balance {result.member.points} ({result.member.full_name})"
    )
    _emit(args, payload, human)
    return ExitCode.OK


def cmd_purchases_list(args: argparse.Namespace) -> int:
    club = _open(args)
    card = club.card(club.member_by_phone(args.phone).id)
    payload = [p.to_json() for p in card.recent_purchases]
    lines = [
        f"{p.id}  {p.created_at:%Y-%m-%d %H:%M}  {format_tomans(p.amount, Lang.EN)}  "
        f"{p.points_earned} points" + ("  [reversed]" if p.reversed else "")
        for p in card.recent_purchases
    ]
    _emit(args, payload, "\n".join(lines) or "No purchases yet.")
    return ExitCode.OK


def cmd_purchases_reverse(args: argparse.Namespace) -> int:
    result = _open(args).reverse_purchase(args.id, args.reason or "")
    payload = result.purchase.to_json() | {"member": result.member.to_json()}
    human = f"Reversed: balance {result.member.points} points ({result.member.full_name})"
    _emit(args, payload, human)
    return ExitCode.OK


def cmd_points_adjust(args: argparse.Namespace) -> int:
    club = _open(args)
    member = club.adjust_points(club.member_by_phone(args.phone).id, args.points, args.note)
    _emit(args, member.to_json(), f"{member.points} points ({member.full_name})")
    return ExitCode.OK


def cmd_points_expiring(args: argparse.Namespace) -> int:
    found = _open(args).expiring_soon(args.days)
    payload = [
        {"member": hit.to_json(), "points": points, "first_expiry": at.isoformat()}
        for hit, points, at in found
    ]
    lines = [
        f"{_member_line(hit)}  {points} expire from {at:%Y-%m-%d}" for hit, points, at in found
    ]
    _emit(args, payload, "\n".join(lines) or f"No points expire in the next {args.days} days.")
    return ExitCode.OK


def cmd_programme_run(args: argparse.Namespace) -> int:
    """The hourly housekeeping, on demand: expiry, levels, birthday and anniversary gifts."""
    club = _open(args)
    payload = {
        "expired": club.expire_now(),
        "levels": club.refresh_levels(),
        "gifts": club.give_occasion_gifts(),
    }
    human = (
        f"{payload['expired']} lots expired, {payload['levels']} levels changed, "
        f"{payload['gifts']} gifts given"
    )
    _emit(args, payload, human)
    return ExitCode.OK


def cmd_points_balance(args: argparse.Namespace) -> int:
    member = _open(args).member_by_phone(args.phone)
    payload = {"phone": member.phone, "id": member.id, "points": member.points}
    _emit(args, payload, f"{member.points} points ({member.full_name})")
    return ExitCode.OK


def cmd_demo_data(args: argparse.Namespace) -> int:
    club = _open(args)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"\r{done:,}/{total:,} members", end="", file=sys.stderr, flush=True)

    added = club.add_demo_members(args.members, seed=args.seed, progress=progress)
    seconds = time.perf_counter() - started
    print(file=sys.stderr)
    payload = {"added": added, "seconds": round(seconds, 2), "total": club.count_members()}
    _emit(args, payload, f"added {added:,} members in {seconds:.1f} s")
    return ExitCode.OK


def _licence(args: argparse.Namespace) -> Any:
    from clubdesk.licensing.manager import LicenceManager

    return LicenceManager(args.data_path)


def _status_payload(status: Any) -> dict[str, Any]:
    def iso(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "state": status.state.value,
        "reason": status.reason.value if status.reason else None,
        "business_name": status.business_name,
        "paid_until": iso(status.paid_until),
        "days_left": status.days_left,
        "last_checked": iso(status.last_checked),
        "offline_since": iso(status.offline_since),
    }


def _emit_status(args: argparse.Namespace, status: Any) -> int:
    payload = _status_payload(status)
    human = ", ".join(f"{key}: {value}" for key, value in payload.items() if value is not None)
    _emit(args, payload, human)
    return ExitCode.LICENCE_LOCKED if status.locked else ExitCode.OK


def cmd_licence_activate(args: argparse.Namespace) -> int:
    device = args.device_name or platform.node() or "ClubDesk"
    return _emit_status(args, _licence(args).activate(args.server, args.key, device))


def cmd_licence_status(args: argparse.Namespace) -> int:
    return _emit_status(args, _licence(args).status())


def cmd_licence_refresh(args: argparse.Namespace) -> int:
    return _emit_status(args, _licence(args).refresh())


def cmd_licence_terms(args: argparse.Namespace) -> int:
    """The current terms of service and whether the business must still accept them;
    ``--accept --as NAME`` accepts them (nothing is sent when none are due)."""
    from clubdesk.core.errors import InvalidInput

    licence = _licence(args)
    licence.refresh()  # the server says whether they are still to be accepted
    terms = licence.fetch_terms()
    if args.accept and terms is not None and licence.terms_required is not None:
        name = " ".join((args.as_name or "").split())
        if not name:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("errors", "Say who accepts the terms of service."),
                QT_TRANSLATE_NOOP("errors", 'Give --as "the owner\'s name" with --accept.'),
            )
        licence.accept_terms(terms.version, name)
    payload = {
        "terms": terms.model_dump(mode="json") if terms is not None else None,
        "required": licence.terms_required,
    }
    if terms is None:
        human = "the vendor has published no terms of service"
    else:
        due = licence.terms_required
        state = f"to accept (version {due})" if due else "accepted"
        human = f"terms of service version {terms.version}: {state}\n\n{terms.text_en}"
    _emit(args, payload, human)
    return ExitCode.OK


def cmd_licence_deactivate(args: argparse.Namespace) -> int:
    _licence(args).deactivate()
    _emit(args, {"deactivated": True}, "this computer's licence slot was released")
    return ExitCode.OK


def _renewal(args: argparse.Namespace) -> Any:
    from clubdesk.renewal import RenewalService

    return RenewalService(_licence(args))


def _payment_line(payment: Any) -> str:
    parts = [payment.created_at.isoformat(timespec="minutes"), payment.plan,
             format_tomans(payment.amount_tomans, Lang.EN), payment.state]  # fmt: skip
    if payment.ref_id:
        parts.append(f"ref {payment.ref_id}")
    return "  ".join(parts)


def cmd_licence_plans(args: argparse.Namespace) -> int:
    """Plans on sale and the paid-until each would give this licence if bought now."""
    from clubdesk.core.renewal import tehran_day

    plans = _renewal(args).plans()
    payload = [
        {**choice.offer.model_dump(mode="json"), "paid_until": choice.paid_until.isoformat()}
        for choice in plans.choices
    ]
    human = "\n".join(
        f"{c.offer.code}  {c.offer.name_en}  {c.offer.days} days  "
        f"{format_tomans(c.offer.price_tomans, Lang.EN)}  paid until {tehran_day(c.paid_until)}"
        for c in plans.choices
    )
    _emit(args, payload, human or "no plans are on sale")
    return ExitCode.OK


def cmd_licence_payments(args: argparse.Namespace) -> int:
    payments = _renewal(args).payments()
    payload = [p.model_dump(mode="json") for p in payments]
    _emit(args, payload, "\n".join(_payment_line(p) for p in payments) or "no payments yet")
    return ExitCode.OK


def cmd_licence_renew(args: argparse.Namespace) -> int:
    """Start paying for a plan: prints the gateway's address to open in a browser. With
    ``--wait``, follows the payment and refreshes the licence once it is applied."""
    from clubdesk.core import renewal as rules
    from clubdesk.protocol import FINAL_PAYMENT_STATES

    service = _renewal(args)
    payment = service.start_payment(args.plan)
    if not args.json or args.wait:
        print(f"open this address to pay: {payment.pay_url}", file=sys.stderr, flush=True)
    while args.wait and payment.state not in FINAL_PAYMENT_STATES:
        time.sleep(rules.POLL_SECONDS)
        payment = service.payment(payment.payment_id)
    payload = payment.model_dump(mode="json")
    if payment.state == "applied":
        payload["licence"] = _status_payload(service.apply(payment).status)
    _emit(args, payload, _payment_line(payment))
    problem = rules.outcome(payment.state) is rules.Outcome.PROBLEM
    return ExitCode.BAD_INPUT if problem else ExitCode.OK


# ------------------------------------------------------------------------------ backups
# Backups are not behind the licence gate (they protect the shop's data) and never open the
# database through ClubServices: a damaged database must still be restorable from here.

PASSPHRASE_ENV = "CLUBDESK_BACKUP_PASSPHRASE"


def _backups(args: argparse.Namespace) -> Any:
    from clubdesk.backup.service import BackupService

    business = ""
    try:
        business = _licence(args).status().business_name
    except Exception:  # no licence yet, or an unreadable one: the name is only cosmetic
        log.debug("no business name for backups", exc_info=True)
    return BackupService(args.data_path, business=business)


def _given_secret(args: argparse.Namespace) -> str | None:
    """The passphrase or recovery code from --passphrase-file or the environment."""
    from clubdesk.core.errors import InvalidInput

    if getattr(args, "passphrase_file", None):
        try:
            text = Path(args.passphrase_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(entered=str(args.passphrase_file)) from exc
        return text.strip("\r\n")
    return os.environ.get(PASSPHRASE_ENV) or None


def _ask(prompt: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    import getpass

    return getpass.getpass(prompt, stream=sys.stderr) or None


def _with_secret(args: argparse.Namespace, action: Callable[[str | None], Any]) -> Any:
    """Run ``action(secret)`` with the given secret, else the keyring's key; when that key is
    missing or is not the backup's and a person is at the terminal, ask once."""
    from clubdesk.core.errors import BackupKeysMissing, BackupOtherKey

    secret = _given_secret(args)
    try:
        return action(secret)
    except (BackupKeysMissing, BackupOtherKey):
        if secret is not None:
            raise
        asked = _ask("backup passphrase or recovery code: ")
        if asked is None:
            raise
        return action(asked)


def _progress(args: argparse.Namespace, what: str) -> Callable[[int, int], None] | None:
    if args.json or not sys.stderr.isatty():
        return None

    def report(done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        print(f"\r{what} {percent:3d}%", end="", file=sys.stderr, flush=True)

    return report


def _info_line(info: Any) -> str:
    if info.manifest is None:
        return f"{info.path}  DAMAGED: {info.problem}"
    m = info.manifest
    return (
        f"{info.path}  {m.created_at.isoformat(timespec='seconds')}  {m.kind}  "
        f"{m.member_count} members  app {m.app_version}  {info.size} bytes"
    )


def cmd_backup_mirror(args: argparse.Namespace) -> int:
    """Where every automatic backup is copied too (another disk, a USB stick), or nowhere."""
    service = _backups(args)
    if args.off:
        service.set_mirror_folder(None)
    elif args.folder:
        service.set_mirror_folder(Path(args.folder))
    mirror = service.mirror_folder()
    human = f"automatic backups are copied to {mirror}" if mirror else "no mirror folder"
    _emit(args, {"mirror": str(mirror) if mirror else None}, human)
    return ExitCode.OK


def cmd_backup_setup(args: argparse.Namespace) -> int:
    from clubdesk.core.errors import InvalidInput

    passphrase = _given_secret(args)
    if passphrase is None:
        passphrase = _ask("new backup passphrase: ")
        if passphrase is not None and _ask("again: ") != passphrase:
            raise InvalidInput(QT_TRANSLATE_NOOP("errors", "The two passphrases differ."))
    if passphrase is None:
        raise InvalidInput(
            QT_TRANSLATE_NOOP("errors", "No backup passphrase was given."),
            QT_TRANSLATE_NOOP(
                "errors", "Give it with --passphrase-file FILE or CLUBDESK_BACKUP_PASSPHRASE."
            ),
        )
    service = _backups(args)
    code = service.setup(passphrase, replace_keys=args.replace)
    keys = service.public_keys()
    payload = {"recovery_code": code, "key_id": keys.key_id if keys else None}
    human = (
        f"backups are set up. Recovery code (print it and keep it safe): {code}\n"
        "With the passphrase or this code, a backup opens on any computer."
    )
    _emit(args, payload, human)
    return ExitCode.OK


def cmd_backup_create(args: argparse.Namespace) -> int:
    folder = Path(args.to) if args.to else None
    info = _backups(args).create("manual", folder, progress=_progress(args, "backing up"))
    _emit(args, info.to_json(), f"backup written: {_info_line(info)}")
    return ExitCode.OK


def cmd_backup_list(args: argparse.Namespace) -> int:
    infos = _backups(args).list([Path(f) for f in args.folders])
    _emit(args, [i.to_json() for i in infos], "\n".join(map(_info_line, infos)) or "no backups")
    return ExitCode.OK


def cmd_backup_verify(args: argparse.Namespace) -> int:
    path = Path(args.file)
    service = _backups(args)
    progress = _progress(args, "verifying")
    manifest = _with_secret(args, lambda secret: service.verify(path, secret, progress))
    payload = {"path": str(path), "ok": True, "manifest": manifest.to_json()}
    _emit(args, payload, f"backup is good: {manifest.member_count} members, {path}")
    return ExitCode.OK


def cmd_backup_restore(args: argparse.Namespace) -> int:
    from clubdesk.core.errors import InvalidInput

    if bool(args.file) == bool(args.nearest):
        raise InvalidInput(
            QT_TRANSLATE_NOOP("errors", "Name one backup file, or ask for --nearest.")
        )
    path = Path(args.file) if args.file else None
    folders = [Path(f) for f in args.folders]
    service = _backups(args)
    progress = _progress(args, "restoring")
    result = _with_secret(
        args, lambda secret: service.restore(path, secret, progress, folders=folders)
    )
    lines = [f"restored: {_info_line(result.restored)}"]
    if result.saved_current is not None:
        lines.append(f"the previous data was backed up to {result.saved_current.path}")
    if result.kept_aside is not None:
        lines.append(f"the previous database file was kept as {result.kept_aside}")
    lines += [f"skipped: {_info_line(info)}" for info in result.skipped]
    _emit(args, result.to_json(), "\n".join(lines))
    return ExitCode.OK


def cmd_backup_export(args: argparse.Namespace) -> int:
    from clubdesk.backup.drives import export

    copy = export(Path(args.file), Path(args.to), progress=_progress(args, "copying"))
    _emit(args, {"path": str(copy), "verified": True}, f"copied and read back: {copy}")
    return ExitCode.OK


def _offsite(args: argparse.Namespace) -> Any:
    """Off-site backups: this shop's backups, on the server its licence names."""
    from clubdesk.backup.offsite import OffsiteBackups

    return OffsiteBackups(_licence(args).connection, _backups(args))


def _cloud_line(backup: Any) -> str:
    members = backup.manifest.get("member_count", "?")
    return (
        f"{backup.backup_id}  {backup.created_at.isoformat(timespec='seconds')}  "
        f"{members} members  {backup.size} bytes  {backup.name}"
    )


def cmd_backup_upload(args: argparse.Namespace) -> int:
    """Send a backup off-site (it is already encrypted; the server never sees the key)."""
    from clubdesk.core.errors import InvalidInput

    if bool(args.file) == bool(args.latest):
        raise InvalidInput(
            QT_TRANSLATE_NOOP("errors", "Name one backup file, or ask for --latest.")
        )
    offsite = _offsite(args)
    if args.file:
        path = Path(args.file)
    else:
        newest = next((i for i in offsite.backups.list() if i.manifest is not None), None)
        if newest is None:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("errors", "There is no backup to upload yet."),
                QT_TRANSLATE_NOOP("errors", "Make one first with: clubdesk backup create"),
            )
        path = newest.path
    info = offsite.upload(path, _progress(args, "uploading"))
    _emit(args, info.model_dump(mode="json"), f"uploaded: {_cloud_line(info)}")
    return ExitCode.OK


def cmd_backup_cloud_list(args: argparse.Namespace) -> int:
    usage = _offsite(args).list()
    lines = [_cloud_line(b) for b in usage.backups] or ["no off-site backups"]
    lines.append(f"using {usage.used_bytes} of {usage.quota_bytes} bytes")
    _emit(args, usage.model_dump(mode="json"), "\n".join(lines))
    return ExitCode.OK


def cmd_backup_cloud_restore(args: argparse.Namespace) -> int:
    """Download an off-site backup (or the newest that verifies) and restore it."""
    from clubdesk.core.errors import InvalidInput

    if bool(args.backup_id) == bool(args.nearest):
        raise InvalidInput(
            QT_TRANSLATE_NOOP("errors", "Name one off-site backup id, or ask for --nearest.")
        )
    offsite = _offsite(args)
    progress = _progress(args, "restoring")
    if args.nearest:
        outcome = _with_secret(args, lambda secret: offsite.restore_nearest(secret, progress))
    else:
        outcome = _with_secret(
            args, lambda secret: offsite.restore_one(args.backup_id, secret, progress)
        )
    lines = [f"restored the off-site backup {_cloud_line(outcome.backup)}"]
    saved = outcome.result.saved_current
    if saved is not None:
        lines.append(f"the previous data was backed up to {saved.path}")
    lines += [f"skipped: {_cloud_line(b)}: {problem}" for b, problem in outcome.skipped]
    _emit(args, outcome.to_json(), "\n".join(lines))
    return ExitCode.OK


def _sync_status_payload(status: Any) -> dict[str, Any]:
    return {
        "enabled": status.enabled,
        "pending": status.pending,
        "last_sync": status.last_sync.isoformat() if status.last_sync else None,
        "flags": status.flags,
        "device": status.device,
    }


def _emit_sync_status(args: argparse.Namespace, club: Any, **extra: Any) -> int:
    payload = _sync_status_payload(club.sync_service().status()) | extra
    human = ", ".join(f"{key}: {value}" for key, value in payload.items() if value is not None)
    _emit(args, payload, human)
    return ExitCode.OK


def cmd_sync_on(args: argparse.Namespace) -> int:
    club = _open(args)
    try:
        club.gate()  # switching on queues the shop's data: only with a licence that is open
        queued = club.sync_service().enable()
        report = club.sync_now()
        return _emit_sync_status(args, club, queued=queued, pushed=report.pushed,
                                 pulled=report.pulled)  # fmt: skip
    finally:
        club.close()


def cmd_sync_off(args: argparse.Namespace) -> int:
    club = _open(args)
    try:
        club.sync_service().disable()
        return _emit_sync_status(args, club)
    finally:
        club.close()


def cmd_sync_status(args: argparse.Namespace) -> int:
    club = _open(args)
    try:
        return _emit_sync_status(args, club)
    finally:
        club.close()


def cmd_sync_now(args: argparse.Namespace) -> int:
    from clubdesk.core.errors import InvalidInput

    club = _open(args)
    try:
        if not club.sync_service().status().enabled:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("errors", "Cloud sync is off on this computer."),
                QT_TRANSLATE_NOOP("errors", "Switch it on with `clubdesk sync on` first."),
            )
        report = club.sync_now()
        return _emit_sync_status(args, club, pushed=report.pushed, pulled=report.pulled,
                                 merged=report.merged, flagged=report.flagged)  # fmt: skip
    finally:
        club.close()


def _segment(args: argparse.Namespace) -> Any:
    from clubdesk.core.sms import Segment

    return Segment(
        levels=tuple(args.level or ()),
        visited_within_days=args.visited_within,
        not_visited_for_days=args.not_visited_for,
        spent_at_least=args.spent_at_least,
        spent_at_most=args.spent_at_most,
        birthday_month=args.birthday_month,
        points_expiring_within_days=args.points_expiring_within,
    )


def _sms_report(args: argparse.Namespace, report: Any, extra: dict[str, Any]) -> int:
    """The send report; a line problem (no credit, bad key, offline) sets the exit code."""
    payload = extra | report.to_json()
    human = f"sent {report.sent}, failed {report.failed}, unknown {report.unknown}, "
    human += f"waiting {report.waiting}"
    if report.problem is not None:
        human += f"\n{report.problem.render()}"
    _emit(args, payload, human)
    return int(report.problem.exit_code) if report.problem is not None else ExitCode.OK


def cmd_sms(args: argparse.Namespace) -> int:
    """`clubdesk sms key|credit|preview|send|pending|status`."""
    club = _open(args)
    try:
        service = club.sms()
        action = args.sms_action
        if action == "key":
            key = "" if args.remove else sys.stdin.readline().strip()  # never on the command line
            service.set_api_key(key)
            masked = service.masked_key()
            _emit(args, {"stored": bool(masked), "key": masked}, masked or "key removed")
        elif action == "credit":
            rials = service.credit()
            _emit(args, {"credit": rials}, f"{rials:,} rials")
        elif action in ("preview", "send"):
            found = service.preview_campaign(args.template, _segment(args))
            figures = {"recipients": found.recipients, "parts": found.parts, "cost": found.cost,
                       "sample": found.sample}  # fmt: skip
            human = (
                f"{found.recipients} members, about {found.parts} parts, about {found.cost:,} "
                f"rials\nfirst message: {found.sample}"
            )
            if action == "preview" or not args.yes:
                if action == "send":
                    human += "\nnothing sent: add --yes to send"
                _emit(args, figures | {"sent": False}, human)
                return ExitCode.OK
            campaign = service.send_campaign(args.name, args.template, _segment(args))
            extra = {"campaign": campaign.public_id, "recipients": campaign.recipients}
            return _sms_report(args, service.send_pending(), extra)
        elif action == "pending":
            report = service.send_pending()
            if report.problem is None:
                service.refresh_delivery()
            return _sms_report(args, report, {})
        elif args.phone:
            member = club.member_by_phone(args.phone)
            messages = service.messages_for(member.id)
            payload = [
                {"kind": m.kind, "status": m.status, "error": m.error, "text": m.text,
                 "campaign": m.campaign, "created_at": m.created_at.isoformat()}
                for m in messages
            ]  # fmt: skip
            lines = [f"{m.created_at:%Y-%m-%d %H:%M}  {m.status:<11}  {m.text}" for m in messages]
            _emit(args, payload, "\n".join(lines) or "no messages to this member")
        else:
            campaigns = service.campaigns()
            payload = [
                {"id": c.public_id, "name": c.name, "recipients": c.recipients, "cost": c.cost,
                 "counts": c.counts, "created_at": c.created_at.isoformat()}
                for c in campaigns
            ]  # fmt: skip
            lines = [f"{c.name}  {c.recipients} members  {c.counts}" for c in campaigns]
            queued = service.queue_counts().get("queued", 0)
            _emit(args, {"campaigns": payload, "waiting": queued},
                  "\n".join([*lines, f"waiting: {queued}"]))  # fmt: skip
        return ExitCode.OK
    finally:
        club.close()


def cmd_screenshot(args: argparse.Namespace) -> int:
    from clubdesk.ui.screenshots import save_screenshots

    files = save_screenshots(args.data_path, Path(args.out), Lang(args.lang))
    _emit(args, [str(f) for f in files], "\n".join(str(f) for f in files))
    return ExitCode.OK


def cmd_self_test(args: argparse.Namespace) -> int:
    from clubdesk import selftest

    shot = Path(args.screenshot) if args.screenshot else None
    report = selftest.run(args.data_path, shot, Lang(args.lang) if args.lang else Lang.FA)
    _emit(args, report, selftest.human(report))
    selftest.check(report, require_licence=args.require_licence)
    return ExitCode.OK


def cmd_gui(args: argparse.Namespace) -> int:
    from clubdesk.ui.app import run_app

    return run_app(args.data_path, lang=Lang(args.lang) if args.lang else None)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help=f"the shop's data folder (default: ${DATA_DIR_ENV} or the user data folder)",
    )
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS)

    parser = argparse.ArgumentParser(
        prog="clubdesk", description="ClubDesk customer club", parents=[common]
    )
    parser.add_argument(
        "--version", action=version_action("clubdesk", lambda: clubdesk.__version__)
    )
    parser.add_argument("--lang", choices=[lang.value for lang in Lang], default=None)
    parser.set_defaults(handler=cmd_gui)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        group: Any, name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        sub = group.add_parser(name, parents=[common], help=help_text)
        sub.set_defaults(handler=handler)
        return sub

    members = commands.add_parser("members", help="add or find members").add_subparsers(
        metavar="ACTION", required=True
    )
    add = command(members, "add", cmd_members_add, "register a member (existing: no change)")
    add.add_argument("--phone", required=True)
    add.add_argument("--first-name", default="")
    add.add_argument("--last-name", default="")
    find = command(members, "find", cmd_members_find, "search as the counter does")
    find.add_argument("query")
    find.add_argument("--limit", type=int, default=20)
    dupes = command(members, "duplicates", cmd_members_duplicates, "likely duplicate members")
    dupes.add_argument("--limit", type=int, default=200)
    merge = command(members, "merge", cmd_members_merge, "merge two members into one")
    merge.add_argument("keep", help="the id whose details stay")
    merge.add_argument("other", help="the id merged into it (it still finds the member)")
    imp = command(members, "import", cmd_members_import, "import members from CSV or Excel")
    imp.add_argument("file", help=".csv (UTF-8 or Windows-1256) or .xlsx")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="which field a column holds (column name or number); overrides the guess",
    )
    imp.add_argument("--dry-run", action="store_true", help="check every row, save nothing")

    out = command(commands, "export", cmd_export, "export data to CSV or Excel")
    out.add_argument("kind", choices=["members", "purchases", "ledger"])
    out.add_argument("--to", required=True, metavar="FILE", help="a .csv or .xlsx file")

    purchases = commands.add_parser("purchases", help="record purchases").add_subparsers(
        metavar="ACTION", required=True
    )
    buy = command(purchases, "add", cmd_purchases_add, "record a purchase that earns points")
    buy.add_argument("--phone", required=True)
    buy.add_argument("--amount", required=True, help="whole tomans")
    buy.add_argument("--reward", dest="reward_id", help="a reward id from the catalogue")
    buy.add_argument("--credit", help="tomans of wallet credit to use")
    listed = command(purchases, "list", cmd_purchases_list, "a member's latest purchases")
    listed.add_argument("--phone", required=True)
    undo = command(purchases, "reverse", cmd_purchases_reverse, "reverse a purchase (by its id)")
    undo.add_argument("id")
    undo.add_argument("--reason")

    points = commands.add_parser("points", help="member points").add_subparsers(
        metavar="ACTION", required=True
    )
    balance = command(points, "balance", cmd_points_balance, "a member's points balance")
    balance.add_argument("--phone", required=True)
    adjust = command(points, "adjust", cmd_points_adjust, "add or take points by hand (owner)")
    adjust.add_argument("--phone", required=True)
    adjust.add_argument("--points", required=True, help="for example 50 or -50")
    adjust.add_argument("--note", required=True, help="why (kept in the audit log)")
    soon = command(points, "expiring", cmd_points_expiring, "members whose points expire soon")
    soon.add_argument("--days", type=int, default=30)
    programme = commands.add_parser("programme", help="the club's rules").add_subparsers(
        metavar="ACTION", required=True
    )
    command(programme, "run", cmd_programme_run, "expire points, update levels, give gifts now")

    demo = command(commands, "demo-data", cmd_demo_data, "fill the database with demo members")
    demo.add_argument("--members", type=int, required=True)
    demo.add_argument("--seed", type=int, default=1405)

    licence = commands.add_parser("licence", help="the licence of this computer").add_subparsers(
        metavar="ACTION", required=True
    )
    activate = command(licence, "activate", cmd_licence_activate, "activate with a licence key")
    activate.add_argument("key")
    activate.add_argument("--server", required=True, help="licence server URL")
    activate.add_argument("--device-name", default="")
    command(licence, "status", cmd_licence_status, "state, reason, paid until, days left")
    command(licence, "refresh", cmd_licence_refresh, "check the licence with the server now")
    command(licence, "deactivate", cmd_licence_deactivate, "free this computer's device slot")
    terms = command(licence, "terms", cmd_licence_terms, "the terms of service; accept them")
    terms.add_argument("--accept", action="store_true", help="accept the current version")
    terms.add_argument("--as", dest="as_name", metavar="NAME", help="who accepts (the owner)")
    command(licence, "plans", cmd_licence_plans, "plans on sale and the paid-until each gives")
    command(licence, "payments", cmd_licence_payments, "this licence's payments, newest first")
    renew = command(licence, "renew", cmd_licence_renew, "start paying for a plan (prints a URL)")
    renew.add_argument("plan", help="a plan code from `licence plans`")
    renew.add_argument("--wait", action="store_true", help="follow the payment until it ends")

    sync = commands.add_parser("sync", help="cloud sync of this shop's counters").add_subparsers(
        metavar="ACTION", required=True
    )
    command(sync, "on", cmd_sync_on, "switch sync on (queues the shop's data) and sync")
    command(sync, "off", cmd_sync_off, "stop syncing on this computer (nothing is deleted)")
    command(sync, "status", cmd_sync_status, "on or off, changes waiting, last sync")
    command(sync, "now", cmd_sync_now, "push and pull now")

    sms = commands.add_parser("sms", help="SMS to members").add_subparsers(
        metavar="ACTION", required=True
    )
    key = command(sms, "key", cmd_sms, "store the Kavenegar API key (read from stdin)")
    key.add_argument("--remove", action="store_true", help="forget the stored key")
    command(sms, "credit", cmd_sms, "the credit left on the chosen line (rials)")
    for name, help_text in (
        ("preview", "recipients, parts and cost of a campaign; sends nothing"),
        ("send", "queue a campaign to consenting members and send it (needs --yes)"),
    ):
        sub = command(sms, name, cmd_sms, help_text)
        sub.add_argument("--template", required=True, help="e.g. '{name}, 20%% off this week'")
        sub.add_argument("--level", action="append", help="a level (repeat for several)")
        sub.add_argument("--visited-within", type=int, metavar="DAYS")
        sub.add_argument("--not-visited-for", type=int, metavar="DAYS")
        sub.add_argument("--spent-at-least", type=int, metavar="TOMANS")
        sub.add_argument("--spent-at-most", type=int, metavar="TOMANS")
        sub.add_argument("--birthday-month", type=int, metavar="1-12", help="Jalali month")
        sub.add_argument("--points-expiring-within", type=int, metavar="DAYS")
        if name == "send":
            sub.add_argument("--name", required=True, help="the campaign's name")
            sub.add_argument("--yes", action="store_true", help="send after showing the cost")
    command(sms, "pending", cmd_sms, "send waiting messages now and refresh delivery")
    status = command(sms, "status", cmd_sms, "past campaigns, or one member's messages")
    status.add_argument("phone", nargs="?", help="the member's mobile number")
    for action in ("key", "credit", "preview", "send", "pending", "status"):
        sms.choices[action].set_defaults(sms_action=action)

    backup = commands.add_parser(
        "backup",
        help="encrypted backups: set up, create, list, verify, restore, export, off-site",
    ).add_subparsers(metavar="ACTION", required=True)
    setup = command(backup, "setup", cmd_backup_setup, "choose the backup passphrase")
    setup.add_argument("--passphrase-file", help=f"read it from FILE (or ${PASSPHRASE_ENV})")
    setup.add_argument("--replace", action="store_true", help="replace existing backup keys")
    mirror = command(
        backup, "mirror", cmd_backup_mirror, "copy every automatic backup to a folder too"
    )
    mirror.add_argument("folder", nargs="?", help="the folder (shown when not given)")
    mirror.add_argument("--off", action="store_true", help="stop copying")
    create = command(backup, "create", cmd_backup_create, "back up the shop now")
    create.add_argument("--to", help="folder to write it to (default: the automatic folder)")
    listing = command(backup, "list", cmd_backup_list, "backups, newest first")
    listing.add_argument("--from", dest="folders", action="append", default=[], metavar="DIR")
    verify = command(backup, "verify", cmd_backup_verify, "decrypt and check a backup")
    verify.add_argument("file")
    verify.add_argument("--passphrase-file", help="passphrase or recovery code (default: keyring)")
    restore = command(backup, "restore", cmd_backup_restore, "restore a backup (saves current)")
    restore.add_argument("file", nargs="?")
    restore.add_argument("--nearest", action="store_true", help="the newest backup that verifies")
    restore.add_argument("--from", dest="folders", action="append", default=[], metavar="DIR")
    restore.add_argument("--passphrase-file", help="passphrase or recovery code (default: keyring)")
    export = command(backup, "export", cmd_backup_export, "copy a backup and read it back")
    export.add_argument("file")
    export.add_argument("--to", required=True, help="folder or drive to copy it to")
    upload = command(backup, "upload", cmd_backup_upload, "send a backup off-site")
    upload.add_argument("file", nargs="?")
    upload.add_argument("--latest", action="store_true", help="the newest automatic backup")
    command(backup, "cloud-list", cmd_backup_cloud_list, "off-site backups, newest first")
    cloud_restore = command(
        backup, "cloud-restore", cmd_backup_cloud_restore, "restore an off-site backup"
    )
    cloud_restore.add_argument("backup_id", nargs="?", metavar="ID")
    cloud_restore.add_argument(
        "--nearest", action="store_true", help="the newest off-site backup that verifies"
    )
    cloud_restore.add_argument(
        "--passphrase-file", help="passphrase or recovery code (default: keyring)"
    )

    from clubdesk.cli_roles import add_commands as add_role_commands

    add_role_commands(commands, command)

    from clubdesk.cli_reports import add_commands as add_report_commands

    add_report_commands(commands, command)

    shot = command(commands, "screenshot", cmd_screenshot, "render the screens to PNG files")
    shot.add_argument("--out", required=True)
    shot.add_argument("--lang", choices=[lang.value for lang in Lang], default=Lang.FA.value)
    check = command(commands, "self-test", cmd_self_test, "check this installation, headless")
    check.add_argument("--screenshot", metavar="FILE", help="default: DATA_DIR/self-test.png")
    check.add_argument(
        "--require-licence", action="store_true", help="exit 3 when the licence is locked"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.json = getattr(args, "json", False)
    override = getattr(args, "data_dir", None)
    args.data_path = data_dir(override)
    setup_logging(log_dir(override))
    return run_command(
        lambda: args.handler(args), log, "something went wrong; details are in the log."
    )


if __name__ == "__main__":
    sys.exit(main())

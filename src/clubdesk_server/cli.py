"""`clubdesk-server`: serve the licence API, migrate its database, manage keys and licences.

``--json`` writes one JSON document to stdout and nothing else; messages and logs go to stderr.
Exit codes: 0 ok, 1 unexpected, 2 bad input or not found (``clubdesk.core.errors.ExitCode``).
``serve`` writes one JSON line to stdout once it takes requests:
``{"url": ..., "licence_key": ... (demo only), "public_keys": {key_id: base64}, ...}``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from clubdesk.core.console import emit, run_command, version_action
from clubdesk.core.errors import ExitCode
from clubdesk_server.settings import (
    DATA_DIR_ENV,
    ENV_FIELDS,
    KEYS_DIR_ENV,
    Settings,
    default_data_dir,
)

log = logging.getLogger("clubdesk_server")

DEMO_LICENCE_FILE = "demo-licence.json"
DEMO_BUSINESS = "فروشگاه نمونه ClubDesk (demo)"
DEMO_MOBILE = "+989121234567"


def _emit(args: argparse.Namespace, payload: Any, human: str) -> None:
    emit(args.json, payload, human)


def _emit_rows(
    args: argparse.Namespace, result: Any, line: Callable[[dict[str, Any]], str], empty: str
) -> None:
    """A list answer a line per row (``empty`` when there are none), or one row's line."""
    if isinstance(result, list):
        _emit(args, result, "\n".join(line(row) for row in result) or empty)
    else:
        _emit(args, result, line(result))


def _settings(args: argparse.Namespace, **overrides: Any) -> Settings:
    return Settings.from_env(
        data_dir=getattr(args, "data_dir", None),
        keys_dir=getattr(args, "keys_dir", None),
        database_url=getattr(args, "database_url", None),
        **overrides,
    )


# -- db -----------------------------------------------------------------------------------------


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from clubdesk_server.db import make_engine, upgrade

    settings = _settings(args)
    engine = make_engine(settings.database_url)
    try:
        revision = upgrade(engine)
    finally:
        engine.dispose()
    _emit(args, {"revision": revision}, f"database at revision {revision}")
    return ExitCode.OK


# -- keys ---------------------------------------------------------------------------------------


def cmd_keys_generate(args: argparse.Namespace) -> int:
    from clubdesk_server import keys

    settings = _settings(args)
    info = keys.generate(settings.keys_dir)
    payload = info.to_json() | {"public_key_map": keys.public_keys(settings.keys_dir)}
    human = (
        f"signing key {info.key_id} written to {info.private_key} (mode 0600; back it up)\n"
        f"public keys: {info.public_keys}"
    )
    if args.export_to:
        exported = keys.export(settings.keys_dir, Path(args.export_to))
        payload["exported_to"] = str(exported)
        human += f"\nexported to {exported}"
    _emit(args, payload, human)
    return ExitCode.OK


def cmd_keys_export(args: argparse.Namespace) -> int:
    from clubdesk_server import keys

    settings = _settings(args)
    exported = keys.export(settings.keys_dir, Path(args.to))
    payload = {"exported_to": str(exported), "public_keys": keys.read_public_keys(exported)}
    _emit(args, payload, f"public keys written to {exported}")
    return ExitCode.OK


def cmd_keys_prepare_next(args: argparse.Namespace) -> int:
    from clubdesk_server import keys

    settings = _settings(args)
    info = keys.prepare_next(settings.keys_dir)
    payload = info.to_json() | {"public_key_map": keys.public_keys(settings.keys_dir)}
    _emit(
        args,
        payload,
        f"next signing key {info.key_id} prepared and published in {info.public_keys}; ship that "
        "file in an app release (keys export), then run `keys rotate`",
    )
    return ExitCode.OK


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    from clubdesk_server import keys

    settings = _settings(args)
    info = keys.rotate(settings.keys_dir)
    _emit(
        args,
        info.to_json(),
        f"leases are now signed with key {info.key_id}; restart the server to use it",
    )
    return ExitCode.OK


# -- admin --------------------------------------------------------------------------------------


def _admin(args: argparse.Namespace) -> Any:
    from clubdesk_server.admin import Admin

    admin = Admin(_settings(args))
    try:
        admin.check_schema()
    except Exception:
        admin.close()
        raise
    return admin


def _licence_line(lic: dict[str, Any]) -> str:
    return (
        f"{lic['licence_id']}  {lic['key_prefix']}…  {lic['status']}  "
        f"paid until {lic['paid_until']}  devices {lic['devices_used']}/{lic['device_limit']}  "
        f"{lic['plan']}  {lic['business']['name']}"
    )


def _device_line(dev: dict[str, Any]) -> str:
    state = "active" if dev["active"] else f"released {dev['released_at']}"
    return f"{dev['device_id']}  {dev['name']}  last seen {dev['last_seen']}  {state}"


def cmd_admin_create(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        result = admin.create_licence(
            business_name=args.business_name,
            mobile=args.mobile,
            days=args.days,
            minutes=args.minutes,
            devices=args.devices,
            plan=args.plan,
            national_id=args.national_id,
            email=args.email,
            owner_name=args.owner_name,
            legal_entity=args.legal_entity,
            listed_publicly=args.listed_publicly,
        )
    human = f"{result['licence_key']}\n{_licence_line(result)}"
    print("Give the key to the customer now: the server keeps only its hash.", file=sys.stderr)
    _emit(args, result, human)
    return ExitCode.OK


def _licence_action(action: str) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        with _admin(args) as admin:
            if action == "extend":
                result = admin.extend(args.licence, args.days)
            else:
                result = getattr(admin, action)(args.licence)
        _emit(args, result, _licence_line(result))
        return ExitCode.OK

    return handler


def cmd_admin_list(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        result = admin.list(status=args.status)
    _emit(args, result, "\n".join(_licence_line(r) for r in result) or "no licences")
    return ExitCode.OK


def cmd_admin_show(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        result = admin.show(args.licence)
    business = result["business"]
    kind = "legal entity" if business["is_legal_entity"] else "person"
    lines = [
        _licence_line(result),
        f"business: {business['name']} ({kind})"
        f"  national id {business['national_id'] or '-'}  owner {business['owner_name'] or '-'}",
        f"contact: {business['mobile']}  {business['email'] or '-'}",
        f"data: {'on hold' if result.get('data_hold') else 'no hold'}"
        + (f", deleted {result['data_deleted_at']}" if result.get("data_deleted_at") else ""),
        *(f"device: {_device_line(d)}" for d in result["devices"]),
    ]
    _emit(args, result, "\n".join(lines))
    return ExitCode.OK


def cmd_admin_devices(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        result = admin.devices(args.licence)
    _emit(args, result, "\n".join(_device_line(d) for d in result) or "no devices")
    return ExitCode.OK


def cmd_admin_release(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        result = admin.release_device(args.licence, args.device)
    _emit(args, result, f"released: {_device_line(result)}")
    return ExitCode.OK


# -- admin: support tickets ---------------------------------------------------------------------


def _ticket_line(t: dict[str, Any]) -> str:
    state = t["state"] + (
        " (waiting)" if t["last_from"] == "shop" and t["state"] != "closed" else ""
    )
    return (
        f"{t['ticket_id']}  {state}  {t['kind']}  {t['updated_at']}  "
        f"{t['business']['name']}  {t['subject']}"
    )


def _conversation(t: dict[str, Any]) -> str:
    lines = [_ticket_line(t)]
    if t["payment"]:
        p = t["payment"]
        lines.append(
            f"payment: {p['amount_tomans']:,} tomans  {p['at_jalali']} ({p['created_at']})  "
            f"authority {p['authority'] or '-'}  ref {p['ref_id'] or '-'}  "
            f"card {p['card_pan'] or '-'}  {p['state']}"
        )
    for m in t.get("messages", []):
        lines.append(f"\n[{m['at']}] {m['author']}:\n{m['text']}")
    return "\n".join(lines)


def cmd_admin_tickets(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        result = admin.tickets(state=args.state)
    _emit(args, result, "\n".join(_ticket_line(t) for t in result) or "no tickets")
    return ExitCode.OK


def cmd_admin_ticket(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        if args.ticket_action == "reply":
            text = sys.stdin.read() if args.text == "-" else args.text
            result = admin.reply(args.ticket, text, name=args.as_name)
        elif args.ticket_action == "close":
            result = admin.close_ticket(args.ticket)
        elif args.ticket_action == "approve-delist":
            result = admin.approve_delist(args.ticket, name=args.as_name)
        else:
            result = admin.ticket(args.ticket)
    _emit(args, result, _conversation(result))
    return ExitCode.OK


def cmd_admin_communications(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        result = admin.communications(args.licence)
    lines = [f"{result['business']['name']} ({result['business']['business_id']})"]
    lines += [
        f"{e['at']}  {e['channel']}  {e['direction']}  {e['summary']}" for e in result["entries"]
    ]
    _emit(args, result, "\n".join(lines))
    return ExitCode.OK


def _sms_status_text(result: dict[str, Any]) -> str:
    counts, delivery = result["counts"], result["delivery_24h"]
    lines = []
    if result["alert"]:
        lines.append(f"ALERT: {result['alert']['headline']}")
    lines += [
        f"sender: {result['sender']}",
        "outbox: " + ", ".join(f"{state.replace('_', ' ')} {n}" for state, n in counts.items()),
        f"sent in the last 24 h: {delivery['sent']} (delivered {delivery['delivered']}, "
        f"not delivered {delivery['not_delivered']}, no final report yet {delivery['waiting']})",
    ]
    if result["last_errors"]:
        lines.append("last errors:")
        lines += [
            f"  {e['created_at']}  {e['kind']}  {e['state']} after {e['attempts']} "
            f"attempt(s)  {e['recipient'] or '-'}  {e['error']}"
            for e in result["last_errors"]
        ]
    return "\n".join(lines)


def cmd_admin_sms_status(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        result = admin.sms_status()
    _emit(args, result, _sms_status_text(result))
    return ExitCode.OK


def _alert_text(alert: dict[str, Any]) -> str:
    since = alert["since"][:16].replace("T", " ")
    return (
        f"{alert['kind']}  since {since} UTC  {alert['count']}x\n  {alert['detail']}\n"
        f"  what to do: {alert['action']}"
    )


def cmd_admin_alerts(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        result = admin.alerts()
    _emit(args, result, "\n".join(_alert_text(a) for a in result) or "no alerts")
    return ExitCode.OK


def cmd_admin_sms_credit(args: argparse.Namespace) -> int:
    import re

    from clubdesk.core.i18n import to_latin_digits
    from clubdesk_server.errors import BadAdminInput

    amount = None
    if getattr(args, "amount", None) is not None:
        raw = to_latin_digits(args.amount).replace(",", "").replace("\u066c", "").strip()
        if not re.fullmatch(r"-?\d{1,11}", raw):
            raise BadAdminInput(field="amount", problem="a whole number of rials")
        amount = int(raw)
    with _admin(args) as admin:
        result = admin.sms_credit(args.licence, add=amount)
    human = f"{result['licence_id']}  SMS credit {result['credit']:,} rials"
    human += f"  ({result['price_per_part']:,} rials per part)"
    _emit(args, result, human)
    return ExitCode.OK


# -- jobs ---------------------------------------------------------------------------------------


def cmd_jobs_run(args: argparse.Namespace) -> int:
    from clubdesk_server.jobs import JobContext, run_manual

    if args.retry_failed and args.name != "outbox":
        from clubdesk_server.errors import BadAdminInput

        raise BadAdminInput(field="--retry-failed", problem="only for the outbox job")
    options = {"retry_failed": True} if args.retry_failed else {}
    with JobContext(_settings(args)) as ctx:
        ctx.check_schema()
        result = run_manual(args.name, ctx, **options)  # recorded in job_runs
    _emit(args, {"job": args.name, "result": result}, f"{args.name}: {json.dumps(result)}")
    return ExitCode.OK


# -- admin: plans -------------------------------------------------------------------------------


def _plan_line(plan: dict[str, Any]) -> str:
    sale = "on sale" if plan["on_sale"] else f"retired {plan['retired_at']}"
    return (
        f"{plan['code']}  {plan['name_en']} / {plan['name_fa']}  {plan['days']} days  "
        f"{plan['price_tomans']:,} tomans  {plan['device_limit']} device(s)  {sale}"
    )


def cmd_admin_plans(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        if args.plan_action == "create":
            result: Any = admin.create_plan(
                code=args.code,
                name_fa=args.name_fa,
                name_en=args.name_en,
                days=args.days,
                price=args.price,
                device_limit=args.devices,
                sort_order=args.sort_order,
            )
        elif args.plan_action == "set-price":
            result = admin.set_plan_price(args.code, args.price)
        elif args.plan_action == "retire":
            result = admin.retire_plan(args.code)
        else:
            result = admin.plans(include_retired=not args.on_sale)
    _emit_rows(args, result, _plan_line, "no plans")
    return ExitCode.OK


# -- admin: releases and news --------------------------------------------------------------------


def _text_arg(value: str, field: str) -> str:
    """A text given on the command line, or read from a UTF-8 file when written ``@PATH``."""
    if not value.startswith("@"):
        return value
    from clubdesk_server.errors import BadAdminInput

    try:
        return Path(value[1:]).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadAdminInput(field=field, problem=f"cannot read {value[1:]}: {exc}") from exc


def _installer_hash(args: argparse.Namespace) -> tuple[str, int | None]:
    """The SHA-256 (and size) the app will insist on: from --file, or as given in --sha256."""
    from clubdesk.core.files import file_sha256
    from clubdesk_server.errors import BadAdminInput

    if args.file is None:
        if not args.sha256:
            raise BadAdminInput(field="sha256", problem="give --sha256 or the installer's --file")
        return args.sha256, args.size
    try:
        digest, size = file_sha256(Path(args.file))
    except OSError as exc:
        raise BadAdminInput(field="file", problem=f"cannot read it: {exc}") from exc
    if args.sha256 and args.sha256.strip().lower() != digest:
        raise BadAdminInput(field="sha256", problem=f"the file's SHA-256 is {digest}")
    return digest, size


def _release_line(r: dict[str, Any]) -> str:
    state = f"withdrawn {r['withdrawn_at']}" if r["withdrawn_at"] else "current"
    return (
        f"{r['release_id']}  {r['platform']}  {r['version']}  min {r['min_supported']}  "
        f"{r['published_at']}  {state}  {r['url']}  sha256 {r['sha256']}"
    )


def _news_line(n: dict[str, Any]) -> str:
    state = f"  withdrawn {n['withdrawn_at']}" if n["withdrawn_at"] else ""
    return f"{n['news_id']}  {n['kind']}  {n['published_at']}  {n['title_en']}{state}"


def cmd_admin_releases(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        if args.release_action == "publish":
            digest, size = _installer_hash(args)
            result: Any = admin.publish_release(
                platform=args.platform,
                version=args.version,
                url=args.url,
                sha256=digest,
                size=size,
                notes_fa=_text_arg(args.notes_fa, "notes-fa"),
                notes_en=_text_arg(args.notes_en, "notes-en"),
                min_supported=args.min_supported,
                announce=args.announce,
            )
        elif args.release_action == "withdraw":
            result = admin.withdraw_release(args.release)
        else:
            result = admin.release_list(args.platform)
    _emit_rows(args, result, _release_line, "no releases")
    return ExitCode.OK


def cmd_admin_news(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        if args.news_action == "publish":
            result: Any = admin.publish_news(
                title_fa=_text_arg(args.title_fa, "title-fa"),
                title_en=_text_arg(args.title_en, "title-en"),
                body_fa=_text_arg(args.body_fa, "body-fa"),
                body_en=_text_arg(args.body_en, "body-en"),
            )
        elif args.news_action == "withdraw":
            result = admin.withdraw_news(args.news)
        else:
            result = admin.news_list(include_withdrawn=args.all)
    _emit_rows(args, result, _news_line, "no news")
    return ExitCode.OK


def cmd_admin_terms(args: argparse.Namespace) -> int:
    with _admin(args) as admin:
        if args.terms_action == "publish":
            result: Any = admin.publish_terms(
                text_fa=_text_arg(args.text_fa, "text-fa"),
                text_en=_text_arg(args.text_en, "text-en"),
                summary_fa=_text_arg(args.summary_fa, "summary-fa"),
                summary_en=_text_arg(args.summary_en, "summary-en"),
            )
            human = f"terms version {result['version']} published {result['published_at']}"
        elif args.terms_action == "acceptances":
            result = admin.terms_acceptances(args.licence)
            lines = [
                f"{result['business']['name']}: current {result['current'] or '-'}, "
                f"accepted {result['accepted'] or '-'}"
            ]
            lines += [
                f"  version {a['version']}  {a['accepted_at']}  {a['accepted_by']}  "
                f"{a['source_ip'] or '-'}  {a['device_name'] or '-'}"
                for a in result["acceptances"]
            ]
            human = "\n".join(lines)
        else:
            result = admin.terms_versions()
            human = (
                "\n".join(
                    f"version {t['version']}  {t['published_at']}  {t['summary_en']}"
                    for t in result
                )
                or "no terms published"
            )
    _emit(args, result, human)
    return ExitCode.OK


# -- serve --------------------------------------------------------------------------------------


def _demo_settings(args: argparse.Namespace) -> Settings:
    """A demo keeps to its own folder and its own, clearly named, keys, and pays at the sandbox
    (unless the operator names a gateway: a demo against Zarinpal's own sandbox, say)."""
    data = args.data_dir or os.environ.get(DATA_DIR_ENV) or default_data_dir() / "demo"
    keys = args.keys_dir or os.environ.get(KEYS_DIR_ENV) or Path(data) / "demo-keys"
    gateway = {} if os.environ.get(ENV_FIELDS["gateway"]) else {"gateway": "sandbox"}
    return Settings.from_env(
        data_dir=data, keys_dir=keys, database_url=args.database_url, **gateway
    )


def serve_warnings(settings: Settings) -> list[str]:
    """What a production ``serve`` (not ``--demo``) must shout about at every start: settings
    that suit a demo and would, unnoticed, give renewals away or leave owners unwarned."""
    found = []
    if settings.gateway == "sandbox":
        found.append(
            "PAYMENTS ARE NOT REAL: the sandbox gateway is serving the pay page "
            "(CLUBDESK_SERVER_GATEWAY=sandbox), so anyone can renew a licence for free. "
            "Set CLUBDESK_SERVER_GATEWAY=zarinpal and CLUBDESK_SERVER_ZARINPAL_MERCHANT_ID "
            "for production."
        )
    if settings.sms_sender == "console":
        found.append(
            f"NO SMS REACHES THE OWNERS: the console sender only writes them to "
            f"{settings.data_dir / 'sms-outbox.log'}. Set CLUBDESK_SERVER_SMS_SENDER=kavenegar "
            "and CLUBDESK_SERVER_KAVENEGAR_API_KEY for production."
        )
    return found


def _demo_licence(settings: Settings, days: int | None, minutes: int | None) -> dict[str, Any]:
    """The demo licence of an earlier start (its key is kept in a file), or a new one."""
    from clubdesk_server.admin import Admin
    from clubdesk_server.errors import LicenceNotFound

    saved = settings.data_dir / DEMO_LICENCE_FILE
    with Admin(settings, actor="demo") as admin:
        if saved.exists() and days is None and minutes is None:
            key = json.loads(saved.read_text(encoding="utf-8"))["licence_key"]
            try:
                found = admin.show(key)
            except LicenceNotFound:
                found = None
            if found is not None and found["status"] == "active":
                return found | {"licence_key": key}
        result = admin.create_licence(
            business_name=DEMO_BUSINESS,
            mobile=DEMO_MOBILE,
            owner_name="Demo owner",
            days=30 if days is None and not minutes else days or 0,
            minutes=minutes or 0,
            devices=3,
            plan="demo",
        )
    saved.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(saved, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(
            {"licence_key": result["licence_key"], "licence_id": result["licence_id"]}, handle
        )
    return result


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return value


def _serve_log_config(args: argparse.Namespace) -> dict[str, Any]:
    """``serve``'s logging (``clubdesk_server.logs``): JSON lines on stderr, text for a demo."""
    from clubdesk_server import logs

    log_format = args.log_format or ("text" if args.demo else "json")
    return logs.logging_config(log_format, args.log_level, access_log=args.access_log)


def cmd_serve(args: argparse.Namespace) -> int:
    # Before anything imports prometheus_client (the app does): where several workers' metrics
    # add up. ``main`` has set the log format already.
    from clubdesk_server.metrics_dir import prepare_shared_metrics

    prepare_shared_metrics(args.workers)

    import uvicorn

    from clubdesk_server import keys
    from clubdesk_server.app import create_app
    from clubdesk_server.db import make_engine, upgrade
    from clubdesk_server.errors import RedisRequired
    from clubdesk_server.payments.gateways import check_gateway
    from clubdesk_server.ratelimit import check_redis
    from clubdesk_server.serving import NotifyingServer, bind_socket, url_of
    from clubdesk_server.sms.senders import make_sender

    settings = _demo_settings(args) if args.demo else _settings(args)
    if args.jobs_every:
        settings = settings.with_(jobs_every=timedelta(seconds=args.jobs_every))
    # Checked before anything changes, so a missing merchant id or API key stops the start
    # rather than the first shop that pays or the first SMS due.
    check_gateway(settings)
    if args.jobs:  # made to be checked; each process running the jobs makes its own
        close_sender = getattr(make_sender(settings), "close", None)
        if callable(close_sender):
            close_sender()
    if args.workers > 1 and not settings.redis_url:
        raise RedisRequired(workers=args.workers)
    check_redis(settings)
    if not args.demo:
        for warning in serve_warnings(settings):
            log.warning("%s", warning)
    if args.demo and not settings.admin_token:
        import secrets

        # DEMO ONLY: a throwaway token for the support pages (/admin), new at every start.
        settings = settings.with_(admin_token=secrets.token_urlsafe(18))
        print(
            f"demo admin token for /admin (demo only, new at every start): {settings.admin_token}",
            file=sys.stderr,
        )
    engine = make_engine(settings.database_url)
    try:
        revision = upgrade(engine)
    finally:
        engine.dispose()
    log.info("database at revision %s", revision)

    licence: dict[str, Any] = {}
    if args.demo:
        info = keys.ensure(settings.keys_dir, demo=True)
        if info.created:
            print(f"demo signing key {info.key_id} created in {settings.keys_dir}", file=sys.stderr)
        licence = _demo_licence(settings, args.demo_days, args.demo_minutes)
        from clubdesk_server.admin import Admin

        with Admin(settings, actor="demo") as admin:
            admin.seed_demo_plans()
            admin.seed_demo_terms()
    sock = bind_socket(args.host, args.port)
    url = url_of(sock)
    line = {
        "url": url,
        "licence_key": licence.get("licence_key"),
        "licence_id": licence.get("licence_id"),
        "paid_until": licence.get("paid_until"),
        "public_keys": keys.public_keys(settings.keys_dir),
        "key_id": keys.load_signer(settings.keys_dir).key_id,
        "data_dir": str(settings.data_dir),
        "demo": bool(args.demo),
    }

    def announce() -> None:
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        if args.demo:
            print(f"demo licence key: {line['licence_key']}", file=sys.stderr)
        log.info("ClubDesk licence server at %s (Ctrl+C stops it)", url)  # in the log's format

    # The jobs run inside the app (its lifespan), so uvicorn's shutdown stops them before it
    # re-raises SIGTERM/SIGINT. Several workers: each builds its app from these settings.
    if args.workers > 1:
        from functools import partial

        from clubdesk_server.workers import serve_workers, worker_app

        app: Any = partial(worker_app, settings, jobs=args.jobs)
    else:
        app = create_app(settings, jobs=args.jobs)
    config = uvicorn.Config(
        app,
        factory=args.workers > 1,
        workers=args.workers,
        log_config=_serve_log_config(args),  # the same in each worker
        access_log=False,  # clubdesk_server.access writes it, with the request id
        lifespan="on",
        proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    if args.workers > 1:
        if not serve_workers(config, sock, on_ready=announce):
            log.error("the workers did not all start; see the messages above")
            return ExitCode.UNEXPECTED
        return ExitCode.OK
    NotifyingServer(config, on_started=announce).run(sockets=[sock])
    return ExitCode.OK


# -- parser -------------------------------------------------------------------------------------


def _server_version() -> str:
    import clubdesk_server

    return clubdesk_server.__version__


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
    common.add_argument(
        "--data-dir", default=argparse.SUPPRESS, help=f"server folder (default: ${DATA_DIR_ENV})"
    )
    common.add_argument(
        "--keys-dir",
        default=argparse.SUPPRESS,
        help=f"signing keys folder (default: ${KEYS_DIR_ENV} or DATA_DIR/keys)",
    )
    common.add_argument(
        "--database-url",
        default=argparse.SUPPRESS,
        help="SQLAlchemy URL (default: $CLUBDESK_SERVER_DATABASE_URL or a SQLite file)",
    )

    parser = argparse.ArgumentParser(
        prog="clubdesk-server", description="ClubDesk licence server", parents=[common]
    )
    parser.add_argument("--version", action=version_action("clubdesk-server", _server_version))
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    def command(
        group: Any, name: str, handler: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        sub = group.add_parser(name, parents=[common], help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    serve = command(commands, "serve", cmd_serve, "serve the licence API (migrates first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    serve.add_argument(
        "--demo",
        action="store_true",
        help="needs nothing else: SQLite, demo keys and a demo licence in a demo folder",
    )
    serve.add_argument("--demo-days", type=int, default=None, help="a new demo licence, N days")
    serve.add_argument(
        "--demo-minutes", type=int, default=None, help="a new demo licence expiring in M minutes"
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default=None,
        help="proxies whose X-Forwarded-For gives the client address (default: 127.0.0.1)",
    )
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--access-log", action=argparse.BooleanOptionalAction, default=True)
    serve.add_argument(
        "--log-format",
        choices=["json", "text"],
        default=None,
        help="stderr: one JSON object a line (default), or text (the default with --demo)",
    )
    serve.add_argument(
        "--jobs",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the scheduled jobs (SMS reminders and outbox, deletion, reconciliation); "
        "each worker runs the scheduler, and one of them each run",
    )
    serve.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="worker processes serving the socket (more than 1 needs CLUBDESK_SERVER_REDIS_URL)",
    )
    # Tests only: every job every SECONDS (aligned moments), to see several schedulers race.
    serve.add_argument("--jobs-every", type=float, default=None, help=argparse.SUPPRESS)

    db = commands.add_parser("db", help="the database schema").add_subparsers(
        metavar="ACTION", required=True
    )
    command(db, "upgrade", cmd_db_upgrade, "apply the migrations (idempotent)")

    keys = commands.add_parser("keys", help="lease signing keys").add_subparsers(
        metavar="ACTION", required=True
    )
    jobs = commands.add_parser("jobs", help="the scheduled jobs").add_subparsers(
        metavar="ACTION", required=True
    )
    run_one = command(jobs, "run", cmd_jobs_run, "run one scheduled job once, now")
    run_one.add_argument("name", choices=["reminders", "deletion", "outbox", "reconcile"])
    run_one.add_argument(
        "--retry-failed",
        action="store_true",
        help="outbox: send failed SMS now, not at their backoff time (after a top-up)",
    )

    gen = command(keys, "generate", cmd_keys_generate, "write a new Ed25519 signing key")
    gen.add_argument("--export-to", metavar="DIR", help="also copy public-keys.json to DIR")
    exp = command(keys, "export", cmd_keys_export, "copy public-keys.json (for resources/keys)")
    exp.add_argument("--to", metavar="DIR", required=True)
    command(keys, "prepare-next", cmd_keys_prepare_next, "make and publish the next signing key")
    command(keys, "rotate", cmd_keys_rotate, "sign with the prepared next key from now on")

    admin = commands.add_parser("admin", help="licences and devices").add_subparsers(
        metavar="ACTION", required=True
    )
    create = command(admin, "create-licence", cmd_admin_create, "a new licence; prints its key")
    create.add_argument("--business-name", required=True)
    create.add_argument("--mobile", required=True, help="the business's mobile number")
    create.add_argument("--days", type=int, required=True)
    create.add_argument("--minutes", type=int, default=0, help="more minutes (for demos)")
    create.add_argument("--devices", type=int, default=1)
    create.add_argument("--plan", default="standard")
    create.add_argument("--national-id", help="person: national code; company: national ID")
    create.add_argument("--email")
    create.add_argument("--owner-name")
    create.add_argument("--legal-entity", action="store_true")
    create.add_argument("--listed-publicly", action="store_true")

    ref_help = "the licence key, or its licence id"
    extend = command(admin, "extend", _licence_action("extend"), "add days to paid_until")
    extend.add_argument("licence", metavar="KEY", help=ref_help)
    extend.add_argument("--days", type=int, required=True)
    for action, help_text in (
        ("suspend", "suspend: no activation or lease until reactivated"),
        ("revoke", "revoke: the app locks at its next refresh"),
        ("reactivate", "make a suspended or revoked licence active again"),
    ):
        sub = command(admin, action, _licence_action(action), help_text)
        sub.add_argument("licence", metavar="KEY", help=ref_help)
    for name, action, help_text in (
        ("hold", "hold", "keep the licence's data past the after-expiry deletion"),
        ("release-hold", "release_hold", "let the after-expiry deletion apply again"),
    ):
        sub = command(admin, name, _licence_action(action), help_text)
        sub.add_argument("licence", metavar="KEY", help=ref_help)
    listing = command(admin, "list", cmd_admin_list, "every licence")
    listing.add_argument("--status", choices=["active", "suspended", "revoked"])
    show = command(admin, "show", cmd_admin_show, "a licence, its business and devices")
    show.add_argument("licence", metavar="KEY", help=ref_help)
    devices = command(admin, "devices", cmd_admin_devices, "a licence's device activations")
    devices.add_argument("licence", metavar="KEY", help=ref_help)
    release = command(admin, "release-device", cmd_admin_release, "free a device's slot")
    release.add_argument("licence", metavar="KEY", help=ref_help)
    release.add_argument("device", metavar="DEVICE_ID")

    tickets = command(admin, "tickets", cmd_admin_tickets, "support tickets, latest first")
    tickets.add_argument("--state", choices=["open", "answered", "closed"])
    for action, help_text in (
        ("ticket", "a ticket and its conversation"),
        ("reply", "answer a ticket (the shop sees it as unread)"),
        ("close", "close a ticket"),
        ("approve-delist", "remove the business from the public customer list"),
    ):
        sub = command(admin, action, cmd_admin_ticket, help_text)
        sub.set_defaults(ticket_action=action)
        sub.add_argument("ticket", metavar="TICKET_ID")
        if action == "reply":
            sub.add_argument("--text", required=True, help="the answer; - reads it from stdin")
        if action in ("reply", "approve-delist"):
            sub.add_argument("--as", dest="as_name", metavar="NAME", help="sign as (default: you)")
    command(
        admin,
        "sms-status",
        cmd_admin_sms_status,
        "the SMS outbox: counts, delivery, last errors, and an alert when out of credit",
    )
    command(
        admin,
        "alerts",
        cmd_admin_alerts,
        "what needs the vendor: SMS credit, gateway merchant errors, failed or stale jobs, "
        "a licence key possibly shared",
    )
    credit = admin.add_parser(
        "sms-credit", help="a licence's credit for SMS to its members (rials)"
    ).add_subparsers(metavar="ACTION", required=True)
    credit_add = command(credit, "add", cmd_admin_sms_credit, "top up a licence's SMS credit")
    credit_add.add_argument("licence", metavar="KEY", help=ref_help)
    credit_add.add_argument("amount", metavar="AMOUNT", help="rials; negative corrects")
    credit_show = command(credit, "show", cmd_admin_sms_credit, "a licence's SMS credit")
    credit_show.add_argument("licence", metavar="KEY", help=ref_help)
    comms = command(admin, "communications", cmd_admin_communications, "a business's log")
    comms.add_argument("licence", metavar="KEY", help=ref_help)

    text_help = "the text, or @FILE to read it from a UTF-8 file"
    release_actions = admin.add_parser(
        "releases", help="app releases per platform (announced in the news)"
    ).add_subparsers(metavar="ACTION", required=True)
    publish = command(
        release_actions, "publish", cmd_admin_releases, "publish a release; apps offer it"
    )
    publish.set_defaults(release_action="publish")
    publish.add_argument("--platform", required=True, choices=["windows", "linux", "macos"])
    publish.add_argument("--version", required=True, help="e.g. 1.4.2, above the newest")
    publish.add_argument("--url", required=True, help="where apps download the installer")
    publish.add_argument("--file", help="the installer itself: its SHA-256 and size are taken")
    publish.add_argument("--sha256", help="the installer's SHA-256 (if not given --file)")
    publish.add_argument("--size", type=int, help="the installer's size in bytes")
    publish.add_argument("--notes-fa", required=True, help=f"what is new, in Persian: {text_help}")
    publish.add_argument("--notes-en", required=True, help=f"what is new, in English: {text_help}")
    publish.add_argument(
        "--min-supported",
        help="older versions must update before use (default: the platform's current minimum)",
    )
    publish.add_argument(
        "--announce",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also publish a news item announcing it (the default)",
    )
    release_list = command(release_actions, "list", cmd_admin_releases, "releases, newest first")
    release_list.set_defaults(release_action="list")
    release_list.add_argument("--platform", choices=["windows", "linux", "macos"])
    withdraw = command(
        release_actions, "withdraw", cmd_admin_releases, "stop offering a release (and its news)"
    )
    withdraw.set_defaults(release_action="withdraw")
    withdraw.add_argument("release", metavar="RELEASE_ID")

    news_actions = admin.add_parser("news", help="announcements every app shows").add_subparsers(
        metavar="ACTION", required=True
    )
    news_publish = command(news_actions, "publish", cmd_admin_news, "publish a news item")
    news_publish.set_defaults(news_action="publish")
    news_publish.add_argument("--title-fa", required=True, help=text_help)
    news_publish.add_argument("--title-en", required=True, help=text_help)
    news_publish.add_argument("--body-fa", required=True, help=text_help)
    news_publish.add_argument("--body-en", required=True, help=text_help)
    news_list = command(news_actions, "list", cmd_admin_news, "news, newest first")
    news_list.set_defaults(news_action="list")
    news_list.add_argument("--all", action="store_true", help="withdrawn items too")
    news_withdraw = command(news_actions, "withdraw", cmd_admin_news, "stop showing an item")
    news_withdraw.set_defaults(news_action="withdraw")
    news_withdraw.add_argument("news", metavar="NEWS_ID")

    terms_actions = admin.add_parser(
        "terms", help="the terms of service and who accepted them"
    ).add_subparsers(metavar="ACTION", required=True)
    terms_publish = command(
        terms_actions, "publish", cmd_admin_terms, "the next version; apps ask owners to accept"
    )
    terms_publish.set_defaults(terms_action="publish")
    terms_publish.add_argument("--text-fa", required=True, help=text_help)
    terms_publish.add_argument("--text-en", required=True, help=text_help)
    terms_publish.add_argument("--summary-fa", default="", help="what changed (Persian)")
    terms_publish.add_argument("--summary-en", default="", help="what changed (English)")
    terms_list = command(terms_actions, "list", cmd_admin_terms, "every version, newest first")
    terms_list.set_defaults(terms_action="list")
    terms_who = command(
        terms_actions, "acceptances", cmd_admin_terms, "who of a business accepted, when, where"
    )
    terms_who.set_defaults(terms_action="acceptances")
    terms_who.add_argument("licence", metavar="KEY", help=ref_help)

    plan_actions = admin.add_parser("plans", help="the plans on sale").add_subparsers(
        metavar="ACTION", required=True
    )
    price_help = "whole tomans; Persian digits and separators are fine (۴۹۰٬۰۰۰)"
    plan_list = command(plan_actions, "list", cmd_admin_plans, "every plan, retired ones too")
    plan_list.set_defaults(plan_action="list")
    plan_list.add_argument("--on-sale", action="store_true", help="only the plans on sale")
    plan_create = command(plan_actions, "create", cmd_admin_plans, "a new plan on sale")
    plan_create.set_defaults(plan_action="create")
    plan_create.add_argument("code", metavar="CODE", help="e.g. yearly (shown in leases)")
    plan_create.add_argument("--name-fa", required=True, help="the Persian name")
    plan_create.add_argument("--name-en", required=True, help="the English name")
    plan_create.add_argument("--days", required=True)
    plan_create.add_argument("--price", required=True, help=price_help)
    plan_create.add_argument("--devices", default="1", help="its device limit (default 1)")
    plan_create.add_argument("--sort-order", default=None, help="offer order (default: days)")
    set_price = command(plan_actions, "set-price", cmd_admin_plans, "new payments pay this")
    set_price.set_defaults(plan_action="set-price")
    set_price.add_argument("code", metavar="CODE")
    set_price.add_argument("price", metavar="PRICE", help=price_help)
    retire = command(plan_actions, "retire", cmd_admin_plans, "stop offering a plan")
    retire.set_defaults(plan_action="retire")
    retire.add_argument("code", metavar="CODE")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.json = getattr(args, "json", False)
    for name in ("data_dir", "keys_dir", "database_url"):
        setattr(args, name, getattr(args, name, None))
    logging.basicConfig(
        level=logging.INFO if args.handler is cmd_serve else logging.WARNING,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    if args.handler is cmd_serve:  # its own log format, put back when it returns
        from clubdesk_server.logs import applied

        with applied(_serve_log_config(args)):
            return run_command(lambda: args.handler(args), log, "something went wrong.")
    return run_command(
        lambda: args.handler(args), log, "something went wrong; see the message above."
    )


if __name__ == "__main__":
    sys.exit(main())

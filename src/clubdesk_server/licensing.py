"""The licence rules the API and the admin CLI share: keys, activation slots, leases, audit.

Functions here work inside a session the caller opened (one transaction per call) and take the
current time as an argument; callers read it from ``clock()`` at the moment of the request.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from clubdesk.core.business import (
    NAME_MAX,
    OWNER_MAX,
    InvalidBusiness,
    clean_national_id,
    clean_text,
)
from clubdesk.core.errors import InvalidPhone
from clubdesk.core.i18n import to_latin_digits
from clubdesk.core.ids import new_public_id
from clubdesk.core.phone import normalize_phone
from clubdesk.protocol import (
    Activation,
    ActivationRequest,
    Lease,
    LicenceInfo,
    SignedLease,
    TrialActivation,
    TrialRequest,
    fingerprint_hash,
)
from clubdesk_server import terms
from clubdesk_server.errors import (
    BadAdminInput,
    DeviceLimit,
    LicenceNotFound,
    LicenceRevoked,
    LicenceSuspended,
    TokenInvalid,
    TrialUsed,
)
from clubdesk_server.keys import Signer
from clubdesk_server.models import AuditEntry, Business, Device, LeaseRecord, Licence
from clubdesk_server.settings import Settings

# Crockford's base32: no I, L, O or U, so a key read aloud or retyped is unambiguous.
KEY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
KEY_GROUPS = 5
KEY_GROUP_LEN = 5  # 25 symbols x 5 bits = 125 bits from ``secrets``
KEY_PREFIX = "CD"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
_PUBLIC_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
TRIAL_PLAN = "trial"


def is_public_id(ref: str) -> bool:
    """Whether the operator named a row by its public id (a UUID), not by a key."""
    return _PUBLIC_ID.fullmatch(ref) is not None


def new_licence_key() -> str:
    groups = (
        "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_GROUP_LEN))
        for _ in range(KEY_GROUPS)
    )
    return "-".join((KEY_PREFIX, *groups))


def normalize_key(text: str) -> str:
    """The canonical form of a typed key: case, spaces, dashes, Persian digits, O/0 and I/L/1."""
    cleaned = re.sub(r"[^0-9A-Za-z]", "", to_latin_digits(text)).upper()
    if cleaned.startswith(KEY_PREFIX):
        body = cleaned[len(KEY_PREFIX) :].translate(_CONFUSABLE)
        if len(body) == KEY_GROUPS * KEY_GROUP_LEN:
            groups = [body[i : i + KEY_GROUP_LEN] for i in range(0, len(body), KEY_GROUP_LEN)]
            return "-".join((KEY_PREFIX, *groups))
    return cleaned


def key_prefix(key: str) -> str:
    """What support sees of a key: 'CD-7KQ2M' (the first 25 of its 125 bits)."""
    return normalize_key(key)[: len(KEY_PREFIX) + 1 + KEY_GROUP_LEN]


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_key(key: str) -> str:
    return hash_secret(normalize_key(key))


def new_token() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Caller:
    """Who acts and from where, for the audit log."""

    actor: str
    source_ip: str | None = None


def audit(
    session: Session,
    caller: Caller,
    action: str,
    now: datetime,
    *,
    outcome: str = "ok",
    licence_id: int | None = None,
    device_id: int | None = None,
    actor: str | None = None,
    **details: Any,
) -> None:
    session.add(
        AuditEntry(
            at=now,
            actor=actor or caller.actor,
            action=action,
            outcome=outcome,
            source_ip=caller.source_ip,
            licence_id=licence_id,
            device_id=device_id,
            details=details,
        )
    )


def licence_by_key(session: Session, key: str, *, lock: bool = False) -> Licence:
    query = select(Licence).where(Licence.key_hash == hash_key(key))
    if lock:
        query = query.with_for_update()
    licence = session.scalars(query).one_or_none()
    if licence is None:
        raise LicenceNotFound()
    return licence


def device_by_token(session: Session, token: str | None) -> Device:
    if not token:
        raise TokenInvalid()
    # One query for the device, its licence and business: every caller reads all three, and
    # lazy loads would each cost a round trip plus an autoflush.
    device = session.scalars(
        select(Device)
        .options(joinedload(Device.licence).joinedload(Licence.business))
        .where(Device.token_hash == hash_secret(token), Device.released_at.is_(None))
    ).one_or_none()
    if device is None:
        raise TokenInvalid()
    return device


def check_usable(licence: Licence) -> None:
    """Revoked and suspended licences get no new activation or lease; expired ones do."""
    if licence.status == "revoked":
        raise LicenceRevoked()
    if licence.status == "suspended":
        raise LicenceSuspended()


def devices_used(session: Session, licence: Licence) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Device)
            .where(Device.licence_id == licence.id, Device.released_at.is_(None))
        )
        or 0
    )


def issue_lease(
    session: Session,
    signer: Signer,
    settings: Settings,
    licence: Licence,
    device: Device,
    now: datetime,
) -> SignedLease:
    lease = Lease(
        lease_id=new_public_id(),
        licence_id=licence.public_id,
        business_name=licence.business.name,
        device=device.fingerprint_hash,
        plan=licence.plan,
        status=licence.status,  # type: ignore[arg-type]
        paid_until=licence.paid_until,
        issued_at=now,
        refresh_by=now + settings.lease_refresh,
        grace_until=now + settings.lease_grace,
        server_time=now,
        key_id=signer.key_id,
    )
    session.add(
        LeaseRecord(
            lease_id=lease.lease_id,
            licence_id=licence.id,
            device_id=device.id,
            issued_at=now,
            refresh_by=lease.refresh_by,
            grace_until=lease.grace_until,
            paid_until=lease.paid_until,
            status=lease.status,
            key_id=lease.key_id,
        )
    )
    return signer.sign(lease)


@dataclass
class Touched:
    """Rows a call touched, by id, so its audit row names them even when the call failed."""

    licence_id: int | None = None
    device_id: int | None = None
    device_public_id: str | None = None
    device_is_new: bool = False  # made in this transaction: gone if it rolls back
    licence_public_id: str | None = None  # for the request's log lines

    def saw_licence(self, licence: Licence) -> None:
        self.licence_id = licence.id
        self.licence_public_id = licence.public_id

    def saw_device(self, device: Device, *, new: bool = False) -> None:
        self.device_is_new = new
        self.licence_id = device.licence_id
        self.device_id = device.id
        self.device_public_id = device.public_id
        self.licence_public_id = device.licence.public_id  # loaded with the device


def activate(
    session: Session,
    signer: Signer,
    settings: Settings,
    request: ActivationRequest,
    now: datetime,
    source_ip: str | None,
    touched: Touched,
) -> Activation:
    """Bind the licence to this fingerprint (reusing its slot if it has one) and lease it."""
    licence = licence_by_key(session, request.licence_key, lock=True)
    touched.saw_licence(licence)
    check_usable(licence)
    fp_hash = fingerprint_hash(request.fingerprint)
    device = session.scalars(
        select(Device).where(Device.licence_id == licence.id, Device.fingerprint_hash == fp_hash)
    ).one_or_none()
    taking_a_slot = device is None or device.released_at is not None
    if taking_a_slot and devices_used(session, licence) >= licence.device_limit:
        raise DeviceLimit(limit=licence.device_limit)
    new = device is None
    if device is None:
        device = Device(
            public_id=new_public_id(),
            licence=licence,
            fingerprint_hash=fp_hash,
            name=request.device_name,
            first_seen=now,
            last_seen=now,
        )
        session.add(device)
    token = new_token()
    device.name = request.device_name
    device.token_hash = hash_secret(token)  # a previous token of this device stops working
    device.released_at = None
    device.last_seen = now
    device.last_ip = source_ip
    session.flush()
    touched.saw_device(device, new=new)
    if request.terms is not None:  # the terms the app showed while activating, accepted
        terms.accept(session, now, device, request.terms, source_ip)
    return Activation(
        token=token, lease=issue_lease(session, signer, settings, licence, device, now)
    )


def refresh(
    session: Session,
    signer: Signer,
    settings: Settings,
    device: Device,
    now: datetime,
    source_ip: str | None,
) -> SignedLease:
    licence = device.licence
    check_usable(licence)
    device.last_seen = now
    device.last_ip = source_ip
    return issue_lease(session, signer, settings, licence, device, now)


def licence_info(session: Session, licence: Licence, now: datetime) -> LicenceInfo:
    return LicenceInfo(
        licence_id=licence.public_id,
        business_name=licence.business.name,
        plan=licence.plan,
        status=licence.status,  # type: ignore[arg-type]
        paid_until=licence.paid_until,
        device_limit=licence.device_limit,
        devices_used=devices_used(session, licence),
        server_time=now,
    )


def release(device: Device, now: datetime) -> None:
    device.released_at = now
    device.token_hash = None


# -- businesses and new licences (the admin CLI and the trial share them) ----------------------


@dataclass(frozen=True)
class BusinessDetails:
    """A business as checked by the app's own rules (``clubdesk.core.business``)."""

    name: str
    mobile: str  # E.164
    national_id: str | None
    owner_name: str = ""
    email: str | None = None
    legal_entity: bool = False
    listed_publicly: bool = False


def business_details(
    *,
    name: str,
    mobile: str,
    owner_name: str | None = None,
    national_id: str | None = None,
    legal_entity: bool = False,
    email: str | None = None,
    listed_publicly: bool = False,
) -> BusinessDetails:
    """Checked and normalised; a bad field is ``BadAdminInput`` naming it (INVALID_INPUT)."""
    try:
        checked_name = clean_text(name, "business name", NAME_MAX, required=True)
        owner = clean_text(owner_name, "owner name", OWNER_MAX, required=False)
        nid = clean_national_id(national_id, legal_entity=legal_entity)
        phone = normalize_phone(mobile)
    except InvalidBusiness as exc:
        field = exc.params.get("field", "business")
        raise BadAdminInput(field=field, problem=exc.render()) from exc
    except InvalidPhone as exc:
        raise BadAdminInput(field="mobile", problem=exc.render()) from exc
    mail = (email or "").strip() or None
    if mail is not None and (len(mail) > 254 or not _EMAIL.fullmatch(mail)):
        raise BadAdminInput(field="email", problem="not an email address")
    return BusinessDetails(
        name=checked_name,
        mobile=phone,
        national_id=nid,
        owner_name=owner,
        email=mail,
        legal_entity=legal_entity,
        listed_publicly=listed_publicly,
    )


def new_licence(
    session: Session,
    now: datetime,
    details: BusinessDetails,
    *,
    key: str,
    plan: str,
    paid_until: datetime,
    devices: int,
) -> tuple[Licence, bool]:
    """A licence for the business with this national id (a business on file is reused as it
    is: licences never move between businesses) or a new business; ``(licence, reused)``."""
    existing = (
        session.scalars(
            select(Business)
            .where(Business.national_id == details.national_id)
            .order_by(Business.id)
        ).first()
        if details.national_id
        else None
    )
    business = existing or Business(
        name=details.name,
        national_id=details.national_id,
        owner_name=details.owner_name,
        mobile=details.mobile,
        email=details.email,
        is_legal_entity=details.legal_entity,
        listed_publicly=details.listed_publicly,
        created_at=now,
    )
    licence = Licence(
        business=business,
        key_hash=hash_key(key),
        key_prefix=key_prefix(key),
        plan=plan,
        paid_until=paid_until,
        device_limit=devices,
        status="active",
        created_at=now,
        updated_at=now,
    )
    session.add_all([business, licence])
    session.flush()
    return licence, existing is not None


def trial_used(session: Session, fp_hash: str, mobile: str) -> bool:
    """Whether this computer, or this mobile number, has had a trial licence already."""
    on_device = (
        select(Device.id)
        .join(Licence)
        .where(Licence.plan == TRIAL_PLAN, Device.fingerprint_hash == fp_hash)
    )
    by_mobile = (
        select(Licence.id)
        .join(Business)
        .where(Licence.plan == TRIAL_PLAN, Business.mobile == mobile)
    )
    return (
        session.scalars(on_device.limit(1)).first() is not None
        or session.scalars(by_mobile.limit(1)).first() is not None
    )


def start_trial(
    session: Session,
    signer: Signer,
    settings: Settings,
    request: TrialRequest,
    now: datetime,
    source_ip: str | None,
    touched: Touched,
) -> TrialActivation:
    """A trial licence (``settings.trial_days``, one device) for a new business, activated on
    this computer at once. One trial per computer and per mobile number: ``TrialUsed``."""
    details = business_details(
        name=request.business_name,
        mobile=request.mobile,
        owner_name=request.owner_name,
        national_id=request.national_id,
        legal_entity=request.legal_entity,
    )
    fp_hash = fingerprint_hash(request.fingerprint)
    if trial_used(session, fp_hash, details.mobile):
        raise TrialUsed()
    key = new_licence_key()
    licence, _reused = new_licence(
        session,
        now,
        details,
        key=key,
        plan=TRIAL_PLAN,
        paid_until=now + settings.trial,
        devices=1,
    )
    touched.saw_licence(licence)
    activation = activate(
        session,
        signer,
        settings,
        ActivationRequest(
            licence_key=key,
            fingerprint=request.fingerprint,
            device_name=request.device_name,
            terms=request.terms,
        ),
        now,
        source_ip,
        touched,
    )
    return TrialActivation(
        token=activation.token,
        lease=activation.lease,
        licence_key=key,
        days=settings.trial.days,
    )

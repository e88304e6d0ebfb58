"""Everything that crosses the wire between the app and clubdesk-server (pydantic models).

A lease is signed over its canonical JSON form (sorted keys, no spaces, UTF-8), so that the
server's signature and the app's check read exactly the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

API_PREFIX = "/v1"
LEASE_VERSION = 1
# Every call the app makes carries one; the server logs it and returns it (also in problem+json
# as ``request_id``), and the app shows it with an error so support can find the request.
REQUEST_ID_HEADER = "X-Request-ID"

LicenceStatus = Literal["active", "suspended", "revoked"]


class Lease(BaseModel):
    """What the server vouches for; the app works offline on it until ``grace_until``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = LEASE_VERSION
    lease_id: str
    licence_id: str
    business_name: str
    device: str  # the device fingerprint hash the licence was activated on
    plan: str
    status: LicenceStatus
    paid_until: datetime
    issued_at: datetime
    refresh_by: datetime
    grace_until: datetime
    server_time: datetime
    key_id: str


class SignedLease(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    lease: Lease
    signature: str  # base64 Ed25519 over canonical_bytes(lease)


class TermsAcceptance(BaseModel):
    """The owner accepting a version of the terms of service, by name (``POST
    /v1/terms/acceptances``, or with an activation or trial)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    accepted_by: str = Field(min_length=1, max_length=120)


class ActivationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    licence_key: str = Field(min_length=10, max_length=80)
    fingerprint: str = Field(min_length=16, max_length=128)
    device_name: str = Field(min_length=1, max_length=80)
    terms: TermsAcceptance | None = None  # the terms shown during activation, accepted


class Activation(BaseModel):
    token: str  # bearer token for this device; the server keeps only its hash
    lease: SignedLease


class LicenceInfo(BaseModel):
    licence_id: str
    business_name: str
    plan: str
    status: LicenceStatus
    paid_until: datetime
    device_limit: int
    devices_used: int
    server_time: datetime


class Problem(BaseModel):
    """RFC 9457 problem details, with our stable ``code``."""

    type: str = "about:blank"
    title: str
    status: int
    code: str
    detail: str = ""


def canonical_bytes(lease: Lease) -> bytes:
    data = lease.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def key_id(public_key_raw: bytes) -> str:
    """A short, stable name for a signing key: the start of its public key's SHA-256."""
    return hashlib.sha256(public_key_raw).hexdigest()[:16]


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


# --- added with the licence server (issue 3) -------------------------------------------------

PUBLIC_KEYS_FILE = "public-keys.json"  # {key_id: base64 of the raw 32-byte Ed25519 public key}


class ProblemCode:
    """The stable ``code`` values of the server's problem+json answers."""

    INVALID_INPUT = "INVALID_INPUT"  # 422: the request body or a field is not valid
    LICENCE_NOT_FOUND = "LICENCE_NOT_FOUND"  # 404: no licence has this key
    LICENCE_REVOKED = "LICENCE_REVOKED"  # 403: lock; activation and refresh refused
    LICENCE_SUSPENDED = "LICENCE_SUSPENDED"  # 403: lock; activation and refresh refused
    DEVICE_LIMIT = "DEVICE_LIMIT"  # 409: every device slot is taken
    TOKEN_INVALID = "TOKEN_INVALID"  # 401: bearer token missing, unknown or device released
    RATE_LIMITED = "RATE_LIMITED"  # 429: wait Retry-After seconds
    NOT_FOUND = "NOT_FOUND"  # 404: no such address
    PLAN_NOT_FOUND = "PLAN_NOT_FOUND"  # 404: no plan on sale has this code
    PAYMENT_NOT_FOUND = "PAYMENT_NOT_FOUND"  # 404: no payment of this licence has this id
    GATEWAY_UNAVAILABLE = "GATEWAY_UNAVAILABLE"  # 503: the payment gateway did not answer
    GATEWAY_REFUSED = "GATEWAY_REFUSED"  # 502: the gateway refused to start the payment
    TICKET_NOT_FOUND = "TICKET_NOT_FOUND"  # 404: no ticket of this business has this id
    LICENCE_EXPIRED = "LICENCE_EXPIRED"  # 403: paid_until has passed: no sync, no upload
    CLOUD_QUOTA_FULL = "CLOUD_QUOTA_FULL"  # 409: the plan's off-site storage is full
    CHUNK_HASH_MISMATCH = "CHUNK_HASH_MISMATCH"  # 422: a chunk's bytes differ from its SHA-256
    UPLOAD_INCOMPLETE = "UPLOAD_INCOMPLETE"  # 409: complete called with chunks missing
    UPLOAD_DAMAGED = "UPLOAD_DAMAGED"  # 422: the assembled file's SHA-256 is not the declared one
    BACKUP_NOT_FOUND = "BACKUP_NOT_FOUND"  # 404: no off-site backup of this licence has this id
    ADMIN_TOKEN_INVALID = "ADMIN_TOKEN_INVALID"  # 401: the support pages need the admin token
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"  # 405
    TRIAL_USED = "TRIAL_USED"  # 409: this computer or mobile number has had its trial
    TERMS_OUTDATED = "TERMS_OUTDATED"  # 409: not the current terms; read and accept those
    NOT_READY = "NOT_READY"  # 503 (/readyz): the database, Redis or the schema is not ready
    FORBIDDEN = "FORBIDDEN"  # 403 (/metrics): not from an allowed address, no metrics token
    UNEXPECTED = "UNEXPECTED"  # 500


def fingerprint_hash(fingerprint: str) -> str:
    """What the server stores and puts in ``Lease.device`` for the fingerprint a device sent.

    The app checks a lease is its own with ``lease.device == fingerprint_hash(my_fingerprint)``.
    """
    return hashlib.sha256(b"clubdesk-device\x00" + fingerprint.encode()).hexdigest()


# --- renewal and support (issue 4) -------------------------------------------------------------
# Money is whole tomans (``*_tomans``) everywhere on this wire; rials only on Zarinpal's.

PaymentState = Literal[
    "pending",  # started; the payer is at the gateway, or the callback has not come yet
    "paid",  # verified by the gateway, the extension not yet applied (a moment, normally)
    "applied",  # verified and the licence extended: done
    "failed",  # the gateway says it was not paid (or an error it will not recover from)
    "cancelled",  # the payer cancelled at the gateway
    "amount_mismatch",  # the gateway saw another amount than ours: not applied; support checks
    "expired_unverified",  # never verified within the gateway's window
]
FINAL_PAYMENT_STATES = frozenset(
    {"applied", "failed", "cancelled", "amount_mismatch", "expired_unverified"}
)
TicketKind = Literal["general", "payment", "delist"]
TicketState = Literal["open", "answered", "closed"]


class PlanOffer(BaseModel):
    """A licence package on sale (``GET /v1/plans``)."""

    code: str
    name_fa: str
    name_en: str
    days: int
    price_tomans: int
    device_limit: int


class PaymentStart(BaseModel):
    """``POST /v1/payments`` (bearer token): pay for ``plan`` on this device's licence."""

    model_config = ConfigDict(extra="forbid")

    plan: str = Field(min_length=1, max_length=40)


class PaymentInfo(BaseModel):
    """A payment as the shop sees it (``GET /v1/payments``, ``GET /v1/payments/{payment_id}``)."""

    payment_id: str
    plan: str
    days: int
    amount_tomans: int
    state: PaymentState
    gateway: str
    authority: str | None
    pay_url: str | None  # where to send the browser; only while pending
    ref_id: str | None  # the bank's reference once verified
    card_pan: str | None  # masked, as the gateway gives it
    gateway_code: int | None
    created_at: datetime
    verified_at: datetime | None
    paid_until_before: datetime | None
    paid_until_after: datetime | None  # the new paid-until once applied


class TicketStart(BaseModel):
    """``POST /v1/tickets``: a new ticket; ``payment_id`` attaches that payment's details."""

    model_config = ConfigDict(extra="forbid")

    kind: TicketKind = "general"
    subject: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=5000)
    payment_id: str | None = None


class TicketReply(BaseModel):
    """``POST /v1/tickets/{ticket_id}/messages``."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=5000)


class TicketMessageInfo(BaseModel):
    author: Literal["shop", "support"]
    text: str
    at: datetime


class TicketInfo(BaseModel):
    ticket_id: str
    kind: TicketKind
    subject: str
    state: TicketState
    created_at: datetime
    updated_at: datetime
    unread: int  # support's messages the shop has not fetched yet
    payment: dict[str, Any] | None  # amount_tomans, at, authority, ref_id, card_pan
    messages: list[TicketMessageInfo]


# --- cloud sync and off-site backups (issue 6) ---------------------------------------------
# A change is opaque to the server: it stores and orders changes, the devices merge them.

SYNC_BATCH_LIMIT = 500  # changes per push, and the most a pull returns
ChangeKind = Literal[
    "member",  # fields of a member (a registration carries all of them), archive included
    "merge",  # two members found to be one (same phone): ``member`` merged into ``into``
    "purchase",  # a purchase with its earning, as one event
    "ledger",  # any other ledger event: redeem, adjust, expire, reverse
]


class SyncChange(BaseModel):
    """One change as a device recorded it.

    ``change_id`` is globally unique (UUIDv7; a purchase's or ledger event's own public id), so
    a change pushed twice is stored once. ``hlc`` is the hybrid logical clock stamp
    (``core.hlc``, a fixed-width string that sorts in clock order); ``member`` is the public id
    of the member it concerns.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    change_id: str = Field(min_length=1, max_length=36)
    device: str = Field(min_length=1, max_length=64)
    hlc: str = Field(min_length=1, max_length=64)
    kind: ChangeKind
    member: str = Field(min_length=1, max_length=36)
    data: dict[str, Any]


class SyncPush(BaseModel):
    """``POST /v1/sync/push`` (bearer token): up to SYNC_BATCH_LIMIT changes, in log order."""

    model_config = ConfigDict(extra="forbid")

    changes: list[SyncChange] = Field(max_length=SYNC_BATCH_LIMIT)


class SyncPushResult(BaseModel):
    accepted: int  # changes new to the server
    duplicates: int  # changes it already had (a batch sent twice)
    head: int  # the licence's newest sequence number after this push


class SyncedChange(BaseModel):
    seq: int  # per licence, gap-free, in the order the server stored them
    change: SyncChange


class SyncPage(BaseModel):
    """``GET /v1/sync/changes?after=SEQ&limit=N``: the licence's changes after ``after``."""

    changes: list[SyncedChange]
    head: int  # the newest sequence number; caught up when the last seq == head


class CloudBackupStart(BaseModel):
    """``POST /v1/cloud-backups``: announce an upload (resumed if the same sha256 is pending)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)  # the archive's file name
    size: int = Field(ge=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    manifest: dict[str, Any]  # the archive's public manifest (no key, no member data)


class CloudUpload(BaseModel):
    upload_id: str
    chunk_size: int
    received: list[int]  # chunk indexes the server already has (resume from the first gap)


class CloudBackupInfo(BaseModel):
    backup_id: str
    name: str
    size: int
    sha256: str
    created_at: datetime  # when the upload completed
    manifest: dict[str, Any]


class CloudUsage(BaseModel):
    used_bytes: int
    quota_bytes: int
    backups: list[CloudBackupInfo]


# --- SMS to members through the vendor's line (clubdesk.messaging.vendor) ---------------------

MEMBER_SMS_BATCH_LIMIT = 100  # messages per POST /member-sms/send


class MemberSms(BaseModel):
    """One message to a shop's member; ``key`` (the message's public id on the device) makes a
    repeated send harmless: the server answers the first result again."""

    key: str = Field(min_length=1, max_length=36)
    phone: str = Field(pattern=r"^\+98\d{10}$")
    text: str = Field(min_length=1, max_length=1000)


class MemberSmsBatch(BaseModel):
    messages: list[MemberSms] = Field(min_length=1, max_length=MEMBER_SMS_BATCH_LIMIT)


class MemberSmsResult(BaseModel):
    key: str
    status: Literal["sent", "failed", "unknown", "retry"]
    provider_id: str | None = None
    cost: int = 0  # rials charged to the licence's SMS credit
    error: str = ""


class MemberSmsSent(BaseModel):
    results: list[MemberSmsResult]
    credit: int  # rials left


class MemberSmsCredit(BaseModel):
    credit: int  # rials
    price_per_part: int  # rials the server charges per part


class MemberSmsStatuses(BaseModel):
    statuses: dict[str, int]  # provider id -> Kavenegar delivery status code


# --- releases, news and trials (issue 8) --------------------------------------------------------

Platform = Literal["windows", "linux", "macos"]
PLATFORMS: tuple[str, ...] = ("windows", "linux", "macos")
NewsKind = Literal["news", "release"]


class ReleaseInfo(BaseModel):
    """A published version of the app for one platform (``GET /v1/releases/latest``).

    The app downloads ``url`` and installs it only if the file's SHA-256 is ``sha256``; a
    running version below ``min_supported`` must update before it is used again."""

    release_id: str
    platform: Platform
    version: str
    notes_fa: str
    notes_en: str
    url: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int | None = None  # bytes, when the vendor gave it
    min_supported: str
    published_at: datetime


class LatestRelease(BaseModel):
    """The newest release of a platform, or none yet."""

    platform: Platform
    release: ReleaseInfo | None


class NewsInfo(BaseModel):
    """A vendor announcement (``GET /v1/news``); a release announces itself as ``release``."""

    news_id: str
    kind: NewsKind
    title_fa: str
    title_en: str
    body_fa: str
    body_en: str
    published_at: datetime
    version: str | None = None  # a release's version


class TrialRequest(BaseModel):
    """``POST /v1/trials``: a 14-day licence for a new business on this device, activated."""

    model_config = ConfigDict(extra="forbid")

    business_name: str = Field(min_length=1, max_length=200)
    mobile: str = Field(min_length=4, max_length=32)
    legal_entity: bool = False
    national_id: str | None = Field(default=None, max_length=20)
    owner_name: str = Field(default="", max_length=120)
    fingerprint: str = Field(min_length=16, max_length=128)
    device_name: str = Field(min_length=1, max_length=80)
    terms: TermsAcceptance | None = None


class TrialActivation(Activation):
    """An activation of a new trial licence; its key is shown to the owner once."""

    licence_key: str
    days: int


# --- terms of service (issue 9) -----------------------------------------------------------------


class TermsInfo(BaseModel):
    """A version of the vendor's terms of service (``GET /v1/terms``: the current one)."""

    version: int
    text_fa: str
    text_en: str
    summary_fa: str = ""  # what changed since the version before
    summary_en: str = ""
    published_at: datetime


class CurrentTerms(BaseModel):
    terms: TermsInfo | None  # None until the vendor publishes terms


class TermsStatus(BaseModel):
    """This business's standing (``GET /v1/terms/status``, bearer token)."""

    current: int | None
    accepted: int | None  # the newest version the business accepted

    @property
    def needs_acceptance(self) -> bool:
        return self.current is not None and (self.accepted or 0) < self.current

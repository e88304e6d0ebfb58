"""The app's licence: activation, refresh, and the gate the services layer asks before every
use of member data.

The status is computed in memory from the verified lease and the remembered facts, so the gate
costs microseconds per keystroke; files are read at start and written on change. Locking never
touches the shop's database.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from clubdesk.core.business import BusinessProfile, InvalidBusiness
from clubdesk.core.errors import ClubDeskError, ExitCode, InvalidInput
from clubdesk.core.i18n import QT_TRANSLATE_NOOP
from clubdesk.core.ids import utcnow
from clubdesk.core.licence import (
    LeaseFacts,
    Memory,
    State,
    Status,
    TermsNotAccepted,
    evaluate,
)
from clubdesk.licensing import keys as lease_keys
from clubdesk.licensing.client import LicenceClient, ServerRefused, ServerUnreachable
from clubdesk.licensing.fingerprint import fingerprint
from clubdesk.licensing.store import LicenceStore, Saved
from clubdesk.protocol import (
    Activation,
    SignedLease,
    TermsAcceptance,
    TermsInfo,
    TermsStatus,
    TrialActivation,
    TrialRequest,
    fingerprint_hash,
)

log = logging.getLogger(__name__)
SEEN_WRITE_EVERY = timedelta(minutes=1)  # how often the latest clock reading is saved
VERDICTS = {"LICENCE_REVOKED": "revoked", "LICENCE_SUSPENDED": "suspended"}


class NotActivated(ClubDeskError):
    """Renewal and support need this computer's activation (its token names the licence)."""

    code = "NOT_ACTIVATED"
    exit_code = ExitCode.LICENCE_LOCKED
    default_message = QT_TRANSLATE_NOOP("errors", "This computer is not activated yet.")
    default_hint = QT_TRANSLATE_NOOP(
        "errors", "Enter your licence key first; to buy a new licence, contact the vendor."
    )


def _facts(signed: SignedLease) -> LeaseFacts:
    lease = signed.lease
    return LeaseFacts(
        licence_id=lease.licence_id,
        business_name=lease.business_name,
        device=lease.device,
        plan=lease.plan,
        status=lease.status,
        paid_until=lease.paid_until,
        grace_until=lease.grace_until,
    )


class LicenceManager:
    def __init__(
        self,
        data_dir: Path,
        *,
        keys: dict[str, Ed25519PublicKey] | None = None,
        clock: Callable[[], datetime] = utcnow,
        client_factory: Callable[[str], LicenceClient] = LicenceClient,
    ) -> None:
        self.store = LicenceStore(data_dir)
        self.keys = keys if keys is not None else lease_keys.trusted_keys()
        self.clock = clock
        self.client_factory = client_factory
        self.device = fingerprint(self.store.folder)
        self.device_hash = fingerprint_hash(self.device)  # what the server puts in leases
        self._lock = threading.RLock()
        self._saved_seen: datetime | None = None
        self._load()

    # ------------------------------------------------------------------ state

    def _load(self) -> None:
        with self._lock:
            self.saved = self.store.read_state()
            signed, readable = self.store.read_lease()
            self.signed = signed
            self.signature_ok = readable and (
                signed is None or lease_keys.verify(signed, self.keys)
            )
            self._saved_seen = self.saved.memory.latest_seen

    def status(self) -> Status:
        """The state now; remembers the latest clock reading (a clock moved back shows)."""
        with self._lock:
            now = self.clock()
            lease = _facts(self.signed) if self.signed is not None else None
            result = evaluate(
                lease,
                signature_ok=self.signature_ok,
                fingerprint=self.device_hash,
                memory=self.saved.memory,
                now=now,
            )
            self._remember_seen(now)
            return result

    def refresh_if_due(self) -> Status:
        """Refresh when the lease asks to be (refresh_by passed) or was never checked."""
        due = self.signed is not None and self.clock() >= self.signed.lease.refresh_by
        return self.refresh() if due else self.status()

    def require_open(self) -> None:
        """The services gate: raises ``LicenceLocked`` with the reason while locked, and
        ``TermsNotAccepted`` while new terms of service wait for the owner."""
        current = self.status()
        if current.state is State.LOCKED:
            raise current.error()
        if self.saved.terms_required is not None:
            raise TermsNotAccepted(version=self.saved.terms_required)

    @property
    def terms_required(self) -> int | None:
        """The terms version the owner must still accept (as the server last said), or None."""
        return self.saved.terms_required

    def _remember_seen(self, now: datetime) -> None:
        latest = self.saved.memory.latest_seen
        if latest is not None and now <= latest:
            return
        self.saved.memory = replace(self.saved.memory, latest_seen=now)
        if self._saved_seen is None or now - self._saved_seen >= SEEN_WRITE_EVERY:
            self._saved_seen = now
            self._persist()

    def _persist(self) -> None:
        try:
            self.store.write_state(self.saved)
        except OSError:
            log.warning("could not save the licence state", exc_info=True)

    # ------------------------------------------------------------- server calls

    def activate(
        self,
        server_url: str,
        licence_key: str,
        device_name: str,
        terms: TermsAcceptance | None = None,
    ) -> Status:
        """Bind this computer to a licence; keeps the token in the keyring, the lease on disk.
        ``terms``: the terms of service shown while activating, accepted by the named owner."""
        client = self.client_factory(server_url)
        try:
            activation = client.activate(licence_key, self.device, device_name, terms)
        except ValidationError as exc:
            raise InvalidInput(
                QT_TRANSLATE_NOOP("errors", "The licence key or device name is not valid."),
                QT_TRANSLATE_NOOP("errors", "Type the key exactly as it was given to you."),
            ) from exc
        self._accept_activation(server_url, activation, device_name)
        return self.status()

    def start_trial(
        self,
        server_url: str,
        profile: BusinessProfile,
        device_name: str,
        terms: TermsAcceptance | None = None,
    ) -> tuple[Status, TrialActivation]:
        """A free trial licence for this business, activated on this computer at once (the
        server allows one per computer and per mobile number). The activation carries the new
        licence key, which the owner may note for later (renewal needs only this computer)."""
        if not profile.mobile:
            raise InvalidBusiness(
                QT_TRANSLATE_NOOP("errors", "The free trial needs the owner's mobile number."),
                QT_TRANSLATE_NOOP(
                    "errors", "Type the mobile number that licence reminders should go to."
                ),
                field="mobile",
            )
        client = self.client_factory(server_url)
        request = TrialRequest(
            business_name=profile.name,
            mobile=profile.mobile,
            legal_entity=profile.legal_entity,
            national_id=profile.national_id,
            owner_name=profile.owner_name,
            fingerprint=self.device,
            device_name=device_name,
            terms=terms,
        )
        activation = client.start_trial(request)
        self._accept_activation(server_url, activation, device_name)
        return self.status(), activation

    def _accept_activation(self, server_url: str, activation: Activation, device_name: str) -> None:
        self.store.set_token(activation.token)
        with self._lock:
            self.saved = Saved(
                server_url=server_url,
                licence_id=activation.lease.lease.licence_id,
                device_name=device_name,
            )
            self._accept(activation.lease)
        self._check_terms(server_url=server_url, token=activation.token)

    def refresh(self) -> Status:
        """Ask the server for a fresh lease. Offline is a state, not an error."""
        token = self.store.token()
        if not self.saved.server_url or not token:
            return self.status()
        client = self.client_factory(self.saved.server_url)
        try:
            signed = client.refresh(token)
        except ServerUnreachable:
            self._offline()
        except ServerRefused as refusal:
            self._refused(refusal)
        else:
            with self._lock:
                self._accept(signed)
            self._check_terms(server_url=self.saved.server_url, token=token)
        return self.status()

    # ------------------------------------------------------------ terms of service

    def fetch_terms(self, server_url: str | None = None) -> TermsInfo | None:
        """The current terms of service, to show (no activation needed)."""
        return self.client_factory(server_url or self.saved.server_url).terms()

    def accept_terms(self, version: int, accepted_by: str) -> TermsStatus:
        """The owner accepts ``version`` for the business; the gate opens once it is current."""
        client, token = self.connection()
        status = client.accept_terms(
            token, TermsAcceptance(version=version, accepted_by=accepted_by)
        )
        self._remember_terms(status)
        return status

    def _check_terms(self, *, server_url: str, token: str) -> None:
        """After every lease the server gave: are new terms waiting? Offline or refused, the
        last answer stands (a computer never unlocks by losing its connection)."""
        try:
            status = self.client_factory(server_url).terms_status(token)
        except (ServerUnreachable, ServerRefused) as error:
            log.info("terms status not checked: %s", error)
            return
        self._remember_terms(status)

    def _remember_terms(self, status: TermsStatus) -> None:
        required = status.current if status.needs_acceptance else None
        with self._lock:
            if self.saved.terms_required != required:
                self.saved.terms_required = required
                self._persist()

    def connection(self) -> tuple[LicenceClient, str]:
        """This licence's server and the device token, for renewal and support calls."""
        token = self.store.token()
        if not self.saved.server_url or not token:
            raise NotActivated()
        return self.client_factory(self.saved.server_url), token

    @property
    def paid_until(self) -> datetime | None:
        """Paid-until of the lease on this computer (what a new plan is added to)."""
        with self._lock:
            return self.signed.lease.paid_until if self.signed is not None else None

    def deactivate(self) -> None:
        """Free this computer's slot so the licence can move to a new PC."""
        token = self.store.token()
        if self.saved.server_url and token:
            self.client_factory(self.saved.server_url).deactivate(token)
        self._forget()

    def _accept(self, signed: SignedLease) -> None:
        now = self.clock()
        self.signed = signed
        self.signature_ok = lease_keys.verify(signed, self.keys)
        self.saved.memory = Memory(latest_seen=now, last_checked=now)
        self._saved_seen = now
        self.store.write_lease(signed)
        self._persist()

    def _offline(self) -> None:
        with self._lock:
            if self.saved.memory.offline_since is None:
                self.saved.memory = replace(self.saved.memory, offline_since=self.clock())
                self._persist()

    def _refused(self, refusal: ServerRefused) -> None:
        log.info("licence refresh refused: %s", refusal.server_code)
        if refusal.server_code == "TOKEN_INVALID":
            self._forget()
            return
        verdict = VERDICTS.get(refusal.server_code)
        if verdict is not None:
            with self._lock:
                self.saved.memory = replace(self.saved.memory, server_verdict=verdict)
                self._persist()

    def _forget(self) -> None:
        self.store.forget_token()
        self.store.forget_lease()
        with self._lock:
            self.signed = None
            self.signature_ok = True
            self.saved = Saved(memory=Memory(latest_seen=self.saved.memory.latest_seen))
            self._persist()

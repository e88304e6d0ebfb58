"""The server's errors: the app's error family, each with the HTTP status of its problem+json.

The ``code`` is the stable contract with the desktop client (``clubdesk.protocol.ProblemCode``);
messages are English for operators and logs, the client shows its own translated text per code.
Admin CLI exit codes follow ``ExitCode``: bad input and "not found" are 2.
"""

from __future__ import annotations

from typing import ClassVar

from clubdesk.core.errors import ClubDeskError, ExitCode
from clubdesk.protocol import ProblemCode


class ServerError(ClubDeskError):
    """An error a client or the operator can act on; ``status`` is its HTTP status."""

    status: ClassVar[int] = 500
    title: ClassVar[str] = "Unexpected error"
    headers: dict[str, str]

    def __init__(self, message: str | None = None, hint: str | None = None, **params: object):
        super().__init__(message, hint, **params)
        self.headers = {}


class InvalidRequest(ServerError):
    code = ProblemCode.INVALID_INPUT
    status = 422
    exit_code = ExitCode.BAD_INPUT
    title = "Invalid input"
    default_message = "The request is not valid ({errors})."
    default_hint = "Correct the fields named and send it again."


class LicenceNotFound(ServerError):
    code = ProblemCode.LICENCE_NOT_FOUND
    status = 404
    exit_code = ExitCode.BAD_INPUT
    title = "Licence not found"
    default_message = "No licence has this key."
    default_hint = "Check the key, as printed on the invoice, and try again."


class LicenceRevoked(ServerError):
    code = ProblemCode.LICENCE_REVOKED
    status = 403
    exit_code = ExitCode.BAD_INPUT
    title = "Licence revoked"
    default_message = "This licence has been revoked."
    default_hint = "Contact ClubDesk support."


class LicenceSuspended(ServerError):
    code = ProblemCode.LICENCE_SUSPENDED
    status = 403
    exit_code = ExitCode.BAD_INPUT
    title = "Licence suspended"
    default_message = "This licence is suspended."
    default_hint = "Contact ClubDesk support to have it reactivated."


class LicenceExpired(ServerError):
    """Refuses what a locked app may not do (sync, uploads); leases and renewal still work."""

    code = ProblemCode.LICENCE_EXPIRED
    status = 403
    exit_code = ExitCode.LICENCE_LOCKED
    title = "Licence expired"
    default_message = "This licence has expired."
    default_hint = "Renew it from the app's licence window; the shop's data is kept."


class DeviceLimit(ServerError):
    code = ProblemCode.DEVICE_LIMIT
    status = 409
    exit_code = ExitCode.BAD_INPUT
    title = "Device limit reached"
    default_message = "This licence is already active on {limit} device(s), its limit."
    default_hint = "Deactivate the licence on another computer first, or buy more devices."


class TokenInvalid(ServerError):
    code = ProblemCode.TOKEN_INVALID
    status = 401
    exit_code = ExitCode.BAD_INPUT
    title = "Not activated"
    default_message = "This device is not activated (missing, unknown or released token)."
    default_hint = "Activate this device again with the licence key."

    def __init__(self, message: str | None = None, hint: str | None = None, **params: object):
        super().__init__(message, hint, **params)
        self.headers["WWW-Authenticate"] = 'Bearer realm="clubdesk"'


class RateLimited(ServerError):
    code = ProblemCode.RATE_LIMITED
    status = 429
    exit_code = ExitCode.BAD_INPUT
    title = "Too many requests"
    default_message = "Too many attempts from this address."
    default_hint = "Wait {retry_after} seconds and try again."

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after=retry_after)
        self.retry_after = retry_after
        self.headers["Retry-After"] = str(retry_after)


class TrialUsed(ServerError):
    code = ProblemCode.TRIAL_USED
    status = 409
    exit_code = ExitCode.BAD_INPUT
    title = "Trial already used"
    default_message = "This computer or this mobile number has had its free trial already."
    default_hint = "Buy a licence package, or enter the licence key you were given."


class TermsOutdated(ServerError):
    code = ProblemCode.TERMS_OUTDATED
    status = 409
    exit_code = ExitCode.BAD_INPUT
    title = "Not the current terms"
    default_message = "These are not the current terms of service (version {current} is)."
    default_hint = "Show the current terms (GET /v1/terms) and accept those."


class NotFound(ServerError):
    code = ProblemCode.NOT_FOUND
    status = 404
    exit_code = ExitCode.BAD_INPUT
    title = "Not found"
    default_message = "{what} was not found."
    default_hint = "Check the address or identifier."


class MethodNotAllowed(ServerError):
    code = ProblemCode.METHOD_NOT_ALLOWED
    status = 405
    title = "Method not allowed"
    default_message = "This address does not accept {method}."
    default_hint = ""


class DeviceNotFound(ServerError):
    code = "DEVICE_NOT_FOUND"
    status = 404
    exit_code = ExitCode.BAD_INPUT
    title = "Device not found"
    default_message = "Licence {licence} has no device {device}."
    default_hint = "List its devices with `clubdesk-server admin devices KEY`."


class TicketNotFound(ServerError):
    code = ProblemCode.TICKET_NOT_FOUND
    status = 404
    exit_code = ExitCode.BAD_INPUT
    title = "Ticket not found"
    default_message = "There is no ticket {ticket}."
    default_hint = "Check the ticket id (`clubdesk-server admin tickets` lists them)."


class AdminTokenInvalid(ServerError):
    code = ProblemCode.ADMIN_TOKEN_INVALID
    status = 401
    exit_code = ExitCode.BAD_INPUT
    title = "Admin token required"
    default_message = "The support pages need the admin token; the one given is not it."
    default_hint = "Sign in again with the token set in CLUBDESK_SERVER_ADMIN_TOKEN."


class BadAdminInput(ServerError):
    code = ProblemCode.INVALID_INPUT
    status = 422
    exit_code = ExitCode.BAD_INPUT
    title = "Invalid input"
    default_message = "{field}: {problem}"
    default_hint = ""


class KeyExists(ServerError):
    code = "SIGNING_KEY_EXISTS"
    exit_code = ExitCode.BAD_INPUT
    title = "Signing key exists"
    default_message = "A signing key already exists at {path}; it was left unchanged."
    default_hint = (
        "Keep it: leases signed with it verify only with its public key. "
        "To use another, choose another --keys-dir."
    )


class KeyMissing(ServerError):
    code = "SIGNING_KEY_MISSING"
    exit_code = ExitCode.BAD_INPUT
    title = "Signing key missing"
    default_message = "No signing key at {path}."
    default_hint = "Create one with `clubdesk-server keys generate` (or run `serve --demo`)."


class NextKeyMissing(ServerError):
    code = "NEXT_SIGNING_KEY_MISSING"
    exit_code = ExitCode.BAD_INPUT
    title = "No next signing key"
    default_message = "No next signing key is prepared ({path}); nothing was changed."
    default_hint = (
        "Run `clubdesk-server keys prepare-next`, ship the new public-keys.json in an app "
        "release, then rotate."
    )


class SchemaNotReady(ServerError):
    code = "SCHEMA_NOT_READY"
    exit_code = ExitCode.BAD_INPUT
    title = "Database not migrated"
    default_message = "The database is at revision {found}; this server needs {head}."
    default_hint = "Run `clubdesk-server db upgrade` first (serve does it on start)."


class PlanNotFound(ServerError):
    code = ProblemCode.PLAN_NOT_FOUND
    status = 404
    exit_code = ExitCode.BAD_INPUT
    title = "Plan not found"
    default_message = "No plan on sale has the code {plan!r} (unknown or retired)."
    default_hint = "List the plans on sale (GET /v1/plans, or `clubdesk-server admin plans list`)."


class PaymentNotFound(ServerError):
    code = ProblemCode.PAYMENT_NOT_FOUND
    status = 404
    exit_code = ExitCode.BAD_INPUT
    title = "Payment not found"
    default_message = "This licence has no payment {payment}."
    default_hint = "List this licence's payments (GET /v1/payments)."


class GatewayUnavailable(ServerError):
    code = ProblemCode.GATEWAY_UNAVAILABLE
    status = 503
    title = "Payment gateway unavailable"
    default_message = "The payment gateway did not answer."
    default_hint = "Nothing was charged. Try again in {retry_after} seconds."

    def __init__(self, retry_after: int = 30) -> None:
        super().__init__(retry_after=retry_after)
        self.headers["Retry-After"] = str(retry_after)


class GatewayRefused(ServerError):
    code = ProblemCode.GATEWAY_REFUSED
    status = 502
    title = "Payment gateway refused"
    default_message = "The payment gateway refused to start the payment (code {gateway_code})."
    default_hint = "Nothing was charged. Try again later; if it keeps happening, contact support."


class GatewayNotConfigured(ServerError):
    code = "GATEWAY_NOT_CONFIGURED"
    exit_code = ExitCode.BAD_INPUT
    title = "Payment gateway not configured"
    default_message = "The payment gateway {gateway!r} cannot be used: {problem}."
    default_hint = (
        "Set CLUBDESK_SERVER_GATEWAY to sandbox or zarinpal; zarinpal also needs "
        "CLUBDESK_SERVER_ZARINPAL_MERCHANT_ID."
    )


class SmsNotConfigured(ServerError):
    code = "SMS_NOT_CONFIGURED"
    exit_code = ExitCode.BAD_INPUT
    title = "SMS sender not configured"
    default_message = "The SMS sender {sender!r} cannot be used: {problem}."
    default_hint = (
        "Set CLUBDESK_SERVER_SMS_SENDER to console or kavenegar; kavenegar also needs "
        "CLUBDESK_SERVER_KAVENEGAR_API_KEY (and CLUBDESK_SERVER_KAVENEGAR_LINE for free text)."
    )


class RedisRequired(ServerError):
    code = "REDIS_REQUIRED"
    exit_code = ExitCode.BAD_INPUT
    title = "Redis needed for several workers"
    default_message = (
        "{workers} workers need Redis to share their rate limits; without it each worker would "
        "allow every address the whole burst again."
    )
    default_hint = (
        "Set CLUBDESK_SERVER_REDIS_URL (e.g. redis://127.0.0.1:6379/0), or serve with --workers 1."
    )


class RedisUnavailable(ServerError):
    code = "REDIS_UNAVAILABLE"
    exit_code = ExitCode.BAD_INPUT
    title = "Redis unreachable"
    default_message = "Redis at CLUBDESK_SERVER_REDIS_URL did not answer ({problem})."
    default_hint = "Start Redis, or correct CLUBDESK_SERVER_REDIS_URL (host, port, password)."


class UnknownJob(ServerError):
    code = "UNKNOWN_JOB"
    exit_code = ExitCode.BAD_INPUT
    title = "Unknown job"
    default_message = "There is no job {name!r}."
    default_hint = "Choose one of: {choices}."


class CloudQuotaFull(ServerError):
    code = ProblemCode.CLOUD_QUOTA_FULL
    status = 409
    exit_code = ExitCode.BAD_INPUT
    title = "Off-site storage full"
    default_message = (
        "This licence's off-site backup storage is full: {used} used of {quota}, and this "
        "backup needs {needed}."
    )
    default_hint = (
        "Older off-site backups are deleted automatically by the retention rule as new ones "
        "arrive; for more room, choose a plan with more storage or contact ClubDesk support."
    )


class ChunkHashMismatch(ServerError):
    code = ProblemCode.CHUNK_HASH_MISMATCH
    status = 422
    exit_code = ExitCode.BAD_INPUT
    title = "Chunk damaged in transit"
    default_message = "Chunk {index} does not match its SHA-256; it was not stored."
    default_hint = "Send the chunk again."


class UploadIncomplete(ServerError):
    code = ProblemCode.UPLOAD_INCOMPLETE
    status = 409
    exit_code = ExitCode.BAD_INPUT
    title = "Upload incomplete"
    default_message = "The upload is missing chunk(s) {missing}."
    default_hint = "Send the missing chunks, then complete the upload again."


class UploadDamaged(ServerError):
    code = ProblemCode.UPLOAD_DAMAGED
    status = 422
    exit_code = ExitCode.BAD_INPUT
    title = "Upload damaged"
    default_message = "The assembled backup does not match the SHA-256 it was announced with."
    default_hint = "The upload was discarded; upload the backup again from the start."


class BackupNotFound(ServerError):
    code = ProblemCode.BACKUP_NOT_FOUND
    status = 404
    exit_code = ExitCode.BAD_INPUT
    title = "Backup not found"
    default_message = "This licence has no off-site backup {backup}."
    default_hint = "List this licence's off-site backups (GET /v1/cloud-backups)."


class Unexpected(ServerError):
    code = ProblemCode.UNEXPECTED
    status = 500
    title = "Unexpected error"
    default_message = "Something went wrong on the server."
    default_hint = "Try again later; if it keeps happening, contact ClubDesk support."


class NotReady(ServerError):
    """``/readyz``: a part the server needs is not there (``checks`` names each part)."""

    code = ProblemCode.NOT_READY
    status = 503
    title = "Not ready"
    default_message = "The server cannot take requests now: {problems}."
    default_hint = "See the server's log; a load balancer sends requests to another worker."


class MetricsForbidden(ServerError):
    code = ProblemCode.FORBIDDEN
    status = 403
    title = "Forbidden"
    default_message = "The metrics are only for the monitoring host."
    default_hint = (
        "Scrape from an address in CLUBDESK_SERVER_METRICS_ALLOW, or send "
        "Authorization: Bearer <CLUBDESK_SERVER_METRICS_TOKEN>."
    )

# SPDX-License-Identifier: EUPL-1.2
"""Filing a report: the one entry point for the web, the PWA and Open311.

``report_submit`` validates everything before it writes, re-encodes the photos
outside the transaction, then in one transaction resolves the region, routes the
report, computes priority and due date, stores it with its photos and first timeline
entry, and audits. The receipt goes out after commit. A ``client_token`` makes the
call idempotent: the offline queue of the phone may replay a submission any number
of times and gets the same report back.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from balai.core.errors import BalaiError, NotFound
from balai.regions.selectors import region_get
from balai.reports import events, routing
from balai.reports.attributes import clean_attributes
from balai.reports.constants import (
    MAX_DESCRIPTION,
    MAX_PHOTOS,
    PUBLIC_ID_PREFIX,
    ErrorCode,
    ReportChannel,
    ServiceType,
    UpdateKind,
)
from balai.reports.geo import validate_point
from balai.reports.models import Category, Photo, Report, ReportUpdate, RequestToken
from balai.reports.photos import ProcessedPhoto, process_photo
from balai.security import audit

logger = logging.getLogger(__name__)

# Crockford base32 without I, L, O, U: readable aloud, no accidental words.
ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CONTACT_LIMITS = {"email": 254, "phone": 32, "first_name": 100, "last_name": 100}


def new_public_id() -> str:
    """``LPR-`` + 8 random characters (40 bits): short, stable, not enumerable."""
    return PUBLIC_ID_PREFIX + "".join(secrets.choice(ID_ALPHABET) for _ in range(8))


def new_request_token() -> str:
    return secrets.token_urlsafe(18)


def _category(service_code: str) -> Category:
    code = (service_code or "").strip()
    if not code:
        message = _("Choose a category.")
        raise BalaiError(
            message,
            code=ErrorCode.SERVICE_REQUIRED,
            field_errors={"service_code": [message]},
        )
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        message = _("There is no category with the code %(code)s.") % {
            "code": code[:40]
        }
        raise NotFound(
            message,
            code=ErrorCode.UNKNOWN_SERVICE,
            field_errors={"service_code": [message]},
        )
    return category


def _check_location(
    errors: dict[str, list[str]],
    *,
    lat: Any,
    lon: Any,
    address: str,
    address_id: str,
) -> tuple[float, float] | None:
    try:
        point = validate_point(lat, lon)
    except ValueError as exc:
        reason = str(exc)
        if reason == "both":
            message = _("Give both latitude and longitude.")
        elif reason == "range":
            message = _(
                "Latitude must be between -90 and 90 and longitude between "
                "-180 and 180."
            )
        else:
            message = _("Latitude and longitude must be decimal numbers.")
        errors["lat"] = [message]
        return None
    if point is None and not address and not address_id:
        errors["location"] = [
            _("Give the location: a point on the map or an address or landmark.")
        ]
    return point


def _check_contact(errors: dict[str, list[str]], contact: dict[str, Any]) -> dict:
    clean = {k: str(contact.get(k) or "").strip() for k in CONTACT_LIMITS}
    for key, limit in CONTACT_LIMITS.items():
        if len(clean[key]) > limit:
            errors[key] = [_("This value is too long.")]
    if clean["email"]:
        try:
            EmailValidator()(clean["email"])
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
    for key in ("device_id", "account_id"):
        clean[key] = str(contact.get(key) or "").strip()[:200]
    return clean


def _check_media_urls(errors: dict[str, list[str]], urls: Sequence[str]) -> list[str]:
    clean: list[str] = []
    validator = URLValidator(schemes=["http", "https"])
    for url in urls:
        url = (url or "").strip()
        if not url:
            continue
        try:
            validator(url)
        except ValidationError:
            errors["media_url"] = [_("media_url must be an http(s) URL.")]
            continue
        clean.append(url[:1000])
    return clean[:MAX_PHOTOS]


def report_submit(
    *,
    service_code: str,
    description: str,
    lat: float | str | None,
    lon: float | str | None,
    address: str = "",
    photos: Sequence[Any] = (),
    reporter: Any = None,
    anonymous: bool = False,
    contact: dict[str, Any] | None = None,
    client_token: uuid.UUID | str | None = None,
    channel: str = ReportChannel.WEB,
    attributes: dict[str, Any] | None = None,
    api_client: Any = None,
    region_code: str = "",
    address_id: str = "",
    zipcode: str = "",
    media_urls: Sequence[str] = (),
) -> Report:
    """Validate, store, route and audit a new report; idempotent on ``client_token``.

    Raises BalaiError (field errors keyed ``service_code``, ``description``, ``lat``,
    ``location``, ``photos``, ``attribute[CODE]``, contact keys) or NotFound for an
    unknown category. The reporter's receipt is sent after commit.
    """
    token = _as_uuid(client_token)
    if token is not None:
        existing = Report.objects.filter(client_token=token).first()
        if existing is not None:
            return existing
    if channel not in ReportChannel.values:
        raise BalaiError(_("Unknown channel."), code=ErrorCode.INVALID_CHANNEL)
    category = _category(service_code)
    errors: dict[str, list[str]] = {}
    text = (description or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_DESCRIPTION:
        errors["description"] = [
            _("The description is %(length)d characters; at most %(max)d are allowed.")
            % {"length": len(text), "max": MAX_DESCRIPTION}
        ]
    elif not text and channel != ReportChannel.OPEN311:
        errors["description"] = [_("Describe the problem.")]
    address = (address or "").strip()
    if len(address) > 300:
        errors["address"] = [_("The address is too long (at most 300 characters).")]
    address_id = (address_id or "").strip()[:64]
    point = _check_location(
        errors, lat=lat, lon=lon, address=address, address_id=address_id
    )
    photos = list(photos or ())
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = [_("At most %(max)d photos.") % {"max": MAX_PHOTOS}]
    region_code = (region_code or "").strip()
    if region_code and region_get(region_code) is None:
        errors["region_code"] = [_("Unknown village or region code.")]
    contact_clean = _check_contact(errors, contact or {})
    urls = _check_media_urls(errors, media_urls)
    if errors:
        first = next(iter(errors.values()))[0]
        raise BalaiError(first, code=_error_code(errors, text), field_errors=errors)
    cleaned_attributes = clean_attributes(category, attributes)
    processed = [process_photo(photo, field="photos") for photo in photos]
    user = reporter if getattr(reporter, "is_authenticated", False) else None
    written: list[str] = []  # photo files on disk, removed again if nothing commits
    try:
        return _store(
            category=category,
            description=text,
            point=point,
            address=address,
            address_id=address_id,
            zipcode=(zipcode or "").strip()[:10],
            region_code=region_code,
            reporter=user,
            anonymous=bool(anonymous) or user is None,
            contact=contact_clean,
            token=token,
            channel=channel,
            attributes=cleaned_attributes,
            api_client=api_client,
            photos=processed,
            media_urls=urls,
            written=written,
        )
    except IntegrityError:
        _remove_files(written)
        if token is not None:
            existing = Report.objects.filter(client_token=token).first()
            if existing is not None:  # a concurrent replay won the race
                return existing
        raise
    except BaseException:
        _remove_files(written)  # the rows rolled back: no orphaned photo files
        raise


def _remove_files(names: list[str]) -> None:
    from balai.core.storage import private_storage

    for name in names:
        try:
            private_storage().delete(name)
        except OSError:
            logger.warning("reports.photo_not_removed name=%s", name)


def _error_code(errors: dict[str, list[str]], text: str) -> str:
    if "description" in errors:
        if len(text) > MAX_DESCRIPTION:
            return ErrorCode.DESCRIPTION_TOO_LONG
        return ErrorCode.DESCRIPTION_REQUIRED
    if "location" in errors:
        return ErrorCode.LOCATION_REQUIRED
    if "lat" in errors:
        return ErrorCode.INVALID_LOCATION
    if "photos" in errors:
        return ErrorCode.TOO_MANY_PHOTOS
    if "region_code" in errors:
        return ErrorCode.INVALID_REGION
    return ErrorCode.INVALID_CONTACT


def _as_uuid(value: Any) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        message = _("The client token must be a UUID.")
        raise BalaiError(
            message,
            code=ErrorCode.INVALID_TOKEN,
            field_errors={"client_token": [message]},
        ) from exc


@transaction.atomic
def _store(
    *,
    category: Category,
    description: str,
    point: tuple[float, float] | None,
    address: str,
    address_id: str,
    zipcode: str,
    region_code: str,
    reporter: Any,
    anonymous: bool,
    contact: dict[str, str],
    token: uuid.UUID | None,
    channel: str,
    attributes: dict[str, Any],
    api_client: Any,
    photos: list[ProcessedPhoto],
    media_urls: list[str],
    written: list[str],
) -> Report:
    lat, lon = point if point else (None, None)
    found = routing.route(category=category, lat=lat, lon=lon, region_code=region_code)
    now = timezone.now()
    report = Report(
        category=category,
        description=description,
        attributes=attributes,
        lat=lat,
        lon=lon,
        address=address,
        address_id=address_id,
        zipcode=zipcode,
        region_code=found.region_code,
        reporter=reporter,
        anonymous=anonymous,
        contact_email=contact["email"],
        contact_phone=contact["phone"],
        contact_first_name=contact["first_name"],
        contact_last_name=contact["last_name"],
        device_id=contact["device_id"],
        account_id=contact["account_id"],
        agency_id=found.agency_id,
        priority=category.priority,
        due_at=category.service_time.due(now),
        client_token=token,
        channel=channel,
        api_client=api_client,
        media_urls=media_urls,
        requested_at=now,
    )
    for _attempt in range(5):
        report.public_id = new_public_id()
        if not Report.objects.filter(public_id=report.public_id).exists():
            break
    with transaction.atomic():  # a savepoint: a token race must not poison the outer
        report.save(force_insert=True)
    # This call inserted the row (a replay returns the existing report without this):
    # the API's "created" flag is derived from it, not from timestamps.
    report.inserted_now = True  # type: ignore[attr-defined]
    for position, photo in enumerate(photos):
        written.append(str(_save_photo(report, photo, position).file.name))
    if reporter is not None:
        report.followers.add(reporter)
    ReportUpdate.objects.create(report=report, kind=UpdateKind.CREATED, is_public=True)
    if category.service_type == ServiceType.BATCH:
        RequestToken.objects.create(token=new_request_token(), report=report)
    audit.record(
        actor=api_client or reporter,
        action="report.submit",
        target=report,
        changes=["category", "location", "description"]
        + (["photos"] if photos else []),
    )
    logger.info(
        "reports.submitted id=%s category=%s channel=%s routed=%s",
        report.public_id,
        category.code,
        channel,
        "yes" if found.agency_id else "triage",
    )
    from balai.reports.tasks import report_receipt_task

    transaction.on_commit(
        partial(report_receipt_task.enqueue, report_id=str(report.pk))
    )
    transaction.on_commit(
        partial(
            events.report_submitted.send,
            sender=Report,
            report_id=str(report.pk),
            category=category.code,
            description=report.description,
            region_code=report.region_code,
            agency_code=report.agency.code if report.agency else "",
            requested_at=report.requested_at,
        )
    )
    return report


def _save_photo(report: Report, photo: ProcessedPhoto, position: int) -> Photo:
    record = Photo(
        report=report,
        width=photo.width,
        height=photo.height,
        size=len(photo.content),
        position=position,
    )
    record.file.save("photo.jpg", ContentFile(photo.content), save=False)
    record.save(force_insert=True)
    return record

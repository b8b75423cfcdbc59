# SPDX-License-Identifier: EUPL-1.2
"""Private files: stored under ``MEDIA_ROOT/private``, encrypted, never given a URL.

Supporting documents (scans of KTP or KK, certificates), report photos and issued
documents are personal data. They live in their own directory so a web server that
serves ``MEDIA_ROOT`` can be told to refuse ``private/``; the storage has no URL at
all (views hand them out only after a policy check and an audit entry); and every
file is encrypted at rest with the project keyring (AES-256-GCM in 64 KiB chunks,
``balai.security.crypto.files``), so a copy of the disk or a backup shows nothing.
``balai keys rotate`` re-encrypts them under a new key (``rotate_private_files``).

Files written before encryption existed are read as they are, and encrypted by the
next ``balai keys rotate``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property

logger = logging.getLogger("balai.storage")

PRIVATE_DIR = "private"
PLAINTEXT = "plaintext"
_SPOOL_BYTES = 8 * 1024 * 1024


def _spool() -> Any:
    """A temporary file in memory up to 8 MiB, on disk beyond (the caller closes it)."""
    return tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)


def _crypto() -> Any:
    # floor 1 to floor 1, imported late: security's models import core
    from balai.security.crypto import files

    return files


def _unavailable(exc: BaseException) -> Exception:
    from django.utils.translation import gettext as _

    from balai.core import metrics
    from balai.core.errors import ServiceUnavailable

    logger.error("storage_unavailable error=%s", type(exc).__name__)
    metrics.record_fault("storage")
    return ServiceUnavailable(
        _(
            "The file storage is not answering, so the file was not saved and "
            "nothing was recorded. Please try again in a few minutes."
        ),
        code="storage_unavailable",
    )


def _storage_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError]
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # the S3 backend is not installed
        pass
    else:
        errors += [BotoCoreError, ClientError]
    return tuple(errors)


class EncryptedPrivateMixin:
    """Encrypt on save, decrypt on open, never a URL; outages raise 503 errors."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a view.")

    def save(
        self, name: str | None, content: Any, max_length: int | None = None
    ) -> str:
        try:
            return str(super().save(name, content, max_length=max_length))  # type: ignore[misc]
        except _storage_errors() as exc:
            raise _unavailable(exc) from exc

    def _save(self, name: str, content: Any) -> str:
        content.seek(0)
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as sealed:
            _crypto().encrypt_stream(content, sealed)
            sealed.seek(0)
            try:
                saved = super()._save(name, File(sealed, name=name))  # type: ignore[misc]
            except _storage_errors() as exc:
                raise _unavailable(exc) from exc
            return str(saved)

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Private files are written through save() only.")
        try:
            raw = super()._open(name, "rb")  # type: ignore[misc]
            head = raw.read(len(_crypto().FILE_MAGIC))
            raw.seek(0)
        except FileNotFoundError:
            raise
        except _storage_errors() as exc:
            raise _unavailable(exc) from exc
        with raw:
            if not _crypto().is_encrypted_file(head):
                return ContentFile(raw.read(), name=name)  # from before encryption
            clear = _spool()  # handed to the caller, who closes it
            _crypto().decrypt_stream(raw, clear)
        clear.seek(0)
        return File(clear, name=name)

    def size(self, name: str) -> int:
        """The plaintext size (decrypts; callers keep sizes in their own rows)."""
        with self._open(name) as handle:
            handle.seek(0, os.SEEK_END)
            return int(handle.tell())


class PrivateFileStorage(EncryptedPrivateMixin, FileSystemStorage):
    """File system storage below ``MEDIA_ROOT/private``, encrypted, with no URL."""

    @cached_property
    def base_location(self) -> str:
        return os.path.join(str(settings.MEDIA_ROOT), PRIVATE_DIR)


def _s3_base() -> type:
    from storages.backends.s3 import S3Storage

    return cast(type, S3Storage)


def _make_s3_storage() -> Any:
    """Private files in an S3-compatible bucket (``BALAI_STORAGE=s3``): objects are
    private (ACL ``private``, no public URL, the bucket must block public access),
    encrypted by Balai before upload, and served only through views that check the
    reader's right (the owner, or an officer whose policy allows it)."""

    class PrivateS3Storage(EncryptedPrivateMixin, _s3_base()):  # type: ignore[misc]
        def __init__(self) -> None:
            s3 = settings.PRIVATE_S3
            super().__init__(
                bucket_name=s3["bucket"],
                endpoint_url=s3["endpoint_url"] or None,
                region_name=s3["region"] or None,
                access_key=s3["access_key"] or None,
                secret_key=s3["secret_key"] or None,
                location=PRIVATE_DIR,
                default_acl="private",
                querystring_auth=True,
                file_overwrite=True,  # names are uuid4: no exists() round trip
                addressing_style=s3["addressing_style"] or None,
                client_config=_s3_client_config(),
            )

        @property
        def base_location(self) -> str:
            raise NotImplementedError(
                "Private files are in S3: use the storage API, not paths."
            )

    return PrivateS3Storage()


def _s3_client_config() -> Any:
    from botocore.config import Config

    s3 = settings.PRIVATE_S3
    return Config(
        connect_timeout=s3["timeout"],
        read_timeout=s3["timeout"],
        retries={"max_attempts": 2, "mode": "standard"},
        signature_version="s3v4",
    )


def storage_ready() -> str:
    """``ok`` when the private storage answers (the readiness probe), else why not."""
    storage = private_storage()
    try:
        storage.exists(".balai-readiness")
    except Exception as exc:  # any failure means "not ready"
        return f"unreachable ({type(exc).__name__})"
    return "ok"


_storage: Any = (
    _make_s3_storage()
    if getattr(settings, "PRIVATE_STORAGE", "filesystem") == "s3"
    else PrivateFileStorage()
)


def private_storage() -> PrivateFileStorage:
    """The shared private storage (a callable, so migrations do not freeze a path);
    with ``BALAI_STORAGE=s3`` an S3 storage of the same interface."""
    return cast(PrivateFileStorage, _storage)


def uuid_name(directory: str, filename: str, *, allowed: tuple[str, ...]) -> str:
    """``<directory>/<uuid4>.<ext>``: the client's name is dropped, its extension kept
    only when it is one of ``allowed`` (callers set a name from the sniffed type)."""
    ext = os.path.splitext(filename or "")[1].lower().lstrip(".")
    suffix = f".{ext}" if ext in allowed else ""
    return f"{directory}/{uuid.uuid4().hex}{suffix}"


# --- rotation -------------------------------------------------------------------------


def _private_paths() -> Iterator[str]:
    root = private_storage().base_location
    for directory, _dirs, names in os.walk(root):
        for name in sorted(names):
            if not name.startswith(".balai-"):
                yield os.path.join(directory, name)


def _key_of(path: str) -> str:
    crypto = _crypto()
    with open(path, "rb") as handle:
        head = handle.read(len(crypto.FILE_MAGIC) + 256)
    return crypto.file_key_id(head) or PLAINTEXT


def private_file_keys() -> Counter[str]:
    """How many private files each key id encrypts (``plaintext``: not yet)."""
    return Counter(_key_of(path) for path in _private_paths())


@dataclass
class FileRotationReport:
    files: int = 0
    reencrypted: int = 0


def rotate_private_files() -> FileRotationReport:
    """Re-encrypt every private file not under the active key (and encrypt old
    plaintext files). Each file is replaced in one step (a new file renamed over it),
    so a run killed halfway loses nothing and a second run finishes the rest."""
    from balai.security.crypto.keyring import keyring

    crypto = _crypto()
    active = keyring().active
    report = FileRotationReport()
    for path in list(_private_paths()):
        report.files += 1
        if _key_of(path) == active:
            continue
        directory = os.path.dirname(path)
        fd, temp = tempfile.mkstemp(prefix=".balai-", dir=directory)
        try:
            with open(path, "rb") as old, os.fdopen(fd, "wb") as new:
                if crypto.is_encrypted_file(old.read(len(crypto.FILE_MAGIC))):
                    old.seek(0)
                    clear = _spool()
                    crypto.decrypt_stream(old, clear)
                    clear.seek(0)
                else:
                    old.seek(0)
                    clear = old
                crypto.encrypt_stream(clear, new)
                new.flush()
                os.fsync(new.fileno())
            os.chmod(temp, 0o600)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        report.reencrypted += 1
    return report


# --- orphans --------------------------------------------------------------------------


def _referenced_private_names() -> set[str]:
    """Every file name a row of any model points to in the private storage."""
    from django.apps import apps
    from django.db.models import FileField

    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField) and field.storage is _storage:
                values = (
                    model._default_manager.exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                    .iterator()
                )
                names.update(str(value) for value in values if value)
    return names


@dataclass
class SweepReport:
    files: int = 0
    orphans: list[str] | None = None
    removed: int = 0


def sweep_private_orphans(
    *, older_than_seconds: int, dry_run: bool = False
) -> SweepReport:
    """Remove private files no row points to, written more than ``older_than_seconds``
    ago. A process killed between writing a file and committing its row (an upload, a
    report photo, an issued PDF) leaves such a file; younger ones may belong to a
    transaction still running, so they stay."""
    import time

    root = private_storage().base_location
    cutoff = time.time() - older_than_seconds
    # names first, files second: a row committed meanwhile makes its (young) file kept
    referenced = _referenced_private_names()
    report = SweepReport(orphans=[])
    for path in list(_private_paths()):
        report.files += 1
        name = os.path.relpath(path, root).replace(os.sep, "/")
        if name in referenced:
            continue
        try:
            if os.stat(path).st_mtime > cutoff:
                continue
        except FileNotFoundError:
            continue
        report.orphans.append(name)  # type: ignore[union-attr]
        if not dry_run:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            report.removed += 1
    return report

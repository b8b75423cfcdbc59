# SPDX-License-Identifier: EUPL-1.2
"""Code shapes of Permendagri 90/2019: validation, normalisation and parents.

Pure functions, no database: the loaders, the importer and the services all read
codes through here, so ``1.02.01.2.01.01`` and ``1.02.01.2.01.0001`` are one code and
``5.1.02.01.001.00024`` is ``5.1.02.01.01.0024`` (normalised by level, not by string).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from balai.core.errors import BalaiError
from balai.finance.constants import ActivityLevel, ErrorCode

_PART = re.compile(r"^\d{1,6}$")
# widths of each part, by level
ACTIVITY_WIDTHS = (1, 2, 2, 1, 2, 4)  # U . BB . PP . L . KK . SSSS
ACCOUNT_WIDTHS = (1, 1, 2, 2, 2, 4)  # akun . kelompok . jenis . objek . rincian . sub
# number of parts of the activity code at each level
ACTIVITY_PARTS = {
    ActivityLevel.URUSAN: 1,
    ActivityLevel.BIDANG: 2,
    ActivityLevel.PROGRAM: 3,
    ActivityLevel.KEGIATAN: 5,
    ActivityLevel.SUB_KEGIATAN: 6,
}
_LEVEL_OF_PARTS = {parts: level for level, parts in ACTIVITY_PARTS.items()}


def _invalid(code: str) -> BalaiError:
    return BalaiError(
        _("%(code)s is not a valid code.") % {"code": code},
        code=ErrorCode.INVALID_CODE,
    )


def _normalise(code: str, widths: tuple[int, ...]) -> list[str]:
    parts = (code or "").strip().split(".")
    if not parts or len(parts) > len(widths):
        raise _invalid(code)
    out = []
    for part, width in zip(parts, widths, strict=False):
        if not _PART.match(part):
            raise _invalid(code)
        value = int(part)
        if len(str(value)) > width:
            raise _invalid(code)
        out.append(str(value).zfill(width))
    return out


def normalise_activity_code(code: str) -> str:
    """The canonical form of an urusan ... sub kegiatan code (four-digit sub)."""
    parts = _normalise(code, ACTIVITY_WIDTHS)
    if len(parts) not in _LEVEL_OF_PARTS:
        raise _invalid(code)
    if len(parts) >= 4 and parts[3] not in {"1", "2"}:
        raise _invalid(code)  # the government level digit: 1 province, 2 regency
    return ".".join(parts)


def activity_level(code: str) -> ActivityLevel:
    return ActivityLevel(_LEVEL_OF_PARTS[len(code.split("."))])


def activity_parent(code: str) -> str | None:
    """The code one level up (a kegiatan's parent is its programme)."""
    parts = code.split(".")
    if len(parts) == 1:
        return None
    if len(parts) == 5:
        return ".".join(parts[:3])
    return ".".join(parts[:-1])


def normalise_account_code(code: str) -> str:
    """The canonical form of a kode rekening of any level (1 to 6)."""
    return ".".join(_normalise(code, ACCOUNT_WIDTHS))


def account_level(code: str) -> int:
    return len(code.split("."))


def account_parent(code: str) -> str | None:
    parts = code.split(".")
    return ".".join(parts[:-1]) if len(parts) > 1 else None


def ancestors(code: str, parent: object) -> list[str]:
    """The code and every code above it, nearest first (``parent`` is one of the
    ``*_parent`` functions)."""
    chain: list[str] = []
    current: str | None = code
    while current is not None:
        chain.append(current)
        current = parent(current)  # type: ignore[operator]
    return chain


def is_outflow(account_code: str) -> bool:
    """Spending and financing disbursements realise on the debit side."""
    return account_code.startswith("5") or account_code.startswith("6.2")

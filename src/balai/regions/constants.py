# SPDX-License-Identifier: EUPL-1.2
"""Stable error and warning codes of the regions app (NIK/KK rules and the loader)."""

from __future__ import annotations

# Errors raised by parse_nik / parse_kk_number (NikError.code / KkNumberError.code).
INVALID_LENGTH = "invalid_length"
INVALID_CHARACTERS = "invalid_characters"
INVALID_REGION_CODE = "invalid_region_code"
INVALID_BIRTH_DAY = "invalid_birth_day"
INVALID_MONTH = "invalid_month"
INVALID_DATE = "invalid_date"
FUTURE_DATE = "future_date"
INVALID_SERIAL = "invalid_serial"

# Warnings listed in ParsedNik.warnings / ParsedKk.warnings: the number stays valid.
RETIRED_REGION_CODE = "retired_region_code"
UNKNOWN_REGION_CODE = "unknown_region_code"

# Warnings returned by nik_matches(): the NIK disagrees with the civil record.
BIRTH_DATE_MISMATCH = "birth_date_mismatch"
SEX_MISMATCH = "sex_mismatch"

# Loader failure (RegionDataError.code).
INVALID_REGION_DATA = "invalid_region_data"

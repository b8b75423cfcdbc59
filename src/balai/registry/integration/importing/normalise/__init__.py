# SPDX-License-Identifier: EUPL-1.2
"""Pure normalisers for imported values: no database, no Django models.

Each takes a raw cell value (text, number or date from a spreadsheet) and returns the
register's form, or raises ``ValueProblem`` with a stable code. Deciding whether a
problem rejects the row or is only a warning is the caller's business (``rows``).
"""

from balai.registry.integration.importing.normalise.addresses import (
    AddressParts,
    clean_address,
    clean_rt_rw,
)
from balai.registry.integration.importing.normalise.dates import DateRules, parse_date
from balai.registry.integration.importing.normalise.identity import (
    clean_number,
    clean_sex,
)
from balai.registry.integration.importing.normalise.names import (
    clean_name,
    clean_place,
    text_of,
)
from balai.registry.integration.importing.normalise.phones import clean_phone

__all__ = [
    "AddressParts",
    "DateRules",
    "clean_address",
    "clean_name",
    "clean_number",
    "clean_phone",
    "clean_place",
    "clean_rt_rw",
    "clean_sex",
    "parse_date",
    "text_of",
]

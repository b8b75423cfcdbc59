# SPDX-License-Identifier: EUPL-1.2
"""Every write to the population register (see ``events`` and ``nik_allocation``)."""

from balai.registry.services.events import (
    CORRECTABLE,
    birth_register,
    data_correct,
    death_register,
    divorce_register,
    first_registration,
    marriage_register,
    move_in_register,
    move_out_register,
)
from balai.registry.services.inputs import AddressData, Arrival, PersonData
from balai.registry.services.nik_allocation import kk_allocate, nik_allocate

__all__ = [
    "CORRECTABLE",
    "AddressData",
    "Arrival",
    "PersonData",
    "birth_register",
    "data_correct",
    "death_register",
    "divorce_register",
    "first_registration",
    "kk_allocate",
    "marriage_register",
    "move_in_register",
    "move_out_register",
    "nik_allocate",
]

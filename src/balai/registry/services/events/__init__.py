# SPDX-License-Identifier: EUPL-1.2
"""The event services: every change to the register goes through one of these.

Each runs in one transaction, checks ``registry.record_event``, validates with clear
BalaiErrors, records a LifeEvent (with its documents), writes one new ResidentVersion
per resident changed and one audit entry each (field names only).
"""

from balai.registry.services.events.births import birth_register
from balai.registry.services.events.corrections import CORRECTABLE, data_correct
from balai.registry.services.events.deaths import death_register
from balai.registry.services.events.marriages import divorce_register, marriage_register
from balai.registry.services.events.moves import move_in_register, move_out_register
from balai.registry.services.events.registrations import first_registration

__all__ = [
    "CORRECTABLE",
    "birth_register",
    "data_correct",
    "death_register",
    "divorce_register",
    "first_registration",
    "marriage_register",
    "move_in_register",
    "move_out_register",
]

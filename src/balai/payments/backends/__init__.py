# SPDX-License-Identifier: EUPL-1.2
"""Payment providers: one module per provider, each a :class:`base.Provider`.

``provider(name)`` returns the configured instance; settings ``PAYMENTS["providers"]``
lists the enabled names (the simulator by default outside production). Adding a
provider: write ``backends/<name>.py`` with a ``Provider`` subclass, add it to
``KNOWN`` below and enable it in settings (docs/payments.md).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from balai.payments.backends.base import Provider

KNOWN = {
    "simulator": "balai.payments.backends.simulator.SimulatorProvider",
    "midtrans": "balai.payments.backends.midtrans.MidtransProvider",
}

_instances: dict[str, Provider] = {}


def enabled() -> list[str]:
    names: list[str] = list(settings.PAYMENTS["providers"])
    return [name for name in names if name in KNOWN]


def provider(name: str) -> Provider | None:
    """The enabled provider called ``name``, or None."""
    if name not in enabled():
        return None
    if name not in _instances:
        _instances[name] = import_string(KNOWN[name])()
    return _instances[name]


def default() -> str:
    return str(settings.PAYMENTS["default_provider"])

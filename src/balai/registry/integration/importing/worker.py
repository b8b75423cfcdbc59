# SPDX-License-Identifier: EUPL-1.2
"""An import worker: a ``ChunkMaker`` of the import's rules in its own process.

``pool.ChunkPool`` starts workers with ``spawn``; this module is what they unpickle
before Django is set up, so it imports nothing of Django at module level:
``start_worker`` sets Django up (no database connection is ever opened), then builds
the worker's maker (``chunks``) with the keyring its parent sent through the pipe.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from balai.registry.integration.importing import collector
from balai.registry.integration.importing.mapping import Mapping

if TYPE_CHECKING:
    from balai.registry.integration.importing.chunks import ChunkMaker, Prepared
    from balai.registry.integration.importing.columnar import Block, PlaceAnswer

PARENT_POLL_SECONDS = 0.5
_MAKER: ChunkMaker | None = None


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker needs besides the keyring: the import's mapping, day, batch and
    database alias, and the NIK district codes (``regions.DistrictAnswers``)."""

    mapping: Mapping
    today: dt.date
    batch_id: Any
    alias: str
    districts: frozenset[str]
    retired: frozenset[str]


def start_worker(
    importer: int, ring_json: str, settings_module: str, setup: WorkerSetup
) -> None:
    """A worker's initialiser: a watch that ends the worker when the importer is gone
    (killed with SIGKILL, it cannot shut its pool down; the worker would wait
    forever), the importer's keyring, Django set up, a maker of the import's rules,
    and the garbage collector told so (``collector.for_a_worker``)."""
    global _MAKER
    # watched from the start: Django's set-up takes seconds, and an importer killed
    # meanwhile must end this worker too (``importer`` is its process id, given by
    # itself: once it is gone ``os.getppid()`` no longer tells)
    threading.Thread(target=_watch, args=(importer,), daemon=True).start()
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    from balai.security.crypto import keyring
    from balai.security.crypto.keyformat import parse

    ring = parse(ring_json, origin="import worker")
    keyring.install(ring)  # the security app's set-up then reads no keyring file
    django.setup()
    from balai.registry.integration.importing.chunks import ChunkMaker
    from balai.registry.integration.importing.columnar import ColumnNormaliser
    from balai.registry.integration.importing.regions import DistrictAnswers

    regions = DistrictAnswers(setup.districts, setup.retired)
    _MAKER = ChunkMaker(
        ColumnNormaliser(setup.mapping, today=setup.today, regions=regions),
        batch_id=setup.batch_id,
        alias=setup.alias,
        ring=ring,
    )
    collector.for_a_worker()  # Django and the rules' tables out of its sight


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)  # the importer is gone: nothing will collect this worker's results


def prepare_in_worker(
    block: Block, places: dict[tuple[str, ...], PlaceAnswer]
) -> Prepared:
    """The worker's ``ChunkMaker`` on a block, its villages as the importer answered
    them (``ColumnNormaliser.places_known``)."""
    from balai.registry.integration.importing.columnar import MEMO_LIMIT

    if _MAKER is None:
        raise RuntimeError("prepare_in_worker runs only in a started import worker")
    known = _MAKER.normalise.places
    if len(known) + len(places) > MEMO_LIMIT:
        known.clear()
    known.update(places)
    return _MAKER(block)

# SPDX-License-Identifier: EUPL-1.2
"""Load the service catalog: read ``services/*.yaml``, check every file, build objects.

``catalog()`` is what the rest of the app uses: it loads the catalog folder once per
process and reloads it when a file there is added, removed or changed (one ``stat`` per
file at most once a second). A file with errors is left out and logged; the
``balai catalog validate`` command reports them by file and field, and fails.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

import yaml

from balai.catalog.definitions import ServiceDefinition
from balai.catalog.errors import CatalogProblem
from balai.catalog.loader.build import build_service
from balai.catalog.loader.checks import check_rules, check_shape
from balai.core.yamlfiles import SafeLoader

logger = logging.getLogger(__name__)

SHIPPED_DIRECTORY = Path(__file__).resolve().parent.parent / "services"


class _StrictLoader(SafeLoader):
    """SafeLoader that refuses duplicate keys and keeps dates as strings (JSON-safe)."""


_StrictLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _mapping_without_duplicates(
    loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return dict(loader.construct_mapping(node, deep=deep))


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


@dataclass
class CatalogLoad:
    """The services that loaded (by slug) and every problem found on the way."""

    services: dict[str, ServiceDefinition] = field(default_factory=dict)
    problems: list[CatalogProblem] = field(default_factory=list)
    # SHA-256 over the files read (names and bytes): an ETag for what was loaded
    fingerprint: str = ""

    @property
    def errors(self) -> list[CatalogProblem]:
        return [problem for problem in self.problems if not problem.warning]


def default_directory() -> Path:
    """The folder the site serves: ``BALAI_CATALOG_DIR`` or the shipped one."""
    configured = getattr(settings, "CATALOG_DIR", "")
    return Path(configured) if configured else SHIPPED_DIRECTORY


def read_file(path: Path) -> tuple[ServiceDefinition | None, list[CatalogProblem]]:
    """One service file: the definition, or None and the problems that prevent it."""
    name = path.name
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506 (a SafeLoader)
    except (OSError, UnicodeDecodeError) as error:
        return None, [CatalogProblem(name, "", f"cannot read the file: {error}")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        reason = getattr(error, "problem", None) or str(error)
        return None, [CatalogProblem(name, "", f"not valid YAML: {where}{reason}")]
    problems = check_shape(name, raw)
    if problems:
        return None, problems
    problems = check_rules(name, path.stem, raw)
    if problems:
        return None, problems
    return build_service(raw), []


def service_files(paths: list[Path]) -> list[Path]:
    """The ``*.yaml`` files named, or found (not recursively) in the folders named."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")))
        else:
            files.append(path)
    return files


def load_paths(paths: list[Path]) -> CatalogLoad:
    """Load and check service files and folders; nothing is cached."""
    result = CatalogLoad()
    digest = hashlib.sha256()
    for path in service_files(paths):
        if not path.exists():
            result.problems.append(CatalogProblem(str(path), "", "no such file"))
            continue
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        service, problems = read_file(path)
        result.problems.extend(problems)
        if service is None:
            continue
        if service.slug in result.services:
            result.problems.append(
                CatalogProblem(path.name, "slug", f"{service.slug!r} is used twice")
            )
            continue
        result.services[service.slug] = service
    result.fingerprint = digest.hexdigest()[:32]
    return result


_lock = threading.Lock()
# folder → (file signature, when it was last checked, the load)
_cache: dict[str, tuple[tuple[Any, ...], float, CatalogLoad]] = {}
# how often the files are stat()ed to notice edits; a page reads the catalog many times
RELOAD_CHECK_SECONDS = 1.0


def _signature(directory: Path) -> tuple[Any, ...]:
    try:
        stats = (
            (entry.name, entry.stat()) for entry in sorted(directory.glob("*.yaml"))
        )
        return tuple((name, st.st_mtime_ns, st.st_size) for name, st in stats)
    except OSError:
        return ()


def catalog() -> CatalogLoad:
    """The catalog of the configured folder, cached per process until a file changes
    (changes are noticed within RELOAD_CHECK_SECONDS)."""
    directory = default_directory()
    key = str(directory)
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is not None and now - cached[1] < RELOAD_CHECK_SECONDS:
        return cached[2]
    signature = _signature(directory)
    if cached is not None and cached[0] == signature:
        _cache[key] = (signature, now, cached[2])
        return cached[2]
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == signature:
            return cached[2]
        loaded = load_paths([directory])
        for problem in loaded.errors:
            logger.error("catalog.invalid_file %s", problem)
        _cache[key] = (signature, now, loaded)
        return loaded


def clear_cache() -> None:
    """Forget loaded catalogs (tests that write their own catalog folder)."""
    with _lock:
        _cache.clear()

# SPDX-License-Identifier: EUPL-1.2
"""Fixtures of the catalog tests: a writable catalog folder with one valid service."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from balai.catalog.loader import SHIPPED_DIRECTORY, clear_cache


@pytest.fixture(autouse=True)
def _fresh_catalog_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def catalog_dir(tmp_path: Path, settings) -> Path:
    """An empty catalog folder the site serves (BALAI_CATALOG_DIR)."""
    folder = tmp_path / "services"
    folder.mkdir()
    settings.CATALOG_DIR = str(folder)
    return folder


@pytest.fixture
def valid_raw() -> dict:
    """A shipped service file as a mapping, to break one key at a time."""
    return yaml.safe_load((SHIPPED_DIRECTORY / "kia.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def write_service(catalog_dir: Path) -> Callable[..., Path]:
    def write(raw: dict | str, name: str = "kia.yaml") -> Path:
        path = catalog_dir / name
        text = raw if isinstance(raw, str) else yaml.safe_dump(raw, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def copy_shipped(catalog_dir: Path) -> Callable[[str], Path]:
    def copy(slug: str) -> Path:
        return Path(shutil.copy(SHIPPED_DIRECTORY / f"{slug}.yaml", catalog_dir))

    return copy

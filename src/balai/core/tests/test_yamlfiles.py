# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from balai.catalog.loader import SHIPPED_DIRECTORY
from balai.core import yamlfiles


def test_libyaml_reads_every_shipped_yaml_file_as_the_python_parser_does():
    assert yaml.__with_libyaml__  # the locked wheel has it: the fast path is taken
    assert yamlfiles.SafeLoader is yaml.CSafeLoader
    assets = Path(yamlfiles.__file__).resolve().parents[1]
    files = [
        *SHIPPED_DIRECTORY.glob("*.yaml"),
        assets / "assistant" / "data" / "faq.yaml",
    ]
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yamlfiles.safe_load(text) == yaml.safe_load(text), path.name


def test_unsafe_tags_are_refused():
    with pytest.raises(yaml.YAMLError):
        yamlfiles.safe_load("!!python/object/apply:os.system ['true']")

# SPDX-License-Identifier: EUPL-1.2
"""Errors of the catalog: a missing service, a catalog file that breaks the rules."""

from __future__ import annotations

from dataclasses import dataclass

from balai.catalog.constants import ErrorCode
from balai.core.errors import BalaiError


class ServiceNotFound(BalaiError):
    """No service of the catalog has this slug."""

    code = ErrorCode.SERVICE_NOT_FOUND
    status = 404


@dataclass(frozen=True)
class CatalogProblem:
    """One thing wrong with one catalog file: where (file + field path) and what.

    ``path`` is dotted (``form_schema.properties.child_name.type``); list positions
    are numbers (``steps.0.role``). ``warning`` problems do not fail validation.
    """

    file: str
    path: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.file, self.path) if part)
        prefix = "warning: " if self.warning else ""
        return f"{prefix}{where}: {self.message}" if where else prefix + self.message


class CatalogInvalid(BalaiError):
    """The catalog cannot be loaded: at least one file has an error."""

    code = ErrorCode.CATALOG_INVALID
    status = 500

    def __init__(self, problems: list[CatalogProblem]) -> None:
        self.problems = problems
        lines = "\n".join(str(problem) for problem in problems[:20])
        super().__init__(f"The service catalog has errors:\n{lines}")

# SPDX-License-Identifier: EUPL-1.2
"""Integration of other agencies' data into the register.

A Django app of its own (label ``registry_integration``) inside ``registry``: sources,
import batches with staged and rejected rows, record linkage (Splink on DuckDB), the
officers' review queue, field provenance and undoable merges.
"""

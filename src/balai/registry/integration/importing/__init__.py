# SPDX-License-Identifier: EUPL-1.2
"""Importing other agencies' files into the staging tables of the integration app.

``mapping`` reads the YAML that maps their columns to our fields, ``readers`` stream
CSV, XLSX and JSONL rows, ``normalise`` holds the pure value normalisers, ``rows``
applies them to a row (errors reject it, warnings travel with it), ``services``
stages a whole file resumably and ``report`` writes the rejections out.
"""

# SPDX-License-Identifier: EUPL-1.2
"""Public population statistics: aggregate cells, suppression, pages and open data.

Birth dates are ciphertext, so the database cannot group by age. A rebuild (``balai
registry_stats rebuild``, by cron) streams the register once, decrypts in Python and
stores counts per village, sex, five-year age band and status in ``PopulationCell``.
Life events are counted live by their plain month. Every published figure goes through
``suppression``: counts below ``settings.STATS_MIN_CELL`` are hidden, and so are enough
others that no hidden count can be recovered from a published total.
"""
